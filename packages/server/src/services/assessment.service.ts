import { assess, chinaDate, evaluateEliminationGuards } from '@dixian/core';
import type { AssessmentQuery, HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { PolicyBook } from '../policies/policy-at.js';
import { HouseholdFactsRepository } from '../repositories/household-facts.repository.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { loadHousehold } from './household.service.js';

/**
 * The explained assessment of one household (GET /api/households/:id/assessment): its stored facts
 * (HouseholdFactsRepository, the same reading the screening uses), the policy resolved for its village on the
 * day, and core `assess()` and `evaluateEliminationGuards()`. A read: nothing is written or audited, and the
 * explanations hold no personal data.
 */
export async function assessHousehold(
  ctx: ServiceContext,
  id: string,
  query: AssessmentQuery,
): Promise<HouseholdAssessmentView> {
  const h = await loadHousehold(ctx, 'household.read', id);
  const asOf = query.date ?? chinaDate(ctx.now());
  const db = ctx.store.db;
  const [loaded, records] = await Promise.all([
    new HouseholdFactsRepository(db).loadOne(h.id, areaOf(ctx).scope, asOf),
    new PolicyRepository(db).all(),
  ]);
  if (!loaded) throw notFound(RECORD.household);
  const policy = new PolicyBook(records).at(h.regionCode, asOf);
  const a = assess(loaded.facts, policy, asOf);
  const guards = evaluateEliminationGuards(loaded.facts, policy, asOf);
  return {
    householdId: h.id,
    regionCode: h.regionCode,
    householdType: loaded.facts.householdType,
    asOf,
    policy: {
      versionLabel: policy.versionLabel,
      sources: policy.sources,
      monitoringIncomeLineFen: policy.monitoringIncomeLineFen,
    },
    assessment: {
      inScope: a.inScope,
      category: a.category,
      grounds: a.grounds,
      riskTypes: a.riskTypes,
      disasterSubtype: a.disasterSubtype,
      risks: a.risks,
      exclusions: a.exclusions,
      guarantees: a.guarantees,
      income: {
        ...a.income,
        record: a.income.record
          ? {
              year: a.income.record.year,
              kind: a.income.record.kind,
              periodStart: a.income.record.periodStart,
              periodEnd: a.income.record.periodEnd,
            }
          : null,
      },
      wholeHouseholdNoLabor: a.wholeHouseholdNoLabor,
      monitoringStatus: a.monitoringStatus,
      explanations: a.explanations,
    },
    eliminationGuards: guards,
  };
}
