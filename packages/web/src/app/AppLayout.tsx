import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Role } from '@dixian/core';
import { Button, Drawer, Dropdown, Flex, Layout, Menu, Spin, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useSignedIn } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { useIsPhone } from '../lib/responsive';
import { allowed, PAGES } from './routes';

/** The language switch: one button naming the other language. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="text"
      size="small"
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      aria-label={t('common.switchLanguage')}
      lang={lang === 'zh' ? 'en' : 'zh'}
      data-testid="language-switch"
    >
      {t('common.language')}
    </Button>
  );
}

/**
 * The signed-in shell: the menu of the pages the role may use (a side bar on a desk, a drawer on a phone), and
 * a header with the user, their role and area, the language switch and logout.
 */
export function AppLayout() {
  const session = useSignedIn();
  const { logout } = useSession();
  const { t, enumLabel } = useI18n();
  const phone = useIsPhone();
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  const items = useMemo(
    () =>
      PAGES.filter((p) => p.nav && allowed(p, session.can)).map((p) => ({
        key: p.path,
        icon: p.nav!.icon,
        label: <Link to={p.path}>{t(p.nav!.label)}</Link>,
      })),
    [session.can, t],
  );
  const selected = items
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={() => setDrawer(false)}
      style={{ borderInlineEnd: 'none' }}
      aria-label={t('nav.menu')}
      data-testid="main-menu"
    />
  );
  const user = session.user;
  const roleLabel = enumLabel(Role, user.role);
  const area = user.scopeName ?? user.scopeCode;

  const brand = (
    <Link to="/" style={{ color: 'inherit' }}>
      <Flex align="center" gap={8} style={{ padding: phone ? 0 : '16px 20px', whiteSpace: 'nowrap' }}>
        <span style={{ fontSize: 20, fontWeight: 700, color: '#b71c1c' }}>{t('app.name')}</span>
        {!collapsed || phone ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {phone ? null : t('app.title')}
          </Typography.Text>
        ) : null}
      </Flex>
    </Link>
  );

  const accountMenu = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div>
            <div>{user.displayName}</div>
            <div>{roleLabel}</div>
            <div>{area}</div>
          </div>
        ),
      },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'logout') void logout().then(() => navigate('/login'));
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? null : (
        <Layout.Sider
          theme="light"
          width={232}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          breakpoint="lg"
          style={{ borderInlineEnd: '1px solid #f0f0f0' }}
        >
          <nav aria-label={t('nav.menu')}>
            {brand}
            {menu}
          </nav>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: phone ? '0 8px' : '0 20px',
            borderBottom: '1px solid #f0f0f0',
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }} gap={8}>
            <Flex align="center" gap={4} style={{ minWidth: 0 }}>
              {phone ? (
                <>
                  <Button
                    type="text"
                    icon={<MenuOutlined />}
                    aria-label={t('nav.menu')}
                    onClick={() => setDrawer(true)}
                    data-testid="menu-button"
                  />
                  {brand}
                </>
              ) : null}
            </Flex>
            <Flex
              align="center"
              gap={phone ? 4 : 12}
              style={{ minWidth: 0, marginInlineStart: 'auto' }}
              data-testid="user-info"
            >
              {phone ? null : (
                <Flex align="center" gap={8} style={{ minWidth: 0, lineHeight: 1.3 }}>
                  <UserOutlined aria-hidden />
                  <Typography.Text strong>{user.displayName}</Typography.Text>
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {roleLabel}
                  </Tag>
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 260 }} title={area}>
                    {t('nav.area')}: {area}
                  </Typography.Text>
                </Flex>
              )}
              <LanguageSwitch />
              {phone ? (
                <Dropdown menu={accountMenu} trigger={['click']}>
                  <Button
                    type="text"
                    icon={<UserOutlined />}
                    aria-label={t('nav.account')}
                    data-testid="account-button"
                  />
                </Dropdown>
              ) : (
                <Button
                  type="text"
                  size="small"
                  icon={<LogoutOutlined />}
                  onClick={() => void logout().then(() => navigate('/login'))}
                >
                  {t('nav.logout')}
                </Button>
              )}
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <main>
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
      {phone ? (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          width={260}
          title={
            <div style={{ lineHeight: 1.4 }}>
              <div>{user.displayName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
                {roleLabel} · {area}
              </Typography.Text>
            </div>
          }
          styles={{ body: { padding: 0 } }}
        >
          <nav aria-label={t('nav.menu')}>{menu}</nav>
        </Drawer>
      ) : null}
    </Layout>
  );
}
