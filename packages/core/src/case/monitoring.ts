import type { CaseActionOf } from './actions.js';
import { isElimination, needNoFlag, needNoObjection, type StepOutcome } from './preconditions.js';
import { checkDate, ELIMINATION_CLEARED, refuse, type StepEnv } from './support.js';
import type { CaseState, TransitionRefused } from './types.js';

/**
 * Steps after confirmation: the assistance plan, the elimination procedure (the same review, notice, township
 * and county steps as identification, S1 §四(三)), rollback, and the whole-household-no-labour flag.
 */

/** The caller's evaluateEliminationGuards must have run and passed (S1 §四(四); S3 §三(六); W3). */
function needGuards(env: StepEnv): TransitionRefused | null {
  if (env.unknownContext) return null;
  const g = env.context.eliminationGuards;
  if (!g) {
    return refuse(
      'precondition_failed',
      'elimination_guards_not_evaluated',
      '未评估风险消除条件',
      'the elimination guards were not evaluated',
    );
  }
  if (g.met) return null;
  return refuse(
    'precondition_failed',
    'elimination_guards_not_met',
    `不符合风险消除条件：${g.failedRuleIds.join('、')}`,
    `the elimination guards are not met: ${g.failedRuleIds.join(', ')}`,
    [],
    { failedRuleIds: g.failedRuleIds },
  );
}

export function preRecordPlan(s: CaseState): TransitionRefused | null {
  if (!s.facts.planCreatedOn) return null;
  return refuse(
    'precondition_failed',
    'plan_already_recorded',
    `帮扶计划已于 ${s.facts.planCreatedOn} 制定；修改计划不影响时限`,
    `the assistance plan was recorded on ${s.facts.planCreatedOn}; revisions do not change the deadline`,
  );
}

/**
 * S3 §三(五): the plan within planDays of confirmation. Its existence closes the plan deadline. Through the green
 * channel (a disaster case, CaseContext.fastChannel) the plan may come before the confirmation, from the discovery
 * day on; the confirmation then finds the plan made and opens no plan deadline.
 */
export function recordPlan(s: CaseState, a: CaseActionOf<'record_assistance_plan'>, env: StepEnv): StepOutcome {
  const bad = checkDate('createdOn', a.createdOn, env.today, [
    [s.confirmedOn, '县级确定', 'confirmation'],
    [s.discoveredOn, '发现', 'discovery'],
  ]);
  if (bad) return bad;
  const helpFirst = !s.confirmedOn;
  return {
    state: { ...s, facts: { ...s.facts, planCreatedOn: a.createdOn } },
    event: 'assistance_plan_recorded',
    payload: {
      planDueOn: s.planDueOn,
      withinDeadline: helpFirst || (!!s.planDueOn && a.createdOn <= s.planDueOn),
      ...(helpFirst ? { fastChannel: true } : {}),
    },
  };
}

export function preProposeElimination(s: CaseState, env: StepEnv): TransitionRefused | null {
  return needNoFlag(s) ?? needGuards(env);
}

export function proposeElimination(s: CaseState, a: CaseActionOf<'propose_elimination'>, env: StepEnv): StepOutcome {
  const bad = checkDate('proposedOn', a.proposedOn, env.today, [
    [s.confirmedOn, '县级确定', 'confirmation'],
    [s.rolledBackOn, '风险消除回退', 'rollback'],
  ]);
  if (bad) return bad;
  return {
    state: { ...s, stage: 'elimination_proposed', eliminationProposedOn: a.proposedOn, eliminationMethod: a.method },
    event: 'elimination_proposed',
    payload: { guards: env.context.eliminationGuards ?? null },
  };
}

export function preCountyApproveElimination(s: CaseState, env: StepEnv): TransitionRefused | null {
  return needNoFlag(s) ?? needGuards(env) ?? needNoObjection(s);
}

export function countyApproveElimination(s: CaseState, env: StepEnv): StepOutcome {
  return {
    state: { ...s, stage: 'eliminated', eliminatedOn: env.today },
    event: 'elimination_approved',
    payload: { method: s.eliminationMethod, guards: env.context.eliminationGuards ?? null },
  };
}

export function countyRejectElimination(s: CaseState): StepOutcome {
  return { state: { ...s, ...ELIMINATION_CLEARED, stage: 'monitoring' }, event: 'elimination_refused' };
}

/** 风险消除回退 (W7, W8): the household still needs help; it is monitored again in the same episode. */
export function rollbackElimination(s: CaseState, env: StepEnv): StepOutcome {
  return {
    state: { ...s, ...ELIMINATION_CLEARED, stage: 'monitoring', eliminatedOn: null, rolledBackOn: env.today },
    event: 'elimination_rolled_back',
    payload: { eliminatedOn: s.eliminatedOn, method: s.eliminationMethod },
  };
}

export function preSetNoLaborFlag(s: CaseState): TransitionRefused | null {
  if (!s.wholeHouseholdNoLabor) return null;
  return refuse('precondition_failed', 'no_labor_flag_set', '已标注整户无劳动能力', 'the flag is already set');
}

/**
 * S3 §三(七): determined by township and village and marked; "暂不消除风险". Set during an elimination procedure,
 * it withdraws the elimination and the household is plainly monitored again.
 */
export function setNoLaborFlag(s: CaseState, a: CaseActionOf<'set_no_labor_flag'>, env: StepEnv): StepOutcome {
  const bad = checkDate('determinedOn', a.determinedOn, env.today, [[s.confirmedOn, '县级确定', 'confirmation']]);
  if (bad) return bad;
  const withdrawn = isElimination(s);
  const state: CaseState = withdrawn
    ? { ...s, ...ELIMINATION_CLEARED, stage: 'monitoring', wholeHouseholdNoLabor: true }
    : { ...s, wholeHouseholdNoLabor: true };
  return { state, event: 'no_labor_flag_set', payload: { eliminationWithdrawn: withdrawn } };
}

export function preClearNoLaborFlag(s: CaseState): TransitionRefused | null {
  if (s.wholeHouseholdNoLabor) return null;
  return refuse('precondition_failed', 'no_labor_flag_not_set', '未标注整户无劳动能力', 'the flag is not set');
}

export function clearNoLaborFlag(s: CaseState): StepOutcome {
  return { state: { ...s, wholeHouseholdNoLabor: false }, event: 'no_labor_flag_cleared' };
}
