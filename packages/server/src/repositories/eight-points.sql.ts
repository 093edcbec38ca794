import { IDENTIFICATION_STAGES, type EightPointId, type Scope } from '@dixian/core';
import { sql, type RawBuilder } from 'kysely';
import { chinaDay } from './monitoring-state.sql.js';
import { inScope } from './scope.js';
import { visitDueSql, type VisitIntervals } from './visit-due.sql.js';

/**
 * The households behind each of the eight inspection points (S3 §三), one set-based statement per point: a row per
 * household the point applies to on the as-of day — `household_id`, `region_code`, `problems` (text[], empty when
 * the household meets the point). The figures group these rows by child region; the household list pages the rows
 * with problems. Point 8 (data accuracy) is not here: its households come from the data-quality rules
 * (countDataQualityFindings in services/data-quality.service.ts).
 */
export interface PointParams {
  scope: Scope;
  asOf: string;
  /** 1 January of the as-of year: "this year" of points 3–6 */
  yearStart: string;
  visitIntervals: readonly VisitIntervals[];
  /** policy visits.fullScreeningMonths (S3 §三(二): every household at least yearly) */
  fullScreeningMonths: number;
  /** policy deadlines.* (S3 §三(四)(五)) */
  identificationDays: number;
  noticeMinDays: number;
  planDays: number;
  /** deadlines.departmentExchangeMonths (S1 §四(二)3): the longest a department may hold a risk before pushing it */
  exchangeMonths: number;
}

export type SqlPointId = Exclude<EightPointId, 'data_accuracy'>;

const problems = (...cases: RawBuilder<unknown>[]) =>
  sql`array_remove(array[${sql.join(cases, sql`, `)}]::text[], null)`;

const MONITORED = sql`h.monitoring_status in ('monitoring_unresolved', 'risk_eliminated')`;

/** S3 §三(一): the application leaflet to every household, the assistance-policy leaflet to every monitored one. */
function publicity(p: PointParams) {
  const year = Number(p.asOf.slice(0, 4));
  const delivered = (leaflet: string) => sql`exists (select 1 from publicity_delivery d
    where d.household_id = h.id and d.leaflet = ${leaflet} and d.year = ${year} and d.delivered_on <= ${p.asOf}::date)`;
  return sql`
    select h.id as household_id, h.region_code, ${problems(
      sql`case when not ${delivered('application')} then 'application_leaflet_missing' end`,
      sql`case when ${MONITORED} and not ${delivered('assistance_policy')} then 'policy_leaflet_missing' end`,
    )} as problems
    from household h
    where ${inScope('household', p.scope, 'h')} and h.closed_on is null`;
}

/**
 * S3 §三(二): lifted and monitored households visited at least monthly (the visits-due definition the deadline list
 * reads), and every household screened at least once in the last `fullScreeningMonths`.
 */
function visits(p: PointParams) {
  return sql`
    select h.id as household_id, h.region_code, ${problems(
      sql`case when v.household_id is not null then 'visit_overdue' end`,
      sql`case when h.last_full_screening_on is null or h.last_full_screening_on > ${p.asOf}::date
        or h.last_full_screening_on <= (${p.asOf}::date - make_interval(months => ${p.fullScreeningMonths}))::date
        then 'not_screened_this_year' end`,
    )} as problems
    from household h
    left join (${visitDueSql(p.scope, p.asOf, p.visitIntervals)}) v
      on v.household_id = h.id and v.overdue and (v.need_lifted or v.need_monitored)
    where ${inScope('household', p.scope, 'h')} and h.closed_on is null`;
}

/**
 * S3 §三(三) 风险预警推送是否走过场: department warnings received this year were pushed in time (received within
 * `exchangeMonths` of the event, the longest a department may go between exchanges) and verified within their limit
 * (verify_due_on). A warning pushed in time and still unverified before its limit is not yet judged.
 */
function warnings(p: PointParams) {
  const verifiedOn = chinaDay(sql`w.verified_at`);
  const receivedOn = chinaDay(sql`w.created_at`);
  const verified = sql`(w.verified_at is not null and ${verifiedOn} <= ${p.asOf}::date)`;
  const late = sql`(w.event_date is not null
    and ${receivedOn} > (w.event_date + make_interval(months => ${p.exchangeMonths}))::date)`;
  return sql`
    select w.household_id, h.region_code, ${problems(
      sql`case when bool_or(${late}) then 'warning_pushed_late' end`,
      sql`case when bool_or(${verified} and ${verifiedOn} > w.verify_due_on) then 'warning_verified_late' end`,
      sql`case when bool_or(not ${verified} and w.verify_due_on < ${p.asOf}::date) then 'warning_unverified_overdue' end`,
    )} as problems
    from department_warning w
    join household h on h.id = w.household_id
    where ${inScope('departmentWarning', p.scope, 'w')} and w.verify_due_on is not null
      and ${receivedOn} between ${p.yearStart}::date and ${p.asOf}::date
      and (${verified} or w.verify_due_on < ${p.asOf}::date or ${late})
    group by w.household_id, h.region_code`;
}

const STAGES = sql.join(
  IDENTIFICATION_STAGES.map((s) => sql.lit(s)),
  sql`, `,
);

/**
 * S3 §三(四): identified within `identificationDays` of the day the risk was discovered, with at least
 * `noticeMinDays` of village notice (end ≥ start + days, as the case machine checks). Counted: cases confirmed this
 * year, cases and leads whose limit passed unidentified.
 */
function identification(p: PointParams) {
  const due = sql`(${chinaDay(sql`c.discovered_at`)} + ${p.identificationDays}::int)`;
  const leadDue = sql`(${chinaDay(sql`l.discovered_at`)} + ${p.identificationDays}::int)`;
  return sql`
    select x.household_id, x.region_code,
      array(select distinct u from unnest(array_agg(x.problem)) u where u is not null order by u) as problems
    from (
      select c.household_id, h.region_code,
        unnest(array[
          case when c.confirmed_on > ${due} then 'identification_late' end,
          case when c.notice_start_on is null or c.notice_end_on is null
            or c.notice_end_on < c.notice_start_on + ${p.noticeMinDays}::int then 'notice_too_short' end
        ]) as problem
      from monitoring_case c join household h on h.id = c.household_id
      where ${inScope('monitoringCase', p.scope, 'c')} and c.confirmed_on between ${p.yearStart}::date and ${p.asOf}::date
      union all
      select c.household_id, h.region_code, 'identification_overdue'
      from monitoring_case c join household h on h.id = c.household_id
      where ${inScope('monitoringCase', p.scope, 'c')} and c.stage in (${STAGES})
        and (c.confirmed_on is null or c.confirmed_on > ${p.asOf}::date) and ${due} < ${p.asOf}::date
      union all
      select l.household_id, l.region_code, 'identification_overdue'
      from lead l
      where ${inScope('lead', p.scope, 'l')} and l.status = 'open' and l.case_id is null
        and l.attached_to_lead_id is null and l.household_id is not null and ${leadDue} < ${p.asOf}::date
    ) x
    group by x.household_id, x.region_code`;
}

/**
 * S3 §三(五): a plan within `planDays` of confirmation, for households confirmed this year; one whose limit has
 * not passed without a plan is not yet judged.
 */
function plans(p: PointParams) {
  const due = sql`(c.confirmed_on + ${p.planDays}::int)`;
  return sql`
    select c.household_id, h.region_code, ${problems(
      sql`case when bool_or(fp.first_on > ${due}) then 'plan_late' end`,
      sql`case when bool_or(fp.first_on is null and ${due} < ${p.asOf}::date) then 'plan_overdue' end`,
    )} as problems
    from monitoring_case c
    join household h on h.id = c.household_id
    left join lateral (
      select min(ap.created_on) as first_on from assistance_plan ap
      where ap.case_id = c.id and ap.created_on <= ${p.asOf}::date
    ) fp on true
    where ${inScope('monitoringCase', p.scope, 'c')} and c.confirmed_on between ${p.yearStart}::date and ${p.asOf}::date
      and (fp.first_on is not null or ${due} < ${p.asOf}::date)
    group by c.household_id, h.region_code`;
}

/** The finding of the latest finished screening run covering each household (on or before the as-of day). */
function latestFinding(p: PointParams, finding: string) {
  return sql`exists (
    select 1 from screening_result sr
    where sr.household_id = h.id and sr.finding = ${finding} and not sr.cleared
      and sr.run_id = (
        select r.id from screening_run r
        where r.status = 'done' and r.as_of <= ${p.asOf}::date and h.region_code like r.scope_code || '%'
        order by r.as_of desc, r.finished_at desc nulls last limit 1))`;
}

/**
 * S3 §三(六) 应消尽消: households whose risk was eliminated this year (met) and monitored households the latest
 * screening found due for elimination (short).
 */
function elimination(p: PointParams) {
  const due = latestFinding(p, 'should_eliminate');
  return sql`
    select h.id as household_id, h.region_code,
      case when h.monitoring_status = 'monitoring_unresolved' then array['elimination_due'] else array[]::text[] end
        as problems
    from household h
    where ${inScope('household', p.scope, 'h')} and h.closed_on is null
      and ((h.monitoring_status = 'risk_eliminated' and h.risk_eliminated_on between ${p.yearStart}::date and ${p.asOf}::date)
        or (h.monitoring_status = 'monitoring_unresolved' and ${due}))`;
}

/**
 * S3 §三(七) 应标尽标: monitored households flagged whole-household-no-labour (met) and those the latest screening
 * found due for the flag (short).
 */
function noLaborFlag(p: PointParams) {
  const due = latestFinding(p, 'should_flag_no_labor');
  return sql`
    select h.id as household_id, h.region_code,
      case when h.whole_household_no_labor then array[]::text[] else array['no_labor_flag_due'] end as problems
    from household h
    where ${inScope('household', p.scope, 'h')} and h.closed_on is null
      and h.monitoring_status = 'monitoring_unresolved'
      and (h.whole_household_no_labor or ${due})`;
}

export const POINT_SQL: Record<SqlPointId, (p: PointParams) => RawBuilder<unknown>> = {
  publicity,
  visits,
  warnings,
  identification,
  plans,
  elimination,
  no_labor_flag: noLaborFlag,
};
