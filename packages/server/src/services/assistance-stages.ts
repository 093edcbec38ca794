import {
  AppError,
  checkReliefStages,
  isReturnedToPoverty,
  maskAccount,
  type ReliefStage,
  type ResolvedPolicy,
} from '@dixian/core';
import type { AssistanceCaseView } from '@dixian/core/api';
import type { AssistanceRow } from '../repositories/assistance.repository.js';
import { validationFailed } from './errors.js';

/**
 * Staged temporary assistance at the decision (issue 16 §5; S0 plan one 二 五是 "对返贫人口…一次审批、分阶段救助"):
 * only a household that fell back into poverty may be paid in instalments, and the plan must pay exactly what is
 * granted. Returns what to store: null for a one-off payment.
 */
export function reliefStagesOf(
  r: AssistanceRow,
  stages: readonly ReliefStage[] | null | undefined,
  grantedFen: number,
  decidedOn: string,
  policy: ResolvedPolicy,
): string | null {
  if (!stages?.length) return null;
  if (!isReturnedToPoverty(r)) {
    throw new AppError('precondition_failed', {
      zh: '分阶段救助只适用于返贫户(脱贫户重新纳入监测),本户应一次发放',
      en: 'only a household that fell back into poverty is paid in stages; pay this one at once',
    });
  }
  const issues = checkReliefStages(stages, grantedFen, decidedOn, policy);
  if (issues.length) throw validationFailed(issues);
  return JSON.stringify(stages.map((s) => ({ payOn: s.payOn, amountFen: s.amountFen })));
}

/** The instalments, the payment account (masked) and whether the household fell back into poverty, for the view. */
export function paymentFieldsOf(
  r: AssistanceRow,
): Pick<AssistanceCaseView, 'reliefStages' | 'returnedToPoverty' | 'payMethod' | 'accountMasked' | 'payeeMemberId'> {
  const stages = (r.reliefStages ?? null) as ReliefStage[] | null;
  const paid = new Set(r.paidMonths);
  return {
    reliefStages: stages ? stages.map((s) => ({ ...s, paid: paid.has(s.payOn.slice(0, 7)) })) : null,
    returnedToPoverty: isReturnedToPoverty(r),
    payMethod: (r.payMethod ?? null) as AssistanceCaseView['payMethod'],
    accountMasked: maskAccount(r.payAccount),
    payeeMemberId: r.payeeMemberId ?? null,
  };
}
