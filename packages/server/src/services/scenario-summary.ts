/**
 * What a finished scenario adds up to (issue 20 §1): households and people per change, per township, the
 * categories and risk types of those who would newly be monitored, the cost and the workload. Counted in SQL over
 * the stored differences; the 低保 totals, which need every qualifying household and not only the differences,
 * are summed while judging.
 */
import { ScenarioChange, type ResolvedPolicy } from '@dixian/core';
import type { ScenarioSummary } from '@dixian/core/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { ScenarioRepository } from '../repositories/scenario.repository.js';

export interface Totals {
  baseTopUpFen: number;
  draftTopUpFen: number;
}

const zeros = <T>(v: () => T) =>
  Object.fromEntries(ScenarioChange.values.map((c) => [c, v()])) as Record<ScenarioChange, T>;

export async function scenarioSummary(
  db: Kysely<DB>,
  id: string,
  prefix: string,
  policy: { base: ResolvedPolicy; draft: ResolvedPolicy },
  totals: Totals,
): Promise<ScenarioSummary> {
  const repo = new ScenarioRepository(db);
  const changes = zeros(() => ({ households: 0, people: 0 }));
  for (const t of await repo.tallies(id, prefix)) {
    changes[t.change as ScenarioChange] = { households: t.households, people: t.people };
  }
  const towns = new Map<string, ScenarioSummary['byTownship'][number]>();
  for (const r of await repo.byTownship(id, prefix)) {
    let t = towns.get(r.code);
    if (!t) towns.set(r.code, (t = { code: r.code, name: r.name, changes: zeros(() => 0) }));
    t.changes[r.change as ScenarioChange] = r.households;
  }
  const byCategory = (await repo.byCategory(id, prefix, 'enter_monitoring')).map((r) => ({
    category: r.category as ScenarioSummary['byCategory'][number]['category'],
    households: r.households,
  }));
  const byRiskType = (await repo.byRiskType(id, prefix, 'enter_monitoring')).map((r) => ({
    riskType: r.riskType as ScenarioSummary['byRiskType'][number]['riskType'],
    households: r.households,
  }));
  const { base, draft } = policy;
  const sudden = byCategory.find((c) => c.category === 'sudden_hardship')?.households ?? 0;
  // W36: a case is capped at a multiple of the monthly 低保 standard
  const reliefCap = Math.round(draft.tempRelief.maxMultipleOfMonthlyStandard * draft.dibao.ruralMonthlyFen);
  const visits =
    changes.enter_monitoring.households / draft.visits.monitoredHouseholdMonths -
    changes.include_dropped.households / base.visits.monitoredHouseholdMonths -
    changes.leave_monitoring.households / draft.visits.monitoredHouseholdMonths +
    changes.eliminate_dropped.households / base.visits.monitoredHouseholdMonths;
  return {
    changes,
    byTownship: [...towns.values()],
    byCategory,
    byRiskType,
    lines: {
      baseLineFen: base.monitoringIncomeLineFen,
      draftLineFen: draft.monitoringIncomeLineFen,
      baseDibaoMonthlyFen: base.dibao.ruralMonthlyFen,
      draftDibaoMonthlyFen: draft.dibao.ruralMonthlyFen,
    },
    cost: {
      dibaoMonthlyBaseFen: totals.baseTopUpFen,
      dibaoMonthlyDraftFen: totals.draftTopUpFen,
      tempReliefOnceFen: sudden * reliefCap,
    },
    workload: { casesToOpen: changes.enter_monitoring.households, visitsPerMonth: Math.round(visits * 10) / 10 },
  };
}
