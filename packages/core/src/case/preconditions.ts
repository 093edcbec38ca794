import { addDays } from '../dates.js';
import { ELIMINATION_STAGES } from './rules.js';
import { refuse, type StepEnv } from './support.js';
import type { CaseEventType, CaseState, TransitionRefused } from './types.js';

/** Preconditions shared by several steps, each with the seed paragraph it enforces. */

/** What a handler returns when the step is allowed: the next state and the event it records. */
export interface Step {
  state: CaseState;
  event: CaseEventType;
  payload?: Record<string, unknown>;
}
export type StepOutcome = Step | TransitionRefused;

export const isElimination = (s: CaseState) => ELIMINATION_STAGES.includes(s.stage);

/** S1 §四(三): "监测对象确定前,农户应承诺…并授权…": no decision without the signed commitment. */
export function needCommitment(s: CaseState): TransitionRefused | null {
  if (s.facts.commitmentOnFile && s.commitmentSignedOn) return null;
  return refuse(
    'precondition_failed',
    'commitment_missing',
    '农户尚未签订承诺授权书，不能作出认定（S1 §四(三)）',
    'the household has not signed the commitment and authorisation; no decision can be taken (S1 §四(三))',
  );
}

/** S3 §三(四): a notice with an open objection cannot lead to a decision. */
export function needNoObjection(s: CaseState): TransitionRefused | null {
  if (s.facts.openObjections === 0) return null;
  return refuse(
    'precondition_failed',
    'open_objection',
    `尚有 ${s.facts.openObjections} 条公示异议未办结`,
    `${s.facts.openObjections} objection(s) to the notice are still open`,
    [],
    { openObjections: s.facts.openObjections },
  );
}

/**
 * S3 §三(四) "村内公示不少于5天": the notice is complete once its last day has passed (民法典 第二百零三条: a
 * period ends at 24:00 of its last day), so the township may review from the day after.
 */
export function needNoticeElapsed(s: CaseState, env: StepEnv): TransitionRefused | null {
  if (env.unknownToday) return null;
  const end = isElimination(s) ? s.eliminationNoticeEndOn : s.noticeEndOn;
  if (end && env.today > end) return null;
  const from = end ? addDays(end, 1) : null;
  return refuse(
    'precondition_failed',
    'notice_not_elapsed',
    `公示期至 ${end ?? '—'} 结束，${from ?? '公示结束后'}起方可复核（S3 §三(四)）`,
    `the notice runs until ${end ?? '—'}; the review may follow from ${from ?? 'its end'} (S3 §三(四))`,
    [],
    { noticeEndOn: end, reviewFrom: from },
  );
}

/** S1 §四(四), S3 §三(七): the whole-household-no-labour flag keeps the household under monitoring. */
export function needNoFlag(s: CaseState): TransitionRefused | null {
  if (!s.wholeHouseholdNoLabor) return null;
  return refuse(
    'precondition_failed',
    'no_labor_flag_set',
    '整户无劳动能力的监测对象暂不标注风险消除（S1 §四(四)；S3 §三(七)）',
    'a household flagged as having no labour capacity stays monitored and cannot be marked eliminated (S1 §四(四); S3 §三(七))',
  );
}
