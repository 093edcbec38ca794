/**
 * The 低保 income assessment of a household from the register (issue 16 §1–2; S2 二(一)3): its members and the
 * income record in force on the day (HouseholdFactsRepository, the reading `assess` uses), the claims the
 * applicant made, and the standard of its area on that day. Read-only: the application and the decision store the
 * result on the case.
 */
import {
  assessDibaoIncome,
  assessHardship,
  chinaDate,
  incomeRecordInForce,
  type DibaoDeductionClaim,
  type DibaoIncomeAssessment,
  type HardshipAssessment,
  type ErrorIssue,
} from '@dixian/core';
import type { DibaoIncomeBody } from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { DB } from '../db/types.js';
import { policyAt } from '../policies/policy-at.js';
import { HouseholdFactsRepository } from '../repositories/household-facts.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { loadHousehold } from './household.service.js';

/** Assess one household (already placed in the caller's area) as of a day. */
export async function dibaoIncomeOf(
  ctx: ServiceContext,
  db: Kysely<DB>,
  household: { id: string; regionCode: string },
  asOf: string,
  claims: readonly DibaoDeductionClaim[],
): Promise<DibaoIncomeAssessment & { hardship: HardshipAssessment }> {
  const loaded = await new HouseholdFactsRepository(db).loadOne(household.id, areaOf(ctx).scope, asOf);
  if (!loaded) throw notFound(RECORD.household);
  const issues = claimIssues(
    claims,
    loaded.facts.members.map((m) => m.id ?? ''),
  );
  if (issues.length) throw validationFailed(issues, { zh: '扣减项有误', en: 'invalid deductions' });
  const { policy } = await policyAt(db, household.regionCode, asOf);
  const income = assessDibaoIncome({
    members: loaded.facts.members,
    record: incomeRecordInForce(loaded.facts.incomes, asOf) ?? null,
    claims,
    asOf,
    standardMonthlyFen: policy.dibao.ruralMonthlyFen,
    policy,
  });
  // S2 §二(三)9: the multidimensional indicators are read beside the income test, never instead of it
  return { ...income, hardship: assessHardship(loaded.facts, income, asOf, policy) };
}

/** A claim names a member of the household, if it names one. */
function claimIssues(claims: readonly DibaoDeductionClaim[], memberIds: string[]): ErrorIssue[] {
  return claims.flatMap((c, i) =>
    c.memberId && !memberIds.includes(c.memberId)
      ? [{ path: `deductionClaims.${i}.memberId`, message: '不是该户成员 / not a member of this household' }]
      : [],
  );
}

/**
 * POST /api/assistance/income-assessment: the application form's preview. Nothing of the case is stored, but it
 * reads a household's income and health-related spending, so the read is audited like an unmasked one.
 */
export async function previewDibaoIncome(ctx: ServiceContext, body: DibaoIncomeBody): Promise<DibaoIncomeAssessment> {
  const h = await loadHousehold(ctx, 'assistance.apply', body.householdId);
  const asOf = body.asOf ?? chinaDate(ctx.now());
  return ctx.store.transaction(async (tx) => {
    const a = await dibaoIncomeOf(ctx, tx.db, h, asOf, body.deductionClaims);
    await appendAudit(tx, ctx, {
      action: 'assistance.income_assessed',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      detail: { asOf, claims: body.deductionClaims.length, perCapitaFen: a.perCapitaFen },
    });
    return a;
  });
}
