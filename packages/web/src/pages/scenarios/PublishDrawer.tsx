import type { PolicyDraftView, PolicyRecordView } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, InputNumber, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, isApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useIsPhone } from '../../lib/responsive';
import { today } from '../../lib/format';

/** Put a draft in force as a new policy version (county administrators): the document and the day in force. */
export function PublishDrawer({ draft, onClose }: { draft: PolicyDraftView; onClose: () => void }) {
  const { t, lang } = useI18n();
  const phone = useIsPhone();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ year: number; effectiveFrom: Dayjs; docNo: string; docTitle: string }>();
  const publish = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await api.post<PolicyRecordView>(`/api/policy-drafts/${draft.id}/publish`, {
        year: v.year,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        docNo: v.docNo,
        docTitle: v.docTitle,
      });
      await client.invalidateQueries({ queryKey: ['policy-drafts'] });
      await client.invalidateQueries({ queryKey: ['policies'] });
      message.success(t('policy.created', { label: `${draft.regionName ?? r.regionPrefix} ${r.year} v${r.version}` }));
      onClose();
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      title={t('scenario.publishTitle', { name: draft.name })}
      width={phone ? '100%' : 520}
    >
      <Alert type="warning" showIcon message={t('scenario.publishHint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ year: Number(today().slice(0, 4)), effectiveFrom: dayjs(today()), docTitle: draft.name }}
      >
        <Form.Item name="year" label={t('policy.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('policy.effectiveFrom')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="docNo" label={t('policy.docNo')} rules={[{ required: true, whitespace: true }]}>
          <Input data-testid="publish-docNo" />
        </Form.Item>
        <Form.Item name="docTitle" label={t('policy.docTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger loading={busy} onClick={publish} data-testid="publish-submit">
            {t('scenario.publish')}
          </Button>
        </Space>
      </Form>
    </Drawer>
  );
}
