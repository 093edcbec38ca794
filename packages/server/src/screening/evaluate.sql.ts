import {
  CLOSED_STAGES,
  CONCLUSION_RULE,
  ELIMINATION_STAGES,
  EXCLUSION_RULES,
  GROUND_RULES,
  GUARD_RULES,
  POPULATION_RULE,
  READING_RULES,
  RiskType,
} from '@dixian/core';
import { STORED_FACTS, type FactSources } from './facts-as-of.sql.js';
import type { PolicyParams } from './policy-params.js';
import {
  bits,
  bornBy,
  chooseBy,
  countyFilter,
  day,
  digits,
  dropoutBit,
  lit,
  MEMBER,
  policyJson,
  policyKey,
  RISK_BIT,
  variants,
} from './sql-parts.js';

/**
 * The screening rules as one set-based query over every household of a scope: the same facts `assess()` and
 * `evaluateEliminationGuards()` read (packages/core/src/read-facts.ts, income.ts), the same thresholds, and the
 * same comparisons, in integers (ratios in basis points). The rules themselves are not restated here: each is a
 * rule unit of core (packages/core/src/rules/), whose SQL half this query ORs into its bit sets in the order of
 * the unit lists (rulesSql, findingsSql). Each household takes the
 * parameters of its region's policy (./policy-params.ts). One row per household comes out, with its category,
 * grounds, exclusions, risk types, failed guards and findings, and the facts the explanations cite.
 *
 * Shape, for speed at a million households: one pass per table, grouped by household, none of which joins the
 * households (what depends on the policy, such as the stable-income window or the event look-back, is computed once
 * per distinct value among the run's policies, usually one); then the households meet their village and its
 * policy, the members, the income and the sparse facts in hash joins by household id; then the rules as
 * integer bit sets (risk types, exclusions, guards, grounds, findings), fenced layer by layer
 * (`offset 0`) so that no expression is evaluated twice. Lists are spelled out as arrays only for the rows read.
 *
 * A run reads the members' and income facts from household_screening_facts instead (`facts`), after
 * factsRefreshQuery has derived them again, with the same SQL, for the households whose stored facts do not hold
 * on the date (staleFactsQuery); `evaluateHouseholds` always derives them.
 *
 * Amount comparisons multiply fen by 10,000 (basis points) in bigint: exact for amounts below 9.2 × 10^14 fen.
 */

/**
 * Parameters: $1 as-of date, $2 policies (jsonb), $3 household ids or null, $4 the previous run's id or null,
 * $5/$6 the household id range of a partition (or null).
 */
export interface EvaluationQuery {
  text: string;
  params: unknown[];
}

/**
 * The evaluation query of a scope. `householdIds` restricts it to some households (tests and single-household
 * explanations); a run passes none.
 */
export interface EvaluationOptions {
  /** only these households (tests, single-household explanations) */
  householdIds?: readonly string[] | undefined;
  /** the run this one is compared with: its flagged households come out with `prev_findings` */
  previousRunId?: string | null | undefined;
  /**
   * Only households that can have a finding or had one in the previous run (a run): lifted or monitored ones, and
   * not-monitored ones with a way into scope (income below the line, a hardship trigger, a guarantee failing).
   * The others cannot be flagged (assess.ts: no ground, no scope), so their rules are not evaluated at all.
   */
  candidatesOnly?: boolean | undefined;
  /** household ids in [from, to): a partition of a run executed in parallel */
  range?: { from: string | null; to: string | null } | undefined;
  /**
   * Read the counted members and the income in force from household_screening_facts instead of deriving them
   * (a run, after factsRefreshQuery has brought the facts of the same households up to date in the same
   * transaction).
   */
  facts?: boolean | undefined;
  /**
   * The tables the household facts are read from: the stored rows (default), or a past day's rows rebuilt from
   * fact_history (./facts-as-of.sql.ts). Never with `facts`: the stored facts hold for today's rows.
   */
  sources?: FactSources | undefined;
}

export function evaluationQuery(
  scopeCode: string,
  asOf: string,
  policies: readonly PolicyParams[],
  opts: EvaluationOptions = {},
): EvaluationQuery {
  return build(scopeCode, asOf, policies, opts, opts.facts ? 'facts' : 'derive');
}

/**
 * The statement that brings household_screening_facts up to date for the households of a scope (or of a range,
 * or the given ones) on a date: those without facts valid on that date under their policy's parameters get them
 * derived again (the same SQL as the evaluation's derivation, restricted to them) and stored with the dates they
 * hold for. Same parameters as evaluationQuery's.
 */
export function factsRefreshQuery(
  scopeCode: string,
  asOf: string,
  policies: readonly PolicyParams[],
  opts: EvaluationOptions = {},
): EvaluationQuery {
  return build(scopeCode, asOf, policies, opts, 'refresh');
}

/**
 * How many households of the scope (range, given ones) have no facts valid on the date (`n`), and which (`ids`)
 * when there are at most `few`.
 */
export function staleFactsQuery(
  scopeCode: string,
  asOf: string,
  policies: readonly PolicyParams[],
  opts: EvaluationOptions,
  few: number,
): EvaluationQuery {
  const q = build(scopeCode, asOf, policies, opts, 'stale');
  return { text: q.text, params: [...q.params, few] };
}

type Mode = 'derive' | 'facts' | 'refresh' | 'stale';
type Variants = ReturnType<typeof variants<string>>;

interface QueryParts {
  s: string;
  householdIds: readonly string[] | undefined;
  only: (col: string) => string;
  ws: Variants;
  lb: Variants;
  edu: Variants;
  acuteMask: string;
  conditionMask: string;
  SIDE: [string, string, 'max' | 'first'][];
  sideBranches: { from: string; source: string; cols: Record<string, string> }[];
  FACTS: [string, string][];
  policies: readonly PolicyParams[];
  opts: EvaluationOptions;
  mode: Mode;
  asOf: string;
  /** the fact tables read */
  t: FactSources;
}

function build(
  scopeCode: string,
  asOf: string,
  policies: readonly PolicyParams[],
  opts: EvaluationOptions,
  mode: Mode,
): EvaluationQuery {
  const q = queryParts(scopeCode, asOf, policies, opts, mode);
  const head = ['', polSql(q), memSql(q), incSql(q), sideSql(q)].join('\n');
  const text =
    head +
    (mode === 'stale'
      ? `
x as (select 1) select count(*)::int as n, case when count(*) <= $7 then array_agg(id) end as ids from stale`
      : mode === 'refresh'
        ? '\n' + refreshSql(q)
        : ['', householdRowSql(q), derivedSql(), rulesSql(q), findingsSql()].join('\n'));
  const householdIds = opts.householdIds;
  return {
    text,
    params: [
      asOf,
      policyJson(policies, asOf),
      householdIds ? [...householdIds] : null,
      opts.previousRunId ?? null,
      opts.range?.from ?? null,
      opts.range?.to ?? null,
    ],
  };
}

/** What every part of the query reads: the scope, the filters, the per-policy variants, the rules' bit sets. */
function queryParts(
  scopeCode: string,
  asOf: string,
  policies: readonly PolicyParams[],
  opts: EvaluationOptions,
  mode: Mode,
): QueryParts {
  const s = digits(scopeCode);
  const householdIds = opts.householdIds;
  const only = (col: string) =>
    `${householdIds ? `and ${col} = any($3::uuid[])` : ''} ${
      opts.range ? `and ($5::uuid is null or ${col} >= $5::uuid) and ($6::uuid is null or ${col} < $6::uuid)` : ''
    }`;
  const ws = variants(policies, (p) => p.windowStart);
  const lb = variants(policies, (p) => p.lookbackStart);
  // compulsory-education age [min, max]: born by asOf − min years and after asOf − (max + 1) years
  const edu = variants(policies, (p) => `${bornBy(asOf, p.eduMin)}|${bornBy(asOf, p.eduMax + 1)}`);

  // risk types: each reading rule that finds a risk ORs its bits in (core rules/index.ts READING_RULES); events
  // give their own type (the 'other' bit included)
  const riskMask = (kind: 'acute' | 'condition') =>
    READING_RULES.filter((u) => u.risk?.kind === kind)
      .map((u) => u.risk!.mask?.('b') ?? `case when ${u.sql('b')} then ${RISK_BIT[u.risk!.type!]} else 0 end`)
      .join(' | ');
  const acuteMask = riskMask('acute');
  const conditionMask = riskMask('condition');
  return {
    s,
    householdIds,
    only,
    ws,
    lb,
    edu,
    acuteMask,
    conditionMask,
    ...sideColumns(lb),
    FACTS: factColumns(policies, ws, edu),
    policies,
    opts,
    mode,
    asOf,
    t: opts.sources ?? STORED_FACTS,
  };
}

/** The columns of the sparse facts and the branches they come from (one row per household each). */
function sideColumns(lb: Variants) {
  // the columns of the sparse facts (name, SQL type, how the one row's value is picked) and where they come from
  const SIDE: [string, string, 'max' | 'first'][] = [
    ...lb.values.flatMap((_, d): [string, string, 'max' | 'first'][] => [
      [`ev_mask_${d}`, 'int', 'max'],
      [`ev_subtype_${d}`, 'text', 'max'],
      [`ev_list_${d}`, 'jsonb', 'first'],
    ]),
    ['child_assets', 'int', 'max'],
    ['case_id', 'uuid', 'first'],
    ['case_stage', 'text', 'max'],
    ['confirmed_on', 'date', 'max'],
    ['in_place', 'int', 'max'],
    ['recorded', 'int', 'max'],
    ['last_visit', 'date', 'max'],
    ['prev_findings', 'text[]', 'max'],
  ];
  const sideBranches: { from: string; source: string; cols: Record<string, string> }[] = [
    {
      from: 'ev',
      source: 'ev',
      cols: Object.fromEntries(
        lb.values.flatMap((_, d) => [`ev_mask_${d}`, `ev_subtype_${d}`, `ev_list_${d}`].map((c) => [c, `ev.${c}`])),
      ),
    },
    { from: 'rel', source: 'rel', cols: { child_assets: 'rel.child_assets' } },
    {
      from: 'oc',
      source: 'oc left join ms on ms.case_id = oc.id',
      cols: {
        case_id: 'oc.id',
        case_stage: 'oc.stage',
        confirmed_on: 'oc.confirmed_on',
        in_place: 'ms.in_place',
        recorded: 'ms.recorded',
      },
    },
    { from: 'vs', source: 'vs', cols: { last_visit: 'vs.last_visit' } },
    { from: 'prev', source: 'prev', cols: { prev_findings: 'prev.prev_findings' } },
  ];
  return { SIDE, sideBranches };
}

// The first as-of date on which `date` <= addMonths(asOf, −months) holds (the policy's ages and windows count
// back from the as-of date with core's addMonths, day clamped at month ends): `date` + months, or the day after
// when that addition was clamped. Checked against addMonths for every day of 2019–2026.
const flip = (date: string, months: string) => {
  const c = `(${date} + make_interval(months => ${months}))::date`;
  return `(case when extract(day from ${date}) > extract(day from ${c}) then ${c} + 1 else ${c} end)`;
};

function factColumns(policies: readonly PolicyParams[], ws: Variants, edu: Variants) {
  // The per-household facts derived from the members and income records (mem, ia) under the household's policy
  // (p): what household_screening_facts stores, and what a run without stored facts computes in place.
  const FACTS: [string, string][] = [
    ['people', 'coalesce(mem.people, 0)'],
    // the dropout bits are numbered per run (by the distinct age ranges among its policies): has_dropout says it
    ['any_member', `coalesce(mem.any_member, 0) & ${dropoutBit(0) - 1}`],
    ['youngest_birth', 'mem.youngest_birth'],
    ['min_grade', 'mem.min_grade'],
    ['oldest_frail_birth', 'mem.oldest_frail_birth'],
    ['has_dropout', `coalesce(mem.any_member & ${chooseBy(policies, edu, (d) => String(dropoutBit(d)))} <> 0, false)`],
    ...[
      'cur_year',
      'cur_kind',
      'cur_start',
      'cur_end',
      'cur_net',
      'cur_wage',
      'cur_business_gross',
      'cur_property',
      'cur_transfer',
      'cur_med',
      'cur_school',
      'cur_disaster',
      'cur_claim',
    ].map((c): [string, string] => [c, `ia.${c}`]),
    ['prev_net', 'case when ia.cur_year is not null then ia.prev_net end'],
    ['covers_start', `coalesce(${chooseBy(policies, ws, (d) => `ia.covers_start_${d}`)}, false)`],
    ['start_net', chooseBy(policies, ws, (d) => `ia.start_net_${d}`)],
    ['window_min_net', chooseBy(policies, ws, (d) => `ia.window_min_net_${d}`)],
  ];
  return FACTS;
}

/** The policies, the households of the scope, their villages with their policies (and the stale ones). */
function polSql(q: QueryParts): string {
  const { s, policies, mode } = q;
  return `with pol as (
  select * from jsonb_to_recordset($2::jsonb) as p(
    k int, version_label text, line bigint, rigid_bp bigint, drop_bp bigint, net_of_claims boolean,
    require_risk boolean, elderly_born_by date, med_fen bigint, med_lifted_fen bigint,
    med_bp bigint, school_fen bigint, unsafe_grades text, severe_grade int, loss_fen bigint, asset_mask int,
    ex_car boolean, ex_housing boolean, ex_servant boolean, ex_business boolean, ex_elderly boolean,
    ex_elderly_born_by date, ex_mud boolean, stable_months int, window_start date, min_months int, min_measures int,
    visit_lifted_months int, visit_monitored_months int, edu_min int, edu_max int)
),
hh as (
  select h.id, h.county_code, h.region_code, h.household_no, h.household_type, h.monitoring_status,
    h.risk_types, h.first_identified_on, h.whole_household_no_labor, h.food_clothing_secure,
    h.housing_safety_grade::text as housing_safety_grade, h.only_home_mud_brick, h.drinking_water_safe,
    h.in_resettlement_site, h.guarantees_self_resolvable, h.has_private_car, h.has_commercial_housing,
    h.has_public_servant, h.has_business, h.receives_dibao, h.is_tekun,
    case when cardinality(h.risk_types) = 0 then 0
      else ${bits(RiskType.values.map((t) => [`'${t}' = any(h.risk_types)`, RISK_BIT[t]]))} end as recorded_mask,
    case when h.last_visit_on <= $1::date then h.last_visit_on end as registry_last_visit
  from ${q.t.household} h
  where h.region_code like '${s}%' and ${countyFilter('h', s)} and ($3::uuid[] is null or h.id = any($3::uuid[]))
    and h.closed_on is null
    and ($5::uuid is null or h.id >= $5::uuid) and ($6::uuid is null or h.id < $6::uuid)
),
rp as (
  -- each village of the scope with its policy's parameters: households meet region and policy in one join
  -- (one policy per village, which a lateral limit tells the planner: joined plainly, the few policy rows read
  -- as a hundred halved its estimate of the households, and it hashed them instead of the narrow sides)
  select r.code, coalesce(r.is_rural, false) as region_is_rural, p.*
  from region r
  cross join lateral (select * from pol p where p.k = ${policyKey(policies)} limit 1) p
  where r.code like '${s}%'
),${
    mode === 'refresh' || mode === 'stale'
      ? `
stale as (
  -- households whose stored facts do not hold on this date under their policy's parameters
  select hh.id, hh.county_code, p.k, p.stable_months, p.window_start, p.edu_min, p.edu_max
  from hh
  join rp p on p.code = hh.region_code
  left join household_screening_facts f on f.household_id = hh.id and f.county_code = hh.county_code
    and f.as_of <= $1::date and $1::date < f.valid_until and f.stable_months = p.stable_months and f.edu_min = p.edu_min
    and f.edu_max = p.edu_max
  where f.household_id is null
),`
      : ''
  }`;
}

/** The previous run's findings and the counted members' facts. */
function memSql(q: QueryParts): string {
  const { s, only, edu } = q;
  return `prev as (
  select household_id, array_agg(finding order by finding) as prev_findings
  from screening_result
  where run_id = $4::uuid and not cleared ${only('household_id')}
  group by household_id
),
mem as (
  -- S0 plan two note 2: counted = born, alive, and registered here or living and sharing income; only counted
  -- members are read. Ages are compared as birth dates (bornBy); what the rules ask of "some member" is one bit
  -- set (bit_or), the compulsory-education range once per distinct range among the policies.
  select m.household_id,
    count(*)::int as people,
    bit_or(m.bits) as any_member,
    max(m.birth_date) as youngest_birth,
    min(m.disability_grade) as min_grade,
    min(m.birth_date) filter (where m.disability_category in ('intellectual', 'mental')
      or (m.disability_category is not null and m.labor_capacity = 'lost')) as oldest_frail_birth
  from (
    select m.household_id, m.disability_grade, m.disability_category, m.labor_capacity, m.birth_date,
      ${bits([
        [`m.medical_insurance = 'none'`, MEMBER.uninsured],
        [`m.health_status = 'serious_illness'`, MEMBER.serious],
        [`m.disability_category is not null`, MEMBER.disabled],
        [`m.labor_capacity in ('skilled', 'ordinary')`, MEMBER.worker],
        [`m.labor_capacity = 'lost'`, MEMBER.lost],
        [`m.is_public_servant`, MEMBER.servant],
        [`m.is_relocated`, MEMBER.relocated],
        [`m.receives_dibao or m.is_tekun`, MEMBER.assisted],
        [`m.labor_capacity not in ('lost', 'none')`, MEMBER.able],
        ...edu.values.map((range, d): [string, number] => [
          `m.school_status = 'dropout' and m.birth_date <= ${day(range.split('|')[0]!)}
        and m.birth_date > ${day(range.split('|')[1]!)}`,
          dropoutBit(d),
        ]),
      ])} as bits
    from ${q.t.member} m
    where ${countyFilter('m', s)} ${only('m.household_id')}
      and m.birth_date <= $1::date and (m.deceased_on is null or m.deceased_on > $1::date)
      and (m.registered_here or m.lives_and_shares)
  ) m
  group by m.household_id
),`;
}

/** The income in force, last year's, and the stable-income window (income.ts). */
function incSql(q: QueryParts): string {
  const { s, only, ws } = q;
  return `inc as (
  -- income.ts incomeRecordInForce: period ended by the date; later end, then kind rank, later start, lower net.
  -- Records not yet in force sort last: they only matter as last year's annual record (previousYearRecord).
  select i.*,
    row_number() over w as rn,
    i.in_force and (lag(i.period_end) over w) is distinct from i.period_end as top_end,
    first_value(case when i.in_force then i.year end) over w as cur_year_of_household,
    ${ws.values.map((_, d) => `count(*) filter (where i.before_ws_${d}) over w as n_before_${d}`).join(',\n    ')}
  from (
    select i.household_id, i.id, i.year, i.kind, i.period_start, i.period_end, i.wage_fen, i.business_gross_fen,
      i.property_fen, i.transfer_fen, i.medical_out_of_pocket_fen, i.schooling_expense_fen,
      i.disaster_loss_fen, i.insurance_claim_fen,
      i.wage_fen + i.business_gross_fen - i.business_cost_fen + i.property_fen + i.transfer_fen as net,
      case i.kind when 'after_elimination' then 4 when 'at_identification' then 3 when 'visit_estimate' then 2
        else 1 end as kind_rank,
      i.period_end <= $1::date as in_force,
      ${ws.values.map((w, d) => `i.period_end <= ${day(w)} as before_ws_${d}`).join(', ')}
    from ${q.t.incomeRecord} i
    where ${countyFilter('i', s)} ${only('i.household_id')}
  ) i
  -- the order is total (it ends with the id), so a ROWS frame is the same frame without comparing peers
  window w as (partition by i.household_id
    order by i.in_force desc, i.period_end desc, i.kind_rank desc, i.period_start desc, i.net, i.id
    rows between unbounded preceding and current row)
),
inc_agg as (
  -- one row per household, grouped in the window's order (no sort): the record in force (the first row, when in
  -- force), with what the whole list shows. A grouping rather than a second window also tells the planner there
  -- is one row per household (it estimated a few thousand, and hashed the households instead of this side).
  select i.household_id,
    ${(
      [
        ['year', 'cur_year'],
        ['kind', 'cur_kind'],
        ['period_start', 'cur_start'],
        ['period_end', 'cur_end'],
        ['net', 'cur_net'],
        ['wage_fen', 'cur_wage'],
        ['business_gross_fen', 'cur_business_gross'],
        ['property_fen', 'cur_property'],
        ['transfer_fen', 'cur_transfer'],
        ['medical_out_of_pocket_fen', 'cur_med'],
        ['schooling_expense_fen', 'cur_school'],
        ['disaster_loss_fen', 'cur_disaster'],
        ['insurance_claim_fen', 'cur_claim'],
      ] as const
    )
      .map(([c, as]) => `max(i.${c}) filter (where i.rn = 1 and i.in_force) as ${as}`)
      .join(',\n    ')},
    max(i.net) filter (where i.kind = 'annual' and i.year = i.cur_year_of_household - 1) as prev_net,
    -- income.ts incomeStablyAboveLine: the record in force at the window start, and every record that came
    -- into force during the window (the first of each period end)
    ${ws.values
      .map(
        (_, d) => `bool_or(i.before_ws_${d} and i.n_before_${d} = 1) as covers_start_${d},
    max(i.net) filter (where i.before_ws_${d} and i.n_before_${d} = 1) as start_net_${d},
    min(i.net) filter (where i.top_end and not i.before_ws_${d}) as window_min_net_${d}`,
      )
      .join(',\n    ')}
  from inc i
  group by i.household_id
),`;
}

/** The sparse facts: events, separate children, the open case and its measures, visits. */
function sideSql(q: QueryParts): string {
  const { s, only, lb, SIDE, sideBranches } = q;
  return `ev as (
  -- S1 §四(一)1、6、7: events within the look-back and not resolved by the date
  select e.household_id,
    ${lb.values
      .map(
        (l, d) => `coalesce(bit_or(e.bit) filter (where e.occurred_on > ${day(l)}), 0) as ev_mask_${d},
    (array_agg(e.disaster_subtype order by e.occurred_on desc, e.id) filter (where e.occurred_on > ${day(l)}
      and e.risk_type = 'natural_disaster' and e.disaster_subtype is not null))[1] as ev_subtype_${d},
    jsonb_agg(jsonb_build_object('riskType', e.risk_type, 'occurredOn', e.occurred_on, 'lossFen', e.loss_fen)
      order by e.occurred_on desc, e.id) filter (where e.occurred_on > ${day(l)}) as ev_list_${d}`,
      )
      .join(',\n    ')}
  from (
    select e.*, case e.risk_type ${RiskType.values.map((t) => `when '${t}' then ${RISK_BIT[t]}`).join(' ')} else 0 end as bit
    from household_risk_event e
    where ${countyFilter('e', s)} ${only('e.household_id')}
      and e.occurred_on <= $1::date and (e.resolved_on is null or e.resolved_on > $1::date)
  ) e
  group by e.household_id
),
rel as (
  -- S0 plan two §二(二)3 and note 1: the assets of children, even in separate households
  select r.household_id,
    bit_or(${bits([
      ['r.has_private_car', 1],
      ['r.has_commercial_housing', 2],
      ['r.has_public_servant', 4],
      ['r.has_business', 8],
    ])}) as child_assets
  from ${q.t.separateRelative} r
  where ${countyFilter('r', s)} ${only('r.household_id')} and r.relation in ('child', 'son', 'daughter')
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
side as (
  -- The sparse facts (events, separate children, the open case and its measures, visits, the previous run's
  -- findings), at most one row per household each, gathered in one aggregate: the households then meet them in
  -- one hash join instead of six (each join of a million households cost about a second).
  select u.household_id,
    ${SIDE.map(([c, , pick]) => `${pick === 'max' ? `max(u.${c})` : `(array_agg(u.${c}) filter (where u.${c} is not null))[1]`} as ${c}`).join(',\n    ')}
  from (
    ${sideBranches
      .map(
        (b) =>
          `select ${b.from}.household_id, ${SIDE.map(([c, type]) => (b.cols[c] ? `${b.cols[c]} as ${c}` : `null::${type} as ${c}`)).join(', ')}
    from ${b.source}`,
      )
      .join('\n    union all\n    ')}
  ) u
  group by u.household_id
),`;
}

/** A run's fact refresh: the stale households' facts derived again, with the dates they hold until. */
function refreshSql(q: QueryParts): string {
  const { s, only, ws, FACTS } = q;
  return `until_m as (
  -- The first date after this one on which the facts could change: a member born or dying, a dropout reaching
  -- or leaving the school ages, an income record coming into force or into the stable-income window.
  select m.household_id, min(least(
    case when m.birth_date > $1::date then m.birth_date end,
    case when m.deceased_on > $1::date then m.deceased_on end,
    case when m.school_status = 'dropout' and ${flip('m.birth_date', '12 * st.edu_min')} > $1::date
      then ${flip('m.birth_date', '12 * st.edu_min')} end,
    case when m.school_status = 'dropout' and ${flip('m.birth_date', '12 * (st.edu_max + 1)')} > $1::date
      then ${flip('m.birth_date', '12 * (st.edu_max + 1)')} end)) as until
  from ${q.t.member} m
  join stale st on st.id = m.household_id
  where ${countyFilter('m', s)} ${only('m.household_id')}
    and (m.birth_date > $1::date or m.deceased_on > $1::date or m.school_status = 'dropout')
  group by m.household_id
),
until_i as (
  select i.household_id, min(least(
    case when i.period_end > $1::date then i.period_end end,
    case when ${flip('i.period_end', 'st.stable_months')} > $1::date then ${flip('i.period_end', 'st.stable_months')}
      end)) as until
  from ${q.t.incomeRecord} i
  join stale st on st.id = i.household_id
  where ${countyFilter('i', s)} ${only('i.household_id')}
    and i.period_end > ${day(ws.values.reduce((a, b) => (a < b ? a : b)))}
  group by i.household_id
)
insert into household_screening_facts (household_id, county_code, as_of, valid_until, stable_months, edu_min, edu_max,
  ${FACTS.map(([c]) => c).join(', ')})
select p.id, p.county_code, $1::date, coalesce(least(um.until, ui.until), 'infinity'::date), p.stable_months, p.edu_min, p.edu_max,
  ${FACTS.map(([, e]) => e).join(',\n  ')}
from stale p
left join mem on mem.household_id = p.id
left join inc_agg ia on ia.household_id = p.id
left join until_m um on um.household_id = p.id
left join until_i ui on ui.household_id = p.id
on conflict (household_id, county_code) do update set ${['as_of', 'valid_until', 'stable_months', 'edu_min', 'edu_max']
    .concat(FACTS.map(([c]) => c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;
}

/** Each household with its policy's parameters and all its facts in one row. */
function householdRowSql(q: QueryParts): string {
  const { only, lb, FACTS, policies, mode } = q;
  return `b0 as (
  select hh.*, p.k, p.region_is_rural, p.version_label, p.line, p.rigid_bp, p.drop_bp, p.net_of_claims, p.require_risk,
    p.elderly_born_by, p.med_fen, p.med_lifted_fen, p.med_bp, p.school_fen, p.unsafe_grades,
    p.severe_grade, p.loss_fen, p.asset_mask, p.ex_car, p.ex_housing, p.ex_servant, p.ex_business, p.ex_elderly,
    p.ex_elderly_born_by, p.ex_mud, p.stable_months, p.window_start, p.min_months, p.min_measures,
    p.visit_lifted_months, p.visit_monitored_months,
    ${
      mode === 'facts'
        ? `${FACTS.map(([c]) => `f.${c}`).join(', ')},
    f.people > 0 and f.any_member & ${MEMBER.able} = 0 as all_without_labor,`
        : `${FACTS.map(([c, e]) => `${e} as ${c}`).join(',\n    ')},
    coalesce(mem.any_member & ${MEMBER.able} = 0, false) as all_without_labor,`
    }
    coalesce(${chooseBy(policies, lb, (d) => `sd.ev_mask_${d}`)}, 0) as ev_mask,
    ${chooseBy(policies, lb, (d) => `sd.ev_subtype_${d}`)} as ev_subtype,
    ${chooseBy(policies, lb, (d) => `sd.ev_list_${d}`)} as ev_list,
    coalesce(sd.child_assets & p.asset_mask, 0) <> 0 as well_off_child,
    sd.case_id, sd.case_stage, sd.confirmed_on, coalesce(sd.in_place, 0) as measures_in_place,
    coalesce(sd.recorded, 0) as measures_recorded,
    greatest(sd.last_visit, hh.registry_last_visit) as last_visit,
    sd.prev_findings
  from hh
  join rp p on p.code = hh.region_code
  ${
    mode === 'facts'
      ? `left join (select * from household_screening_facts f where true ${only('f.household_id')}) f
    on f.household_id = hh.id and f.county_code = hh.county_code`
      : `left join mem on mem.household_id = hh.id
  left join inc_agg ia on ia.household_id = hh.id`
  }
  left join side sd on sd.household_id = hh.id
),`;
}

/** What the rules compare: below the line, rigid expenditure, drops, warning amounts, stability. */
function derivedSql(): string {
  return `b as (
  select b0.*,
    case when b0.cur_year is not null and b0.people > 0 then b0.cur_net < b0.line * b0.people end as below,
    case when b0.cur_year is not null then greatest(0, b0.cur_med + b0.cur_school + b0.cur_disaster
      - case when b0.net_of_claims then b0.cur_claim else 0 end) end as rigid,
    case when b0.cur_year is null or b0.prev_net is null or b0.prev_net <= 0 then null
      else b0.cur_net * 10000 <= b0.prev_net * b0.drop_bp end as sharp_drop,
    coalesce(strpos(b0.unsafe_grades, b0.housing_safety_grade) > 0, false) as housing_unsafe,
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
  offset 0
),
b2 as (
  select b.*,
    case when b.rigid is null then null when b.rigid = 0 then false when b.prev_net is null then null
      else b.rigid * 10000 > b.prev_net * b.rigid_bp end as rigid_above
  from b
  offset 0
),`;
}

/** The rules' bit sets: risk types, guarantees, population, exclusions (rule units of core). */
function rulesSql(q: QueryParts): string {
  const { acuteMask, conditionMask, opts } = q;
  return `t as (
  select b.*,
    (${acuteMask}) as acute0,
    (${conditionMask}) as condition_mask,
    b.food_clothing_secure and not b.has_dropout and b.any_member & ${MEMBER.uninsured} = 0 and not b.housing_unsafe
      and b.drinking_water_safe as secured,
    b.people > 0 and b.all_without_labor as no_labor_capacity,
    b.receives_dibao or b.is_tekun or b.any_member & ${MEMBER.assisted} <> 0 or (b.cur_year is not null
      and b.cur_transfer > 0 and b.cur_transfer * 2 >= b.cur_wage + b.cur_business_gross + b.cur_property
      + b.cur_transfer) as lives_on_social_security,
    ${POPULATION_RULE.sql('b')} as population,
    ${bits(EXCLUSION_RULES.map((u, i) => [u.sql('b'), 1 << i]))} as exclusion_mask,
    case when b.monitored_since is not null and b.monitored_since <= $1::date then
      (date_part('year', $1::date) - date_part('year', b.monitored_since))::int * 12
        + (date_part('month', $1::date) - date_part('month', b.monitored_since))::int
        - case when date_part('day', $1::date) < date_part('day', b.monitored_since)
            and (b.monitored_since + make_interval(months => ((date_part('year', $1::date)
              - date_part('year', b.monitored_since))::int * 12 + (date_part('month', $1::date)
              - date_part('month', b.monitored_since))::int)))::date > $1::date then 1 else 0 end
      end as months_monitored
  from b2 b
  ${
    opts.candidatesOnly
      ? `where b.prev_findings is not null or b.household_type = 'lifted_household'
    or b.monitoring_status = 'monitoring_unresolved'
    or (b.monitoring_status in ('not_monitored', 'risk_eliminated') and b.case_stage is null
      and (b.below is true or b.rigid_above is true or b.sharp_drop is true
        or (not b.guarantees_self_resolvable and not (b.food_clothing_secure and not b.has_dropout
          and b.any_member & ${MEMBER.uninsured} = 0 and not b.housing_unsafe and b.drinking_water_safe))))`
      : ''
  }
  offset 0
),
r as (
  select t.*,
    -- "other": an event of that type, or a sharp income drop with nothing else found (read-facts.ts)
    t.acute0 | case when t.sharp_drop is true and t.acute0 | t.condition_mask = 0 then ${RISK_BIT.other} else 0 end
      as acute_mask
  from t
  offset 0
),`;
}

/** Grounds, guards, scope, category and the four findings. */
function findingsSql(): string {
  return `g as (
  select r.*,
    r.acute_mask | r.condition_mask as risk_mask,
    ${bits(GROUND_RULES.map((u, i) => [u.sql('r'), 1 << i]))} as ground_mask,
    ${bits(GUARD_RULES.map((u, i) => [`(${u.sql('r')}) is not true`, 1 << i]))} as guard_mask,
    -- S3 §三(二): lifted households from the last visit; monitored ones from the last visit or confirmation
    case when r.household_type = 'lifted_household' and r.last_visit is not null
      then (r.last_visit + make_interval(months => r.visit_lifted_months))::date end as lifted_due,
    case when r.monitoring_status = 'monitoring_unresolved'
        and greatest(r.last_visit, r.monitored_since) is not null
      then (greatest(r.last_visit, r.monitored_since) + make_interval(months => r.visit_monitored_months))::date
      end as monitored_due
  from r
  offset 0
),
s as (
  select g.*, ${CONCLUSION_RULE.sql('g')} as in_scope
  from g
  offset 0
)
select s.*,
  case when not s.in_scope then null
    ${GROUND_RULES.map((u, i) => `when s.ground_mask & ${1 << i} <> 0 then ${u.categorySql('s')}`).join('\n    ')}
    end as category,
  ${bits([
    [`s.in_scope and s.monitoring_status in ('not_monitored', 'risk_eliminated') and s.case_stage is null`, 1],
    [
      `s.monitoring_status = 'monitoring_unresolved' and s.guard_mask = 0
      and (s.case_stage is null or s.case_stage not in (${lit(ELIMINATION_STAGES)}))`,
      2,
    ],
    [
      `s.monitoring_status = 'monitoring_unresolved' and not s.whole_household_no_labor and s.no_labor_capacity
      and s.lives_on_social_security`,
      4,
    ],
    [
      `(s.household_type = 'lifted_household' and (s.lifted_due is null or s.lifted_due < $1::date))
      or (s.monitoring_status = 'monitoring_unresolved' and (s.monitored_due is null or s.monitored_due < $1::date))`,
      8,
    ],
  ])} as finding_mask
from s`;
}
