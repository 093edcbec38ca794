/**
 * Case contracts (识别认定 → 监测 → 风险消除, docs/case-procedure.md): the case list sorted by the nearest
 * deadline, the case page (state, events, the caller's possible steps, deadlines, elimination guards), and one
 * request body per step: the step's own schema (`CaseActionBodySchemas[type]`) plus the `version` last read.
 */
import { z } from 'zod';
import { CASE_ACTION_TYPES, CaseActionBodySchemas, type CaseActionBody, type CaseActionType } from '../case/actions.js';
import { CaseStage, EliminationMethod, MonitoringCategory, MonitoringStatus, RiskType, Role } from '../enums.js';
import { Id, Instant, PageQuery, RegionCode, Version, pageOf, sortQuery } from './common.js';

const LabelView = z.object({ zh: z.string(), en: z.string() });
const Risks = z.array(z.enum(RiskType.values));
const DeadlineKind = z.enum(['verification', 'identification', 'assistance_plan']);

/**
 * The steps taken on an existing case at `POST /api/cases/:id/<step>` (the action type with `-` for `_`).
 * A case is opened from a lead (`POST /api/leads/:id/start-verification`) or, after an elimination, from the
 * household (`POST /api/households/:id/remark-risk`); the plan is recorded with the plan itself
 * (`POST /api/cases/:id/plan`).
 */
export const CASE_STEP_TYPES = CASE_ACTION_TYPES.filter(
  (t) => t !== 'start_verification' && t !== 'remark_risk' && t !== 'record_assistance_plan',
) as Exclude<CaseActionType, 'start_verification' | 'remark_risk' | 'record_assistance_plan'>[];
export type CaseStepType = (typeof CASE_STEP_TYPES)[number];

/** The path segment of a step: county_confirm → county-confirm. */
export function caseStepPath(type: CaseActionType): string {
  return type.replace(/_/g, '-');
}

/** Where the UI sends each step (ids filled in by the caller). */
export function caseActionEndpoint(
  type: CaseActionType,
  ids: { caseId: string | null; householdId: string; leadId: string | null },
): string | null {
  if (type === 'start_verification') return ids.leadId ? `/api/leads/${ids.leadId}/start-verification` : null;
  if (type === 'remark_risk') return `/api/households/${ids.householdId}/remark-risk`;
  if (!ids.caseId) return null;
  if (type === 'record_assistance_plan') return `/api/cases/${ids.caseId}/plan`;
  return `/api/cases/${ids.caseId}/${caseStepPath(type)}`;
}

/** The body of a step's endpoint: the step's fields (strict, refinements kept) and the case version. */
export function caseStepBody<T extends CaseActionType>(type: T): z.ZodType<CaseActionBody<T> & { version: number }> {
  return (CaseActionBodySchemas[type] as unknown as z.ZodObject).safeExtend({
    version: Version.describe('the case version last read; a stale one answers 409 version_conflict'),
  }) as unknown as z.ZodType<CaseActionBody<T> & { version: number }>;
}

/** POST /api/households/:id/remark-risk (风险再标注): a new episode after an elimination. */
export const RemarkRiskBody = caseStepBody('remark_risk');
export type RemarkRiskBody = z.infer<typeof RemarkRiskBody>;

// ---------------------------------------------------------------------------------------------------
// List

const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

/**
 * GET /api/cases: within the caller's area, nearest open deadline first. `due=open` keeps cases with an open
 * deadline, `due=overdue` those past it; `dueWithinDays` those due within that many days (overdue included).
 */
/** The case list's sortable columns (default: nearest deadline first). */
export const CASE_SORT = ['currentDueOn', 'stage', 'householdNo', 'regionCode', 'category', 'discoveredOn'] as const;

export const CaseListQuery = PageQuery.extend({
  stage: z.enum(CaseStage.values).optional(),
  region: RegionCode.optional(),
  due: z.enum(['open', 'overdue']).optional(),
  dueWithinDays: z.coerce.number().int().min(0).max(366).optional(),
  householdId: Id.optional(),
  noLabor: BoolQuery.optional(),
  sort: sortQuery(CASE_SORT),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseListItem = z
  .object({
    id: z.string(),
    householdId: z.string(),
    householdNo: z.string(),
    headName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('the village'),
    episode: z.number().int(),
    stage: z.enum(CaseStage.values),
    category: z.enum(MonitoringCategory.values).nullable(),
    riskTypes: Risks,
    discoveredOn: z.string(),
    currentDueOn: z.string().nullable(),
    currentDueKind: DeadlineKind.nullable(),
    daysLeft: z.number().int().nullable().describe('0 = due today, negative = overdue'),
    overdue: z.boolean(),
    wholeHouseholdNoLabor: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'CaseListItem' });
export type CaseListItem = z.infer<typeof CaseListItem>;

export const CasePage = pageOf(CaseListItem);
export type CasePage = z.infer<typeof CasePage>;

// ---------------------------------------------------------------------------------------------------
// The case page

export const CaseView = z
  .object({
    id: z.string(),
    householdId: z.string(),
    countyCode: z.string(),
    regionCode: z.string(),
    leadId: z.string().nullable(),
    previousCaseId: z.string().nullable(),
    episode: z.number().int(),
    stage: z.enum(CaseStage.values),
    stageLabel: LabelView,
    monitoringStatus: z.enum(MonitoringStatus.values),
    category: z.enum(MonitoringCategory.values).nullable(),
    riskTypes: Risks,
    discoveredOn: z.string(),
    verifiedOn: z.string().nullable(),
    commitmentSignedOn: z.string().nullable(),
    villageReviewedOn: z.string().nullable(),
    noticeStartOn: z.string().nullable(),
    noticeEndOn: z.string().nullable(),
    townshipReviewedOn: z.string().nullable(),
    confirmedOn: z.string().nullable(),
    rejectedOn: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    eliminationProposedOn: z.string().nullable(),
    eliminationVillageReviewedOn: z.string().nullable(),
    eliminationNoticeStartOn: z.string().nullable(),
    eliminationNoticeEndOn: z.string().nullable(),
    eliminationTownshipReviewedOn: z.string().nullable(),
    eliminatedOn: z.string().nullable(),
    eliminationMethod: z.enum(EliminationMethod.values).nullable(),
    rolledBackOn: z.string().nullable(),
    verificationDueOn: z.string().nullable(),
    identificationDueOn: z.string().nullable(),
    planDueOn: z.string().nullable(),
    currentDueOn: z.string().nullable(),
    currentDueKind: DeadlineKind.nullable(),
    wholeHouseholdNoLabor: z.boolean(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'Case' });
export type CaseView = z.infer<typeof CaseView>;

const DeadlineInfoView = z.object({
  kind: DeadlineKind,
  label: LabelView,
  dueOn: z.string(),
  open: z.boolean(),
  daysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  metOn: z.string().nullable(),
  late: z.boolean(),
});

export const CaseActionView = z.object({
  type: z.enum(CASE_ACTION_TYPES),
  label: LabelView,
  allowed: z.boolean(),
  /** why not, when not allowed (a stable CaseRefusalReason and its message) */
  reason: z.string().nullable(),
  message: LabelView.nullable(),
  endpoint: z.string().nullable(),
});
export type CaseActionView = z.infer<typeof CaseActionView>;

export const ExplanationView = z.object({
  ruleId: z.string(),
  source: z.string(),
  outcome: z.enum(['yes', 'no', 'disabled', 'unknown']),
  message: LabelView,
  facts: z.record(z.string(), z.unknown()),
  threshold: z.record(z.string(), z.unknown()),
  policyVersion: z.string(),
});

export const CaseEventView = z.object({
  seq: z.number().int(),
  type: z.string().describe('the event (past tense), e.g. county_confirmed'),
  fromStage: z.enum(CaseStage.values).nullable(),
  toStage: z.enum(CaseStage.values).nullable(),
  at: Instant,
  actorId: z.string().nullable(),
  actorRole: z.enum(Role.values).nullable(),
  payload: z.record(z.string(), z.unknown()),
});

const CommitmentView = z.object({
  id: z.string(),
  signedOn: z.string(),
  signerName: z.string(),
  authorizesAssetCheck: z.boolean(),
  documentRef: z.string().nullable(),
});

const ReviewView = z.object({
  id: z.string(),
  purpose: z.enum(['identification', 'elimination']),
  heldOn: z.string(),
  attendees: z.number().int(),
  votesFor: z.number().int(),
  votesAgainst: z.number().int(),
  abstentions: z.number().int(),
  passed: z.boolean(),
  minutes: z.string().nullable(),
});

const ObjectionView = z.object({
  id: z.string(),
  raisedOn: z.string(),
  raisedBy: z.string().nullable(),
  content: z.string(),
  resolvedOn: z.string().nullable(),
  resolution: z.string().nullable(),
  upheld: z.boolean().nullable(),
});

const NoticeView = z.object({
  id: z.string(),
  purpose: z.enum(['identification', 'elimination']),
  startOn: z.string(),
  endOn: z.string(),
  place: z.string().nullable(),
  closedOn: z.string().nullable(),
  objections: z.array(ObjectionView),
});

export const CaseDetail = z
  .object({
    case: CaseView,
    household: z.object({
      id: z.string(),
      householdNo: z.string(),
      headName: z.string().nullable(),
      regionName: z.string(),
      monitoringStatus: z.enum(MonitoringStatus.values),
    }),
    facts: z.object({
      commitmentOnFile: z.boolean(),
      openObjections: z.number().int(),
      planCreatedOn: z.string().nullable(),
      measuresInPlace: z.number().int(),
    }),
    deadlines: z.object({ current: DeadlineInfoView.nullable(), deadlines: z.array(DeadlineInfoView) }),
    /** every step the caller's role may ever take, allowed now or not (and why not) */
    actions: z.array(CaseActionView),
    allowedActions: z.array(z.enum(CASE_ACTION_TYPES)),
    /** the elimination guards as of today, while the household is monitored (S1 §四(四); S3 §三(六)) */
    guards: z
      .object({
        asOf: z.string(),
        met: z.boolean(),
        failedRuleIds: z.array(z.string()),
        explanations: z.array(ExplanationView),
      })
      .nullable(),
    policyVersion: z.string(),
    events: z.array(CaseEventView),
    commitment: CommitmentView.nullable(),
    reviews: z.array(ReviewView),
    notices: z.array(NoticeView),
    plan: z
      .object({ id: z.string(), createdOn: z.string(), measures: z.number().int(), version: z.number().int() })
      .nullable(),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof CaseDetail>;
