import type { Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { chinaDay, householdStates } from './monitoring-state.sql.js';
import { inScope } from './scope.js';

/**
 * The dashboard's aggregates, each one set-based statement over the scope. The household states come from
 * `householdStates` (monitoring-state.sql.ts), the same definition the household search applies with `asOf`, so
 * every count here is the total of a list.
 */

/** Which grouping a row of `states` or `flows` belongs to: the total, or one breakdown. */
export type Breakdown = 'total' | 'category' | 'method' | 'child';

export interface StateCount {
  set: Breakdown;
  status: string;
  category: string | null;
  eliminationMethod: string | null;
  child: string | null;
  households: number;
  people: number;
}

export interface FlowCount {
  set: Exclude<Breakdown, 'category'>;
  what: 'identified' | 'eliminated';
  month: string;
  method: string | null;
  child: string | null;
  households: number;
}

/** The child-region key of a village code: its first `length` digits (a literal, so GROUP BY matches SELECT). */
function childOf(column: string, length: number | null) {
  return length ? sql`left(${sql.ref(column)}, ${sql.lit(length)})` : sql`null::text`;
}

export class StatsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Households and people by status on `asOf`: in total, by category, by elimination method and by child region
   * (the first `childLength` digits of the village code), each a grouping set of one statement.
   */
  async states(scope: Scope, asOf: string, childLength: number | null): Promise<StateCount[]> {
    const child = childOf('s.regionCode', childLength);
    const r = await sql<Omit<StateCount, 'set'> & { g: number }>`
      select s.status, s.category, s.elimination_method, ${child} as child,
        count(*)::int as households, coalesce(sum(p.n), 0)::int as people,
        grouping(s.category, s.elimination_method, ${child})::int as g
      from (${householdStates(scope, [asOf])}) s
      left join lateral (
        select count(*) as n from member m where m.household_id = s.household_id and m.deceased_on is null
      ) p on true
      group by grouping sets ((s.status), (s.status, s.category), (s.status, s.elimination_method),
        (s.status, ${child}))`.execute(this.db);
    // grouping() has a bit set for each column rolled up: category 4, method 2, child 1
    const sets: Record<number, Breakdown> = { 7: 'total', 3: 'category', 5: 'method', 6: 'child' };
    return r.rows.map(({ g, ...row }) => ({ ...row, set: sets[g]! }));
  }

  /** Unresolved households per risk type on `asOf` (a household counts once for each of its types). */
  async riskTypes(scope: Scope, asOf: string): Promise<{ riskType: string; households: number }[]> {
    const r = await sql<{ riskType: string; households: number }>`
      select t.risk_type, count(distinct s.household_id)::int as households
      from (${householdStates(scope, [asOf])}) s
      cross join lateral unnest(s.risk_types) as t(risk_type)
      where s.status = 'monitoring_unresolved'
      group by t.risk_type`.execute(this.db);
    return r.rows;
  }

  /** Unresolved households at each of the days (the trend's month ends). */
  async unresolvedOn(scope: Scope, days: readonly string[]): Promise<Map<string, number>> {
    const r = await sql<{ d: string; n: number }>`
      select s.d, count(*)::int as n
      from (${householdStates(scope, days)}) s
      where s.status = 'monitoring_unresolved'
      group by s.d`.execute(this.db);
    return new Map(r.rows.map((x) => [x.d, x.n]));
  }

  /**
   * Households confirmed (identified) and eliminated per month from `from` to `to`, by elimination method and by
   * child region: distinct households per grouping set.
   */
  async flows(scope: Scope, from: string, to: string, childLength: number | null): Promise<FlowCount[]> {
    const child = childOf('ev.regionCode', childLength);
    const r = await sql<Omit<FlowCount, 'set'> & { g: number }>`
      with ev as (
        select 'identified' as what, c.household_id, to_char(c.confirmed_on, 'YYYY-MM') as month,
          null::text as method, h.region_code
        from monitoring_case c join household h on h.id = c.household_id and ${inScope('household', scope, 'h')}
        where c.confirmed_on between ${from}::date and ${to}::date
        union all
        select 'eliminated', c.household_id, to_char(c.eliminated_on, 'YYYY-MM'), c.elimination_method, h.region_code
        from monitoring_case c join household h on h.id = c.household_id and ${inScope('household', scope, 'h')}
        where c.eliminated_on between ${from}::date and ${to}::date
      )
      select ev.what, ev.month, ev.method, ${child} as child, count(distinct ev.household_id)::int as households,
        grouping(ev.method, ${child})::int as g
      from ev
      group by grouping sets ((ev.what, ev.month), (ev.what, ev.month, ev.method), (ev.what, ev.month, ${child}))`.execute(
      this.db,
    );
    const sets: Record<number, FlowCount['set']> = { 3: 'total', 1: 'method', 2: 'child' };
    return r.rows.map(({ g, ...row }) => ({ ...row, set: sets[g]! }));
  }

  /** Department warnings received and verified between two days, and those still waiting for verification. */
  async warnings(
    scope: Scope,
    from: string,
    to: string,
  ): Promise<{ received: number; verified: number; toVerify: number }> {
    const r = await sql<{ received: number; verified: number; toVerify: number }>`
      select
        count(*) filter (where ${chinaDay(sql.ref('w.createdAt'))} between ${from}::date and ${to}::date)::int as received,
        count(*) filter (where ${chinaDay(sql.ref('w.verifiedAt'))} between ${from}::date and ${to}::date)::int as verified,
        count(*) filter (where w.status in ('received', 'lead_created', 'attached') and w.verified_at is null)::int
          as to_verify
      from department_warning w
      where ${inScope('departmentWarning', scope, 'w')}`.execute(this.db);
    return r.rows[0] ?? { received: 0, verified: 0, toVerify: 0 };
  }
}
