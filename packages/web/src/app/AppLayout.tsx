import {
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  MobileOutlined,
  SafetyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Role } from '@dixian/core';
import { App as AntApp, Button, Drawer, Dropdown, Flex, Layout, Menu, Spin, Tag, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useSignedIn } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { useIsPhone } from '../lib/responsive';
import { InboxBadge } from './InboxBadge';
import { DownloadsBadge } from './DownloadsBadge';
import { unsentCount } from '../features/field/store/records';
import { Breadcrumbs } from './Breadcrumbs';
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

/** The menu's entries: the pages the role may use, and the one the current path is under. */
function useNavItems() {
  const session = useSignedIn();
  const { t } = useI18n();
  const location = useLocation();
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
  return { items, selected };
}

/** Who is signed in, as the header shows them, and logging out back to the login page. */
function useAccount() {
  const session = useSignedIn();
  const { logout } = useSession();
  const { enumLabel, t } = useI18n();
  const { modal } = AntApp.useApp();
  const navigate = useNavigate();
  const user = session.user;
  const go = () => void logout().then(() => navigate('/login'));
  return {
    user,
    roleLabel: enumLabel(Role, user.role),
    area: user.scopeName ?? user.scopeCode,
    // records made in the field app and not yet sent leave the phone with the sign-out: ask first
    signOut: () =>
      void unsentCount()
        .catch(() => 0)
        .then((n) => {
          if (n === 0) return go();
          modal.confirm({
            title: t('field.signOut'),
            content: t('field.signOutPending', { n }),
            okButtonProps: { danger: true },
            onOk: go,
          });
        }),
  };
}

function MainMenu({ onClick }: { onClick: () => void }) {
  const { t } = useI18n();
  const { items, selected } = useNavItems();
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      onClick={onClick}
      style={{ borderInlineEnd: 'none' }}
      aria-label={t('nav.menu')}
      data-testid="main-menu"
    />
  );
}

function Brand({ phone, collapsed }: { phone: boolean; collapsed: boolean }) {
  const { t } = useI18n();
  return (
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
}

/** On a phone: the user, role and area and logout behind one account button. */
function AccountDropdown() {
  const { t } = useI18n();
  const { can } = useSession();
  const { user, roleLabel, area, signOut } = useAccount();
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
      {
        key: 'security',
        icon: <SafetyOutlined />,
        label: (
          <Link to="/account" data-testid="account-security">
            {t('nav.security')}
          </Link>
        ),
      },
      { key: 'password', icon: <KeyOutlined />, label: <Link to="/password">{t('nav.changePassword')}</Link> },
      ...(can('visit.create')
        ? [{ key: 'field', icon: <MobileOutlined />, label: <Link to="/field">{t('field.open')}</Link> }]
        : []),
      { key: 'logout', icon: <LogoutOutlined />, label: t('nav.logout') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'logout') signOut();
    },
  };
  return (
    <Dropdown menu={accountMenu} trigger={['click']}>
      <Button type="text" icon={<UserOutlined />} aria-label={t('nav.account')} data-testid="account-button" />
    </Dropdown>
  );
}

/** On a desk: the user, role and area in the header, and a logout button. */
function UserSummary() {
  const { t } = useI18n();
  const { user, roleLabel, area } = useAccount();
  return (
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
  );
}

function LogoutButton() {
  const { t } = useI18n();
  const { signOut } = useAccount();
  const { can } = useSession();
  return (
    <>
      {can('visit.create') && (
        <Link to="/field" data-testid="open-field">
          <Button type="text" size="small" icon={<MobileOutlined />}>
            {t('field.open')}
          </Button>
        </Link>
      )}
      <Link to="/account" data-testid="account-security">
        <Button type="text" size="small" icon={<SafetyOutlined />}>
          {t('nav.security')}
        </Button>
      </Link>
      <Link to="/password" data-testid="change-password">
        <Button type="text" size="small" icon={<KeyOutlined />}>
          {t('nav.changePassword')}
        </Button>
      </Link>
      <Button type="text" size="small" icon={<LogoutOutlined />} onClick={signOut}>
        {t('nav.logout')}
      </Button>
    </>
  );
}

function AppHeader({ phone, onMenu }: { phone: boolean; onMenu: () => void }) {
  const { t } = useI18n();
  return (
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
                onClick={onMenu}
                data-testid="menu-button"
              />
              <Brand phone={phone} collapsed={false} />
            </>
          ) : null}
        </Flex>
        <Flex
          align="center"
          gap={phone ? 4 : 12}
          style={{ minWidth: 0, marginInlineStart: 'auto' }}
          data-testid="user-info"
        >
          {phone ? null : <UserSummary />}
          <InboxBadge />
          <DownloadsBadge />
          <LanguageSwitch />
          {phone ? <AccountDropdown /> : <LogoutButton />}
        </Flex>
      </Flex>
    </Layout.Header>
  );
}

function PhoneDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { user, roleLabel, area } = useAccount();
  return (
    <Drawer
      placement="left"
      open={open}
      onClose={onClose}
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
      <nav aria-label={t('nav.menu')}>
        <MainMenu onClick={onClose} />
      </nav>
    </Drawer>
  );
}

/**
 * The signed-in shell: the menu of the pages the role may use (a side bar on a desk, a drawer on a phone), and
 * a header with the user, their role and area, the language switch and logout.
 */
export function AppLayout() {
  const { t } = useI18n();
  const phone = useIsPhone();
  const [drawer, setDrawer] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

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
            <Brand phone={phone} collapsed={collapsed} />
            <MainMenu onClick={() => setDrawer(false)} />
          </nav>
        </Layout.Sider>
      )}
      <Layout>
        <AppHeader phone={phone} onMenu={() => setDrawer(true)} />
        <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <main>
            <Breadcrumbs />
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
      {phone ? <PhoneDrawer open={drawer} onClose={() => setDrawer(false)} /> : null}
    </Layout>
  );
}
