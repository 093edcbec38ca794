import type { PolicyDraftView, ScenarioView } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, InputNumber, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../api/client';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n } from '../../i18n/i18n';
import { today } from '../../lib/format';

/** Start a scenario of a draft: the area (default the draft's), the day, and the near-miss share. */
export function RunScenarioModal({ draft, onClose }: { draft: PolicyDraftView; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ scopeCode: string; asOf: Dayjs; nearMissPercent: number }>();
  const start = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const s = await api.post<ScenarioView>('/api/scenarios', {
        draftId: draft.id,
        scopeCode: v.scopeCode,
        asOf: v.asOf.format('YYYY-MM-DD'),
        nearMissShare: v.nearMissPercent / 100,
      });
      await client.invalidateQueries({ queryKey: ['scenarios'] });
      onClose();
      navigate(`/scenarios/${s.id}`);
    } catch (e) {
      message.error(isApiError(e) ? e.text(lang) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('scenario.runTitle', { name: draft.name })}
      okText={t('scenario.run')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={start}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'scenario-start' } as Record<`data-${string}`, string>}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scopeCode: draft.regionPrefix, asOf: dayjs(today()), nearMissPercent: 10 }}
      >
        <Form.Item name="scopeCode" label={t('scenario.scope')} rules={[{ required: true }]}>
          <RegionPicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="asOf" label={t('scenario.asOf')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(today()))} />
        </Form.Item>
        <Form.Item name="nearMissPercent" label={t('scenario.nearMissShare')} extra={t('scenario.nearMissHint')}>
          <InputNumber min={0} max={100} precision={0} addonAfter="%" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
