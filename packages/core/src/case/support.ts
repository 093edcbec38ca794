import { chinaDate, isIsoDate, type IsoDate } from '../dates.js';
import { CaseStage } from '../enums.js';
import type { ErrorCode, ErrorIssue } from '../errors.js';
import type { CaseContext, CaseActor, CasePolicy, CaseRefusalReason, CaseState, TransitionRefused } from './types.js';

/** What every step sees besides the case and the action. */
export interface StepEnv {
  actor: CaseActor;
  today: IsoDate;
  policy: CasePolicy;
  context: CaseContext;
  /**
   * allowedActions without `today` or `context`: checks that need them are skipped (the button is shown; the
   * transition itself still refuses).
   */
  unknownToday?: boolean;
  unknownContext?: boolean;
}

export function refuse(
  code: ErrorCode,
  reason: CaseRefusalReason,
  zh: string,
  en: string,
  issues: ErrorIssue[] = [],
  details?: Record<string, unknown>,
): TransitionRefused {
  return { ok: false, code, reason, message: { zh, en }, issues, ...(details ? { details } : {}) };
}

export function stageLabel(stage: CaseStage | null): { zh: string; en: string } {
  return stage ? CaseStage.labels[stage] : { zh: '尚未立案', en: 'no case yet' };
}

/**
 * A date the step carries must not lie in the future nor before the step it follows.
 * `after` lists the earlier steps' dates with their names.
 */
export function checkDate(
  field: string,
  value: IsoDate,
  today: IsoDate,
  after: [IsoDate | null | undefined, string, string][] = [],
): TransitionRefused | null {
  if (value > today) {
    return refuse(
      'validation_failed',
      'date_in_future',
      `${field} 不能晚于今天 ${today}（填写的是 ${value}）`,
      `${field} cannot be after today ${today} (got ${value})`,
      [{ path: field, message: `date ${value} is after today ${today}` }],
    );
  }
  for (const [earlier, zh, en] of after) {
    if (earlier && value < earlier) {
      return refuse(
        'validation_failed',
        'date_before_previous_step',
        `${field} ${value} 早于${zh}日期 ${earlier}`,
        `${field} ${value} is before the ${en} on ${earlier}`,
        [{ path: field, message: `date ${value} is before ${en} ${earlier}` }],
      );
    }
  }
  return null;
}

/** The China calendar day of `now` (a Date, an ISO instant or a YYYY-MM-DD day); null when unreadable. */
export function dayOf(now: IsoDate | Date | string): IsoDate | null {
  if (now instanceof Date) return Number.isNaN(now.getTime()) ? null : chinaDate(now);
  if (isIsoDate(now)) return now;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(now)) return null;
  const d = new Date(now);
  return Number.isNaN(d.getTime()) ? null : chinaDate(d);
}

/** A case as it is opened: verifying, every procedural date and deadline empty, the facts blank. */
export function blankCase(
  fields: Pick<CaseState, 'householdId' | 'regionCode' | 'leadId' | 'previousCaseId' | 'episode' | 'discoveredOn'> &
    Partial<CaseState>,
): CaseState {
  return {
    id: null,
    stage: 'verifying',
    category: null,
    riskTypes: [],
    verifiedOn: null,
    commitmentSignedOn: null,
    villageReviewedOn: null,
    noticeStartOn: null,
    noticeEndOn: null,
    townshipReviewedOn: null,
    confirmedOn: null,
    rejectedOn: null,
    rejectionReason: null,
    eliminationProposedOn: null,
    eliminationVillageReviewedOn: null,
    eliminationNoticeStartOn: null,
    eliminationNoticeEndOn: null,
    eliminationTownshipReviewedOn: null,
    eliminatedOn: null,
    eliminationMethod: null,
    rolledBackOn: null,
    verificationDueOn: null,
    identificationDueOn: null,
    planDueOn: null,
    currentDueOn: null,
    currentDueKind: null,
    wholeHouseholdNoLabor: false,
    version: 1,
    facts: { commitmentOnFile: false, openObjections: 0, latestReview: null, planCreatedOn: null, measuresInPlace: 0 },
    ...fields,
  };
}

/** Dates of one pass through review, notice and township review; cleared when the case is sent back. */
export const IDENTIFICATION_ROUND_CLEARED = {
  villageReviewedOn: null,
  noticeStartOn: null,
  noticeEndOn: null,
  townshipReviewedOn: null,
} as const;

export const ELIMINATION_ROUND_CLEARED = {
  eliminationVillageReviewedOn: null,
  eliminationNoticeStartOn: null,
  eliminationNoticeEndOn: null,
  eliminationTownshipReviewedOn: null,
} as const;

/** An elimination that did not go through (or was rolled back): the case is plainly monitored again. */
export const ELIMINATION_CLEARED = {
  ...ELIMINATION_ROUND_CLEARED,
  eliminationProposedOn: null,
  eliminationMethod: null,
} as const;
