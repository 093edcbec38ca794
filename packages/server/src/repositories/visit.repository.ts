import type { Scope } from '@dixian/core';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, Visit } from '../db/types.js';
import { inScope, likePrefix, pageWindow } from './scope.js';

export type VisitRow = Selectable<Visit>;

/** The visit rhythm of one policy prefix (screening's RunPolicy params). */
export interface VisitRhythm {
  prefix: string;
  liftedMonths: number;
  monitoredMonths: number;
}

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
  lastVisitOn: string | null;
  dueOn: string | null;
  overdue: boolean;
  total: number;
  overdueCount: number;
}

export interface VisitDueFilter {
  /** a region prefix already narrowed to the caller's scope */
  regionPrefix?: string | undefined;
  /** visits are counted up to this day, and a visit due before it is overdue */
  today: string;
  /** last day of the month asked for: households due by then are listed */
  dueBy: string;
  overdueOnly?: boolean | undefined;
  rhythms: readonly VisitRhythm[];
  page: number;
  pageSize: number;
}

/** Visits (走访) and the households due for one. */
export class VisitRepository {
  constructor(private readonly db: Kysely<DB>) {}

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
   * Lifted and monitored households due for a visit by `dueBy`, or overdue (S3 §三(二)). The rule is screening's
   * (reference.ts `visitCheck`, evaluate.sql.ts `visit_overdue`): a lifted household is due `liftedMonths` after
   * its last visit, a monitored one `monitoredMonths` after its last visit or its confirmation, whichever is
   * later; a household with no start date at all is overdue. Each household takes the rhythm of the most specific
   * policy prefix its village starts with. Most overdue first.
   */
  async due(scope: Scope, f: VisitDueFilter): Promise<VisitDueRow[]> {
    const { limit, offset } = pageWindow(f.page, f.pageSize);
    const narrowed =
      f.regionPrefix && f.regionPrefix !== scope.regionPrefix
        ? sql`and h.region_code like ${likePrefix(f.regionPrefix)}`
        : sql``;
    const r = await sql<VisitDueRow>`
      with pol as (
        select * from unnest(${f.rhythms.map((p) => p.prefix)}::text[], ${f.rhythms.map((p) => p.liftedMonths)}::int[],
                             ${f.rhythms.map((p) => p.monitoredMonths)}::int[]) as p(prefix, lifted_months, monitored_months)
      ),
      hh as (
        select h.id, h.household_no, h.region_code, h.household_type, h.monitoring_status,
               h.household_type = 'lifted_household' as lifted,
               h.monitoring_status = 'monitoring_unresolved' as monitored,
               greatest((select max(v.visited_on) from visit v
                          where v.household_id = h.id and v.visited_on <= ${f.today}::date),
                        case when h.last_visit_on <= ${f.today}::date then h.last_visit_on end) as last_visit,
               coalesce((select c.confirmed_on from monitoring_case c
                          where c.household_id = h.id and c.stage not in ('rejected', 'eliminated')
                          order by c.episode desc, c.created_at desc limit 1),
                        h.first_identified_on) as monitored_since,
               rh.lifted_months, rh.monitored_months
          from household h
          cross join lateral (select p.lifted_months, p.monitored_months from pol p
                               where h.region_code like p.prefix || '%'
                               order by length(p.prefix) desc limit 1) rh
         where ${inScope('household', scope, 'h')} ${narrowed}
           and (h.household_type = 'lifted_household' or h.monitoring_status = 'monitoring_unresolved')
      ),
      dues as (
        select hh.*,
               case when lifted and last_visit is not null
                    then (last_visit + make_interval(months => lifted_months))::date end as lifted_due,
               case when monitored and greatest(last_visit, monitored_since) is not null
                    then (greatest(last_visit, monitored_since) + make_interval(months => monitored_months))::date
                    end as monitored_due
          from hh
      ),
      judged as (
        select d.*,
               case when (d.lifted and d.lifted_due is null) or (d.monitored and d.monitored_due is null) then null
                    else least(d.lifted_due, d.monitored_due) end as due_on
          from dues d
      ),
      listed as (
        select j.*, (j.due_on is null or j.due_on < ${f.today}::date) as overdue
          from judged j
         where j.due_on is null or j.due_on <= ${f.dueBy}::date
      )
      select l.id as household_id, l.household_no, l.region_code, r.name as region_name, l.household_type,
             l.monitoring_status, l.lifted, l.monitored, l.last_visit as last_visit_on, l.due_on, l.overdue,
             (select m.name from member m where m.household_id = l.id and m.relation = 'head'
               order by m.created_at limit 1) as head_name,
             count(*) over ()::int as total,
             count(*) filter (where l.overdue) over ()::int as overdue_count
        from listed l
        left join region r on r.code = l.region_code
       where ${f.overdueOnly ? sql`l.overdue` : sql`true`}
       order by l.overdue desc, l.due_on nulls first, l.household_no
       limit ${limit} offset ${offset}`.execute(this.db);
    return r.rows;
  }

  /** Overdue and total counts when the page asked for is past the end (the window counts come with rows). */
  async dueCounts(scope: Scope, f: VisitDueFilter): Promise<{ total: number; overdueCount: number }> {
    const rows = await this.due(scope, { ...f, page: 1, pageSize: 1 });
    return { total: rows[0]?.total ?? 0, overdueCount: rows[0]?.overdueCount ?? 0 };
  }
}
