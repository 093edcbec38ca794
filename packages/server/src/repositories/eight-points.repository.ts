import type { Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { POINT_SQL, type PointParams, type SqlPointId } from './eight-points.sql.js';
import { headNameOf } from './head-name.sql.js';
import { inScope } from './scope.js';

export interface FigureRow {
  code: string;
  denominator: number;
  met: number;
}

export interface ShortHouseholdRow {
  householdId: string;
  householdNo: string;
  headName: string | null;
  regionCode: string;
  regionName: string | null;
  countyCode: string;
  problems: string[];
}

/**
 * The eight inspection points' figures and households (S3 §三): each point's rows (eight-points.sql.ts) grouped by
 * the first `childLength` digits of the region code (the child regions of the area), in one statement per point.
 */
export class EightPointsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async figures(point: SqlPointId, p: PointParams, childLength: number): Promise<FigureRow[]> {
    const r = await sql<FigureRow>`
      select left(x.region_code, ${childLength}) as code, count(*)::int as denominator,
        count(*) filter (where cardinality(x.problems) = 0)::int as met
      from (${POINT_SQL[point](p)}) x
      group by 1`.execute(this.db);
    return r.rows;
  }

  /** The households short of a point (with their problems), a page in region and household-number order. */
  async shortHouseholds(
    point: SqlPointId,
    p: PointParams,
    page: { limit: number; offset: number },
    householdIds?: readonly string[],
  ): Promise<{ rows: ShortHouseholdRow[]; total: number }> {
    const only = householdIds ? sql`and x.household_id = any(${[...householdIds]}::uuid[])` : sql``;
    const r = await sql<ShortHouseholdRow & { total: number }>`
      select x.household_id, h.household_no, ${headNameOf('x.householdId')} as head_name, x.region_code,
        rg.name as region_name, h.county_code, x.problems, count(*) over ()::int as total
      from (${POINT_SQL[point](p)}) x
      join household h on h.id = x.household_id
      left join region rg on rg.code = x.region_code
      where cardinality(x.problems) > 0 ${only}
      order by x.region_code, h.household_no
      limit ${page.limit} offset ${page.offset}`.execute(this.db);
    return { rows: r.rows.map(({ total: _t, ...row }) => row), total: r.rows[0]?.total ?? 0 };
  }

  /** Point 8: households of the scope by child region, and how many of them are among the ids given. */
  async countAmong(scope: Scope, childLength: number, ids: readonly string[]): Promise<FigureRow[]> {
    const r = await sql<FigureRow>`
      select left(h.region_code, ${childLength}) as code, count(*)::int as denominator,
        count(*) filter (where not (h.id = any(${[...ids]}::uuid[])))::int as met
      from household h
      where ${inScope('household', scope, 'h')} and h.closed_on is null
      group by 1`.execute(this.db);
    return r.rows;
  }

  /** Point 8's households among the ids given, a page in region and household-number order. */
  async householdsAmong(
    scope: Scope,
    ids: readonly string[],
    page: { limit: number; offset: number },
  ): Promise<{ rows: Omit<ShortHouseholdRow, 'problems'>[]; total: number }> {
    const r = await sql<Omit<ShortHouseholdRow, 'problems'> & { total: number }>`
      select h.id as household_id, h.household_no, ${headNameOf('h.id')} as head_name, h.region_code,
        rg.name as region_name, h.county_code, count(*) over ()::int as total
      from household h
      left join region rg on rg.code = h.region_code
      where ${inScope('household', scope, 'h')} and h.closed_on is null and h.id = any(${[...ids]}::uuid[])
      order by h.region_code, h.household_no
      limit ${page.limit} offset ${page.offset}`.execute(this.db);
    return { rows: r.rows.map(({ total: _t, ...row }) => row), total: r.rows[0]?.total ?? 0 };
  }

  /** Awareness surveys of the year up to the as-of day (S3 §三(一)), summed by child region. */
  async awareness(
    scope: Scope,
    childLength: number,
    from: string,
    to: string,
  ): Promise<{ code: string; surveys: number; respondents: number; aware: number }[]> {
    const r = await sql<{ code: string; surveys: number; respondents: number; aware: number }>`
      select left(s.region_code, ${childLength}) as code, count(*)::int as surveys,
        sum(s.respondents)::int as respondents, sum(s.aware)::int as aware
      from awareness_survey s
      where s.region_code like ${`${scope.regionPrefix}%`} and s.surveyed_on between ${from}::date and ${to}::date
      group by 1`.execute(this.db);
    return r.rows;
  }
}
