import { DownOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { download, isApiError, type Query } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';

/**
 * The registry page's register buttons (issue 14 §4): the import template, the register of the filtered households
 * in the template's sheets (masked; in clear with a reason for a role that may unmask, audited), and the import.
 */
export function RegistryActions({ query }: { query: Record<string, unknown> }) {
  const { t, lang } = useI18n();
  const { can } = useSignedIn();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const { page: _p, pageSize: _s, sort: _o, q: _q, ...filters } = query;
  const get = async (path: string, extra: Query = {}, name = 'register.xlsx') => {
    setBusy(true);
    try {
      await download(path, { ...(filters as Query), ...extra }, name);
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const items = [
    { key: 'masked', label: t('registryIo.exportMasked') },
    ...(can('personal_data.unmask') ? [{ key: 'clear', label: t('registryIo.exportClear') }] : []),
    { key: 'template', label: t('registryIo.template') },
  ];
  return (
    <>
      <Dropdown
        menu={{
          items,
          onClick: ({ key }) => {
            if (key === 'masked') void get('/api/registry/export.xlsx');
            else if (key === 'clear') setAsking(true);
            else void get('/api/registry/template.xlsx', {}, 'registry-template.xlsx');
          },
        }}
      >
        <Button icon={<DownloadOutlined />} loading={busy} data-testid="register-export">
          {t('registryIo.export')} <DownOutlined />
        </Button>
      </Dropdown>
      {can('registry.import') ? (
        <Link to="/registry/import">
          <Button icon={<UploadOutlined />} data-testid="register-import">
            {t('registryIo.import')}
          </Button>
        </Link>
      ) : null}
      <ClearExport
        open={asking}
        onClose={() => setAsking(false)}
        onExport={(reason) => get('/api/registry/export.xlsx', { unmask: 'true', reason })}
      />
    </>
  );
}

function ClearExport(p: { open: boolean; onClose: () => void; onExport: (reason: string) => Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={p.open}
      title={t('registryIo.exportClearTitle')}
      okText={t('registryIo.export')}
      onCancel={p.onClose}
      onOk={async () => {
        const { reason } = await form.validateFields();
        p.onClose();
        await p.onExport(reason.trim());
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('registryIo.exportClearHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('registryIo.reason')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('registryIo.reasonRequired') }]}
        >
          <Input maxLength={200} data-testid="register-export-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
