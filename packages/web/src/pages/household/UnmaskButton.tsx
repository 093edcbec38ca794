import { EyeOutlined } from '@ant-design/icons';
import { UnmaskBody, type UnmaskResponse } from '@dixian/core/api';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

/**
 * "Show full ID numbers": asks for a reason, then POST /api/households/:id/unmask, which answers the clear
 * values and writes an audit record. The clear values live only in the page's state, never in the query cache.
 */
export function UnmaskButton({
  householdId,
  onUnmasked,
}: {
  householdId: string;
  onUnmasked: (r: UnmaskResponse) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const zf = useZodForm(UnmaskBody);
  return (
    <>
      <Button icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="unmask-button">
        {t('household.unmask')}
      </Button>
      <Modal
        open={open}
        title={t('household.unmaskTitle')}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onOk={() => zf.form.submit()}
        confirmLoading={zf.submitting}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Alert type="warning" showIcon message={t('household.unmaskHint')} style={{ marginBottom: 16 }} />
        <FormErrors zf={zf} />
        <Form
          form={zf.form}
          layout="vertical"
          onFinish={zf.submit(async (body) => {
            const r = await api.post<UnmaskResponse>(`/api/households/${householdId}/unmask`, body);
            onUnmasked(r);
            setOpen(false);
            zf.form.resetFields();
            // the audit record appears in the timeline
            void queryClient.invalidateQueries({ queryKey: ['households', 'detail', householdId] });
          })}
        >
          <Form.Item name="reason" label={t('household.unmaskReason')} rules={zf.rules('reason')}>
            <Input.TextArea rows={2} maxLength={200} showCount data-testid="unmask-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
