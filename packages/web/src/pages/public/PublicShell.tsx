import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../app/AppLayout';
import { useI18n } from '../../i18n/i18n';

/** The frame of the pages farmers open without an account: the name of the service, the language switch, links. */
export function PublicShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Flex vertical align="center" style={{ minHeight: '100vh', padding: '12px 12px 32px' }}>
      <main style={{ width: '100%', maxWidth: 560 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
          <Typography.Text strong style={{ color: '#b71c1c', fontSize: 18 }}>
            {t('app.name')} · {t('apply.service')}
          </Typography.Text>
          <LanguageSwitch />
        </Flex>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 8 }}>
          {title}
        </Typography.Title>
        {children}
        <Flex gap={16} wrap justify="center" style={{ marginTop: 24 }}>
          <Link to="/apply">{t('apply.title')}</Link>
          <Link to="/apply/status">{t('apply.statusTitle')}</Link>
          <Typography.Text type="secondary">{t('apply.hotline')}</Typography.Text>
        </Flex>
      </main>
    </Flex>
  );
}
