import {
  CLOSED_STAGES,
  DATA_QUALITY_RULES,
  isIsoDate,
  visitHasContentSql,
  type ResolvedPolicy,
  type Scope,
} from '@dixian/core';
import { sql, type RawBuilder } from 'kysely';
import { inScope } from './scope.js';

/**
 * The data-quality rules (issue 17 §2, core `data-quality/`) for every household of a scope in one statement: one
 * pass per table grouped by household (members, income records, visits, leads, the open case's measures, the
 * latest department feeds), then each unit's `sql` over the household row; the rows are the households with a
 * finding and the ids of the rules that found it. The same row of facts core's `evaluateDataQuality` reads for
 * one household (DataQualityRepository.factsOf); test/data-quality/agreement.test.ts compares the two.
 */
export interface DqQuery {
  scope: Scope;
  asOf: string;
  policy: ResolvedPolicy;
  /** only these households (null: the whole scope) */
  householdIds?: readonly string[] | null;
  /** leave out the households under these prefixes (judged under a more specific policy of their own) */
  exceptPrefixes?: readonly string[];
}

const NET = `(r.wage_fen + r.business_gross_fen - r.business_cost_fen + r.property_fen + r.transfer_fen)`;

/** `household_id, region_code, rule_ids` of every household of the scope with at least one finding. */
export function dataQualityFindingsSql(
  q: DqQuery,
): RawBuilder<{ householdId: string; regionCode: string; ruleIds: string[] }> {
  if (!isIsoDate(q.asOf)) throw new Error(`invalid as-of date: ${q.asOf}`);
  const D = sql.raw(`date '${q.asOf}'`);
  const ruleCols = DATA_QUALITY_RULES.map((u, i) => sql.raw(`coalesce(${u.sql('x', ctxOf(q, i))}, false) as r_${i}`));
  const ids = DATA_QUALITY_RULES.map((u, i) => sql.raw(`case when y.r_${i} then '${u.id}' end`));
  return sql`
    with hh as (
      select h.id, h.region_code, h.receives_dibao from household h
      where ${inScope('household', q.scope, 'h')} and (h.closed_on is null or h.closed_on > ${D})
        and h.merged_into_id is null
        and ${q.householdIds ? sql`h.id = any(${[...q.householdIds]}::uuid[])` : sql`true`}
        and ${q.exceptPrefixes?.length ? sql`not (h.region_code like any(${q.exceptPrefixes.map((p) => `${p}%`)}::text[]))` : sql`true`}
    ),
    ${memberCtes(q, D)},
    ${activityCtes(q, D)},
    x as (
      select hh.id as household_id, hh.region_code, hh.receives_dibao, coalesce(hd.heads, 0) as heads, magg.*,
        inc.income_years, two.cur_net, two.prev_net, two.cur_period_end, contact.last_contact_on,
        coalesce(empty_visit.empty_visits, 0) as empty_visits, meas.monitored_since,
        coalesce(meas.live_measures, 0) as live_measures, meas.oldest_implementing_on,
        coalesce(fr.feed_death_living, 0) as feed_death_living, coalesce(fr.feed_dibao, 0) as feed_dibao
      from hh left join hd on hd.household_id = hh.id left join magg on magg.mh_hid = hh.id
        left join inc on inc.household_id = hh.id left join two on two.household_id = hh.id
        left join contact on contact.household_id = hh.id left join empty_visit on empty_visit.household_id = hh.id
        left join meas on meas.household_id = hh.id left join fr on fr.household_id = hh.id
    ),
    y as (select x.household_id as hid, x.region_code as rc, ${sql.join(ruleCols)} from x offset 0)
    select hid as household_id, rc as region_code, rule_ids from (
      select y.hid, y.rc, array_remove(array[${sql.join(ids)}]::text[], null) as rule_ids from y
    ) z where cardinality(rule_ids) > 0`;
}

type DateSql = RawBuilder<unknown>;

/** Members in the household on the day, the ID numbers shared between households, heads, and the member-level hits. */
function memberCtes(q: DqQuery, D: DateSql): RawBuilder<unknown> {
  const memberHits = DATA_QUALITY_RULES.flatMap((u, i) =>
    u.memberSql ? [sql.raw(`bool_or(${u.memberSql('m', ctxOf(q, i))}) as mh_${i}`)] : [],
  );
  return sql`
    mem as (
      select m.id, m.household_id, m.relation, m.sex, m.birth_date, m.id_number is null as id_missing,
        coalesce(m.deceased_on <= ${D}, false) as deceased, m.receives_dibao, m.is_tekun, m.id_number_index
      from member m join hh on hh.id = m.household_id
      where (m.left_on is null or m.left_on > ${D}) and m.birth_date <= ${D}
    ),
    dup as (
      -- ID numbers carried by living members of more than one open household
      select o.id_number_index from member o join household oh on oh.id = o.household_id
      where o.id_number_index in (select id_number_index from mem where id_number_index is not null)
        and (o.left_on is null or o.left_on > ${D}) and not coalesce(o.deceased_on <= ${D}, false)
        and (oh.closed_on is null or oh.closed_on > ${D}) and oh.merged_into_id is null
      group by o.id_number_index having count(distinct o.household_id) > 1
    ),
    hd as (
      select household_id, (count(*) filter (where relation = 'head' and not deceased))::int as heads,
        min(birth_date) filter (where relation = 'head' and not deceased) as hb
      from mem group by household_id
    ),
    mrow as (
      select mem.*, coalesce(mem.id_number_index in (select id_number_index from dup), false) as same_id_elsewhere,
        case when hd.heads = 1 then hd.hb end as head_birth
      from mem join hd using (household_id)
    ),
    magg as (
      select m.household_id as mh_hid ${memberHits.length ? sql`, ${sql.join(memberHits)}` : sql``}
      from mrow m group by m.household_id
    )`;
}

/** Income records, contacts, empty visits, the open case's measures and the latest department feeds. */
function activityCtes(q: DqQuery, D: DateSql): RawBuilder<unknown> {
  const county = q.scope.regionPrefix.slice(0, 6);
  const closed = sql.join(CLOSED_STAGES.map((s) => sql.lit(s)));
  return sql`
    inc as (
      select r.household_id, array_agg(r.year) as income_years
      from income_record r join hh on hh.id = r.household_id where r.kind = 'annual' group by r.household_id
    ),
    cur as (
      select distinct on (r.household_id) r.household_id, r.year, r.period_end, ${sql.raw(NET)} as net
      from income_record r join hh on hh.id = r.household_id
      where r.kind = 'annual' and r.period_end <= ${D}
      order by r.household_id, r.year desc
    ),
    two as (
      select cur.household_id, cur.net as cur_net, cur.period_end as cur_period_end, ${sql.raw(NET)} as prev_net
      from cur join income_record r on r.household_id = cur.household_id and r.kind = 'annual'
        and r.year = cur.year - 1 and r.period_end <= ${D}
    ),
    contact as (
      select household_id, max(d) as last_contact_on from (
        select v.household_id, v.visited_on as d from visit v join hh on hh.id = v.household_id where v.visited_on <= ${D}
        union all
        select l.household_id, (l.discovered_at at time zone 'Asia/Shanghai')::date from lead l
          join hh on hh.id = l.household_id
          where (l.discovered_at at time zone 'Asia/Shanghai')::date <= ${D}
      ) c group by household_id
    ),
    empty_visit as (
      select v.household_id, count(*)::int as empty_visits from visit v join hh on hh.id = v.household_id
      where v.visited_on > (${D} - ${sql.raw(`interval '${q.policy.dataQuality.visitLookbackMonths} months'`)})::date
        and v.visited_on <= ${D} and not ${sql.raw(visitHasContentSql('v'))}
      group by v.household_id
    ),
    oc as (
      select distinct on (c.household_id) c.household_id, c.id, c.confirmed_on
      from monitoring_case c join hh on hh.id = c.household_id
      where c.stage not in (${closed}) and c.confirmed_on is not null and c.confirmed_on <= ${D}
      order by c.household_id, c.discovered_at desc, c.id
    ),
    meas as (
      select oc.household_id, oc.confirmed_on as monitored_since,
        (count(am.id) filter (where am.status <> 'stopped'))::int as live_measures,
        min(am.start_on) filter (where am.status = 'implementing') as oldest_implementing_on
      from oc left join assistance_plan p on p.case_id = oc.id left join assistance_measure am on am.plan_id = p.id
      group by oc.household_id, oc.confirmed_on
    ),
    lb as (
      select distinct on (b.county_code, b.department) b.id from feed_batch b
      where b.status = 'done' and b.county_code like ${`${county}%`}
      order by b.county_code, b.department, b.finished_at desc nulls last, b.id
    ),
    fr as (
      select r.household_id,
        (count(*) filter (where r.signal_type = 'death_changes_size' and mem.id is not null and not mem.deceased))::int
          as feed_death_living,
        (count(*) filter (where r.signal_type = 'new_dibao_not_monitored'))::int as feed_dibao
      from feed_row r join lb on lb.id = r.batch_id join hh on hh.id = r.household_id
        left join mem on mem.id = r.member_id
      group by r.household_id
    )`;
}

const ctxOf = (q: DqQuery, i: number) => ({ asOf: q.asOf, policy: q.policy, memberHit: `x.mh_${i}` });
