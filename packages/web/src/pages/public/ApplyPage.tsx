import { RiskType } from '@dixian/core';
import { PublicApplicationBody, type PublicApplicationReceipt } from '@dixian/core/api';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Result, Row, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../../api/client';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { PublicShell } from './PublicShell';
import { VillageChain } from './VillageChain';

/** The receipt number to keep, with the way to the status page. */
function ReceiptView({ receipt }: { receipt: PublicApplicationReceipt }) {
  const { t, L } = useI18n();
  return (
    <PublicShell title={t('apply.title')}>
      <Card>
        <Result
          status="success"
          title={t('apply.received')}
          subTitle={L(receipt.statusLabel)}
          extra={
            <div data-testid="receipt">
              <Typography.Paragraph>{t('apply.receiptIs')}</Typography.Paragraph>
              <Typography.Title
                level={2}
                copyable
                style={{ fontFamily: 'monospace', letterSpacing: 1, wordBreak: 'break-all' }}
                data-testid="receipt-no"
              >
                {receipt.receiptNo}
              </Typography.Title>
              <Typography.Paragraph type="secondary">{t('apply.keepReceipt')}</Typography.Paragraph>
              <Link to={`/apply/status?receipt=${receipt.receiptNo}`}>
                <Button type="primary" size="large">
                  {t('apply.statusTitle')}
                </Button>
              </Link>
            </div>
          }
        />
      </Card>
    </PublicShell>
  );
}

/**
 * The farmer's self-application (农户自主申报, S1 §四(二)1) at a public address, no account: name, ID number,
 * mobile phone, village, the hardship and its kind. Validated with `PublicApplicationBody`, the schema the server
 * parses; the answer is a receipt number to quote with the ID number on the status page.
 */
export function ApplyPage() {
  const { t, L } = useI18n();
  const [params] = useSearchParams();
  const preset = params.get('village');
  const [receipt, setReceipt] = useState<PublicApplicationReceipt | null>(null);
  const zf = useZodForm(PublicApplicationBody);

  if (receipt) return <ReceiptView receipt={receipt} />;

  return (
    <PublicShell title={t('apply.title')}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('apply.intro')} />
      <Card>
        <Form
          form={zf.form}
          layout="vertical"
          initialValues={{ villageCode: preset && /^\d{12}$/.test(preset) ? preset : undefined, riskTypes: [] }}
          onFinish={zf.submit(async (body) => {
            setReceipt(await api.post<PublicApplicationReceipt>('/api/public/applications', body));
            window.scrollTo(0, 0);
          })}
          data-testid="apply-form"
        >
          <FormErrors zf={zf} />
          <Form.Item name="name" label={t('apply.name')} rules={zf.rules('name')}>
            <Input size="large" autoComplete="name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('apply.idNumber')} rules={zf.rules('idNumber')}>
            <Input size="large" maxLength={18} autoComplete="off" inputMode="text" />
          </Form.Item>
          <Form.Item name="phone" label={t('apply.phone')} rules={zf.rules('phone')}>
            <Input size="large" maxLength={11} inputMode="tel" autoComplete="tel" />
          </Form.Item>
          <Form.Item name="villageCode" label={t('apply.village')} rules={zf.rules('villageCode')}>
            <VillageChain />
          </Form.Item>
          <Form.Item name="riskTypes" label={t('apply.difficulties')}>
            <Checkbox.Group style={{ width: '100%' }}>
              <Row gutter={[8, 8]}>
                {RiskType.values.map((r) => (
                  <Col xs={12} sm={8} key={r}>
                    <Checkbox value={r} style={{ minHeight: 32 }}>
                      {L(RiskType.labels[r])}
                    </Checkbox>
                  </Col>
                ))}
              </Row>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item name="description" label={t('apply.description')} rules={zf.rules('description')}>
            <Input.TextArea rows={4} maxLength={1000} showCount placeholder={t('apply.descriptionHint')} />
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('apply.privacy')}</Typography.Paragraph>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={zf.submitting}
            data-testid="apply-submit"
          >
            {t('apply.submit')}
          </Button>
        </Form>
      </Card>
    </PublicShell>
  );
}
