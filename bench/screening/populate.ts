/**
 * Registry data for the screening benchmark, generated in the database with plain set-based SQL (generate_series
 * and random() after setseed), on PostgreSQL and PGlite alike. Shapes follow the demo county: about three members
 * per household, two annual income records each (and a recent visit estimate for one in ten), a tenth of
 * households lifted-and-monitored with open cases, plans, measures and visits, separate children, risk events.
 * Every value is one the core schema accepts, so a sample can be checked against assess() afterwards.
 */
import { parsePolicyRecord } from '@dixian/core';
import { migrate } from '@dixian/server/db/migrate';
import type { Store } from '@dixian/server/db/store';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { loadRegions } from '@dixian/server/regions/region-loader';
import { PolicyRepository } from '@dixian/server/repositories/policy.repository';

/** 白山市 (the prefecture of 临江市, seed 001): six counties of real rural villages; one run covers them all */
export const BENCH_COUNTIES = ['220602', '220605', '220621', '220622', '220623', '220681'];

/** Migrations, the region tree of BENCH_COUNTIES and the policies, before `populate`. */
export async function prepareBenchDatabase(store: Store): Promise<void> {
  await migrate(store);
  await loadRegions(store, { counties: BENCH_COUNTIES });
  await ensureBuiltinPolicies(store.db);
  // one county with its own line, so the run resolves policies per region
  await new PolicyRepository(store.db).insertIfAbsent(
    parsePolicyRecord({
      regionPrefix: '220621',
      year: 2024,
      version: 1,
      effectiveFrom: '2024-01-01',
      docNo: 'BENCH 抚松县 2024',
      docTitle: 'benchmark county override',
      body: { monitoringIncomeLineFen: 650000 },
    }),
    'bench',
  );
}

export interface PopulateOptions {
  households: number;
  /** counties whose rural villages receive the households */
  counties: string[];
  /** the benchmark's as-of date; dates are generated around it */
  asOf: string;
}

/** Statements in order; each runs in its own transaction so memory and WAL stay bounded. */
export function populateStatements(o: PopulateOptions): { table: string; sql: string }[] {
  const n = o.households;
  const counties = o.counties.map((c) => `'${c.replace(/\D/g, '')}'`).join(', ');
  const asOf = `date '${o.asOf}'`;
  const y = Number(o.asOf.slice(0, 4));
  const hid = `md5('h' || g.i)::uuid`;
  return [
    {
      table: 'household',
      sql: `
      with v as (
        select array_agg(code order by code) as codes, count(*)::int as n
        from region where level = 'village' and is_rural and county_code in (${counties})
      ),
      g as (
        select i, random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6
        from generate_series(1, ${n}) as i
      )
      insert into household (id, county_code, region_code, household_no, household_type, lifted_year,
        monitoring_status, monitoring_category, risk_types, first_identified_on, risk_eliminated_on,
        elimination_method, whole_household_no_labor, food_clothing_secure, housing_structure, housing_safety_grade,
        only_home_mud_brick, drinking_water_safe, in_resettlement_site, guarantees_self_resolvable, has_private_car,
        has_commercial_housing, has_public_servant, has_business, receives_dibao, is_tekun, last_visit_on)
      select ${hid}, left(v.codes[1 + ((g.i::bigint * 7919) % v.n)::int], 6), v.codes[1 + ((g.i::bigint * 7919) % v.n)::int],
        'B' || lpad(g.i::text, 9, '0'),
        case when g.r1 < 0.3 then 'lifted_household' else 'general_household' end,
        case when g.r1 < 0.3 then 2016 + (g.i % 5) end,
        s.status,
        case when s.status <> 'not_monitored' then (array['unstable_lifted', 'marginal_vulnerable', 'sudden_hardship'])[1 + g.i % 3] end,
        case when s.status <> 'not_monitored' then string_to_array((array['illness', 'disability', 'lack_of_labor,illness', 'education', 'accident'])[1 + g.i % 5], ',') else '{}' end,
        case when s.status <> 'not_monitored' then ${asOf} - (60 + (g.i % 900)) end,
        case when s.status = 'risk_eliminated' then ${asOf} - (g.i % 50) end,
        case when s.status = 'risk_eliminated' then 'assisted' end,
        -- a tenth of the monitored households flagged as without labour; drawn apart from r2, which sets the
        -- status (r2 < 0.1 held for every monitored household, so no should_eliminate or should_flag_no_labor)
        s.status = 'monitoring_unresolved' and abs(hashtext('nl' || g.i)) % 10 = 0,
        g.r3 > 0.005,
        (array['brick_concrete', 'brick_wood', 'mud_brick', 'wood'])[1 + g.i % 4],
        case when g.r4 < 0.6 then null when g.r4 < 0.85 then 'A' when g.r4 < 0.95 then 'B' when g.r4 < 0.98 then 'C' else 'D' end,
        g.r5 < 0.05, g.r6 > 0.03, g.r2 > 0.97, g.r3 < 0.3, g.r4 > 0.92 and g.r5 < 0.9, g.r5 > 0.96, g.r6 < 0.02,
        g.r2 between 0.5 and 0.53, g.r3 > 0.94, g.r6 > 0.99,
        case when g.r1 < 0.3 or s.status = 'monitoring_unresolved' then ${asOf} - (g.i % 70) end
      from g cross join v
      cross join lateral (select case when g.r2 < 0.08 then 'monitoring_unresolved' when g.r2 < 0.13 then 'risk_eliminated'
        when g.r2 < 0.15 then 'identifying' else 'not_monitored' end as status) s`,
    },
    {
      table: 'member',
      sql: `
      with v as (
        select array_agg(code order by code) as codes, count(*)::int as n
        from region where level = 'village' and is_rural and county_code in (${counties})
      ),
      g as (select i from generate_series(1, ${n}) as i),
      m as (
        select g.i, j, random() as r1, random() as r2, random() as r3, random() as r4
        from g cross join lateral generate_series(1, 1 + (g.i * 31) % 5) as j
      )
      insert into member (id, household_id, county_code, name, sex, birth_date, relation, school_status,
        health_status, disability_category, disability_grade, labor_capacity, medical_insurance, receives_dibao,
        is_tekun, is_relocated, is_public_servant, registered_here, lives_and_shares, deceased_on)
      select md5('m' || m.i || '.' || m.j)::uuid, md5('h' || m.i)::uuid, left(v.codes[1 + ((m.i::bigint * 7919) % v.n)::int], 6), '成员' || m.j,
        case when (m.i + m.j) % 2 = 0 then 'male' else 'female' end,
        b.birth,
        case m.j when 1 then 'head' when 2 then 'spouse' when 3 then 'son' when 4 then 'daughter' else 'mother' end,
        case when b.age between 6 and 16 then case when m.r1 < 0.01 then 'dropout' else 'junior_secondary' end
          else 'not_in_school' end,
        case when m.r2 < 0.03 then 'serious_illness' when m.r2 < 0.13 then 'chronic_illness' else 'healthy' end,
        case when m.r3 < 0.05 then (array['physical', 'visual', 'intellectual', 'mental', 'hearing'])[1 + (m.i + m.j) % 5] end,
        case when m.r3 < 0.05 then 1 + (m.i + m.j) % 4 end,
        case when b.age < 16 then 'none' when b.age >= 65 then (array['weak_or_half', 'lost', 'none'])[1 + (m.i + m.j) % 3]
          when m.r4 < 0.05 then 'lost' when m.r4 < 0.15 then 'weak_or_half' when m.r4 < 0.3 then 'skilled' else 'ordinary' end,
        case when m.r1 > 0.98 then 'none' when m.r1 > 0.97 then null else 'resident' end,
        m.r2 > 0.95, m.r3 > 0.995, m.r4 > 0.98, m.r1 between 0.5 and 0.505, m.r2 < 0.97 or m.r2 > 0.99, m.r3 < 0.96 or m.j = 1,
        case when m.r4 between 0.3 and 0.31 and m.j in (2, 5) then ${asOf} - (m.i % 400) end
      from m
      cross join v
      cross join lateral (
        select b0 as birth, (extract(year from age(${asOf}, b0)))::int as age
        from (select case m.j when 1 then ${asOf} - (9000 + (m.i * 13) % 18000) when 2 then ${asOf} - (8000 + (m.i * 17) % 18000)
          when 5 then ${asOf} - (22000 + (m.i * 7) % 8000) else ${asOf} - (300 + (m.i * 11 + m.j) % 9000) end as b0) x
      ) b`,
    },
    {
      table: 'income_record',
      sql: `
      with v as (
        select array_agg(code order by code) as codes, count(*)::int as n
        from region where level = 'village' and is_rural and county_code in (${counties})
      ),
      g as (
        select i, k.year, random() as r1, random() as r2, random() as r3
        from generate_series(1, ${n}) as i cross join (values (${y - 1}), (${y - 2})) as k(year)
      ),
      p as (select g.*, 1 + (g.i * 31) % 5 as people, (400000 + 3000000 * power(g.r1, 1.5))::bigint as pc from g)
      insert into income_record (household_id, county_code, year, kind, period_start, period_end, wage_fen,
        business_gross_fen, business_cost_fen, property_fen, transfer_fen, medical_out_of_pocket_fen,
        schooling_expense_fen, disaster_loss_fen, insurance_claim_fen, member_count)
      select md5('h' || p.i)::uuid, left(v.codes[1 + ((p.i::bigint * 7919) % v.n)::int], 6), p.year, 'annual', make_date(p.year, 1, 1), make_date(p.year, 12, 31),
        (p.pc * p.people * 0.6)::bigint, (p.pc * p.people * 0.35)::bigint, (p.pc * p.people * 0.1)::bigint,
        (p.pc * p.people * 0.02)::bigint, (p.pc * p.people * 0.13)::bigint,
        case when p.r2 < 0.1 then (p.r3 * 3000000)::bigint else 0 end,
        case when p.r2 between 0.1 and 0.15 then (p.r3 * 800000)::bigint else 0 end,
        case when p.r2 > 0.98 then (p.r3 * 2000000)::bigint else 0 end,
        case when p.r2 < 0.05 then (p.r3 * 500000)::bigint else 0 end,
        p.people
      from p cross join v`,
    },
    {
      table: 'income_record (visit estimates)',
      sql: `
      insert into income_record (household_id, county_code, year, kind, period_start, period_end, wage_fen,
        business_gross_fen, business_cost_fen, property_fen, transfer_fen)
      select h.id, h.county_code, extract(year from ${asOf} - 31)::int, 'visit_estimate', ${asOf} - 396, ${asOf} - 31,
        (r.wage_fen * (0.5 + random()))::bigint, r.business_gross_fen, r.business_cost_fen, r.property_fen, r.transfer_fen
      from household h join income_record r on r.household_id = h.id and r.kind = 'annual' and r.year = ${y - 1}
      where h.monitoring_status <> 'not_monitored' or right(h.household_no, 1) = '7'`,
    },
    {
      table: 'separate_relative',
      sql: `
      insert into separate_relative (household_id, county_code, name, relation, has_private_car,
        has_commercial_housing, has_public_servant, has_business)
      select h.id, h.county_code, '子女', (array['child', 'son', 'daughter'])[1 + abs(hashtext(h.household_no)) % 3],
        random() < 0.3, random() < 0.2, random() < 0.05, random() < 0.1
      from household h where right(h.household_no, 1) = '3'`,
    },
    {
      table: 'household_risk_event',
      sql: `
      insert into household_risk_event (household_id, county_code, risk_type, disaster_subtype, occurred_on,
        resolved_on, loss_fen, source)
      select h.id, h.county_code, e.t, case when e.t = 'natural_disaster' then 'flood' end, e.occurred,
        case when random() < 0.5 then e.occurred + 90 end, (random() * 2000000)::bigint, 'visit'
      from household h
      cross join lateral (select (array['accident', 'natural_disaster', 'unstable_employment', 'industry_failure',
        'illness'])[1 + abs(hashtext(h.household_no)) % 5] as t, ${asOf} - (abs(hashtext(h.id::text)) % 700) as occurred) e
      where right(h.household_no, 2) in ('11', '42', '77', '90', '05')`,
    },
    {
      table: 'monitoring_case',
      sql: `
      insert into monitoring_case (id, household_id, county_code, region_code, episode, stage, category, risk_types,
        discovered_at, confirmed_on, eliminated_on, whole_household_no_labor)
      select md5('c' || h.id)::uuid, h.id, h.county_code, h.region_code, 1,
        case h.monitoring_status when 'monitoring_unresolved' then
            case when right(h.household_no, 1) = '5' then 'elimination_proposed' else 'monitoring' end
          when 'risk_eliminated' then 'eliminated' else 'verifying' end,
        h.monitoring_category, h.risk_types, h.first_identified_on::timestamptz,
        case when h.monitoring_status <> 'identifying' then h.first_identified_on + 12 end,
        h.risk_eliminated_on, h.whole_household_no_labor
      from household h where h.monitoring_status <> 'not_monitored'`,
    },
    {
      table: 'assistance_plan',
      sql: `
      insert into assistance_plan (id, case_id, household_id, county_code, created_on, risk_types)
      select md5('p' || c.id)::uuid, c.id, c.household_id, c.county_code, c.confirmed_on + 5, c.risk_types
      from monitoring_case c where c.confirmed_on is not null`,
    },
    {
      table: 'assistance_measure',
      sql: `
      insert into assistance_measure (plan_id, household_id, county_code, category, type, start_on, status)
      select p.id, p.household_id, p.county_code, m.category, m.type, p.created_on + 10 * k,
        case when random() < 0.8 then 'implementing' else 'planned' end
      from assistance_plan p
      cross join generate_series(1, 1 + abs(hashtext(p.id::text)) % 2) as k
      cross join lateral (select (array['employment', 'industry', 'comprehensive_security'])[k] as category,
        (array['employment', 'industry', 'comprehensive_security'])[k] as type) m`,
    },
    {
      table: 'visit',
      sql: `
      insert into visit (household_id, county_code, region_code, visited_on)
      select h.id, h.county_code, h.region_code, ${asOf} - (abs(hashtext(h.household_no)) % 75)
      from household h where h.household_type = 'lifted_household' or h.monitoring_status = 'monitoring_unresolved'`,
    },
  ];
}

/** Run the statements; returns rows per table. */
export async function populate(
  store: Store,
  o: PopulateOptions,
  log: (s: string) => void,
): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  await store.transaction((tx) => tx.client.query(`select setseed(0.42)`));
  for (const s of populateStatements(o)) {
    const t = Date.now();
    const r = await store.transaction(async (tx) => {
      await tx.client.query(`select setseed(0.42)`);
      return tx.client.query(s.sql);
    });
    rows[s.table] = r.affectedRows ?? 0;
    log(
      `  ${s.table.padEnd(32)} ${String(rows[s.table]).padStart(10)} rows  ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  return rows;
}
