import { addDays, CASE_ACTION_LABELS, EliminationMethod, LeadChannel, LeadSubChannel, RiskType } from '@dixian/core';
import type { CaseActionType } from '@dixian/core';
import { caseStepBody, LEAD_SUB_CHANNELS, type CaseDetail } from '@dixian/core/api';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { useHousehold, useResolvedPolicy } from '../../api/queries';
import { useRefreshAfterWrite } from '../../api/monitoring';
import { useSignedIn } from '../../auth/session';
import { EnumSelect } from '../../components/EnumSelect';
import { CategoryField } from './CategoryField';
import { FormErrors } from '../../forms/FormErrors';
import { useZodForm, type ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';
import { today } from '../../lib/format';

/** Steps taken with a reason only (a rejection, a refusal, a rollback, clearing the flag). */
const REASON_STEPS = new Set<CaseActionType>([
  'county_reject',
  'reject_case',
  'county_reject_elimination',
  'rollback_elimination',
  'clear_no_labor_flag',
]);

/** The step forms built here; the plan has its own (PlanForm), a lead's first step is on the leads page. */
export const STEP_FORM_TYPES = new Set<CaseActionType>([
  'record_verification',
  'sign_commitment',
  'record_village_review',
  'start_public_notice',
  'record_objection',
  'resolve_objection',
  'township_review',
  'county_confirm',
  'propose_elimination',
  'county_approve_elimination',
  'set_no_labor_flag',
  'remark_risk',
  ...REASON_STEPS,
]);

/** A day that happened in the field: not in the future (the server also refuses one before the previous step). */
const pastOnly = (d: Dayjs) => d.isAfter(dayjs(), 'day');

function FieldDate({ zf, name, label }: { zf: ZodForm<never, never>; name: string; label: string }) {
  return (
    <Form.Item name={name} label={label} rules={zf.rules(name)}>
      <DatePicker style={{ width: '100%' }} disabledDate={pastOnly} inputReadOnly size="large" />
    </Form.Item>
  );
}

function Text({
  zf,
  name,
  label,
  rows = 3,
  hint,
}: {
  zf: ZodForm<never, never>;
  name: string;
  label: string;
  rows?: number;
  hint?: string;
}) {
  return (
    <Form.Item name={name} label={label} rules={zf.rules(name)} extra={hint}>
      <Input.TextArea rows={rows} showCount maxLength={2000} />
    </Form.Item>
  );
}

function Risks({ zf, name, label }: { zf: ZodForm<never, never>; name: string; label: string }) {
  return (
    <Form.Item name={name} label={label} rules={zf.rules(name)}>
      <EnumSelect enumDef={RiskType} mode="multiple" size="large" style={{ width: '100%' }} />
    </Form.Item>
  );
}

/** The village vote as it stands: passes with more than half of those present (村民委员会组织法 第二十六条). */
function VoteOutcome() {
  const { t } = useI18n();
  const attendees = Form.useWatch<number | undefined>('attendees');
  const votesFor = Form.useWatch<number | undefined>('votesFor');
  if (!attendees || votesFor === undefined || votesFor === null) return null;
  const passed = votesFor * 2 > attendees;
  return (
    <Alert
      type={passed ? 'success' : 'warning'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="vote-outcome"
      message={
        passed
          ? t('step.votePasses', { n: votesFor, m: attendees })
          : t('step.voteFails', { n: votesFor, m: attendees })
      }
    />
  );
}

/** The notice's last day may not come before the start plus the policy's minimum (S3 §三(四)). */
function NoticeHint({ minDays }: { minDays: number }) {
  const { t } = useI18n();
  const start = Form.useWatch<Dayjs | undefined>('startOn');
  if (!start) return null;
  return (
    <Typography.Paragraph type="secondary" data-testid="notice-hint">
      {t('step.noticeMin', { n: minDays, date: addDays(start.format('YYYY-MM-DD'), minDays) })}
    </Typography.Paragraph>
  );
}

function VerificationFields({ zf }: { zf: ZodForm<never, never> }) {
  const { t } = useI18n();
  const result = Form.useWatch<string | undefined>('result');
  return (
    <>
      <Form.Item name="result" label={t('step.result')} rules={zf.rules('result')}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large">
          <Radio.Button value="at_risk">{t('step.atRisk')}</Radio.Button>
          <Radio.Button value="no_risk">{t('step.noRisk')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <FieldDate zf={zf} name="verifiedOn" label={t('step.verifiedOn')} />
      <Form.Item
        name="verifiers"
        label={t('step.verifiers')}
        rules={zf.rules('verifiers')}
        extra={t('step.verifiersHint')}
      >
        <Select mode="tags" size="large" tokenSeparators={[',', '，', '、', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      {result === 'at_risk' ? <Risks zf={zf} name="riskTypes" label={t('step.riskTypes')} /> : null}
      <Text zf={zf} name="findings" label={result === 'no_risk' ? t('step.findingsNoRisk') : t('step.findings')} />
    </>
  );
}

type Zf = ZodForm<never, never>;
type Member = { id: string; name: string };
type Objection = CaseDetail['notices'][number]['objections'][number];

function SignCommitmentFields({ zf, members }: { zf: Zf; members: Member[] }) {
  const { t } = useI18n();
  return (
    <>
      <FieldDate zf={zf} name="signedOn" label={t('step.signedOn')} />
      <Form.Item name="signerName" label={t('step.signer')} rules={zf.rules('signerName')}>
        <AutoComplete
          size="large"
          options={members.map((m) => ({ value: m.name }))}
          filterOption={(input, o) => String(o?.value ?? '').includes(input)}
        />
      </Form.Item>
      <Form.Item
        name="authorizesAssetCheck"
        valuePropName="checked"
        rules={zf.rules('authorizesAssetCheck')}
        extra={t('step.authorizesHint')}
      >
        <Checkbox>{t('step.authorizes')}</Checkbox>
      </Form.Item>
      <Form.Item name="documentRef" label={t('step.documentRef')} rules={zf.rules('documentRef')}>
        <Input size="large" />
      </Form.Item>
    </>
  );
}

function VillageReviewFields({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <>
      <FieldDate zf={zf} name="heldOn" label={t('step.heldOn')} />
      <Space wrap size={12} style={{ display: 'flex' }}>
        {(['attendees', 'votesFor', 'votesAgainst', 'abstentions'] as const).map((k) => (
          <Form.Item key={k} name={k} label={t(`step.${k}`)} rules={zf.rules(k)} style={{ marginBottom: 12 }}>
            <InputNumber min={0} precision={0} size="large" style={{ width: 120 }} inputMode="numeric" />
          </Form.Item>
        ))}
      </Space>
      <VoteOutcome />
      <Text zf={zf} name="minutes" label={t('step.minutes')} />
    </>
  );
}

function PublicNoticeFields({ zf, minDays }: { zf: Zf; minDays: number }) {
  const { t } = useI18n();
  return (
    <>
      <FieldDate zf={zf} name="startOn" label={t('step.noticeStart')} />
      <Form.Item name="endOn" label={t('step.noticeEnd')} rules={zf.rules('endOn')}>
        <DatePicker style={{ width: '100%' }} inputReadOnly size="large" />
      </Form.Item>
      <NoticeHint minDays={minDays} />
      <Form.Item name="place" label={t('step.place')} rules={zf.rules('place')}>
        <Input size="large" />
      </Form.Item>
    </>
  );
}

function ObjectionFields({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <>
      <FieldDate zf={zf} name="raisedOn" label={t('step.raisedOn')} />
      <Form.Item name="raisedBy" label={t('step.raisedBy')} rules={zf.rules('raisedBy')}>
        <Input size="large" />
      </Form.Item>
      <Text zf={zf} name="content" label={t('step.objection')} />
    </>
  );
}

function ResolveObjectionFields({ zf, openObjections }: { zf: Zf; openObjections: Objection[] }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="objectionId" label={t('step.whichObjection')} rules={zf.rules('objectionId')}>
        <Select
          size="large"
          options={openObjections.map((o) => ({
            value: o.id,
            label: `${o.raisedOn} ${o.raisedBy ?? ''} ${o.content.slice(0, 40)}`,
          }))}
        />
      </Form.Item>
      <FieldDate zf={zf} name="resolvedOn" label={t('step.resolvedOn')} />
      <Text zf={zf} name="resolution" label={t('step.resolution')} />
      <Form.Item
        name="upheld"
        label={t('step.upheld')}
        valuePropName="checked"
        rules={zf.rules('upheld')}
        extra={t('step.upheldHint')}
      >
        <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
      </Form.Item>
    </>
  );
}

function TownshipReviewFields({ zf, detail }: { zf: Zf; detail: CaseDetail }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="decision" label={t('step.decision')} rules={zf.rules('decision')}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large">
          <Radio.Button value="approve">{t('step.approve')}</Radio.Button>
          <Radio.Button value="return">{t('step.return')}</Radio.Button>
          <Radio.Button value="reject">{t('step.reject')}</Radio.Button>
        </Radio.Group>
      </Form.Item>
      <Text zf={zf} name="opinion" label={t('step.opinion')} hint={t('step.opinionHint')} />
      {detail.case.stage === 'publicizing' ? (
        <Risks zf={zf} name="riskTypes" label={t('step.riskTypesRestated')} />
      ) : null}
    </>
  );
}

function CountyConfirmFields({ zf, detail }: { zf: Zf; detail: CaseDetail }) {
  const { t } = useI18n();
  return (
    <>
      <CategoryField householdId={detail.case.householdId} rules={zf.rules('category')} />
      <Risks zf={zf} name="riskTypes" label={t('step.riskTypes')} />
      <Text zf={zf} name="dataComparisonNote" label={t('step.dataComparison')} hint={t('step.dataComparisonHint')} />
    </>
  );
}

function ProposeEliminationFields({ zf }: { zf: Zf }) {
  const { t, L } = useI18n();
  return (
    <>
      <Form.Item name="method" label={t('step.method')} rules={zf.rules('method')}>
        <Radio.Group optionType="button" buttonStyle="solid" size="large">
          {EliminationMethod.values.map((m) => (
            <Radio.Button key={m} value={m}>
              {L(EliminationMethod.labels[m])}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <FieldDate zf={zf} name="proposedOn" label={t('step.proposedOn')} />
      <Text zf={zf} name="findings" label={t('step.eliminationFindings')} />
    </>
  );
}

function NoLaborFlagFields({ zf }: { zf: Zf }) {
  const { t } = useI18n();
  return (
    <>
      <FieldDate zf={zf} name="determinedOn" label={t('step.determinedOn')} />
      <Text zf={zf} name="basis" label={t('step.basis')} />
    </>
  );
}

function RemarkRiskFields({ zf }: { zf: Zf }) {
  const { t, L } = useI18n();
  return (
    <>
      <Form.Item name="channel" label={t('lead.channel')} rules={zf.rules('channel')}>
        <EnumSelect enumDef={LeadChannel} size="large" style={{ width: '100%' }} allowClear={false} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.channel !== b.channel}>
        {({ getFieldValue }) => {
          const channel = getFieldValue('channel') as LeadChannel | undefined;
          const subs = channel ? LEAD_SUB_CHANNELS[channel] : [];
          return (
            <Form.Item name="subChannel" label={t('lead.subChannel')} rules={zf.rules('subChannel')}>
              <Select
                size="large"
                allowClear
                options={subs.map((s) => ({ value: s, label: L(LeadSubChannel.labels[s]) }))}
              />
            </Form.Item>
          );
        }}
      </Form.Item>
      <FieldDate zf={zf} name="discoveredOn" label={t('lead.discoveredOn')} />
      <Risks zf={zf} name="riskTypes" label={t('step.riskTypes')} />
    </>
  );
}

function Fields({ type, detail, zf }: { type: CaseActionType; detail: CaseDetail; zf: Zf }) {
  const { t, lang } = useI18n();
  const household = useHousehold(detail.case.householdId);
  const policy = useResolvedPolicy(detail.case.regionCode);
  const minDays =
    (policy.data?.body as { deadlines?: { noticeMinDays?: number } } | undefined)?.deadlines?.noticeMinDays ?? 5;
  const members = (household.data?.members ?? []).filter((m) => !m.deceasedOn);
  const openObjections = detail.notices.flatMap((n) => n.objections.filter((o) => !o.resolvedOn));

  if (REASON_STEPS.has(type)) return <Text zf={zf} name="reason" label={t('step.reason')} rows={4} />;
  switch (type) {
    case 'record_verification':
      return <VerificationFields zf={zf} />;
    case 'sign_commitment':
      return <SignCommitmentFields zf={zf} members={members} />;
    case 'record_village_review':
      return <VillageReviewFields zf={zf} />;
    case 'start_public_notice':
      return <PublicNoticeFields zf={zf} minDays={minDays} />;
    case 'record_objection':
      return <ObjectionFields zf={zf} />;
    case 'resolve_objection':
      return <ResolveObjectionFields zf={zf} openObjections={openObjections} />;
    case 'township_review':
      return <TownshipReviewFields zf={zf} detail={detail} />;
    case 'county_confirm':
      return <CountyConfirmFields zf={zf} detail={detail} />;
    case 'propose_elimination':
      return <ProposeEliminationFields zf={zf} />;
    case 'county_approve_elimination':
      return <Text zf={zf} name="note" label={t('step.note')} />;
    case 'set_no_labor_flag':
      return <NoLaborFlagFields zf={zf} />;
    case 'remark_risk':
      return <RemarkRiskFields zf={zf} />;
    default:
      return <Typography.Text type="danger">{lang === 'zh' ? '未知步骤' : 'Unknown step'}</Typography.Text>;
  }
}

/** Values a step's form starts with: today for field dates, the case's own risk types, the signed-in cadre. */
function initialValues(type: CaseActionType, detail: CaseDetail, me: string, noticeMinDays: number) {
  const now = dayjs();
  const c = detail.case;
  switch (type) {
    case 'record_verification':
      return { verifiedOn: now, verifiers: [me], riskTypes: c.riskTypes };
    case 'sign_commitment':
      return { signedOn: now, signerName: detail.household.headName ?? undefined, authorizesAssetCheck: false };
    case 'record_village_review':
      return { heldOn: now, votesAgainst: 0, abstentions: 0 };
    case 'start_public_notice':
      return { startOn: now, endOn: dayjs(addDays(today(), noticeMinDays)), place: undefined };
    case 'record_objection':
      return { raisedOn: now };
    case 'resolve_objection': {
      const open = detail.notices.flatMap((n) => n.objections.filter((o) => !o.resolvedOn));
      return { resolvedOn: now, objectionId: open[0]?.id, upheld: false };
    }
    case 'township_review':
      return { decision: 'approve' };
    case 'county_confirm':
      return { riskTypes: c.riskTypes };
    case 'propose_elimination':
      return { proposedOn: now, method: 'assisted' };
    case 'set_no_labor_flag':
      return { determinedOn: now };
    case 'remark_risk':
      return { channel: 'cadre_screening', subChannel: 'visit', discoveredOn: now };
    default:
      return {};
  }
}

/**
 * The form of one case step, validated with the step's own schema (`caseStepBody(type)`, the body the server
 * parses) and sent with the case version last read. A 409 `version_conflict` means someone saved the case in
 * between: the message says so and offers to reload, keeping what was typed.
 */
export function StepForm({
  type,
  detail,
  endpoint,
  onDone,
  onReload,
}: {
  type: CaseActionType;
  detail: CaseDetail;
  endpoint: string;
  onDone: (next: CaseDetail) => void;
  onReload: () => Promise<unknown>;
}) {
  const { t, L } = useI18n();
  const { message } = App.useApp();
  const session = useSignedIn();
  const refresh = useRefreshAfterWrite();
  const household = useHousehold(detail.case.householdId);
  const members = (household.data?.members ?? []).filter((m) => !m.deceasedOn);
  const schema = useMemo(() => caseStepBody(type), [type]);
  const zf = useZodForm<typeof schema, Record<string, unknown>>(schema, {
    toBody: (v) => {
      const body: Record<string, unknown> = { ...v, version: detail.case.version };
      // the signer is linked to the member of that name, when there is exactly one
      if (type === 'sign_commitment') {
        const same = members.filter((m) => m.name === v.signerName);
        if (same.length === 1) body.signerMemberId = same[0]!.id;
      }
      if (type === 'record_verification' && v.result === 'no_risk') delete body.riskTypes;
      return body as never;
    },
  });
  const policy = useResolvedPolicy(detail.case.regionCode);
  const noticeMinDays =
    (policy.data?.body as { deadlines?: { noticeMinDays?: number } } | undefined)?.deadlines?.noticeMinDays ?? 5;
  const conflict = zf.error?.error?.code === 'version_conflict';

  return (
    <Form
      form={zf.form}
      layout="vertical"
      initialValues={initialValues(type, detail, session.user.displayName, noticeMinDays)}
      onFinish={zf.submit(async (body) => {
        const next = await api.post<CaseDetail>(endpoint, body);
        message.success(t('step.done', { step: L(CASE_ACTION_LABELS[type]) }));
        await refresh();
        onDone(next);
      })}
      data-testid={`step-form-${type}`}
      scrollToFirstError
    >
      {conflict ? (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t('step.conflictTitle')}
          description={t('step.conflictText')}
          action={
            <Button
              onClick={async () => {
                await onReload();
                zf.clearError();
              }}
              data-testid="reload-case"
            >
              {t('step.reload')}
            </Button>
          }
        />
      ) : (
        <FormErrors zf={zf} />
      )}
      <Fields type={type} detail={detail} zf={zf as unknown as ZodForm<never, never>} />
      <Button type="primary" htmlType="submit" size="large" block loading={zf.submitting} data-testid="step-submit">
        {L(CASE_ACTION_LABELS[type])}
      </Button>
    </Form>
  );
}
