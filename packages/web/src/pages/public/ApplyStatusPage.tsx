import { PublicStatusQuery, ReceiptParams, type PublicApplicationStatus } from '@dixian/core/api';
import { Button, Card, Descriptions, Form, Input, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { z } from 'zod';
import { api } from '../../api/client';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { PublicShell } from './PublicShell';

const LookupSchema = z.object({ receipt: ReceiptParams.shape.receipt, idNumber: PublicStatusQuery.shape.idNumber });

/** How far an application has come, as the farmer may see it (never the case itself). */
const PROGRESS: Record<PublicApplicationStatus['status'], number> = {
  received: 0,
  verifying: 1,
  in_procedure: 2,
  monitoring: 3,
  not_included: 3,
  risk_eliminated: 3,
};
const STEPS: MessageKey[] = ['apply.stepReceived', 'apply.stepVerifying', 'apply.stepProcedure', 'apply.stepDecided'];

/**
 * The status of a self-application by receipt number and ID number (GET /api/public/applications/:receipt):
 * a masked name, the village, the status and the day it last changed; a wrong ID number answers like an unknown
 * receipt.
 */
export function ApplyStatusPage() {
  const { t, L } = useI18n();
  const [params] = useSearchParams();
  const [status, setStatus] = useState<PublicApplicationStatus | null>(null);
  const zf = useZodForm(LookupSchema);
  return (
    <PublicShell title={t('apply.statusTitle')}>
      <Card style={{ marginBottom: 16 }}>
        <Form
          form={zf.form}
          layout="vertical"
          initialValues={{ receipt: params.get('receipt') ?? undefined }}
          onFinish={zf.submit(async ({ receipt, idNumber }) => {
            setStatus(null);
            setStatus(
              await api.get<PublicApplicationStatus>(`/api/public/applications/${encodeURIComponent(receipt)}`, {
                idNumber,
              }),
            );
          })}
          data-testid="status-form"
        >
          <FormErrors zf={zf} />
          <Form.Item name="receipt" label={t('apply.receiptNo')} rules={zf.rules('receipt')}>
            <Input size="large" autoComplete="off" style={{ fontFamily: 'monospace' }} />
          </Form.Item>
          <Form.Item name="idNumber" label={t('apply.idNumber')} rules={zf.rules('idNumber')}>
            <Input size="large" autoComplete="off" maxLength={18} />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting}>
            {t('apply.lookup')}
          </Button>
        </Form>
      </Card>
      {status ? (
        <Card data-testid="application-status">
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {L(status.statusLabel)}
          </Typography.Title>
          <Steps
            direction="vertical"
            size="small"
            current={PROGRESS[status.status]}
            status={status.status === 'not_included' ? 'error' : status.status === 'received' ? 'process' : undefined}
            items={STEPS.map((k) => ({ title: t(k) }))}
            style={{ marginBottom: 16 }}
          />
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('apply.receiptNo')}>{status.receiptNo}</Descriptions.Item>
            <Descriptions.Item label={t('apply.name')}>{status.applicantName}</Descriptions.Item>
            <Descriptions.Item label={t('apply.village')}>{status.regionName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('apply.submittedOn')}>{status.submittedOn}</Descriptions.Item>
            <Descriptions.Item label={t('apply.updatedOn')}>{status.updatedOn}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
    </PublicShell>
  );
}
