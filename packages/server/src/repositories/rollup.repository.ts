import type { Scope } from '@dixian/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope } from './scope.js';
import { visitDueSql, type VisitIntervals } from './visit-due.sql.js';

/**
 * The daily rollups of large areas (migration 0111): households due a visit per county, and the dashboard of an
 * area on a day. Builds replace a county's rows in one statement pair, so a reader sees the old build or the new.
 */

export const VISIT_DUE_ROLLUP = 'visit_due';

/** Where visits due are read from: the live definition, or the rollup built at `builtAt` (rollup.service.ts). */
export type VisitDueSource = { kind: 'live' } | { kind: 'rollup'; builtAt: Date };

export interface RollupBuild {
  countyCode: string;
  asOf: string;
  builtAt: Date;
  fingerprint: string;
  households: number;
}

export class RollupRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Replace the county's visit-due rows with those judged on `asOf` (run inside a transaction). `builtAt` is the
   * server's clock, the one visits' created_at is written with, so the visits after it are told apart.
   */
  async buildVisitDue(
    county: string,
    asOf: string,
    builtAt: Date,
    intervals: readonly VisitIntervals[],
    fingerprint: string,
  ) {
    await sql`delete from visit_due_rollup where county_code = ${county}`.execute(this.db);
    await sql`
      insert into visit_due_rollup (county_code, household_id, region_code, household_no, household_type,
        monitoring_status, need_lifted, need_monitored, need_assistance, last_visit, due_on, reasons)
      select ${county}, d.household_id, d.region_code, d.household_no, d.household_type, d.monitoring_status,
        d.need_lifted, d.need_monitored, d.need_assistance, d.last_visit, d.due_on, d.reasons
      from (${visitDueSql({ regionPrefix: county }, asOf, intervals)}) d`.execute(this.db);
    const households = await sql<{ n: number }>`
      select count(*)::int as n from household where county_code = ${county} and closed_on is null`.execute(this.db);
    await sql`
      insert into rollup_build (kind, county_code, as_of, built_at, fingerprint, households)
      values (${VISIT_DUE_ROLLUP}, ${county}, ${asOf}::date, ${builtAt}, ${fingerprint}, ${households.rows[0]!.n})
      on conflict (kind, county_code) do update set as_of = excluded.as_of, built_at = excluded.built_at,
        fingerprint = excluded.fingerprint, households = excluded.households`.execute(this.db);
  }

  /** The builds of a kind for the counties under a region prefix. */
  async builds(kind: string, prefix: string): Promise<RollupBuild[]> {
    const r = await sql<RollupBuild>`
      select county_code, to_char(as_of, 'YYYY-MM-DD') as as_of, built_at, fingerprint, households
      from rollup_build where kind = ${kind} and county_code like ${`${prefix.slice(0, 6)}%`}`.execute(this.db);
    return r.rows;
  }

  /**
   * The counties under a prefix that have households (a loose index scan of household's county: one probe a
   * county, not a read of the households).
   */
  async countiesWithHouseholds(prefix: string): Promise<string[]> {
    const r = await sql<{ code: string }>`
      select r.code from region r
      where r.level = 'county' and r.code like ${`${prefix.slice(0, 6)}%`}
        and exists (select 1 from household h where h.county_code = r.code)`.execute(this.db);
    return r.rows.map((x) => x.code);
  }

  async stats(
    prefix: string,
    asOf: string,
    withinDays: number,
  ): Promise<{ computedAt: Date; body: unknown } | undefined> {
    const r = await sql<{ computedAt: Date; body: unknown }>`
      select computed_at, body from stats_snapshot
      where region_prefix = ${prefix} and as_of = ${asOf}::date and within_days = ${withinDays}`.execute(this.db);
    return r.rows[0];
  }

  async saveStats(prefix: string, asOf: string, withinDays: number, computedAt: Date, body: unknown): Promise<void> {
    await sql`
      insert into stats_snapshot (region_prefix, as_of, within_days, computed_at, body)
      values (${prefix}, ${asOf}::date, ${withinDays}, ${computedAt}, ${JSON.stringify(body)}::jsonb)
      on conflict (region_prefix, as_of, within_days) do update set computed_at = excluded.computed_at,
        body = excluded.body`.execute(this.db);
    // a day's snapshots are read that day and the next; older ones only take room
    await sql`delete from stats_snapshot where as_of < ${asOf}::date - 7`.execute(this.db);
  }
}

/**
 * Households due a visit from the rollup, with the columns of `visitDueSql` (alias-free; use it as a subquery):
 * the build's rows, except households visited since the build, which are judged live; `overdue` on `asOf`.
 */
export function visitDueRollupSql(
  scope: Scope,
  asOf: string,
  builtAt: Date,
  intervals: readonly VisitIntervals[],
): RawBuilder<unknown> {
  // at or after: a visit written in the same instant as the build may be missing from it
  const since = sql`(select v.household_id from visit v where v.created_at >= ${builtAt})`;
  return sql`
    select h.household_id, h.household_no, h.region_code, h.household_type, h.monitoring_status,
      h.need_lifted, h.need_monitored, h.need_assistance, h.last_visit, h.due_on,
      (h.due_on is null or h.due_on < ${asOf}::date) as overdue, h.reasons
    from visit_due_rollup h
    where ${inScope('household', scope, 'h')} and h.household_id not in ${since}
    union all
    select * from (${visitDueSql(scope, asOf, intervals, sql<boolean>`h.id in ${since}`)}) live`;
}
