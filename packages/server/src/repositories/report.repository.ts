import type { Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { chinaDay } from './monitoring-state.sql.js';
import { inScope } from './scope.js';

/**
 * The report's figures that no other repository computes (issue 17 §5), each one set-based statement over the
 * scope and the period [start, end] (China days). Monitoring states and flows come from StatsRepository, the eight
 * points from the eight-points service; what is here: the rural population, measures, visits, screening, the
 * statutory deadlines met, ledgers, and social assistance in force and paid.
 */

/** The child-region key of a region code: its first `length` digits. */
function childOf(column: string, length: number | null) {
  return length ? sql`left(${sql.ref(column)}, ${sql.lit(length)})` : sql`null::text`;
}

export interface Period {
  start: string;
  end: string;
  months: readonly string[];
}

export class ReportRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The rural population: households on the register (not closed by `end`, not merged) and their members living and
   * not departed on `end`. The register keeps no day of entry for households loaded from the old system, so a
   * household is counted whatever day it was entered.
   */
  async population(scope: Scope, end: string): Promise<{ households: number; people: number }> {
    const r = await sql<{ households: number; people: number }>`
      select count(*)::int as households, coalesce(sum(p.n), 0)::int as people
      from household h
      left join lateral (
        select count(*) as n from member m
        where m.household_id = h.id and (m.deceased_on is null or m.deceased_on > ${end}::date)
          and (m.left_on is null or m.left_on > ${end}::date)
      ) p on true
      where ${inScope('household', scope, 'h')} and (h.closed_on is null or h.closed_on > ${end}::date) and h.merged_into_id is null`.execute(
      this.db,
    );
    return r.rows[0] ?? { households: 0, people: 0 };
  }

  /**
   * Measures by type and by department: started in the period, and in force on its last day (started by then,
   * not ended before it, not stopped).
   */
  async measures(
    scope: Scope,
    p: Period,
  ): Promise<{ type: string | null; department: string | null; started: number; inForce: number }[]> {
    const r = await sql<{
      type: string | null;
      department: string | null;
      started: number;
      inForce: number;
      g: number;
    }>`
      select am.type, am.department,
        count(*) filter (where am.start_on between ${p.start}::date and ${p.end}::date)::int as started,
        count(*) filter (where am.start_on <= ${p.end}::date and (am.end_on is null or am.end_on >= ${p.end}::date)
          and am.status <> 'stopped')::int as in_force,
        grouping(am.type, am.department)::int as g
      from assistance_measure am
      join household h on h.id = am.household_id and ${inScope('household', scope, 'h')}
      group by grouping sets ((am.type), (am.department))`.execute(this.db);
    // g: 1 = grouped by type (department rolled up), 2 = by department
    return r.rows.map(({ g, ...row }) => (g === 1 ? { ...row, department: null } : { ...row, type: null }));
  }

  /** Visits done in the period and the households visited, in total and per child region. */
  async visits(
    scope: Scope,
    p: Period,
    childLength: number | null,
  ): Promise<{ child: string | null; visits: number; households: number }[]> {
    const child = childOf('v.regionCode', childLength);
    const r = await sql<{ child: string | null; visits: number; households: number; g: number }>`
      select ${child} as child, count(*)::int as visits, count(distinct v.household_id)::int as households,
        grouping(${child})::int as g
      from visit v
      where ${inScope('visit', scope, 'v')} and v.visited_on between ${p.start}::date and ${p.end}::date
      group by grouping sets ((), (${child}))`.execute(this.db);
    return r.rows.map(({ g, ...row }) => ({ ...row, child: g === 1 ? null : row.child }));
  }

  /**
   * Screening runs finished in the period whose scope covers or lies inside the area, and the households whose
   * latest full screening falls in it.
   */
  async screening(scope: Scope, p: Period): Promise<{ runs: number; households: number }> {
    const prefix = scope.regionPrefix;
    const r = await sql<{ runs: number; households: number }>`
      select
        (select count(*)::int from screening_run sr
          where sr.status = 'done' and ${chinaDay(sql.ref('sr.finishedAt'))} between ${p.start}::date and ${p.end}::date
            and (sr.scope_code like ${`${prefix}%`} or ${prefix} like sr.scope_code || '%')) as runs,
        (select count(*)::int from household h
          where ${inScope('household', scope, 'h')} and h.merged_into_id is null
            and h.last_full_screening_on between ${p.start}::date and ${p.end}::date) as households`.execute(this.db);
    return r.rows[0] ?? { runs: 0, households: 0 };
  }

  /**
   * The statutory limits (S3 §三(四)(五)): cases confirmed in the period, or whose limit passed in it unconfirmed,
   * and those confirmed within `identificationDays` of discovery; cases confirmed in the period, or whose plan
   * limit passed in it without a plan, and those whose first plan is within `planDays` of confirmation.
   */
  async deadlines(
    scope: Scope,
    p: Period,
    days: { identification: number; plan: number },
  ): Promise<{ idTotal: number; idMet: number; planTotal: number; planMet: number }> {
    const discovered = chinaDay(sql.ref('c.discoveredAt'));
    const r = await sql<{ idTotal: number; idMet: number; planTotal: number; planMet: number }>`
      with c as (
        select c.id, c.confirmed_on, c.rejected_on, ${discovered} + ${days.identification}::int as id_due,
          c.confirmed_on + ${days.plan}::int as plan_due,
          (select min(ap.created_on) from assistance_plan ap where ap.case_id = c.id) as planned_on
        from monitoring_case c
        where ${inScope('monitoringCase', scope, 'c')} and c.rolled_back_on is null
      )
      select
        count(*) filter (where c.confirmed_on between ${p.start}::date and ${p.end}::date
          or (c.confirmed_on is null and c.rejected_on is null and c.id_due between ${p.start}::date and ${p.end}::date))::int as id_total,
        count(*) filter (where c.confirmed_on between ${p.start}::date and ${p.end}::date and c.confirmed_on <= c.id_due)::int as id_met,
        count(*) filter (where c.confirmed_on between ${p.start}::date and ${p.end}::date)::int as plan_total,
        count(*) filter (where c.confirmed_on between ${p.start}::date and ${p.end}::date
          and c.planned_on <= c.plan_due)::int as plan_met
      from c`.execute(this.db);
    return r.rows[0] ?? { idTotal: 0, idMet: 0, planTotal: 0, planMet: 0 };
  }

  /** Ledger items by ledger: opened in the period, closed (销号) in it, and still open on its last day. */
  async ledgers(
    scope: Scope,
    p: Period,
  ): Promise<{ ledger: string; opened: number; closed: number; openAtEnd: number }[]> {
    const opened = chinaDay(sql.ref('l.createdAt'));
    const r = await sql<{ ledger: string; opened: number; closed: number; openAtEnd: number }>`
      select l.ledger,
        count(*) filter (where ${opened} between ${p.start}::date and ${p.end}::date)::int as opened,
        count(*) filter (where l.closed_on between ${p.start}::date and ${p.end}::date)::int as closed,
        count(*) filter (where ${opened} <= ${p.end}::date and (l.closed_on is null or l.closed_on > ${p.end}::date))::int
          as open_at_end
      from ledger_item l
      where ${inScope('ledgerItem', scope, 'l')}
      group by l.ledger`.execute(this.db);
    return r.rows;
  }

  /**
   * 低保 and 特困 cases in force on the last day (approved by then, not ended by then; people as the payroll counts
   * them: the insured members, else the living members), and temporary assistance decided in the period.
   */
  async assistance(
    scope: Scope,
    p: Period,
  ): Promise<{ kind: string; cases: number; people: number; amountFen: number }[]> {
    const r = await sql<{ kind: string; cases: number; people: number; amountFen: number }>`
      select s.kind, count(*)::int as cases,
        coalesce(sum(case when s.kind = 'temp_relief' then 0
          when cardinality(s.insured_member_ids) > 0 then cardinality(s.insured_member_ids)
          else (select count(*) from member m where m.household_id = h.id and m.deceased_on is null) end), 0)::int
          as people,
        coalesce(sum(case when s.kind = 'temp_relief' then s.amount_fen else 0 end), 0)::float8 as amount_fen
      from social_assistance_case s
      join household h on h.id = s.household_id and ${inScope('household', scope, 'h')}
      where s.status in ('approved', 'ended') and (
        (s.kind in ('dibao', 'tekun') and s.decided_on <= ${p.end}::date
          and (s.ended_on is null or s.ended_on > ${p.end}::date))
        or (s.kind = 'temp_relief' and s.decided_on between ${p.start}::date and ${p.end}::date))
      group by s.kind`.execute(this.db);
    return r.rows.map((x) => ({ ...x, amountFen: Number(x.amountFen) }));
  }

  /** Paid payrolls of the period's months (the business ledger's money actually paid, S0 plan one 四(一)). */
  async paid(scope: Scope, p: Period): Promise<{ payrolls: number; lines: number; people: number; amountFen: number }> {
    const r = await sql<{ payrolls: number; lines: number; people: number; amountFen: number }>`
      select count(*)::int as payrolls, coalesce(sum(pr.line_count), 0)::int as lines,
        coalesce(sum(pr.people_count), 0)::int as people, coalesce(sum(pr.total_fen), 0)::float8 as amount_fen
      from payroll pr
      where ${inScope('payroll', scope, 'pr')} and pr.status = 'paid' and pr.month = any(${[...p.months]}::text[])`.execute(
      this.db,
    );
    const row = r.rows[0] ?? { payrolls: 0, lines: 0, people: 0, amountFen: 0 };
    return { ...row, amountFen: Number(row.amountFen) };
  }
}
