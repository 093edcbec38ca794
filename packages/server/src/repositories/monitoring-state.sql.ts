import type { Scope } from '@dixian/core';
import { sql, type RawBuilder } from 'kysely';
import { inScope } from './scope.js';

/**
 * Where each household stood on a day, read from its cases (the one definition the dashboard and the household
 * search share, so every figure can be listed): `identifying` while its latest case, opened on or before the day,
 * had been neither confirmed nor rejected by then; otherwise the latest case confirmed by then decides:
 * `risk_eliminated` when it was eliminated by then, else `monitoring_unresolved`. Households with no such case
 * are `not_monitored` and have no row. Category, risk types and elimination method are those of that confirmed
 * case. A rollback (风险消除回退) clears the case's elimination date, so a household rolled back counts as
 * unresolved throughout; its elimination is still in case_event.
 */

/** The China calendar day (UTC+8, as core's `chinaDate`) of a timestamptz column. */
export function chinaDay(ref: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`((${ref} at time zone 'UTC') + interval '8 hours')::date`;
}

export interface HouseholdStateRow {
  d: string;
  householdId: string;
  regionCode: string;
  status: 'identifying' | 'monitoring_unresolved' | 'risk_eliminated' | 'not_monitored';
  category: string | null;
  riskTypes: string[] | null;
  eliminationMethod: string | null;
}

/**
 * Rows (d, household_id, region_code, status, category, risk_types, elimination_method) for the households of a
 * scope on each of `dates`: use it as a subquery, `from (${householdStates(scope, dates)}) s`.
 */
export function householdStates(scope: Scope, dates: readonly string[]): RawBuilder<HouseholdStateRow> {
  return sql<HouseholdStateRow>`
    select lo.d, lo.household_id, lo.region_code,
      case
        when (lo.confirmed_on is null or lo.confirmed_on > lo.d) and (lo.rejected_on is null or lo.rejected_on > lo.d)
          then 'identifying'
        when lc.confirmed_on is null then 'not_monitored'
        when lc.eliminated_on <= lo.d then 'risk_eliminated'
        else 'monitoring_unresolved'
      end as status,
      lc.category, lc.risk_types, lc.elimination_method
    from (
      select distinct on (dd.d, c.household_id) dd.d, c.household_id, h.region_code, c.confirmed_on, c.rejected_on
      from unnest(${[...dates]}::date[]) as dd(d)
      join monitoring_case c on ${chinaDay(sql.ref('c.discoveredAt'))} <= dd.d
      join household h on h.id = c.household_id and ${inScope('household', scope, 'h')}
      order by dd.d, c.household_id, c.discovered_at desc, c.episode desc
    ) lo
    left join lateral (
      select c2.confirmed_on, c2.eliminated_on, c2.category, c2.risk_types, c2.elimination_method
      from monitoring_case c2
      where c2.household_id = lo.household_id and c2.confirmed_on <= lo.d
      order by c2.confirmed_on desc, c2.discovered_at desc
      limit 1
    ) lc on true`;
}

/** Statuses that count as 监测对象 (taken into monitoring): unresolved or eliminated. */
export const MONITORED_STATUSES = ['monitoring_unresolved', 'risk_eliminated'] as const;
