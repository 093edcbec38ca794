import { z } from 'zod';
import { isIsoDate } from '../dates.js';
import { EliminationMethod, LeadChannel, LeadSubChannel, MonitoringCategory, RiskType, type Label } from '../enums.js';

/**
 * The steps of a case, one zod schema each. A step's body schema (without `type`) is the HTTP request body of
 * its endpoint; the action schema adds the `type` discriminator for `transition`. Dates that happened in the
 * field (a visit, a signature, a meeting, a notice, an objection) are carried by the step; decisions taken in the
 * system (township and county) are dated by `now`. Deadlines are never carried: the machine computes them.
 */

const isoDate = z
  .string()
  .refine(isIsoDate, { message: '日期应为有效的 YYYY-MM-DD / must be a valid date YYYY-MM-DD' });
const text = (max: number) => z.string().trim().min(1, '不能为空 / must not be empty').max(max);
const riskTypes = z.array(z.enum(RiskType.values)).max(RiskType.values.length);
const count = z.number().int().min(0).max(100_000);

function votesWithinAttendees(
  v: { attendees: number; votesFor: number; votesAgainst: number; abstentions: number },
  ctx: z.RefinementCtx,
) {
  if (v.votesFor + v.votesAgainst + v.abstentions > v.attendees) {
    ctx.addIssue({
      code: 'custom',
      path: ['votesFor'],
      message: `赞成、反对、弃权票合计 ${v.votesFor + v.votesAgainst + v.abstentions} 超过到会人数 ${v.attendees} / votes for, against and abstentions exceed the attendees`,
    });
  }
}

function riskTypesWhenAtRisk(v: { result: string; riskTypes?: string[] | undefined }, ctx: z.RefinementCtx) {
  if (v.result === 'at_risk' && !v.riskTypes?.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['riskTypes'],
      message: '核实有风险时须填写风险类型 / at least one risk type is required when the household is at risk',
    });
  }
}

function opinionUnlessApproved(v: { decision: string; opinion?: string | undefined }, ctx: z.RefinementCtx) {
  if (v.decision !== 'approve' && !v.opinion) {
    ctx.addIssue({
      code: 'custom',
      path: ['opinion'],
      message: '退回或不予通过须写明意见 / an opinion is required to return or reject',
    });
  }
}

const shapes = {
  /** open a case from a lead (null or a rejected previous case) */
  start_verification: {
    type: z.literal('start_verification'),
    householdId: z.uuid(),
    regionCode: z.string().regex(/^\d{12}$/, '应为12位村级区划代码 / must be a 12-digit village code'),
    leadId: z.uuid().optional(),
    channel: z.enum(LeadChannel.values),
    subChannel: z.enum(LeadSubChannel.values).optional(),
    discoveredOn: isoDate,
    riskTypes: riskTypes.optional(),
  },
  /** 风险再标注: a new risk after elimination opens a new episode linked to the eliminated case */
  remark_risk: {
    type: z.literal('remark_risk'),
    leadId: z.uuid().optional(),
    channel: z.enum(LeadChannel.values),
    subChannel: z.enum(LeadSubChannel.values).optional(),
    discoveredOn: isoDate,
    riskTypes: riskTypes.optional(),
  },
  record_verification: {
    type: z.literal('record_verification'),
    result: z.enum(['at_risk', 'no_risk']),
    verifiedOn: isoDate,
    verifiers: z.array(text(50)).min(1).max(20),
    findings: text(2000),
    riskTypes: riskTypes.optional(),
  },
  sign_commitment: {
    type: z.literal('sign_commitment'),
    signedOn: isoDate,
    signerName: text(50),
    signerMemberId: z.uuid().optional(),
    /** the household authorises the lawful check of its assets (S1 §四(三)) */
    authorizesAssetCheck: z.boolean(),
    documentRef: text(200).optional(),
  },
  record_village_review: {
    type: z.literal('record_village_review'),
    heldOn: isoDate,
    attendees: count.min(1),
    votesFor: count,
    votesAgainst: count,
    abstentions: count,
    minutes: text(5000).optional(),
  },
  start_public_notice: {
    type: z.literal('start_public_notice'),
    startOn: isoDate,
    /** the last day the notice stays up */
    endOn: isoDate,
    place: text(200),
  },
  record_objection: {
    type: z.literal('record_objection'),
    raisedOn: isoDate,
    content: text(2000),
    raisedBy: text(50).optional(),
  },
  resolve_objection: {
    type: z.literal('resolve_objection'),
    objectionId: z.uuid().optional(),
    resolvedOn: isoDate,
    resolution: text(2000),
    upheld: z.boolean(),
  },
  township_review: {
    type: z.literal('township_review'),
    decision: z.enum(['approve', 'return', 'reject']),
    opinion: text(2000).optional(),
    /** 研判风险类型 (S1 §四(三)2): the township may restate the risk types */
    riskTypes: riskTypes.min(1).optional(),
  },
  county_confirm: {
    type: z.literal('county_confirm'),
    category: z.enum(MonitoringCategory.values),
    riskTypes: riskTypes.min(1),
    /** 数据比对 (S1 §四(三)3): what the comparison with department data found */
    dataComparisonNote: text(2000),
  },
  county_reject: {
    type: z.literal('county_reject'),
    reason: text(2000),
  },
  reject_case: {
    type: z.literal('reject_case'),
    reason: text(2000),
  },
  record_assistance_plan: {
    type: z.literal('record_assistance_plan'),
    planId: z.uuid().optional(),
    createdOn: isoDate,
  },
  propose_elimination: {
    type: z.literal('propose_elimination'),
    method: z.enum(EliminationMethod.values),
    proposedOn: isoDate,
    findings: text(2000),
  },
  county_approve_elimination: {
    type: z.literal('county_approve_elimination'),
    note: text(2000).optional(),
  },
  county_reject_elimination: {
    type: z.literal('county_reject_elimination'),
    reason: text(2000),
  },
  rollback_elimination: {
    type: z.literal('rollback_elimination'),
    reason: text(2000),
  },
  set_no_labor_flag: {
    type: z.literal('set_no_labor_flag'),
    /** the day township and village determined it (S3 §三(七)) */
    determinedOn: isoDate,
    basis: text(2000),
  },
  clear_no_labor_flag: {
    type: z.literal('clear_no_labor_flag'),
    reason: text(2000),
  },
} as const;

export type CaseActionType = keyof typeof shapes;
export const CASE_ACTION_TYPES = Object.keys(shapes) as [CaseActionType, ...CaseActionType[]];

const refinements: Partial<Record<CaseActionType, (v: never, ctx: z.RefinementCtx) => void>> = {
  record_verification: riskTypesWhenAtRisk,
  record_village_review: votesWithinAttendees,
  township_review: opinionUnlessApproved,
};

type Shapes = typeof shapes;
type ActionSchemaMap = { [T in CaseActionType]: z.ZodObject<Shapes[T], z.core.$strict> };
type BodySchemaMap = { [T in CaseActionType]: z.ZodType<Omit<z.infer<ActionSchemaMap[T]>, 'type'>> };

function actionSchema<T extends CaseActionType>(type: T) {
  const schema = z.object(shapes[type]).strict();
  const refine = refinements[type] as ((v: unknown, ctx: z.RefinementCtx) => void) | undefined;
  return refine ? schema.superRefine(refine) : schema;
}

function bodySchema<T extends CaseActionType>(type: T) {
  const { type: _discriminator, ...body }: z.ZodRawShape = shapes[type];
  const schema = z.object(body).strict();
  const refine = refinements[type] as ((v: unknown, ctx: z.RefinementCtx) => void) | undefined;
  return refine ? schema.superRefine(refine) : schema;
}

/** Request bodies, one per step endpoint (`POST /api/cases/:id/<type>`). */
export const CaseActionBodySchemas = Object.fromEntries(
  CASE_ACTION_TYPES.map((t) => [t, bodySchema(t)]),
) as unknown as BodySchemaMap;

/** Action schemas with their `type` discriminator. */
export const CaseActionSchemas = Object.fromEntries(
  CASE_ACTION_TYPES.map((t) => [t, actionSchema(t)]),
) as ActionSchemaMap;

export const CaseActionSchema = z.discriminatedUnion(
  'type',
  CASE_ACTION_TYPES.map((t) => CaseActionSchemas[t]) as unknown as [
    ActionSchemaMap[CaseActionType],
    ...ActionSchemaMap[CaseActionType][],
  ],
);

export type CaseActionOf<T extends CaseActionType> = z.infer<ActionSchemaMap[T]>;
export type CaseActionBody<T extends CaseActionType> = z.infer<BodySchemaMap[T]>;
export type CaseAction = { [T in CaseActionType]: CaseActionOf<T> }[CaseActionType];

/** Button and log labels, zh-CN first. */
export const CASE_ACTION_LABELS: Record<CaseActionType, Label> = {
  start_verification: { zh: '立案入户核实', en: 'Start home verification' },
  remark_risk: { zh: '风险再标注', en: 'Re-mark a new risk' },
  record_verification: { zh: '登记核实结果', en: 'Record verification result' },
  sign_commitment: { zh: '签订承诺授权书', en: 'Record signed commitment and authorisation' },
  record_village_review: { zh: '登记民主评议', en: 'Record village democratic review' },
  start_public_notice: { zh: '村内公示', en: 'Start village public notice' },
  record_objection: { zh: '登记公示异议', en: 'Record an objection' },
  resolve_objection: { zh: '办结公示异议', en: 'Resolve an objection' },
  township_review: { zh: '乡镇复核', en: 'Township review' },
  county_confirm: { zh: '县级确定监测对象', en: 'County confirmation' },
  county_reject: { zh: '县级不予认定', en: 'County rejection' },
  reject_case: { zh: '不予认定', en: 'Reject' },
  record_assistance_plan: { zh: '登记帮扶计划', en: 'Record the assistance plan' },
  propose_elimination: { zh: '拟风险消除', en: 'Propose risk elimination' },
  county_approve_elimination: { zh: '县级确认风险消除', en: 'County approves elimination' },
  county_reject_elimination: { zh: '县级不同意风险消除', en: 'County refuses elimination' },
  rollback_elimination: { zh: '风险消除回退', en: 'Roll back the elimination' },
  set_no_labor_flag: { zh: '标注整户无劳动能力', en: 'Flag: whole household without labour capacity' },
  clear_no_labor_flag: { zh: '取消整户无劳动能力标注', en: 'Clear the no-labour flag' },
};
