import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { RiskType } from '@dixian/core';
import { MeasureCreateBody, PlanCreateBody, type CaseDetail, type MeasureView, type PlanView } from '@dixian/core/api';
import { App, Button, Card, DatePicker, Form, Input, Typography } from 'antd';
import dayjs from 'dayjs';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { EnumSelect } from '../../components/EnumSelect';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type FieldPath, type ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { yuanToFen } from '../../lib/format';
import { MeasureFields } from './MeasureFields';

type MeasureValues = Record<string, unknown> & { amountYuan?: number | string };

/** A measure's form values as its request body: yuan → fen, empty department left to the type's default. */
export function measureBody(m: MeasureValues): Record<string, unknown> {
  const { amountYuan, ...rest } = m;
  const out: Record<string, unknown> = { ...rest };
  if (amountYuan !== undefined && amountYuan !== null && amountYuan !== '') out.amountFen = yuanToFen(amountYuan);
  return out;
}

/** Server and schema issues on `amountFen` belong beside the yuan field. */
const fieldOf = (p: FieldPath): FieldPath => (p[p.length - 1] === 'amountFen' ? [...p.slice(0, -1), 'amountYuan'] : p);

/**
 * The assistance plan of a monitored case (一户一策, S3 §三(五): within 10 days of confirmation), with its first
 * measures from the catalogue. Recording it closes the plan deadline.
 */
export function PlanForm({ detail, onDone }: { detail: CaseDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof PlanCreateBody, Record<string, unknown>>(PlanCreateBody, {
    toBody: (v) =>
      ({
        ...v,
        version: detail.case.version,
        measures: ((v.measures as MeasureValues[] | undefined) ?? []).filter(Boolean).map(measureBody),
      }) as never,
    fieldOf,
  });
  const z = zf as unknown as ZodForm<never, never>;
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={{ createdOn: dayjs(), riskTypes: detail.case.riskTypes, measures: [{}] }}
      onFinish={zf.submit(async (body) => {
        await api.post<PlanView>(`/api/cases/${detail.case.id}/plan`, body);
        message.success(t('plan.saved'));
        await refresh();
        onDone();
      })}
      data-testid="plan-form"
    >
      <FormErrors zf={zf} />
      <Form.Item name="createdOn" label={t('plan.createdOn')} rules={zf.rules('createdOn')}>
        <DatePicker
          style={{ width: '100%' }}
          inputReadOnly
          size="large"
          disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        />
      </Form.Item>
      <Form.Item name="riskTypes" label={t('plan.riskTypes')} rules={zf.rules('riskTypes')}>
        <EnumSelect enumDef={RiskType} mode="multiple" size="large" style={{ width: '100%' }} />
      </Form.Item>
      <Form.List name="measures">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Card
                key={field.key}
                size="small"
                style={{ marginBottom: 12 }}
                title={t('plan.measureN', { n: i + 1 })}
                extra={
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('plan.removeMeasure', { n: i + 1 })}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <MeasureFields zf={z} name={[field.name]} path={['measures', field.name]} />
              </Card>
            ))}
            <Button block icon={<PlusOutlined />} onClick={() => add({})} style={{ marginBottom: 16 }} size="large">
              {t('plan.addMeasure')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="note" label={t('plan.note')} rules={zf.rules('note')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting} data-testid="step-submit">
        {t('plan.submit')}
      </Button>
    </Form>
  );
}

/** Add one measure to an existing plan. */
export function MeasureForm({ plan, onDone }: { plan: PlanView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof MeasureCreateBody, Record<string, unknown>>(MeasureCreateBody, {
    toBody: (v) => measureBody(v) as never,
    fieldOf,
  });
  return (
    <Form
      form={zf.form}
      layout="vertical"
      onFinish={zf.submit(async (body) => {
        await api.post<MeasureView>(`/api/plans/${plan.id}/measures`, body);
        message.success(t('plan.measureAdded'));
        await refresh();
        onDone();
      })}
      data-testid="measure-form"
    >
      <FormErrors zf={zf} />
      <MeasureFields zf={zf as unknown as ZodForm<never, never>} name={[]} path={[]} />
      <Typography.Paragraph type="secondary">{t('plan.measureHint')}</Typography.Paragraph>
      <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting}>
        {t('plan.addMeasure')}
      </Button>
    </Form>
  );
}
