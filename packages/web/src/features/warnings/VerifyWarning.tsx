import { WarningVerificationResult } from '@dixian/core';
import { WarningVerifyBody, type WarningListItem } from '@dixian/core/api';
import { App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

interface Values {
  result?: WarningVerificationResult;
  reason?: string;
}

/**
 * The verification of a department warning (issue 15 §5; S1 §四(二)3): a result (Chinese labels, the code is the
 * server's) and the reason; it is fed back to the department and cannot be changed afterwards.
 */
function VerifyWarningForm({ w, onClose }: { w: WarningListItem; onClose: () => void }) {
  const { t, enumLabel } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof WarningVerifyBody, Values>(WarningVerifyBody, {
    toBody: (v) => ({ ...v, version: w.version }) as never,
  });
  return (
    <Modal
      open
      title={t('warnings.recordTitle')}
      onCancel={onClose}
      okText={t('common.submit')}
      okButtonProps={{ 'data-testid': 'warning-record-submit' } as never}
      confirmLoading={zf.submitting}
      onOk={() => zf.form.submit()}
    >
      <Form
        form={zf.form}
        layout="vertical"
        onFinish={zf.submit(async (body) => {
          await api.post<WarningListItem>(`/api/warnings/${w.id}/verify`, body);
          message.success(t('warnings.recorded'));
          await refresh();
          onClose();
        })}
      >
        <FormErrors zf={zf} />
        <Typography.Paragraph type="secondary">
          {w.personName ?? '—'} · {t('warnings.recordHint')}
        </Typography.Paragraph>
        <Form.Item name="result" label={t('warnings.result')} rules={zf.rules('result')}>
          <Select
            data-testid="warning-result"
            options={WarningVerificationResult.values.map((v) => ({
              value: v,
              label: enumLabel(WarningVerificationResult, v),
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('warnings.reason')} rules={zf.rules('reason')}>
          <Input.TextArea
            rows={3}
            maxLength={1000}
            placeholder={t('warnings.reasonPlaceholder')}
            data-testid="warning-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The 核实 button of a warning not verified yet (shown only to roles that may verify). */
export function VerifyWarningButton({ w, size }: { w: WarningListItem; size: 'large' | 'small' }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (w.verifiedAt) return null;
  return (
    <>
      <Button size={size} onClick={() => setOpen(true)} data-testid="warning-record">
        {t('warnings.record')}
      </Button>
      {open ? <VerifyWarningForm w={w} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
