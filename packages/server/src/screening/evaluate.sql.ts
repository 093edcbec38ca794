import { CLOSED_STAGES, ELIMINATION_STAGES, RiskType } from '@dixian/core';
import type { PolicyParams } from './policy-params.js';

/**
 * The screening rules as one set-based query over every household of a scope: the same facts `assess()` and
 * `evaluateEliminationGuards()` read (packages/core/src/assess.ts, elimination.ts, income.ts), the same
 * thresholds, and the same comparisons, in integers (ratios in basis points). Each household takes the
 * parameters of its region's policy (./policy-params.ts). One row per household comes out, with its category,
 * grounds, exclusions, risk types, failed guards and findings, and the facts the explanations cite.
 *
 * Shape: policy-independent aggregates first (members: one pass, grouped by household; visits; open cases and
 * their measures), then the policy-dependent passes (income records in force and the stable-income window,
 * events in the look-back, separate children), all hash-joined on household id. No per-household loop.
 *
 * Amount comparisons multiply fen by 10,000 (basis points) in bigint: exact for amounts below 9.2 × 10^14 fen.
 */

/** Parameters: $1 as-of date, $2 policies (jsonb), $3 household ids or null, $4 as-of as YYYYMMDD. */
export interface EvaluationQuery {
  text: string;
  params: unknown[];
}

const lit = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/** Only digit prefixes go into the SQL text; everything else is a parameter. */
function digits(prefix: string): string {
  if (!/^\d*$/.test(prefix)) throw new Error(`invalid region prefix: ${JSON.stringify(prefix)}`);
  return prefix;
}

/** Rows of `alias` (a table with county_code) in the scope's counties: lets a partitioned table prune. */
function countyFilter(alias: string, scopeCode: string): string {
  const s = digits(scopeCode);
  if (s.length >= 6) return `${alias}.county_code = '${s.slice(0, 6)}'`;
  if (s.length > 0) return `${alias}.county_code like '${s}%'`;
  return 'true';
}

/** The policy key of each household: the longest policy prefix its village code starts with. */
function policyKey(policies: readonly PolicyParams[]): string {
  const specific = [...policies].filter((p) => p.prefix !== policies[0]!.prefix);
  specific.sort((a, b) => b.prefix.length - a.prefix.length);
  if (!specific.length) return `${policies[0]!.k}`;
  return `case ${specific.map((p) => `when h.region_code like '${digits(p.prefix)}%' then ${p.k}`).join(' ')} else ${policies[0]!.k} end`;
}

/** The JSON the query unpacks into `pol` (snake_case keys). */
export function policyJson(policies: readonly PolicyParams[]): string {
  return JSON.stringify(
    policies.map((p) => ({
      k: p.k,
      version_label: p.versionLabel,
      line: p.line,
      rigid_bp: p.rigidBp,
      drop_bp: p.dropBp,
      net_of_claims: p.netOfClaims,
      require_risk: p.requireRisk,
      lookback_start: p.lookbackStart,
      lookback_months: p.lookbackMonths,
      edu_min: p.eduMin,
      edu_max: p.eduMax,
      elderly_age: p.elderlyAge,
      med_fen: p.medFen,
      med_lifted_fen: p.medLiftedFen,
      med_bp: p.medBp,
      school_fen: p.schoolFen,
      unsafe_grades: p.unsafeGrades,
      severe_grade: p.severeGrade,
      loss_fen: p.lossFen,
      ex_car: p.exCar,
      ex_housing: p.exHousing,
      ex_servant: p.exServant,
      ex_business: p.exBusiness,
      ex_elderly: p.exElderly,
      ex_elderly_age: p.exElderlyAge,
      ex_mud: p.exMud,
      stable_months: p.stableMonths,
      window_start: p.windowStart,
      min_months: p.minMonths,
      min_measures: p.minMeasures,
      visit_lifted_months: p.visitLiftedMonths,
      visit_monitored_months: p.visitMonitoredMonths,
    })),
  );
}

/** RiskType identifiers in enum order, each with the SQL that finds it (acute, condition). */
function riskColumns(): { type: string; acute: string; condition: string }[] {
  const ev = (t: string) => `coalesce('${t}' = any(b.ev_types), false)`;
  const acute: Record<string, string> = {
    illness: `(b.rigid_above is true and b.cur_med > 0) or b.med_burden or ${ev('illness')}`,
    education: `(b.rigid_above is true and b.cur_school > 0) or b.school_over or ${ev('education')}`,
    natural_disaster: `(b.rigid_above is true and b.cur_disaster > 0) or b.loss_over or ${ev('natural_disaster')}`,
    housing_unsafe: `b.housing_unsafe or ${ev('housing_unsafe')}`,
    water_unsafe: `not b.drinking_water_safe or ${ev('water_unsafe')}`,
    school_dropout: `b.n_dropouts > 0 or ${ev('school_dropout')}`,
  };
  const condition: Record<string, string> = {
    illness: 'b.n_serious > 0',
    disability: 'coalesce(b.min_grade <= b.severe_grade, false) or coalesce(b.frail_max_age >= b.elderly_age, false)',
    lack_of_labor: 'b.people > 0 and b.n_workers = 0',
  };
  return RiskType.values.map((t) => ({
    type: t,
    acute: acute[t] ?? ev(t),
    condition: condition[t] ?? 'false',
  }));
}

/**
 * The evaluation query of a scope. `householdIds` restricts it to some households (tests and single-household
 * explanations); a run passes none.
 */
export function evaluationQuery(
  scopeCode: string,
  asOf: string,
  policies: readonly PolicyParams[],
  householdIds?: readonly string[],
): EvaluationQuery {
  const s = digits(scopeCode);
  const ids = householdIds ? `and %s = any($3::uuid[])` : '';
  const only = (col: string) => ids.replace('%s', col);
  const risks = riskColumns();
  // "other" joins when income dropped sharply and nothing else was found (assess.ts: risks.length === 0)
  const otherIdx = risks.findIndex((r) => r.type === 'other');
  const before = risks
    .filter((r) => r.type !== 'other')
    .map((r) => `(${r.acute}) or (${r.condition})`)
    .concat([`coalesce('other' = any(b.ev_types), false)`])
    .join(' or ');
  risks[otherIdx] = {
    type: 'other',
    acute: `coalesce('other' = any(b.ev_types), false) or (b.sharp_drop is true and not (${before}))`,
    condition: 'false',
  };
  const arr = (pick: (r: { type: string; acute: string; condition: string }) => string) =>
    `array_remove(array[${risks.map((r) => `case when ${pick(r)} then '${r.type}' end`).join(', ')}]::text[], null)`;

  const text = `
with pol as (
  select * from jsonb_to_recordset($2::jsonb) as p(
    k int, version_label text, line bigint, rigid_bp bigint, drop_bp bigint, net_of_claims boolean,
    require_risk boolean, lookback_start date, lookback_months int, edu_min int, edu_max int, elderly_age int,
    med_fen bigint, med_lifted_fen bigint, med_bp bigint, school_fen bigint, unsafe_grades text[],
    severe_grade int, loss_fen bigint, ex_car boolean, ex_housing boolean, ex_servant boolean,
    ex_business boolean, ex_elderly boolean, ex_elderly_age int, ex_mud boolean, stable_months int,
    window_start date, min_months int, min_measures int, visit_lifted_months int, visit_monitored_months int)
),
hh as (
  select h.id, h.county_code, h.region_code, h.household_no, h.household_type, h.monitoring_status,
    h.risk_types, h.first_identified_on, h.whole_household_no_labor, h.food_clothing_secure,
    h.housing_safety_grade::text as housing_safety_grade, h.only_home_mud_brick, h.drinking_water_safe,
    h.in_resettlement_site, h.guarantees_self_resolvable, h.has_private_car, h.has_commercial_housing,
    h.has_public_servant, h.has_business, h.receives_dibao, h.is_tekun,
    case when h.last_visit_on <= $1::date then h.last_visit_on end as registry_last_visit,
    coalesce(r.is_rural, false) as region_is_rural,
    ${policyKey(policies)} as k
  from household h
  left join region r on r.code = h.region_code
  where h.region_code like '${s}%' and ${countyFilter('h', s)} and ($3::uuid[] is null or h.id = any($3::uuid[]))
),
mem as (
  -- S0 plan two note 2: counted = born, alive, and registered here or living and sharing income
  select m.household_id,
    count(*)::int as members_total,
    count(*) filter (where m.c)::int as people,
    min(m.age) filter (where m.c) as min_age,
    array_agg(m.age) filter (where m.c and m.school_status = 'dropout') as dropout_ages,
    count(*) filter (where m.c and m.medical_insurance = 'none')::int as n_uninsured,
    count(*) filter (where m.c and m.health_status = 'serious_illness')::int as n_serious,
    min(m.disability_grade) filter (where m.c) as min_grade,
    count(*) filter (where m.c and m.disability_category is not null)::int as n_disabled,
    max(m.age) filter (where m.c and (m.disability_category in ('intellectual', 'mental')
      or (m.disability_category is not null and m.labor_capacity = 'lost'))) as frail_max_age,
    count(*) filter (where m.c and m.labor_capacity in ('skilled', 'ordinary'))::int as n_workers,
    count(*) filter (where m.c and m.labor_capacity in ('lost', 'none'))::int as n_no_capacity,
    count(*) filter (where m.c and m.labor_capacity = 'lost')::int as n_lost,
    count(*) filter (where m.c and m.is_public_servant)::int as n_servants,
    count(*) filter (where m.c and m.is_relocated)::int as n_relocated,
    count(*) filter (where m.c and (m.receives_dibao or m.is_tekun))::int as n_assisted
  from (
    select m.household_id, m.school_status, m.medical_insurance, m.health_status, m.disability_grade,
      m.disability_category, m.labor_capacity, m.is_public_servant, m.is_relocated, m.receives_dibao, m.is_tekun,
      (m.birth_date <= $1::date and (m.deceased_on is null or m.deceased_on > $1::date)
        and (m.registered_here or m.lives_and_shares)) as c,
      -- whole years as core's ageOn: YYYYMMDD difference / 10000
      (($4::int - (date_part('year', m.birth_date) * 10000 + date_part('month', m.birth_date) * 100
        + date_part('day', m.birth_date))::int) / 10000) as age
    from member m
    where ${countyFilter('m', s)} ${only('m.household_id')}
  ) m
  group by m.household_id
),
inc as (
  -- income.ts incomeRecordInForce: period ended by the date; later end, then kind rank, later start, lower net
  select i.household_id, i.year, i.kind, i.period_start, i.period_end, i.wage_fen, i.business_gross_fen,
    i.business_cost_fen, i.property_fen, i.transfer_fen, i.medical_out_of_pocket_fen, i.schooling_expense_fen,
    i.disaster_loss_fen, i.insurance_claim_fen, i.net, i.before_ws,
    row_number() over w as rn,
    (lag(i.period_end) over w) is distinct from i.period_end as top_end,
    count(*) filter (where i.before_ws) over w as n_before
  from (
    select i.*, i.wage_fen + i.business_gross_fen - i.business_cost_fen + i.property_fen + i.transfer_fen as net,
      case i.kind when 'after_elimination' then 4 when 'at_identification' then 3 when 'visit_estimate' then 2
        else 1 end as kind_rank,
      i.period_end <= p.window_start as before_ws
    from income_record i
    join hh on hh.id = i.household_id
    join pol p on p.k = hh.k
    where ${countyFilter('i', s)} and i.period_end <= $1::date ${only('i.household_id')}
  ) i
  window w as (partition by i.household_id
    order by i.period_end desc, i.kind_rank desc, i.period_start desc, i.net, i.id)
),
inc_agg as (
  select household_id,
    max(year) filter (where rn = 1) as cur_year,
    max(kind) filter (where rn = 1) as cur_kind,
    max(period_start) filter (where rn = 1) as cur_start,
    max(period_end) filter (where rn = 1) as cur_end,
    max(net) filter (where rn = 1) as cur_net,
    max(wage_fen) filter (where rn = 1) as cur_wage,
    max(business_gross_fen) filter (where rn = 1) as cur_business_gross,
    max(business_cost_fen) filter (where rn = 1) as cur_business_cost,
    max(property_fen) filter (where rn = 1) as cur_property,
    max(transfer_fen) filter (where rn = 1) as cur_transfer,
    max(medical_out_of_pocket_fen) filter (where rn = 1) as cur_med,
    max(schooling_expense_fen) filter (where rn = 1) as cur_school,
    max(disaster_loss_fen) filter (where rn = 1) as cur_disaster,
    max(insurance_claim_fen) filter (where rn = 1) as cur_claim,
    -- income.ts incomeStablyAboveLine: the record in force at the window start, and every record that came
    -- into force during the window (the first of each period end)
    bool_or(before_ws and n_before = 1) as covers_start,
    max(net) filter (where before_ws and n_before = 1) as start_net,
    min(net) filter (where top_end and not before_ws) as window_min_net,
    count(*) filter (where top_end and not before_ws)::int as window_records
  from inc
  group by household_id
),
ev as (
  -- S1 §四(一)1、6、7: events within the look-back and not resolved by the date
  select e.household_id,
    array_agg(distinct e.risk_type) as ev_types,
    (array_agg(e.disaster_subtype order by e.occurred_on desc, e.id)
      filter (where e.risk_type = 'natural_disaster' and e.disaster_subtype is not null))[1] as ev_subtype,
    jsonb_agg(jsonb_build_object('riskType', e.risk_type, 'occurredOn', e.occurred_on, 'lossFen', e.loss_fen)
      order by e.occurred_on desc, e.id) as ev_list
  from household_risk_event e
  join hh on hh.id = e.household_id
  join pol p on p.k = hh.k
  where ${countyFilter('e', s)} ${only('e.household_id')}
    and e.occurred_on <= $1::date and e.occurred_on > p.lookback_start
    and (e.resolved_on is null or e.resolved_on > $1::date)
  group by e.household_id
),
rel as (
  -- S0 plan two §二(二)3 and note 1: a child, even in a separate household, with an asset the policy excludes
  select r.household_id,
    count(*) filter (where r.relation in ('child', 'son', 'daughter') and ((r.has_private_car and p.ex_car)
      or (r.has_commercial_housing and p.ex_housing) or (r.has_public_servant and p.ex_servant)
      or (r.has_business and p.ex_business)))::int as n_well_off_children
  from separate_relative r
  join hh on hh.id = r.household_id
  join pol p on p.k = hh.k
  where ${countyFilter('r', s)} ${only('r.household_id')}
  group by r.household_id
),
oc as (
  select distinct on (c.household_id) c.household_id, c.id, c.stage, c.confirmed_on
  from monitoring_case c
  where ${countyFilter('c', s)} ${only('c.household_id')} and c.stage not in (${lit(CLOSED_STAGES)})
  order by c.household_id, c.episode desc, c.created_at desc, c.id
),
ms as (
  select a.case_id,
    count(*) filter (where m.status in ('implementing', 'done') and (m.start_on is null or m.start_on <= $1::date))::int
      as in_place,
    count(*)::int as recorded
  from assistance_measure m
  join assistance_plan a on a.id = m.plan_id
  where ${countyFilter('m', s)} ${only('m.household_id')}
  group by a.case_id
),
vs as (
  select v.household_id, max(v.visited_on) as last_visit
  from visit v
  where ${countyFilter('v', s)} ${only('v.household_id')} and v.visited_on <= $1::date
  group by v.household_id
),
b0 as (
  select hh.*, p.version_label, p.line, p.rigid_bp, p.drop_bp, p.net_of_claims, p.require_risk, p.lookback_months,
    p.edu_min, p.edu_max, p.elderly_age, p.med_fen, p.med_lifted_fen, p.med_bp, p.school_fen, p.unsafe_grades,
    p.severe_grade, p.loss_fen, p.ex_car, p.ex_housing, p.ex_servant, p.ex_business, p.ex_elderly,
    p.ex_elderly_age, p.ex_mud, p.stable_months, p.window_start, p.min_months, p.min_measures,
    p.visit_lifted_months, p.visit_monitored_months,
    coalesce(mem.members_total, 0) as members_total, coalesce(mem.people, 0) as people, mem.min_age,
    mem.dropout_ages, coalesce(mem.n_uninsured, 0) as n_uninsured, coalesce(mem.n_serious, 0) as n_serious,
    mem.min_grade, coalesce(mem.n_disabled, 0) as n_disabled, mem.frail_max_age,
    coalesce(mem.n_workers, 0) as n_workers, coalesce(mem.n_no_capacity, 0) as n_no_capacity,
    coalesce(mem.n_lost, 0) as n_lost, coalesce(mem.n_servants, 0) as n_servants,
    coalesce(mem.n_relocated, 0) as n_relocated, coalesce(mem.n_assisted, 0) as n_assisted,
    ia.cur_year, ia.cur_kind, ia.cur_start, ia.cur_end, ia.cur_net, ia.cur_wage, ia.cur_business_gross,
    ia.cur_business_cost, ia.cur_property, ia.cur_transfer, ia.cur_med, ia.cur_school, ia.cur_disaster,
    ia.cur_claim, coalesce(ia.covers_start, false) as covers_start, ia.start_net, ia.window_min_net,
    coalesce(ia.window_records, 0) as window_records,
    pr.wage_fen + pr.business_gross_fen - pr.business_cost_fen + pr.property_fen + pr.transfer_fen as prev_net,
    ev.ev_types, ev.ev_subtype, ev.ev_list, coalesce(rel.n_well_off_children, 0) as n_well_off_children,
    oc.id as case_id, oc.stage as case_stage, oc.confirmed_on, coalesce(ms.in_place, 0) as measures_in_place,
    coalesce(ms.recorded, 0) as measures_recorded,
    greatest(vs.last_visit, hh.registry_last_visit) as last_visit
  from hh
  join pol p on p.k = hh.k
  left join mem on mem.household_id = hh.id
  left join inc_agg ia on ia.household_id = hh.id
  left join income_record pr on pr.household_id = hh.id and pr.kind = 'annual' and pr.year = ia.cur_year - 1
  left join ev on ev.household_id = hh.id
  left join rel on rel.household_id = hh.id
  left join oc on oc.household_id = hh.id
  left join ms on ms.case_id = oc.id
  left join vs on vs.household_id = hh.id
),
b as (
  select b0.*,
    case when b0.cur_year is not null and b0.people > 0 then b0.cur_net < b0.line * b0.people end as below,
    case when b0.cur_year is not null then greatest(0, b0.cur_med + b0.cur_school + b0.cur_disaster
      - case when b0.net_of_claims then b0.cur_claim else 0 end) end as rigid,
    case when b0.cur_year is null then null
      when greatest(0, b0.cur_med + b0.cur_school + b0.cur_disaster
        - case when b0.net_of_claims then b0.cur_claim else 0 end) = 0 then false
      when b0.prev_net is null then null
      else greatest(0, b0.cur_med + b0.cur_school + b0.cur_disaster
        - case when b0.net_of_claims then b0.cur_claim else 0 end) * 10000 > b0.prev_net * b0.rigid_bp end
      as rigid_above,
    case when b0.cur_year is null or b0.prev_net is null or b0.prev_net <= 0 then null
      else b0.cur_net * 10000 <= b0.prev_net * b0.drop_bp end as sharp_drop,
    case when b0.dropout_ages is null then 0
      else (select count(*) from unnest(b0.dropout_ages) a where a between b0.edu_min and b0.edu_max)::int
      end as n_dropouts,
    coalesce(b0.housing_safety_grade = any(b0.unsafe_grades), false) as housing_unsafe,
    coalesce(b0.cur_year is not null and (b0.cur_med > case when b0.household_type = 'lifted_household'
        or b0.monitoring_status <> 'not_monitored' then b0.med_lifted_fen else b0.med_fen end
      or (b0.prev_net is not null and b0.cur_med > 0 and b0.cur_med * 10000 > b0.prev_net * b0.med_bp)), false)
      as med_burden,
    coalesce(b0.cur_school > b0.school_fen, false) as school_over,
    coalesce(b0.cur_disaster > b0.loss_fen, false) as loss_over,
    -- income.ts incomeStablyAboveLine: every record read strictly above the line, the window start covered
    case when b0.people <= 0 then null
      when (b0.window_min_net is not null and b0.window_min_net <= b0.line * b0.people)
        or (b0.covers_start and b0.start_net <= b0.line * b0.people) then false
      when b0.covers_start then true end as stable,
    coalesce(b0.confirmed_on, b0.first_identified_on) as monitored_since
  from b0
),
r as (
  select b.*,
    b.food_clothing_secure and b.n_dropouts = 0 and b.n_uninsured = 0 and not b.housing_unsafe
      and b.drinking_water_safe as secured,
    ${arr((x) => `(${x.acute}) or (${x.condition})`)} as risk_types_found,
    ${arr((x) => x.acute)} as acute_types,
    b.people > 0 and b.n_no_capacity = b.people as no_labor_capacity,
    b.receives_dibao or b.is_tekun or b.n_assisted > 0 or (b.cur_year is not null and b.cur_transfer > 0
      and b.cur_transfer * 2 >= b.cur_wage + b.cur_business_gross + b.cur_property + b.cur_transfer)
      as lives_on_social_security,
    b.region_is_rural or b.in_resettlement_site or b.n_relocated > 0 as population,
    array_remove(array[
      case when b.ex_car and b.has_private_car then 'S0.2.2.1.private_car' end,
      case when b.ex_housing and b.has_commercial_housing then 'S0.2.2.1.commercial_housing' end,
      case when b.ex_servant and (b.has_public_servant or b.n_servants > 0) then 'S0.2.2.1.public_servant' end,
      case when b.ex_business and b.has_business then 'S0.2.2.1.business' end,
      case when b.ex_mud and b.only_home_mud_brick and b.stable is true and b.n_serious = 0 and b.n_disabled = 0
        and b.n_lost = 0 then 'S0.2.2.2.mud_brick_stable_income' end,
      case when b.ex_elderly and b.people > 0 and b.min_age >= b.ex_elderly_age and b.n_well_off_children > 0
        then 'S0.2.2.3.elderly_well_off_children' end
    ]::text[], null) as exclusions,
    case when b.household_type = 'lifted_household' then 'unstable_lifted' else 'marginal_vulnerable' end
      as type_category,
    case when b.monitored_since is not null and b.monitored_since <= $1::date then
      (date_part('year', $1::date) - date_part('year', b.monitored_since))::int * 12
        + (date_part('month', $1::date) - date_part('month', b.monitored_since))::int
        - case when date_part('day', $1::date) < date_part('day', b.monitored_since)
            and (b.monitored_since + make_interval(months => ((date_part('year', $1::date)
              - date_part('year', b.monitored_since))::int * 12 + (date_part('month', $1::date)
              - date_part('month', b.monitored_since))::int)))::date > $1::date then 1 else 0 end
      end as months_monitored
  from b
),
g as (
  select r.*,
    r.below is true and (cardinality(r.risk_types_found) > 0 or not r.require_risk) as income_route,
    r.below is false and (r.rigid_above is true or r.sharp_drop is true) and cardinality(r.risk_types_found) > 0
      as hardship_route,
    not r.secured and not r.guarantees_self_resolvable as guarantee_route,
    array_remove(array[
      case when r.stable is not true then 'S3.3.6.income_stably_above_line' end,
      case when not r.secured then 'S3.3.6.guarantees_secured' end,
      case when r.rigid_above is not false then 'S1.4.4.rigid_expense_controlled' end,
      case when r.acute_types && r.risk_types then 'S3.3.6.recorded_risk_gone' end,
      case when not (r.risk_types_found <@ r.risk_types) then 'S3.3.6.no_new_risk' end,
      case when r.months_monitored is null or r.months_monitored < r.min_months then 'W3.min_months_monitored' end,
      case when r.measures_in_place < r.min_measures then 'W3.min_measures' end,
      case when r.whole_household_no_labor or r.no_labor_capacity then 'S3.3.7.not_no_labor_household' end
    ]::text[], null) as guards_failed,
    -- S3 §三(二): lifted households from the last visit; monitored ones from the last visit or confirmation
    case when r.household_type = 'lifted_household' and r.last_visit is not null
      then (r.last_visit + make_interval(months => r.visit_lifted_months))::date end as lifted_due,
    case when r.monitoring_status = 'monitoring_unresolved'
        and greatest(r.last_visit, r.monitored_since) is not null
      then (greatest(r.last_visit, r.monitored_since) + make_interval(months => r.visit_monitored_months))::date
      end as monitored_due
  from r
),
s as (
  select g.*,
    array_remove(array[
      case when g.income_route then case when g.type_category = 'unstable_lifted' then 'S0.2.1.unstable_lifted'
        else 'S0.2.1.marginal_vulnerable' end end,
      case when g.hardship_route then 'S1.3.1.sudden_hardship' end,
      case when g.guarantee_route then 'S3.3.1.guarantees_unresolved' end
    ]::text[], null) as grounds,
    g.population and (g.income_route or g.hardship_route or g.guarantee_route)
      and cardinality(g.exclusions) = 0 as in_scope,
    (g.household_type = 'lifted_household' and (g.lifted_due is null or g.lifted_due < $1::date))
      or (g.monitoring_status = 'monitoring_unresolved' and (g.monitored_due is null or g.monitored_due < $1::date))
      as visit_overdue
  from g
)
select s.*,
  case when not s.in_scope then null
    when s.income_route then s.type_category
    when s.hardship_route then 'sudden_hardship'
    when s.below is true then s.type_category
    when s.below is false then 'sudden_hardship' end as category,
  case when 'natural_disaster' = any(s.risk_types_found) then s.ev_subtype end as disaster_subtype,
  array_remove(array[
    case when s.in_scope and s.monitoring_status in ('not_monitored', 'risk_eliminated') and s.case_stage is null
      then 'should_include' end,
    case when s.monitoring_status = 'monitoring_unresolved' and cardinality(s.guards_failed) = 0
      and (s.case_stage is null or s.case_stage not in (${lit(ELIMINATION_STAGES)})) then 'should_eliminate' end,
    case when s.monitoring_status = 'monitoring_unresolved' and not s.whole_household_no_labor
      and s.no_labor_capacity and s.lives_on_social_security then 'should_flag_no_labor' end,
    case when s.visit_overdue then 'visit_overdue' end
  ]::text[], null) as findings
from s`;
  const asOfNum = Number(asOf.replaceAll('-', ''));
  return { text, params: [asOf, policyJson(policies), householdIds ? [...householdIds] : null, asOfNum] };
}
