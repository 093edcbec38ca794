import { PayMethod } from '@dixian/core';
import { PaymentAccountBody, type AssistanceCaseView, type PaymentAccountView } from '@dixian/core/api';
import { App, Button, Form, Input, Typography } from 'antd';
import { useMemo } from 'react';
import { useHousehold } from '../../api/queries';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { EnumSelect } from '../../components/EnumSelect';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { FormSelect } from './IncomeAssessment';

/**
 * Where a case is paid: the method, the member paid (the head when empty) and the account. The account is sealed by
 * the server and only its last four digits are ever shown again (S0 plan one 四(一) 资金发放).
 */
export function PaymentAccountForm({ c, onDone }: { c: AssistanceCaseView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const household = useHousehold(c.householdId);
  const members = useMemo(
    () => (household.data?.members ?? []).filter((m) => !m.deceasedOn).map((m) => ({ value: m.id, label: m.name })),
    [household.data],
  );
  const zf = useZodForm<typeof PaymentAccountBody, Record<string, unknown>>(PaymentAccountBody, {
    toBody: (v) => ({ ...v, version: c.version }) as never,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={{ payMethod: c.payMethod ?? 'social_security_card', payeeMemberId: c.payeeMemberId ?? undefined }}
      onFinish={zf.submit(async (body) => {
        await api.post<PaymentAccountView>(`/api/assistance/${c.id}/payment-account`, body);
        message.success(t('account.saved'));
        await refresh();
        onDone();
      })}
      data-testid="assistance-account"
    >
      <FormErrors zf={zf} />
      {c.accountMasked ? (
        <Typography.Paragraph>{t('account.current', { account: c.accountMasked })}</Typography.Paragraph>
      ) : null}
      <Form.Item name="payMethod" label={t('account.method')} rules={zf.rules('payMethod')}>
        <EnumSelect enumDef={PayMethod} style={{ width: '100%' }} allowClear={false} />
      </Form.Item>
      <Form.Item name="payeeMemberId" label={t('account.payee')} extra={t('account.payeeHint')}>
        <FormSelect allowClear options={members} />
      </Form.Item>
      <Form.Item
        name="accountNo"
        label={t('account.number')}
        rules={zf.rules('accountNo')}
        // a card number is often copied with its spaces: keep the digits
        normalize={(v: string | undefined) => v?.replace(/\s+/g, '')}
      >
        <Input inputMode="numeric" autoComplete="off" maxLength={40} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}
