/**
 * The decision on an application for social assistance: at the level it needs (S2 §三(二)), with the amount of a
 * temporary assistance or the monthly terms of a 低保 or 特困 case.
 */
import {
  AppError,
  approvalLevelOf,
  chinaDate,
  decisionLevel,
  dibaoTopUpFen,
  isReturnedToPoverty,
  levelSuffices,
  type DibaoDeductionClaim,
  type DibaoIncomeAssessment,
  type ResolvedPolicy,
  type SelfCareLevel,
} from '@dixian/core';
import type { AssistanceCaseView, AssistanceDecisionBody } from '@dixian/core/api';
import type { Updateable } from 'kysely';
import type { SocialAssistanceCase } from '../db/types.js';
import type { AssistanceRow } from '../repositories/assistance.repository.js';
import { policyAt } from '../policies/policy-at.js';
import { loadCase } from './assistance.service.js';
import { reliefStagesOf } from './assistance-stages.js';
import { checkDay, saveStep, wrongStatus } from './assistance-step.js';
import type { ServiceContext } from './context.js';
import { dibaoIncomeOf } from './dibao-income.service.js';
import { validationFailed } from './errors.js';

type Level = 'township' | 'county';

/**
 * POST /api/assistance/:id/decision: approve or reject an application. S2 §三(二): the township confirms 低保 and
 * temporary assistance up to its limit; 特困 and larger amounts need the county; above the per-case cap the county
 * decides case by case with a written justification (S0 plan one §二 一事一议).
 */
export async function decideAssistance(
  ctx: ServiceContext,
  id: string,
  body: AssistanceDecisionBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.decide', id);
  if (r.status !== 'applied') throw wrongStatus(r, 'applied');
  const today = chinaDate(ctx.now());
  const issues = checkDay('decidedOn', body.decidedOn, r.appliedOn, today);
  if (issues.length) throw validationFailed(issues);
  const level = approvalLevelOf(ctx.actor.role)!;
  const policy = (await policyAt(ctx.store.db, r.regionCode, body.decidedOn)).policy;
  if (body.decision === 'reject') return reject(ctx, r, body, level);
  const amountFen = r.kind === 'temp_relief' ? (body.amountFen ?? r.amountFen) : null;
  const need = levelToDecide(r, amountFen, level, body.note, policy);
  const patch = await approval(ctx, r, body, level, amountFen, policy);
  return saveStep(ctx, r, body.version, patch, {
    action: 'assistance.approve',
    detail: {
      level,
      requiredLevel: need.required,
      amountFen,
      stages: body.stages?.length ?? 0,
      monthlyAmountFen: patch.monthlyAmountFen ?? null,
      careAllowanceFen: patch.careAllowanceFen ?? null,
    },
  });
}

/** A refusal, which must give its reason. */
function reject(ctx: ServiceContext, r: AssistanceRow, body: AssistanceDecisionBody, level: Level) {
  if (!body.note) throw validationFailed([{ path: 'note', message: '请写明不予批准的理由 / give the reason' }]);
  return saveStep(
    ctx,
    r,
    body.version,
    {
      status: 'rejected',
      decidedOn: body.decidedOn,
      decidedBy: ctx.actor.id,
      approvalLevel: level,
      decisionNote: body.note,
    },
    { action: 'assistance.reject', detail: { note: body.note } },
  );
}

/** What an approval stores: the amount and its stages (临时救助), or the monthly terms (低保, 特困). */
async function approval(
  ctx: ServiceContext,
  r: AssistanceRow,
  body: AssistanceDecisionBody,
  level: Level,
  amountFen: number | null,
  policy: ResolvedPolicy,
): Promise<Updateable<SocialAssistanceCase>> {
  const patch: Updateable<SocialAssistanceCase> = {
    status: 'approved',
    decidedOn: body.decidedOn,
    decidedBy: ctx.actor.id,
    approvalLevel: level,
    decisionNote: body.note ?? null,
    reviewDueOn: body.reviewDueOn ?? null,
  };
  if (r.kind === 'temp_relief') {
    patch.amountFen = amountFen;
    patch.reliefStages = reliefStagesOf(r, body.stages, amountFen!, body.decidedOn, policy);
  } else {
    const assessment =
      r.kind === 'dibao'
        ? await dibaoIncomeOf(
            ctx,
            ctx.store.db,
            { id: r.householdId, regionCode: r.regionCode },
            body.decidedOn,
            (r.deductionClaims ?? []) as unknown as DibaoDeductionClaim[],
          )
        : null;
    Object.assign(patch, monthlyTerms(r, body, policy, assessment));
  }
  return patch;
}

/** The level the decision needs, refused when the decider's is lower or 一事一议 has no justification. */
function levelToDecide(
  r: AssistanceRow,
  amountFen: number | null,
  level: Level,
  note: string | null | undefined,
  policy: ResolvedPolicy,
) {
  const need = decisionLevel(r.kind as 'dibao' | 'tekun' | 'temp_relief', amountFen, policy, isReturnedToPoverty(r));
  if (!levelSuffices(level, need.required)) {
    throw new AppError(
      'precondition_failed',
      { zh: `${need.why.zh},请报县级审批`, en: `${need.why.en}; refer it to the county` },
      [],
      { requiredLevel: need.required },
    );
  }
  if (need.aboveCap && !note) {
    throw validationFailed([
      {
        path: 'note',
        message: '超过单次救助上限,须写明一事一议的理由 / above the cap: give the case-by-case justification',
      },
    ]);
  }
  return need;
}

/** The standard and the monthly amount of an approved 低保 or 特困 case (DOMAIN §4.7, S2 §二(一)2–3). */
function monthlyTerms(
  r: AssistanceRow,
  body: AssistanceDecisionBody,
  policy: ResolvedPolicy,
  assessment: DibaoIncomeAssessment | null,
): Updateable<SocialAssistanceCase> {
  const standard = body.standardFen ?? r.standardFen ?? policy.dibao.ruralMonthlyFen;
  const terms = r.kind === 'dibao' ? dibaoTerms(r, body, policy, assessment, standard) : tekunTerms(r, body, policy);
  return { standardFen: standard, ...terms };
}

/** 低保: the income found, and the top-up to the standard unless the amount is given. */
function dibaoTerms(
  r: AssistanceRow,
  body: AssistanceDecisionBody,
  policy: ResolvedPolicy,
  assessment: DibaoIncomeAssessment | null,
  standard: number,
): Updateable<SocialAssistanceCase> {
  const patch: Updateable<SocialAssistanceCase> = {};
  if (assessment) patch.incomeAssessment = JSON.stringify(assessment);
  if (r.classification === 'rigid_expense' && assessment && !assessment.expenditureType) {
    throw notExpenditureType(assessment, policy);
  }
  const income = body.perCapitaIncomeFen ?? r.perCapitaIncomeFen;
  if (income == null && body.monthlyAmountFen == null) {
    throw validationFailed([
      {
        path: 'perCapitaIncomeFen',
        message: '请填写核定的家庭人均收入或月保障金额 / give the income found or the monthly amount',
      },
    ]);
  }
  // DOMAIN §4.7: 低保 is for incomes below the standard; 支出型 and 单人户 are the exceptions S2 §二(一)2–3 makes
  if (income != null && r.classification === 'dibao' && income >= standard * 12) {
    throw new AppError('precondition_failed', {
      zh: '家庭人均收入不低于低保标准,不符合低保条件(可按支出型或单人户申请)',
      en: 'per-capita income is not below the 低保 standard (apply as expenditure-type or single-person instead)',
    });
  }
  patch.perCapitaIncomeFen = income ?? null;
  const monthly =
    body.monthlyAmountFen ??
    dibaoTopUpFen({ standardMonthlyFen: standard, perCapitaIncomeFen: income ?? 0, insuredCount: r.peopleCount });
  if (monthly <= 0) {
    throw validationFailed([{ path: 'monthlyAmountFen', message: '请填写月保障金额 / the monthly amount is needed' }]);
  }
  patch.monthlyAmountFen = monthly;
  return patch;
}

/** 特困: the basic support given, and the care allowance of the self-care level per person on top. */
function tekunTerms(
  r: AssistanceRow,
  body: AssistanceDecisionBody,
  policy: ResolvedPolicy,
): Updateable<SocialAssistanceCase> {
  if (!body.monthlyAmountFen) {
    throw validationFailed([{ path: 'monthlyAmountFen', message: '请填写月供养金额 / the monthly amount is needed' }]);
  }
  // S2 §二(一)4 自理能力评估: the care allowance of the level, per person, on top of the basic support
  const level = r.selfCare as SelfCareLevel | null;
  const care = body.careAllowanceFen ?? (level ? policy.tekun.careMonthlyFen[level] : 0);
  return {
    careAllowanceFen: level || body.careAllowanceFen != null ? care : null,
    monthlyAmountFen: body.monthlyAmountFen + care * r.peopleCount,
  };
}

/**
 * 支出型 needs rigid spending beyond what the family can bear (S2 二(一)3 一是): income above the standard before that
 * spending, below it after, and at most the policy's multiple of it. The figures go with the refusal.
 */
function notExpenditureType(a: DibaoIncomeAssessment, policy: ResolvedPolicy): AppError {
  const per = (fen: number) => (fen / 100).toFixed(2);
  const multiple = policy.dibao.income.expenditureMaxIncomeMultiple;
  return new AppError(
    'precondition_failed',
    {
      zh:
        `不符合支出型低保条件:扣除刚性支出前人均收入${per(a.perCapitaBeforeRigidFen)}元,扣除后${per(a.perCapitaFen)}元,` +
        `低保标准${per(a.standardAnnualFen)}元/年;须扣除前不低于标准、不高于标准的${multiple}倍,扣除后低于标准`,
      en:
        `not expenditure-type 低保: per-capita income ¥${per(a.perCapitaBeforeRigidFen)} before rigid spending, ` +
        `¥${per(a.perCapitaFen)} after, standard ¥${per(a.standardAnnualFen)} a year; it must be at or above the ` +
        `standard (and at most ${multiple}×) before, and below it after`,
    },
    [],
    {
      perCapitaBeforeRigidFen: a.perCapitaBeforeRigidFen,
      perCapitaFen: a.perCapitaFen,
      standardAnnualFen: a.standardAnnualFen,
    },
  );
}
