import { Role } from '@dixian/core';
import { EightPointRaiseBody, type BulkRaiseResult, type ResponsibleList } from '@dixian/core/api';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

const Terms = EightPointRaiseBody.pick({ deadline: true, ownerId: true });

interface TermsForm {
  deadline?: Dayjs;
  ownerId?: string;
}

/**
 * Raise households into the suspected-problem ledger (疑似问题台账, S3 §五) with a time limit and a person
 * responsible: `send(terms)` posts to the caller's endpoint (a point's households or overdue deadlines); the
 * ledgers are read again afterwards.
 */
export function RaiseDialog(p: {
  open: boolean;
  onClose: () => void;
  /** the area the person responsible must cover */
  region?: string | undefined;
  /** how many households, when known */
  count?: number | undefined;
  send: (terms: { deadline: string; ownerId: string }) => Promise<BulkRaiseResult[]>;
  onDone?: () => void;
  /** the screening tasks instead of suspected problems */
  tasks?: boolean;
}) {
  const { t, L } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const owners = useQuery({
    queryKey: ['supervision', 'responsible', p.region ?? ''],
    queryFn: () => api.get<ResponsibleList>('/api/supervision/responsible', p.region ? { region: p.region } : {}),
    enabled: p.open,
  });
  const zf = useZodForm<typeof Terms, TermsForm>(Terms, {});
  return (
    <SheetDrawer
      open={p.open}
      onClose={p.onClose}
      title={p.tasks ? t('eight.tasksTitle') : t('eight.raiseTitle')}
      width={480}
    >
      {p.tasks ? <Typography.Paragraph>{t('eight.tasksHint')}</Typography.Paragraph> : null}
      {p.count !== undefined ? (
        <Typography.Paragraph>{t('eight.raiseCount', { n: p.count })}</Typography.Paragraph>
      ) : null}
      <Form<TermsForm>
        form={zf.form}
        layout="vertical"
        initialValues={{ deadline: dayjs().add(15, 'day') }}
        onFinish={zf.submit(async (body) => {
          const results = await p.send(body as { deadline: string; ownerId: string });
          const created = results.reduce((a, r) => a + r.created, 0);
          const already = results.reduce((a, r) => a + r.alreadyOpen, 0);
          message.success(t(p.tasks ? 'eight.tasksMade' : 'eight.raised', { created, already }));
          await client.invalidateQueries({ queryKey: ['ledgers'] });
          p.onDone?.();
          p.onClose();
        })}
      >
        <FormErrors zf={zf} />
        <Form.Item name="deadline" label={t('eight.deadline')} rules={zf.rules('deadline')}>
          <DatePicker allowClear={false} inputReadOnly disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="ownerId" label={t('eight.owner')} rules={zf.rules('ownerId')}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={owners.isLoading}
            data-testid="raise-owner"
            options={(owners.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.displayName}(${L(Role.labels[u.role])})`,
            }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={zf.submitting} block size="large" data-testid="raise-submit">
          {p.tasks ? t('eight.tasks') : t('eight.raise')}
        </Button>
      </Form>
    </SheetDrawer>
  );
}
