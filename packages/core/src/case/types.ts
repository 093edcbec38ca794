import type { IsoDate } from '../dates.js';
import type {
  CaseStage,
  Department,
  HouseholdType,
  EliminationMethod,
  MonitoringCategory,
  RiskType,
  Role,
} from '../enums.js';
import type { ErrorCode, ErrorIssue, LocalizedText } from '../errors.js';
import type { PolicyBody } from '../policy.js';
import type { CaseActionType } from './actions.js';

/**
 * The statutory deadlines a case carries (S3 §三(四)(五); policy `deadlines`). A deadline, once set, keeps its
 * date for the life of the case; a step "clears" it by closing it (the date stays, for the S3 inspection of
 * whether it was met in time), and `currentDueOn` moves to the nearest deadline still open.
 */
export type CaseDeadlineKind = 'verification' | 'identification' | 'assistance_plan';

/** Votes of the latest 民主评议 (S1 §四(三)1; review_meeting). */
export interface CaseReviewVotes {
  purpose: 'identification' | 'elimination';
  heldOn: IsoDate;
  attendees: number;
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  /** more than half of those present agreed (村民委员会组织法 第二十六条) */
  passed: boolean;
}

/**
 * Facts about a case kept in other tables, loaded by the service before a transition and written back from the
 * events it returns: commitment_authorization, notice_objection, review_meeting, assistance_plan/measure.
 */
export interface CaseFacts {
  /** a signed 承诺授权书 is on file (commitment_authorization row) */
  commitmentOnFile: boolean;
  /** objections to the current notice not yet resolved (notice_objection where resolved_on is null) */
  openObjections: number;
  latestReview: CaseReviewVotes | null;
  /** the assistance plan's creation date; null while there is none (its existence closes the plan deadline) */
  planCreatedOn: IsoDate | null;
  /** measures implementing or done (read by the elimination guards, shown in the UI) */
  measuresInPlace: number;
}

/**
 * One monitoring case (one episode of a household), as the machine sees it: the columns of monitoring_case
 * (camelCase; `discoveredOn` is the China calendar date of discovered_at) plus the facts its guards read.
 * Fields marked (no column) need columns the 0001 schema lacks; see docs/case-procedure.md.
 */
export interface CaseState {
  /** null until the service has stored the case */
  id: string | null;
  householdId: string;
  /** the household's village, a 12-digit region code */
  regionCode: string;
  leadId: string | null;
  previousCaseId: string | null;
  episode: number;
  stage: CaseStage;
  category: MonitoringCategory | null;
  riskTypes: RiskType[];
  /** the day the lead was discovered: starts the 15-day clock (S3 §三(四)) */
  discoveredOn: IsoDate;
  /** (no column) the first home verification; closes the verification deadline */
  verifiedOn: IsoDate | null;
  commitmentSignedOn: IsoDate | null;
  villageReviewedOn: IsoDate | null;
  noticeStartOn: IsoDate | null;
  /** last day of the notice (the posting day is not counted, see docs/case-procedure.md) */
  noticeEndOn: IsoDate | null;
  townshipReviewedOn: IsoDate | null;
  confirmedOn: IsoDate | null;
  rejectedOn: IsoDate | null;
  rejectionReason: string | null;
  eliminationProposedOn: IsoDate | null;
  /** (no column) the elimination's village review */
  eliminationVillageReviewedOn: IsoDate | null;
  /** (no column) the elimination notice */
  eliminationNoticeStartOn: IsoDate | null;
  /** (no column) */
  eliminationNoticeEndOn: IsoDate | null;
  /** (no column) */
  eliminationTownshipReviewedOn: IsoDate | null;
  eliminatedOn: IsoDate | null;
  eliminationMethod: EliminationMethod | null;
  rolledBackOn: IsoDate | null;
  /** (no column on monitoring_case; lead.verify_due_on holds the same date) discovered + verificationDays */
  verificationDueOn: IsoDate | null;
  /** discovered + identificationDays (S3 §三(四)) */
  identificationDueOn: IsoDate | null;
  /** confirmed + planDays (S3 §三(五)) */
  planDueOn: IsoDate | null;
  /** the nearest deadline still open, and its kind; null when none is open */
  currentDueOn: IsoDate | null;
  currentDueKind: CaseDeadlineKind | null;
  /** 整户无劳动能力 (S1 §四(四); S3 §三(七)): keeps the household under monitoring */
  wholeHouseholdNoLabor: boolean;
  /** optimistic-concurrency version: +1 per successful transition */
  version: number;
  facts: CaseFacts;
}

/** Who takes a step. `scopeCode` is a region prefix (village 12, township 9, county 6 digits). */
export interface CaseActor {
  id: string;
  role: Role;
  scopeCode: string;
  department?: Department;
}

/** What `evaluateEliminationGuards` (elimination.ts) returns, as far as the machine needs it. */
export interface EliminationGuardsOutcome {
  met: boolean;
  failedRuleIds: string[];
}

export interface CaseContext {
  /** required by propose_elimination and county_approve_elimination; evaluated by the caller as of `now` */
  eliminationGuards?: EliminationGuardsOutcome;
  /** the household's type (脱贫户 or 一般农户): county_confirm checks the category against it */
  householdType?: HouseholdType;
  /**
   * 绿色通道 (issue 15 §6; W12, W43): the case came from a disaster lead and the policy's disaster.fastChannel is on,
   * so help comes first: record_assistance_plan is open during identification too, and the statutory steps
   * (notice, township review, county confirmation) are completed afterwards
   */
  fastChannel?: boolean;
}

/** The policy fields the machine reads (a ResolvedPolicy fits). */
export interface CasePolicy {
  deadlines: Pick<PolicyBody['deadlines'], 'identificationDays' | 'noticeMinDays' | 'planDays' | 'verificationDays'>;
  /** recorded on the events that set a deadline, so "why this date" can be answered */
  versionLabel?: string;
}

/** Stable ids of why a step was refused (finer than the ErrorCode). */
export type CaseRefusalReason =
  | 'invalid_action'
  | 'invalid_date'
  | 'role_not_allowed'
  | 'out_of_scope'
  | 'stage_not_allowed'
  | 'case_required'
  | 'household_mismatch'
  | 'date_in_future'
  | 'date_before_previous_step'
  | 'commitment_missing'
  | 'commitment_already_on_file'
  | 'authorization_missing'
  | 'votes_exceed_attendees'
  | 'notice_too_short'
  | 'notice_not_elapsed'
  | 'open_objection'
  | 'no_open_objection'
  | 'no_labor_flag_set'
  | 'no_labor_flag_not_set'
  | 'elimination_guards_not_evaluated'
  | 'elimination_guards_not_met'
  | 'plan_already_recorded'
  | 'category_not_for_household_type';

/** A fact-level record of one transition; the service stores it in case_event (type → action column). */
export interface CaseEvent {
  type: CaseEventType;
  action: CaseActionType;
  fromStage: CaseStage | null;
  toStage: CaseStage;
  /** the calendar day the step was recorded */
  on: IsoDate;
  actorId: string;
  actorRole: Role;
  /** the action's fields plus what the machine derived (vote result, deadlines opened and closed, policy) */
  payload: Record<string, unknown>;
}

export type CaseEventType =
  | 'verification_started'
  | 'risk_remarked'
  | 'verification_at_risk'
  | 'verification_no_risk'
  | 'commitment_signed'
  | 'village_review_passed'
  | 'village_review_failed'
  | 'public_notice_started'
  | 'objection_recorded'
  | 'objection_resolved'
  | 'township_approved'
  | 'township_returned'
  | 'township_rejected'
  | 'county_confirmed'
  | 'county_rejected'
  | 'case_rejected'
  | 'assistance_plan_recorded'
  | 'elimination_proposed'
  | 'elimination_approved'
  | 'elimination_refused'
  | 'elimination_rolled_back'
  | 'no_labor_flag_set'
  | 'no_labor_flag_cleared';

export interface TransitionOk {
  ok: true;
  /** the case after the step; for start_verification and remark_risk, the newly opened case */
  state: CaseState;
  events: CaseEvent[];
  /** true when the step opened a new case (the input state, if any, is unchanged) */
  opened: boolean;
}

export interface TransitionRefused {
  ok: false;
  code: ErrorCode;
  reason: CaseRefusalReason;
  message: LocalizedText;
  issues: ErrorIssue[];
  details?: Record<string, unknown>;
}

export type TransitionResult = TransitionOk | TransitionRefused;
