import { IncomeRecordKind, isCountedMember, netIncomeFen, perCapitaFen, rigidExpenseFen } from '@dixian/core';
import { IncomeCreateBody, type HouseholdDetail, type IncomeView } from '@dixian/core/api';
import { Alert, App, Button, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useResolvedPolicy } from '../../api/queries';
import { EnumSelect } from '../../components/EnumSelect';
import { SheetDrawer } from '../../components/SheetDrawer';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type FieldPath } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { money, today, yuanToFen } from '../../lib/format';

/** The components typed in yuan; the body carries them in fen (`wageYuan` → `wageFen`). */
export const COMPONENTS = [
  'wage',
  'businessGross',
  'businessCost',
  'property',
  'transfer',
  'medicalOutOfPocket',
  'schoolingExpense',
  'disasterLoss',
  'insuranceClaim',
] as const;
export type Component = (typeof COMPONENTS)[number];
type Values = Record<string, unknown> & { year?: number; period?: [Dayjs, Dayjs] };

export function fenOf(v: Record<string, unknown>, c: Component): number {
  const raw = v[`${c}Yuan`];
  if (raw === undefined || raw === null || raw === '') return 0;
  const fen = yuanToFen(raw as string | number);
  return Number.isNaN(fen) ? 0 : fen;
}

function toBody(v: Values): Record<string, unknown> {
  const out: Record<string, unknown> = { year: v.year, kind: v.kind, note: v.note };
  for (const c of COMPONENTS) out[`${c}Fen`] = fenOf(v, c);
  const [start, end] = (v.period as unknown as [string, string] | undefined) ?? [];
  out.periodStart = start;
  out.periodEnd = end;
  return out;
}

/** Issues on `wageFen` show beside `wageYuan`; the period's two ends beside the range picker. */
const fieldOf = (p: FieldPath): FieldPath => {
  const last = String(p[p.length - 1] ?? '');
  if (last === 'periodStart' || last === 'periodEnd') return ['period'];
  return last.endsWith('Fen') ? [`${last.slice(0, -3)}Yuan`] : p;
};

/** Net income, per-capita over the members counted today, and the line in force, from core as the user types. */
function LivePreview({ detail, values }: { detail: HouseholdDetail; values: Values }) {
  const { t, lang } = useI18n();
  const year = typeof values.year === 'number' ? values.year : dayjs().year() - 1;
  const end = `${year}-12-31` < today() ? `${year}-12-31` : today();
  const policy = useResolvedPolicy(detail.household.regionCode, end);
  const body = policy.data?.body as
    { monitoringIncomeLineFen?: number; suddenHardship?: { netOfInsuranceClaims?: boolean } } | undefined;
  const comp = Object.fromEntries(COMPONENTS.map((c) => [`${c}Fen`, fenOf(values, c)])) as Record<
    `${Component}Fen`,
    number
  >;
  const net = netIncomeFen(comp);
  const people = detail.members.filter((m) => isCountedMember(m, today())).length;
  const per = people > 0 ? perCapitaFen(net, people) : null;
  const line = body?.monitoringIncomeLineFen ?? null;
  const rigid = rigidExpenseFen(comp, body?.suddenHardship?.netOfInsuranceClaims ?? true);
  const below = per !== null && line !== null && per < line;
  return (
    <Alert
      type={below ? 'warning' : 'info'}
      data-testid="income-preview"
      aria-live="polite"
      style={{ marginBottom: 16 }}
      message={
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('household.netIncome')}>{money(net, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('household.perCapita')}>
            <span data-testid="income-per-capita">{money(per, lang)}</span>
            {t('income.people', { n: people })}
          </Descriptions.Item>
          <Descriptions.Item label={t('household.line')}>
            {money(line, lang)}{' '}
            {per !== null && line !== null ? (
              <Tag color={below ? 'red' : 'green'}>{below ? t('income.belowLine') : t('income.aboveLine')}</Tag>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('income.rigid')}>{money(rigid, lang)}</Descriptions.Item>
        </Descriptions>
      }
    />
  );
}

export function YuanItem({ c, label }: { c: Component; label: string }) {
  return (
    <Col xs={12} sm={8}>
      <Form.Item name={`${c}Yuan`} label={label}>
        <InputNumber size="large" min={0} step={100} precision={2} style={{ width: '100%' }} inputMode="decimal" />
      </Form.Item>
    </Col>
  );
}

/**
 * A household's yearly income by component (S0 plan two §二(一)3; national form 收支情况) and its rigid spending
 * (S1 §三(二)), with net and per-capita income and the line from core while typing. Amounts are typed in yuan.
 */
export function IncomeDrawer({
  detail,
  open,
  onClose,
}: {
  detail: HouseholdDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <SheetDrawer open={open} onClose={onClose} width={640} title={t('income.add')}>
      <IncomeForm detail={detail} onDone={onClose} />
    </SheetDrawer>
  );
}

function IncomeForm({ detail, onDone }: { detail: HouseholdDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof IncomeCreateBody, Values>(IncomeCreateBody, { toBody: toBody as never, fieldOf });
  const values = (Form.useWatch([], zf.form) ?? {}) as Values;
  const lastYear = dayjs().year() - 1;
  const label = (k: string) => t(`income.${k}` as 'income.wage');
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={{
        year: lastYear,
        kind: 'annual',
        period: [dayjs(`${lastYear}-01-01`), dayjs(`${lastYear}-12-31`)],
      }}
      onValuesChange={(changed: Values) => {
        if (typeof changed.year === 'number') {
          zf.form.setFieldValue('period', [dayjs(`${changed.year}-01-01`), dayjs(`${changed.year}-12-31`)]);
        }
      }}
      onFinish={zf.submit(async (body) => {
        await api.post<IncomeView>(`/api/households/${detail.household.id}/incomes`, body);
        message.success(t('income.saved'));
        await refresh();
        onDone();
      })}
      data-testid="income-form"
    >
      <FormErrors zf={zf} />
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="year" label={t('household.year')} rules={zf.rules('year')}>
            <InputNumber size="large" min={2000} max={2100} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="kind" label={t('household.kind')} rules={zf.rules('kind')}>
            <EnumSelect enumDef={IncomeRecordKind} size="large" allowClear={false} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="period" label={t('income.period')}>
            <DatePicker.RangePicker size="large" inputReadOnly style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <h3 style={{ fontSize: 15 }}>{t('income.incomeSection')}</h3>
      <Row gutter={12}>
        {(['wage', 'businessGross', 'businessCost', 'property', 'transfer'] as const).map((c) => (
          <YuanItem key={c} c={c} label={label(c)} />
        ))}
      </Row>
      <h3 style={{ fontSize: 15 }}>{t('income.rigidSection')}</h3>
      <Row gutter={12}>
        {(['medicalOutOfPocket', 'schoolingExpense', 'disasterLoss', 'insuranceClaim'] as const).map((c) => (
          <YuanItem key={c} c={c} label={label(c)} />
        ))}
      </Row>
      <LivePreview detail={detail} values={values} />
      <Form.Item name="note" label={t('member.note')} rules={zf.rules('note')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting} data-testid="income-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
