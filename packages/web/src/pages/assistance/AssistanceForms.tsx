import {
  AssistanceEndReason,
  ReliefSatisfaction,
  SelfCareLevel,
  SocialAssistanceKind,
  TempReliefKind,
} from '@dixian/core';
import {
  AssistanceApplyBody,
  AssistanceDecisionBody,
  AssistanceEndBody,
  AssistanceGraceBody,
  AssistanceSatisfactionBody,
  type AssistanceCaseView,
} from '@dixian/core/api';
import { App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Radio, Select, Typography } from 'antd';
import type { RadioGroupProps } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import type { z } from 'zod';
import { useHousehold } from '../../api/queries';
import { api } from '../../api/client';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { EnumSelect, withoutAriaRequired } from '../../components/EnumSelect';
import { HouseholdSelect } from '../../components/HouseholdSelect';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type FieldPath } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { yuanToFen } from '../../lib/format';
import {
  claimsToBody,
  DeductionClaimsField,
  FormSelect,
  IncomeAssessmentTable,
  IncomePreview,
} from './IncomeAssessment';
import { PaymentAccountForm } from './PaymentAccountForm';
import { OneOffNote, ReliefStagesField } from './ReliefStages';

export type AssistanceStep = 'decision' | 'grace' | 'end' | 'satisfaction' | 'account';

/** Amounts are typed in yuan (`…Yuan`) and sent in fen (`…Fen`); issues on a fen field go beside its yuan field. */
function yuanFields(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.endsWith('Yuan')) {
      if (x !== undefined && x !== null && x !== '') out[`${k.slice(0, -4)}Fen`] = yuanToFen(x as number);
    } else out[k] = x;
  }
  return out;
}
const fenToYuanField = (p: FieldPath): FieldPath => {
  const last = p[p.length - 1];
  return typeof last === 'string' && last.endsWith('Fen') ? [...p.slice(0, -1), `${last.slice(0, -3)}Yuan`] : p;
};

const Yuan = (props: { 'aria-label'?: string }) => {
  const { t } = useI18n();
  return (
    <InputNumber
      min={0}
      precision={2}
      style={{ width: '100%' }}
      addonAfter={t('common.yuan')}
      inputMode="decimal"
      {...props}
    />
  );
};

/** A required Form.Item puts aria-required on antd's radio group box, which has no role that takes it. */
function ChoiceButtons(props: RadioGroupProps) {
  return <Radio.Group {...withoutAriaRequired(props)} />;
}

const SCHEMAS: Record<Exclude<AssistanceStep, 'account'>, z.ZodType> = {
  decision: AssistanceDecisionBody,
  grace: AssistanceGraceBody,
  end: AssistanceEndBody,
  satisfaction: AssistanceSatisfactionBody,
};

type Zf = ReturnType<typeof useZodForm<z.ZodType, Record<string, unknown>>>;

/** Approve or reject, the day, and for an approval the monthly amount and next review (or the amount granted). */
function DecisionFields({ c, zf }: { c: AssistanceCaseView; zf: Zf }) {
  const { t, enumLabel } = useI18n();
  const decision = Form.useWatch('decision', zf.form);
  return (
    <>
      <Form.Item name="decision" label={t('assistance.decision')} rules={zf.rules('decision')}>
        <ChoiceButtons optionType="button" buttonStyle="solid" size="large">
          <Radio.Button value="approve">{t('assistance.approve')}</Radio.Button>
          <Radio.Button value="reject">{t('assistance.reject')}</Radio.Button>
        </ChoiceButtons>
      </Form.Item>
      <Form.Item name="decidedOn" label={t('assistance.decidedOn')} rules={zf.rules('decidedOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      {decision === 'approve' && c.kind !== 'temp_relief' ? (
        <>
          <Form.Item
            name="monthlyAmountYuan"
            label={c.kind === 'tekun' ? t('assistance.tekunBasic') : t('assistance.monthlyAmount')}
            extra={c.kind === 'tekun' ? t('assistance.tekunBasicHint') : t('assistance.defaultTopUp')}
          >
            <Yuan />
          </Form.Item>
          {c.kind === 'tekun' ? (
            <Form.Item
              name="careAllowanceYuan"
              label={t('assistance.careAllowance')}
              extra={t('assistance.careAllowanceHint', {
                level: c.selfCare ? enumLabel(SelfCareLevel, c.selfCare) : '—',
              })}
            >
              <Yuan />
            </Form.Item>
          ) : null}
          <Form.Item name="reviewDueOn" label={t('assistance.reviewDue')} rules={zf.rules('reviewDueOn')}>
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
        </>
      ) : null}
      {decision === 'approve' && c.kind === 'temp_relief' ? (
        <>
          <Form.Item name="amountYuan" label={t('assistance.amountGranted')} extra={t('assistance.defaultApplied')}>
            <Yuan />
          </Form.Item>
          {c.returnedToPoverty ? <ReliefStagesField /> : <OneOffNote />}
        </>
      ) : null}
      <Form.Item name="note" label={t('assistance.note')} rules={zf.rules('note')}>
        <Input.TextArea rows={3} maxLength={1000} />
      </Form.Item>
    </>
  );
}

/** The grace period (渐退): the income assessed, the day, and the months. */
function GraceFields({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('assistance.graceHint')}</Typography.Paragraph>
      <Form.Item
        name="perCapitaIncomeYuan"
        label={t('assistance.perCapitaIncome')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Yuan />
      </Form.Item>
      <Form.Item name="assessedOn" label={t('assistance.assessedOn')} rules={zf.rules('assessedOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name="months" label={t('assistance.graceMonths')} rules={zf.rules('months')}>
        <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </>
  );
}

function EndFields({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="endedOn" label={t('assistance.endedOn')} rules={zf.rules('endedOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name="reason" label={t('assistance.endReason')} rules={zf.rules('reason')}>
        <EnumSelect enumDef={AssistanceEndReason} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label={t('assistance.note')} rules={zf.rules('note')}>
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </>
  );
}

/** Yuan to fen, the instalments included (an empty plan is a one-off payment). */
function stepBody(v: Record<string, unknown>, version: number): unknown {
  const { stages, ...rest } = yuanFields(v);
  const plan = claimsToBody(stages);
  return { ...rest, ...(plan.length ? { stages: plan } : {}), version };
}

/**
 * A step on a social-assistance case: the decision (township or county by S2 §三(二)), the 低保 grace period
 * (渐退, S2 §二(一)1), the end of the case, the temporary-assistance satisfaction (S0 plan one §二).
 */
export function AssistanceStepForm({
  c,
  step,
  onDone,
}: {
  c: AssistanceCaseView;
  step: AssistanceStep;
  onDone: () => void;
}) {
  if (step === 'account') return <PaymentAccountForm c={c} onDone={onDone} />;
  return <CaseStepForm c={c} step={step} onDone={onDone} />;
}

function CaseStepForm({
  c,
  step,
  onDone,
}: {
  c: AssistanceCaseView;
  step: Exclude<AssistanceStep, 'account'>;
  onDone: () => void;
}) {
  const { t, enumLabel } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const schema = SCHEMAS[step];
  const zf = useZodForm<z.ZodType, Record<string, unknown>>(schema, {
    toBody: (v) => stepBody(v, c.version) as never,
    fieldOf: fenToYuanField,
  });
  const today = dayjs();
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={
        step === 'decision'
          ? { decision: 'approve', decidedOn: today }
          : step === 'grace'
            ? { assessedOn: today }
            : step === 'end'
              ? { endedOn: today }
              : {}
      }
      onFinish={zf.submit(async (body) => {
        await api.post<AssistanceCaseView>(`/api/assistance/${c.id}/${step}`, body);
        message.success(t('assistance.saved'));
        await refresh();
        onDone();
      })}
      data-testid={`assistance-${step}`}
    >
      <FormErrors zf={zf} />
      {step === 'decision' && c.incomeAssessment ? (
        <div style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{t('income.title')}</Typography.Title>
          <IncomeAssessmentTable a={c.incomeAssessment} />
        </div>
      ) : null}
      {step === 'decision' ? <DecisionFields c={c} zf={zf} /> : null}
      {step === 'grace' ? <GraceFields zf={zf} /> : null}
      {step === 'end' ? <EndFields zf={zf} /> : null}
      {step === 'satisfaction' ? (
        <Form.Item name="satisfaction" label={t('assistance.satisfaction')} rules={zf.rules('satisfaction')}>
          <ChoiceButtons optionType="button" buttonStyle="solid" size="large">
            {ReliefSatisfaction.values.map((s) => (
              <Radio.Button key={s} value={s}>
                {enumLabel(ReliefSatisfaction, s)}
              </Radio.Button>
            ))}
          </ChoiceButtons>
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('common.submit')}
      </Button>
    </Form>
  );
}

type ApplyZf = ReturnType<typeof useZodForm<typeof AssistanceApplyBody, Record<string, unknown>>>;

/** Temporary assistance: its kind, the amount asked for and "relief first"; 低保/特困: the classification. */
function KindFields({ kind, zf }: { kind: SocialAssistanceKind; zf: ApplyZf }) {
  const { t } = useI18n();
  const classifications =
    kind === 'dibao'
      ? (['dibao', 'single_person', 'rigid_expense'] as const)
      : (['tekun_dispersed', 'tekun_centralized'] as const);
  return kind === 'temp_relief' ? (
    <>
      <Form.Item name="reliefKind" label={t('assistance.reliefKind')} rules={zf.rules('reliefKind')}>
        <EnumSelect enumDef={TempReliefKind} style={{ width: '100%' }} allowClear={false} />
      </Form.Item>
      <Form.Item
        name="amountYuan"
        label={t('assistance.amountApplied')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Yuan />
      </Form.Item>
      <Form.Item name="reliefFirst" valuePropName="checked" extra={t('assistance.reliefFirstHint')}>
        <Checkbox>{t('assistance.reliefFirst')}</Checkbox>
      </Form.Item>
    </>
  ) : (
    <>
      <Form.Item name="classification" label={t('assistance.classification')} rules={zf.rules('classification')}>
        <Select
          options={classifications.map((c) => ({
            value: c,
            label: t(`assistance.class.${c}`),
          }))}
        />
      </Form.Item>
      {kind === 'tekun' ? (
        <Form.Item
          name="selfCare"
          label={t('assistance.selfCare')}
          extra={t('assistance.selfCareHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <EnumSelect enumDef={SelfCareLevel} style={{ width: '100%' }} allowClear={false} data-testid="self-care" />
        </Form.Item>
      ) : null}
    </>
  );
}

/** The members covered, chosen among the living members of the household picked. */
function MemberField({ kind, zf }: { kind: SocialAssistanceKind; zf: ApplyZf }) {
  const { t } = useI18n();
  const householdId = Form.useWatch('householdId', zf.form) as string | undefined;
  const household = useHousehold(householdId);
  const members = useMemo(
    () => (household.data?.members ?? []).filter((m) => !m.deceasedOn).map((m) => ({ value: m.id, label: m.name })),
    [household.data],
  );
  return (
    <Form.Item
      name="insuredMemberIds"
      label={t('assistance.members')}
      rules={kind === 'temp_relief' ? [] : [{ required: true, message: t('form.required') }]}
      extra={kind === 'temp_relief' ? t('assistance.membersDefault') : undefined}
    >
      <FormSelect mode="multiple" options={members} loading={household.isFetching} disabled={!householdId} />
    </Form.Item>
  );
}

/** 低保: the deductions claimed, the income assessed from the register, and an income set by hand if need be. */
function DibaoIncomeFields({ zf }: { zf: ApplyZf }) {
  const { t } = useI18n();
  return (
    <>
      <DeductionClaimsField form={zf.form} />
      <IncomePreview form={zf.form} />
      <Form.Item name="perCapitaIncomeYuan" label={t('income.manualIncome')}>
        <Yuan />
      </Form.Item>
    </>
  );
}

/** 诚信申报承诺 (S2 §二(三)12): no application without it. */
function PledgeField() {
  const { t } = useI18n();
  return (
    <Form.Item
      name="integrityPledge"
      valuePropName="checked"
      extra={t('income.pledgeHint')}
      rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('form.required')))) }]}
    >
      <Checkbox data-testid="integrity-pledge">{t('income.pledge')}</Checkbox>
    </Form.Item>
  );
}

/** The form keeps the values of every kind it has shown: send only the chosen kind's fields. */
function applyBody(v: Record<string, unknown>): unknown {
  const { deductionClaims, reliefFirst, reliefKind, amountFen, perCapitaIncomeFen, classification, selfCare, ...rest } =
    yuanFields(v);
  if (v.kind === 'temp_relief') return { ...rest, reliefFirst, reliefKind, amountFen };
  const dibao = v.kind === 'dibao' ? { perCapitaIncomeFen, deductionClaims: claimsToBody(deductionClaims) } : {};
  const tekun = v.kind === 'tekun' ? { selfCare } : {};
  return { ...rest, classification, ...dibao, ...tekun };
}

/** A new application taken by the village: 低保, 特困 or temporary assistance, for a registered household. */
export function AssistanceApplyForm({ onDone }: { onDone: () => void }) {
  const { t, L } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefreshAfterWrite();
  const zf = useZodForm<typeof AssistanceApplyBody, Record<string, unknown>>(AssistanceApplyBody, {
    toBody: (v) => applyBody(v) as never,
    fieldOf: fenToYuanField,
  });
  const kind = (Form.useWatch('kind', zf.form) ?? 'dibao') as SocialAssistanceKind;
  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={{
        kind: 'dibao',
        classification: 'dibao',
        appliedOn: dayjs(),
        reliefFirst: false,
        reliefKind: 'emergency',
      }}
      onFinish={zf.submit(async (body) => {
        await api.post<AssistanceCaseView>('/api/assistance', body);
        message.success(t('assistance.applied'));
        await refresh();
        onDone();
      })}
      data-testid="assistance-apply"
    >
      <FormErrors zf={zf} />
      <Form.Item name="kind" label={t('assistance.kind')} rules={zf.rules('kind')}>
        <ChoiceButtons
          optionType="button"
          buttonStyle="solid"
          size="large"
          onChange={(e) =>
            zf.form.setFieldValue(
              'classification',
              e.target.value === 'dibao' ? 'dibao' : e.target.value === 'tekun' ? 'tekun_dispersed' : undefined,
            )
          }
        >
          {SocialAssistanceKind.values.map((k) => (
            <Radio.Button key={k} value={k}>
              {L(SocialAssistanceKind.labels[k])}
            </Radio.Button>
          ))}
        </ChoiceButtons>
      </Form.Item>
      <Form.Item name="householdId" label={t('lead.household')} rules={zf.rules('householdId')}>
        <HouseholdSelect />
      </Form.Item>
      <Form.Item name="appliedOn" label={t('assistance.appliedOn')} rules={zf.rules('appliedOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
      </Form.Item>
      <KindFields kind={kind} zf={zf} />
      <MemberField kind={kind} zf={zf} />
      {kind === 'dibao' ? <DibaoIncomeFields zf={zf} /> : null}
      <Form.Item name="cause" label={t('assistance.cause')} rules={zf.rules('cause')}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
      <PledgeField />
      <Button type="primary" htmlType="submit" block size="large" loading={zf.submitting}>
        {t('assistance.apply')}
      </Button>
    </Form>
  );
}
