import { addDays, maxDate, type IsoDate } from '../dates.js';
import { HouseholdType, MonitoringCategory } from '../enums.js';
import type { CaseActionOf } from './actions.js';
import {
  isElimination,
  needCommitment,
  needNoFlag,
  needNoObjection,
  needNoticeElapsed,
  type StepOutcome,
} from './preconditions.js';
import { monitoringCategoriesFor, REJECT_STAGES_BY_ROLE } from './rules.js';
import {
  blankCase,
  checkDate,
  ELIMINATION_CLEARED,
  ELIMINATION_ROUND_CLEARED,
  IDENTIFICATION_ROUND_CLEARED,
  refuse,
  stageLabel,
  type StepEnv,
} from './support.js';
import type { CaseReviewVotes, CaseState, TransitionRefused } from './types.js';

function votes(s: CaseState, a: CaseActionOf<'record_village_review'>): CaseReviewVotes {
  return {
    purpose: isElimination(s) ? 'elimination' : 'identification',
    heldOn: a.heldOn,
    attendees: a.attendees,
    votesFor: a.votesFor,
    votesAgainst: a.votesAgainst,
    abstentions: a.abstentions,
    // 村民委员会组织法 第二十六条: decisions need more than half of those present
    passed: a.votesFor * 2 > a.attendees,
  };
}

function rejected(s: CaseState, today: IsoDate, reason: string): CaseState {
  return { ...s, stage: 'rejected', rejectedOn: today, rejectionReason: reason };
}

// ---- opening a case --------------------------------------------------------------------------------------

function opened(
  prev: CaseState | null,
  a: CaseActionOf<'start_verification'> | CaseActionOf<'remark_risk'>,
  fields: Pick<CaseState, 'householdId' | 'regionCode' | 'episode'>,
  env: StepEnv,
): CaseState {
  const d = env.policy.deadlines;
  return blankCase({
    ...fields,
    leadId: a.leadId ?? null,
    previousCaseId: prev?.id ?? null,
    discoveredOn: a.discoveredOn,
    riskTypes: a.riskTypes ?? [],
    // S3 §三(四): identification within 15 days of the lead; the home check within the local verification days
    verificationDueOn: addDays(a.discoveredOn, d.verificationDays),
    identificationDueOn: addDays(a.discoveredOn, d.identificationDays),
  });
}

function needStoredPrevious(prev: CaseState): TransitionRefused | null {
  if (prev.id) return null;
  return refuse(
    'precondition_failed',
    'case_required',
    '上一案件尚未保存，不能关联新案件',
    'the previous case has no id yet; store it before linking a new one',
  );
}

export function startVerification(
  prev: CaseState | null,
  a: CaseActionOf<'start_verification'>,
  env: StepEnv,
): StepOutcome {
  if (prev) {
    if (prev.householdId !== a.householdId) {
      return refuse(
        'validation_failed',
        'household_mismatch',
        '新案件的农户与上一案件不一致',
        'householdId differs from the previous case',
        [{ path: 'householdId', message: `expected ${prev.householdId}` }],
      );
    }
    const stored = needStoredPrevious(prev);
    if (stored) return stored;
  }
  const bad = checkDate('discoveredOn', a.discoveredOn, env.today, [
    [prev?.rejectedOn, '上一案件不予认定', 'rejection'],
  ]);
  if (bad) return bad;
  // A retry after a rejection is the same monitoring episode; only re-marking after elimination starts a new one.
  const state = opened(
    prev,
    a,
    { householdId: a.householdId, regionCode: a.regionCode, episode: prev?.episode ?? 1 },
    env,
  );
  return { state, event: 'verification_started' };
}

/** 风险再标注 (DOMAIN §3.3, W7/W8): a new risk after elimination is a new episode with the full procedure. */
export function remarkRisk(prev: CaseState, a: CaseActionOf<'remark_risk'>, env: StepEnv): StepOutcome {
  const stored = needStoredPrevious(prev);
  if (stored) return stored;
  const bad = checkDate('discoveredOn', a.discoveredOn, env.today, [[prev.eliminatedOn, '风险消除', 'elimination']]);
  if (bad) return bad;
  const state = opened(
    prev,
    a,
    { householdId: prev.householdId, regionCode: prev.regionCode, episode: prev.episode + 1 },
    env,
  );
  return { state, event: 'risk_remarked', payload: { previousEliminatedOn: prev.eliminatedOn } };
}

// ---- the identification steps ----------------------------------------------------------------------------

/**
 * S1 §四(三)1: cadres verify at home; a household found at risk fills in the commitment and goes on the list
 * to the village 两委 with it, so "at risk" needs the commitment on file. "No risk" closes the case.
 */
export function recordVerification(s: CaseState, a: CaseActionOf<'record_verification'>, env: StepEnv): StepOutcome {
  const bad = checkDate('verifiedOn', a.verifiedOn, env.today, [[s.discoveredOn, '发现线索', 'lead discovery']]);
  if (bad) return bad;
  const verifiedOn = s.verifiedOn ?? a.verifiedOn;
  if (a.result === 'no_risk') {
    return { state: rejected({ ...s, verifiedOn }, env.today, a.findings), event: 'verification_no_risk' };
  }
  const noCommitment = needCommitment(s);
  if (noCommitment) return noCommitment;
  return {
    state: { ...s, stage: 'commitment_signed', verifiedOn, riskTypes: a.riskTypes ?? s.riskTypes },
    event: 'verification_at_risk',
  };
}

export function preSignCommitment(s: CaseState): TransitionRefused | null {
  if (!s.facts.commitmentOnFile) return null;
  return refuse(
    'precondition_failed',
    'commitment_already_on_file',
    `承诺授权书已于 ${s.commitmentSignedOn ?? '—'} 签订`,
    `the commitment is already on file (signed ${s.commitmentSignedOn ?? '—'})`,
  );
}

export function signCommitment(s: CaseState, a: CaseActionOf<'sign_commitment'>, env: StepEnv): StepOutcome {
  if (!a.authorizesAssetCheck) {
    return refuse(
      'precondition_failed',
      'authorization_missing',
      '承诺书须授权依法查询家庭资产等信息（S1 §四(三)）',
      'the commitment must authorise the lawful check of household assets (S1 §四(三))',
      [{ path: 'authorizesAssetCheck', message: 'must be true' }],
    );
  }
  const bad = checkDate('signedOn', a.signedOn, env.today, [[s.discoveredOn, '发现线索', 'lead discovery']]);
  if (bad) return bad;
  return {
    state: { ...s, commitmentSignedOn: a.signedOn, facts: { ...s.facts, commitmentOnFile: true } },
    event: 'commitment_signed',
  };
}

export function preVillageReview(s: CaseState): TransitionRefused | null {
  return (isElimination(s) ? null : needCommitment(s)) ?? needNoObjection(s);
}

/**
 * S1 §四(三) "民主评议和公开公示" for identification and elimination alike. A failed vote ends an identification
 * (not nominated) and sends an elimination back to plain monitoring.
 */
export function recordVillageReview(s: CaseState, a: CaseActionOf<'record_village_review'>, env: StepEnv): StepOutcome {
  const elim = isElimination(s);
  const after: [IsoDate | null, string, string][] = elim
    ? [[s.eliminationProposedOn, '拟风险消除', 'elimination proposal']]
    : [[maxDate(s.commitmentSignedOn, s.verifiedOn) ?? null, '核实或承诺', 'verification or commitment']];
  const bad = checkDate('heldOn', a.heldOn, env.today, after);
  if (bad) return bad;
  const review = votes(s, a);
  const base = { ...s, facts: { ...s.facts, latestReview: review } };
  const payload = { purpose: review.purpose, passed: review.passed };
  if (review.passed) {
    return elim
      ? {
          state: { ...base, stage: 'elimination_village_reviewed', eliminationVillageReviewedOn: a.heldOn },
          event: 'village_review_passed',
          payload,
        }
      : {
          state: { ...base, stage: 'village_reviewed', villageReviewedOn: a.heldOn },
          event: 'village_review_passed',
          payload,
        };
  }
  if (elim) {
    return { state: { ...base, stage: 'monitoring', ...ELIMINATION_CLEARED }, event: 'village_review_failed', payload };
  }
  const reason = `民主评议未获到会人员过半数同意（赞成 ${a.votesFor} / 到会 ${a.attendees}） / the democratic review did not win a majority of those present (${a.votesFor} of ${a.attendees} for)`;
  return { state: rejected(base, env.today, reason), event: 'village_review_failed', payload };
}

/** S3 §三(四): the notice lasts at least noticeMinDays; see docs/case-procedure.md for how days are counted. */
export function startPublicNotice(s: CaseState, a: CaseActionOf<'start_public_notice'>, env: StepEnv): StepOutcome {
  const elim = isElimination(s);
  const reviewedOn = elim ? s.eliminationVillageReviewedOn : s.villageReviewedOn;
  const bad = checkDate('startOn', a.startOn, env.today, [[reviewedOn, '民主评议', 'village review']]);
  if (bad) return bad;
  const min = env.policy.deadlines.noticeMinDays;
  const earliestEnd = addDays(a.startOn, min);
  if (a.endOn < earliestEnd) {
    return refuse(
      'precondition_failed',
      'notice_too_short',
      `公示不少于 ${min} 天：自 ${a.startOn} 起公示，结束日不得早于 ${earliestEnd}（S3 §三(四)）`,
      `the notice lasts at least ${min} days: posted on ${a.startOn}, it cannot end before ${earliestEnd} (S3 §三(四))`,
      [{ path: 'endOn', message: `must be on or after ${earliestEnd}` }],
      { earliestEndOn: earliestEnd, noticeMinDays: min },
    );
  }
  const payload = { purpose: elim ? 'elimination' : 'identification', noticeMinDays: min, earliestEndOn: earliestEnd };
  return elim
    ? {
        state: {
          ...s,
          stage: 'elimination_publicizing',
          eliminationNoticeStartOn: a.startOn,
          eliminationNoticeEndOn: a.endOn,
        },
        event: 'public_notice_started',
        payload,
      }
    : {
        state: { ...s, stage: 'publicizing', noticeStartOn: a.startOn, noticeEndOn: a.endOn },
        event: 'public_notice_started',
        payload,
      };
}

/** An objection sends the case back: identification to verification, elimination to its proposal (re-check). */
export function recordObjection(s: CaseState, a: CaseActionOf<'record_objection'>, env: StepEnv): StepOutcome {
  const elim = isElimination(s);
  const start = elim ? s.eliminationNoticeStartOn : s.noticeStartOn;
  const bad = checkDate('raisedOn', a.raisedOn, env.today, [[start, '公示开始', 'start of the notice']]);
  if (bad) return bad;
  const facts = { ...s.facts, openObjections: s.facts.openObjections + 1 };
  const state: CaseState = elim
    ? { ...s, ...ELIMINATION_ROUND_CLEARED, stage: 'elimination_proposed', facts }
    : { ...s, ...IDENTIFICATION_ROUND_CLEARED, stage: 'verifying', facts };
  return { state, event: 'objection_recorded', payload: { purpose: elim ? 'elimination' : 'identification' } };
}

export function preResolveObjection(s: CaseState): TransitionRefused | null {
  if (s.facts.openObjections > 0) return null;
  return refuse('precondition_failed', 'no_open_objection', '没有未办结的公示异议', 'there is no open objection');
}

export function resolveObjection(s: CaseState, a: CaseActionOf<'resolve_objection'>, env: StepEnv): StepOutcome {
  const bad = checkDate('resolvedOn', a.resolvedOn, env.today);
  if (bad) return bad;
  return {
    state: { ...s, facts: { ...s.facts, openObjections: s.facts.openObjections - 1 } },
    event: 'objection_resolved',
  };
}

export function preTownshipReview(s: CaseState, env: StepEnv): TransitionRefused | null {
  const flag = isElimination(s) ? needNoFlag(s) : needCommitment(s);
  return flag ?? needNoticeElapsed(s, env) ?? needNoObjection(s);
}

/** S1 §四(三)2: the township re-checks and judges the risk types; it may approve, return or reject. */
export function townshipReview(s: CaseState, a: CaseActionOf<'township_review'>, env: StepEnv): StepOutcome {
  const elim = isElimination(s);
  const today = env.today;
  if (a.decision === 'approve') {
    return elim
      ? {
          state: { ...s, stage: 'elimination_township_reviewed', eliminationTownshipReviewedOn: today },
          event: 'township_approved',
        }
      : {
          state: { ...s, stage: 'township_reviewed', townshipReviewedOn: today, riskTypes: a.riskTypes ?? s.riskTypes },
          event: 'township_approved',
        };
  }
  if (a.decision === 'return') {
    return elim
      ? { state: { ...s, ...ELIMINATION_ROUND_CLEARED, stage: 'elimination_proposed' }, event: 'township_returned' }
      : { state: { ...s, ...IDENTIFICATION_ROUND_CLEARED, stage: 'verifying' }, event: 'township_returned' };
  }
  return elim
    ? { state: { ...s, ...ELIMINATION_CLEARED, stage: 'monitoring' }, event: 'township_rejected' }
    : { state: rejected(s, today, a.opinion ?? ''), event: 'township_rejected' };
}

export function preCountyConfirm(s: CaseState): TransitionRefused | null {
  return needCommitment(s) ?? needNoObjection(s);
}

/** S1 §四(三)3: the county compares data, classifies and confirms; the plan is due within planDays (S3 §三(五)). */
export function countyConfirm(s: CaseState, a: CaseActionOf<'county_confirm'>, env: StepEnv): StepOutcome {
  const misfit = categoryMisfit(a.category, env.context.householdType);
  if (misfit) return misfit;
  const planDue = addDays(env.today, env.policy.deadlines.planDays);
  return {
    state: {
      ...s,
      stage: 'monitoring',
      confirmedOn: env.today,
      category: a.category,
      riskTypes: a.riskTypes,
      // never earlier than a plan deadline the case already carries
      planDueOn: maxDate(s.planDueOn, planDue) ?? planDue,
    },
    event: 'county_confirmed',
    payload: {
      identificationDueOn: s.identificationDueOn,
      withinDeadline: !!s.identificationDueOn && env.today <= s.identificationDueOn,
    },
  };
}

export function countyReject(s: CaseState, a: CaseActionOf<'county_reject'>, env: StepEnv): StepOutcome {
  return { state: rejected(s, env.today, a.reason), event: 'county_rejected' };
}

export function preRejectCase(s: CaseState, env: StepEnv): TransitionRefused | null {
  if (REJECT_STAGES_BY_ROLE[env.actor.role]?.includes(s.stage)) return null;
  const st = stageLabel(s.stage);
  return refuse(
    'forbidden',
    'role_not_allowed',
    `本角色不能在「${st.zh}」阶段不予认定`,
    `this role cannot reject a case at stage "${st.en}"`,
  );
}

export function rejectCase(s: CaseState, a: CaseActionOf<'reject_case'>, env: StepEnv): StepOutcome {
  return { state: rejected(s, env.today, a.reason), event: 'case_rejected' };
}

/** A 脱贫不稳定户 must be a lifted household, a 边缘易致贫户 an ordinary one (`monitoringCategoriesFor`). */
function categoryMisfit(category: MonitoringCategory, type: HouseholdType | undefined): TransitionRefused | null {
  if (!type || monitoringCategoriesFor(type).includes(category)) return null;
  const allowed = monitoringCategoriesFor(type);
  const zh = allowed.map((c) => MonitoringCategory.labels[c].zh).join('或');
  const en = allowed.map((c) => MonitoringCategory.labels[c].en.toLowerCase()).join(' or ');
  return refuse(
    'precondition_failed',
    'category_not_for_household_type',
    `本户是${HouseholdType.labels[type].zh}，不能确定为${MonitoringCategory.labels[category].zh}，只能确定为${zh}`,
    `this is a ${HouseholdType.labels[type].en.toLowerCase()}: it cannot be confirmed as ${MonitoringCategory.labels[category].en.toLowerCase()}, only as ${en}`,
    [
      {
        path: 'category',
        message: `${MonitoringCategory.labels[category].zh}只适用于${category === 'unstable_lifted' ? '脱贫户' : '一般农户'}`,
      },
    ],
    { householdType: type, allowed },
  );
}
