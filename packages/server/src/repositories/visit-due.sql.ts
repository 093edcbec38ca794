import { MONITORED_STAGES, type ResolvedPolicy, type Scope } from '@dixian/core';
import { sql, type RawBuilder } from 'kysely';
import { inScope } from './scope.js';

/**
 * The one definition of "a household is due a visit" (S3 §三(二) monthly for lifted and monitored households;
 * S2 §二(二)8 quarterly for 低保/特困 households). The deadline list, the dashboard's visit figures and the visits-due
 * page all read it, so their counts agree.
 */

export interface VisitIntervals {
  prefix: string;
  /** S3 §三(二): lifted households at least once per this many months */
  lifted: number;
  /** S3 §三(二): monitored (risk unresolved) households */
  monitored: number;
  /** S2 §二(二)8: social-assistance households, at least quarterly */
  assistance: number;
}

export function visitIntervalsOf(prefix: string, policy: ResolvedPolicy): VisitIntervals {
  return {
    prefix,
    lifted: policy.visits.liftedHouseholdMonths,
    monitored: policy.visits.monitoredHouseholdMonths,
    assistance: policy.visits.socialAssistanceMonths,
  };
}

const MONITORED = sql.join(
  MONITORED_STAGES.map((v) => sql.lit(v)),
  sql`, `,
);

/**
 * Households of the scope that must be visited, one row each: `household_id`, `region_code`, `household_type`,
 * `monitoring_status`, `need_lifted`, `need_monitored`, `need_assistance`, `last_visit` (on or before `asOf`),
 * `due_on` (the earliest requirement's due day; null when a requirement has no start: never visited, so overdue),
 * `overdue` (judged on `asOf`) and `reasons` ('lifted,monitored,social_assistance'). Each household takes the
 * intervals of the most specific policy prefix its village starts with. `where` narrows the households (alias h).
 */
export function visitDueSql(
  scope: Scope,
  asOf: string,
  intervals: readonly VisitIntervals[],
  where: RawBuilder<boolean> = sql<boolean>`true`,
): RawBuilder<unknown> {
  const pol = JSON.stringify(intervals);
  return sql`
    select h.id as household_id, h.household_no, h.region_code, h.household_type, h.monitoring_status,
      r.need_lifted, r.need_monitored, r.need_assistance, lastv.last as last_visit,
      case when vd.never then null else vd.due_on end as due_on,
      (vd.never or vd.due_on < ${asOf}::date) as overdue, vd.reasons
    from household h
    join lateral (
      select p.* from jsonb_to_recordset(${pol}::jsonb) as p(prefix text, lifted int, monitored int, assistance int)
      where h.region_code like p.prefix || '%' order by length(p.prefix) desc limit 1
    ) p on true
    left join lateral (
      select max(v.visited_on) as last from visit v where v.household_id = h.id and v.visited_on <= ${asOf}::date
    ) lv on true
    left join lateral (
      select max(c.confirmed_on) as since from monitoring_case c
      where c.household_id = h.id and c.stage in (${MONITORED})
    ) mc on true
    cross join lateral (
      select greatest(lv.last, case when h.last_visit_on <= ${asOf}::date then h.last_visit_on end) as last
    ) lastv
    cross join lateral (
      select
        h.household_type = 'lifted_household' as need_lifted,
        h.monitoring_status = 'monitoring_unresolved' as need_monitored,
        (h.receives_dibao or h.is_tekun) as need_assistance,
        (lastv.last + make_interval(months => p.lifted))::date as due_lifted,
        (greatest(lastv.last, coalesce(mc.since, h.first_identified_on)) + make_interval(months => p.monitored))::date
          as due_monitored,
        (greatest(lastv.last, h.dibao_since) + make_interval(months => p.assistance))::date as due_assistance
    ) r
    cross join lateral (
      select
        (r.need_lifted and r.due_lifted is null) or (r.need_monitored and r.due_monitored is null)
          or (r.need_assistance and r.due_assistance is null) as never,
        least(case when r.need_lifted then r.due_lifted end, case when r.need_monitored then r.due_monitored end,
          case when r.need_assistance then r.due_assistance end) as due_on,
        array_to_string(array_remove(array[case when r.need_lifted then 'lifted' end,
          case when r.need_monitored then 'monitored' end,
          case when r.need_assistance then 'social_assistance' end], null), ',') as reasons
    ) vd
    where ${inScope('household', scope, 'h')} and h.closed_on is null and ${where}
      and (r.need_lifted or r.need_monitored or r.need_assistance)`;
}
