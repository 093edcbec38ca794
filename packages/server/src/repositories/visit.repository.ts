import type { Scope } from '@dixian/core';
import type { SortValue, VISIT_DUE_SORT } from '@dixian/core/api';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, Visit } from '../db/types.js';
import { inScope, likePrefix, pageWindow } from './scope.js';
import { sortTerms } from './sort.js';
import { visitDueSql, type VisitIntervals } from './visit-due.sql.js';
import { visitDueRollupSql, type VisitDueSource } from './rollup.repository.js';

export type VisitRow = Selectable<Visit>;

export interface VisitDueRow {
  householdId: string;
  householdNo: string;
  headName: string | null;
  regionCode: string;
  regionName: string | null;
  householdType: string;
  monitoringStatus: string;
  lifted: boolean;
  monitored: boolean;
  socialAssistance: boolean;
  pairedPartyMember: string | null;
  lastVisitOn: string | null;
  dueOn: string | null;
  overdue: boolean;
  total: number;
  overdueCount: number;
}

const VISIT_DUE_SORT_COLUMNS: Record<(typeof VISIT_DUE_SORT)[number], string> = {
  dueOn: 'l.due_on',
  lastVisitOn: 'l.last_visit',
  householdNo: 'l.household_no',
  regionCode: 'l.region_code',
};
/** most overdue first */
const VISIT_DUE_DEFAULT_ORDER = [sql`l.overdue desc`, sql`l.due_on nulls first`, sql`l.household_no`];

export interface VisitDueFilter {
  /** a region prefix already narrowed to the caller's scope */
  regionPrefix?: string | undefined;
  /** visits are counted up to this day, and a visit due before it is overdue */
  today: string;
  /** last day of the month asked for: households due by then are listed */
  dueBy: string;
  overdueOnly?: boolean | undefined;
  /** the visit intervals of each policy prefix of the area (visit-due.sql.ts) */
  intervals: readonly VisitIntervals[];
  /** where the households due are read from (rollup.service.ts); default live */
  source?: VisitDueSource | undefined;
  /** core VisitDueQuery's sort */
  sort?: SortValue<(typeof VISIT_DUE_SORT)[number]> | undefined;
  page: number;
  pageSize: number;
}

/** Visits (走访) and the households due for one. */
export class VisitRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * A visit whose household lies in the scope now (a household that moved keeps its visits where they were, but
   * its new village sees them), with the household's region; `lock` holds the visit's row to the end of the
   * transaction (its photos are counted under it).
   */
  async getByHousehold(
    scope: Scope,
    id: string,
    lock = false,
  ): Promise<(VisitRow & { householdRegionCode: string; householdCountyCode: string }) | undefined> {
    let q = this.db
      .selectFrom('visit as v')
      .innerJoin('household as h', 'h.id', 'v.householdId')
      .selectAll('v')
      .select(['h.regionCode as householdRegionCode', 'h.countyCode as householdCountyCode'])
      .where('v.id', '=', id)
      .where(inScope('household', scope, 'h'));
    if (lock) q = q.forUpdate('v');
    return q.executeTakeFirst();
  }

  insert(row: Insertable<Visit>): Promise<VisitRow> {
    return this.db.insertInto('visit').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async ofHousehold(
    householdId: string,
    page: number,
    pageSize: number,
  ): Promise<{ items: VisitRow[]; total: number }> {
    const { limit, offset } = pageWindow(page, pageSize);
    const base = this.db.selectFrom('visit').where('householdId', '=', householdId);
    const [items, count] = await Promise.all([
      base.selectAll().orderBy('visitedOn', 'desc').orderBy('createdAt', 'desc').limit(limit).offset(offset).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  /**
   * Households due a visit by `dueBy`, or overdue: lifted and monitored households (S3 §三(二)) and 低保/特困
   * households (S2 §二(二)8), by the one definition the deadline list and the dashboard count (visit-due.sql.ts).
   * Most overdue first.
   */
  async due(scope: Scope, f: VisitDueFilter): Promise<VisitDueRow[]> {
    const { limit, offset } = pageWindow(f.page, f.pageSize);
    const narrowed =
      f.regionPrefix && f.regionPrefix !== scope.regionPrefix
        ? sql<boolean>`h.region_code like ${likePrefix(f.regionPrefix)}`
        : sql<boolean>`true`;
    const rows =
      f.source?.kind === 'rollup'
        ? visitDueRollupSql(
            { ...scope, regionPrefix: f.regionPrefix ?? scope.regionPrefix },
            f.today,
            f.source.builtAt,
            f.intervals,
          )
        : visitDueSql(scope, f.today, f.intervals, narrowed);
    const order = sortTerms(f.sort, VISIT_DUE_SORT_COLUMNS, ['l.household_no']) ?? VISIT_DUE_DEFAULT_ORDER;
    // the page first, then its twenty rows' head, pairing and village (not those of every household due)
    const r = await sql<VisitDueRow>`
      with listed as (
        select d.* from (${rows}) d
         where d.due_on is null or d.due_on <= ${f.dueBy}::date
      )
      select l.household_id, l.household_no, l.region_code, r.name as region_name, l.household_type,
             l.monitoring_status, l.need_lifted as lifted, l.need_monitored as monitored,
             l.need_assistance as social_assistance, l.last_visit as last_visit_on, l.due_on, l.overdue,
             (select m.name from member m where m.household_id = l.household_id and m.relation = 'head'
               order by m.created_at limit 1) as head_name,
             (select h.paired_party_member from household h where h.id = l.household_id) as paired_party_member,
             l.total, l.overdue_count
        from (
          select l.*, count(*) over ()::int as total, count(*) filter (where l.overdue) over ()::int as overdue_count
            from listed l
           where ${f.overdueOnly ? sql`l.overdue` : sql`true`}
           order by ${sql.join(order)}
           limit ${limit} offset ${offset}
        ) l
        left join region r on r.code = l.region_code
       order by ${sql.join(order)}`.execute(this.db);
    return r.rows;
  }

  /** Overdue and total counts when the page asked for is past the end (the window counts come with rows). */
  async dueCounts(scope: Scope, f: VisitDueFilter): Promise<{ total: number; overdueCount: number }> {
    const rows = await this.due(scope, { ...f, page: 1, pageSize: 1 });
    return { total: rows[0]?.total ?? 0, overdueCount: rows[0]?.overdueCount ?? 0 };
  }
}
