import { createHash } from 'node:crypto';
import {
  addDays,
  addMonths,
  ageOn,
  CaseStage,
  IDENTIFICATION_STAGES,
  LeadChannel,
  monitoringStatusOf,
  parseIdNumber,
  type CaseStage as Stage,
} from '@dixian/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCounty, type CountyInfo } from '../src/seed/generator.js';
import { allocate, policyResolver } from '../src/seed/seed.js';
import { SEED_TABLE_ORDER, SEED_TABLES, type SeedChunk, type SeedRow, type SeedTable } from '../src/seed/tables.js';
import { builtinPolicies, countyFromPackage } from './support/seed-fixture.js';

const AS_OF = '2026-06-30';
const COUNTY = '220681'; // 临江市, the county of seed 001
const LINE = 600_000; // national 2021 pack, fen per person and year

type Rows = { [T in SeedTable]: SeedRow[] };

let county: CountyInfo;
const policies = builtinPolicies();
const policyAt = policyResolver(policies, COUNTY);

function generate(households: number, seed: number, chunkSize?: number): { rows: Rows; chunks: SeedChunk[] } {
  const plan = allocate([county], households, seed)[0]!;
  const chunks = [...generateCounty(plan, { seed, asOf: AS_OF, policyAt, chunkSize })];
  const rows = Object.fromEntries(SEED_TABLE_ORDER.map((t) => [t, chunks.flatMap((c) => c.rows[t])])) as Rows;
  return { rows, chunks };
}

const digest = (rows: Rows) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');
const net = (r: SeedRow) =>
  (r.wage_fen as number) +
  (r.business_gross_fen as number) -
  (r.business_cost_fen as number) +
  (r.property_fen as number) +
  (r.transfer_fen as number);

describe('demo data generator', () => {
  let rows: Rows;
  const byHousehold = <T extends SeedTable>(t: T) => {
    const m = new Map<string, SeedRow[]>();
    for (const r of rows[t]) {
      const k = r.household_id as string;
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };

  beforeAll(() => {
    county = countyFromPackage(COUNTY);
    rows = generate(3000, 7).rows;
  });

  it('is deterministic: the same seed gives the same rows, ids included, whatever the chunk size', () => {
    const a = generate(600, 11, 100);
    const b = generate(600, 11, 1000);
    expect(a.chunks.length).toBe(6);
    expect(b.chunks.length).toBe(1);
    expect(digest(a.rows)).toBe(digest(b.rows));
    const c = generate(600, 12);
    expect(digest(c.rows)).not.toBe(digest(a.rows));
    expect(c.rows.household[0]!.id).not.toBe(a.rows.household[0]!.id);
  });

  it('gives every row exactly the columns the writer copies', () => {
    for (const t of SEED_TABLE_ORDER) {
      const want = [...SEED_TABLES[t]].sort().join(',');
      const bad = rows[t].filter((r) => Object.keys(r).sort().join(',') !== want);
      expect(bad, t).toEqual([]);
    }
  });

  it('spreads the households over the real rural villages of the county (not its urban communities)', () => {
    const rural = new Set(county.villages.map((v) => v.code));
    expect(rows.household).toHaveLength(3000);
    const villages = new Set(rows.household.map((h) => h.region_code as string));
    for (const v of villages) expect(rural.has(v), v).toBe(true);
    // every village gets households, and they are not all the same size
    expect(villages.size).toBe(county.villages.length);
    const counts = [...villages].map((v) => rows.household.filter((h) => h.region_code === v).length);
    expect(Math.max(...counts)).toBeGreaterThan(Math.min(...counts) * 1.5);
    for (const h of rows.household) {
      expect(h.county_code).toBe(COUNTY);
      expect((h.household_no as string).startsWith(h.region_code as string)).toBe(true);
    }
    expect(new Set(rows.household.map((h) => h.household_no)).size).toBe(3000);
    expect(new Set(rows.household.map((h) => h.id)).size).toBe(3000);
  });

  it('DOMAIN §8.1: every ID number is valid, from the county, unique, and agrees with birth date and sex', () => {
    const people: SeedRow[] = [
      ...rows.member,
      ...rows.separate_relative.map((r) => ({ ...r, birth_date: null, sex: null })),
    ];
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const m of people) {
      const id = m.id_number as string;
      const p = parseIdNumber(id, AS_OF);
      if (!p.ok) problems.push(`${id}: ${p.problem}`);
      else if (p.value.idNumber !== id || p.value.addressCode !== COUNTY)
        problems.push(`${id}: not canonical or not ${COUNTY}`);
      else if (m.birth_date && p.value.birthDate !== m.birth_date) problems.push(`${id}: birth date ${m.birth_date}`);
      else if (m.sex && p.value.sex !== m.sex) problems.push(`${id}: sex ${m.sex}`);
      if (seen.has(id)) problems.push(`${id}: duplicate`);
      seen.add(id);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(people.length);
  });

  it('composes plausible households: sizes, a head each, ages that fit the relations', () => {
    const members = byHousehold('member');
    const sizes = [...members.values()].map((ms) => ms.length);
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(2.6);
    expect(mean).toBeLessThan(3.4);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(9);
    for (const ms of members.values()) {
      const heads = ms.filter((m) => m.relation === 'head');
      expect(heads).toHaveLength(1);
      const headAge = ageOn(heads[0]!.birth_date as string, AS_OF);
      expect(headAge).toBeGreaterThanOrEqual(18);
      for (const m of ms) {
        const age = ageOn(m.birth_date as string, AS_OF);
        expect(age).toBeGreaterThanOrEqual(0);
        expect(age).toBeLessThanOrEqual(100);
        if (m.relation === 'son' || m.relation === 'daughter') expect(age).toBeLessThan(headAge - 15);
        if (m.relation === 'father' || m.relation === 'mother') expect(age).toBeGreaterThan(headAge + 15);
        if (m.relation === 'spouse') expect(m.sex).not.toBe(heads[0]!.sex);
        if (m.relation === 'son' || m.relation === 'grandson' || m.relation === 'father') expect(m.sex).toBe('male');
        // children under 16 do not count as labour; compulsory-age children are in school or marked dropouts
        if (age < 16) expect(m.labor_capacity).toBe('none');
        if (age >= 7 && age <= 14) expect(['primary', 'junior_secondary', 'dropout']).toContain(m.school_status);
        if (m.disability_grade !== null) expect(m.disability_category).not.toBeNull();
      }
    }
    const all = rows.member;
    const share = (f: (m: SeedRow) => boolean) => all.filter(f).length / all.length;
    expect(share((m) => m.disability_grade !== null)).toBeGreaterThan(0.03);
    expect(share((m) => m.disability_grade !== null)).toBeLessThan(0.1);
    expect(share((m) => m.health_status !== 'healthy')).toBeGreaterThan(0.08);
    expect(share((m) => ageOn(m.birth_date as string, AS_OF) >= 60)).toBeGreaterThan(0.15);
    expect(all.some((m) => m.school_status === 'dropout')).toBe(true);
  });

  it('S1 §三(二): yearly income by component for three years, with a realistic share below the 6000-yuan line', () => {
    const annual = rows.income_record.filter((r) => r.kind === 'annual');
    expect(annual).toHaveLength(3 * 3000);
    expect(new Set(annual.map((r) => r.year))).toEqual(new Set([2023, 2024, 2025]));
    const money = SEED_TABLES.income_record.filter((c) => c.endsWith('_fen'));
    const bad = rows.income_record.filter((r) =>
      money.some((c) => !Number.isSafeInteger(r[c]) || (r[c] as number) < 0),
    );
    expect(bad).toEqual([]);
    const latest = annual.filter((r) => r.year === 2025);
    const below = latest.filter((r) => net(r) < LINE * (r.member_count as number));
    expect(below.length / latest.length).toBeGreaterThan(0.03);
    expect(below.length / latest.length).toBeLessThan(0.12);
    // every component occurs
    for (const c of [
      'wage_fen',
      'business_gross_fen',
      'property_fen',
      'transfer_fen',
      'medical_out_of_pocket_fen',
      'schooling_expense_fen',
      'disaster_loss_fen',
    ]) {
      expect(
        latest.some((r) => (r[c] as number) > 0),
        c,
      ).toBe(true);
    }
  });

  it('keeps household status, category and income consistent with the cases', () => {
    const cases = byHousehold('monitoring_case');
    const income = new Map(
      rows.income_record
        .filter((r) => r.kind === 'annual' && r.year === 2025)
        .map((r) => [r.household_id as string, r]),
    );
    let unresolvedBelow = 0;
    let unresolved = 0;
    for (const h of rows.household) {
      const cs = (cases.get(h.id as string) ?? []).sort((a, b) => (a.episode as number) - (b.episode as number));
      const latest = cs.at(-1);
      expect(h.monitoring_status).toBe(latest ? monitoringStatusOf(latest.stage as Stage) : 'not_monitored');
      const r = income.get(h.id as string)!;
      const below = net(r) < LINE * (r.member_count as number);
      if (h.monitoring_status === 'risk_eliminated') {
        expect(below).toBe(false);
        expect(h.risk_eliminated_on).toBe(latest!.eliminated_on);
        expect(h.monitor_contact).toBeTruthy();
        expect(h.whole_household_no_labor).toBe(false);
      }
      if (latest?.stage === 'monitoring' && h.monitoring_category !== 'sudden_hardship') {
        unresolved++;
        if (below) unresolvedBelow++;
      }
      if (h.monitoring_status === 'monitoring_unresolved' || h.monitoring_status === 'risk_eliminated') {
        expect(h.monitoring_category).toBe(latest!.category);
        expect(h.first_identified_on).toBe(cs.find((c) => c.confirmed_on)!.confirmed_on);
        expect(h.identified_month).toBe((h.first_identified_on as string).slice(0, 7).replace('-', ''));
      } else {
        expect(h.monitoring_category).toBeNull();
      }
      if (h.whole_household_no_labor) {
        expect(h.monitoring_status).toBe('monitoring_unresolved');
        const ms = rows.member.filter((m) => m.household_id === h.id);
        expect(ms.every((m) => m.labor_capacity === 'none' || m.labor_capacity === 'lost')).toBe(true);
      }
      if (h.monitoring_status !== 'not_monitored') {
        // monitored households do not carry the excluded assets (S0 plan two §二(二))
        expect([h.has_private_car, h.has_commercial_housing, h.has_business]).toEqual([false, false, false]);
      }
    }
    // most monitored households are below the line; a few have recovered and await elimination (应消未消)
    expect(unresolvedBelow / unresolved).toBeGreaterThan(0.8);
    expect(unresolvedBelow).toBeLessThan(unresolved);
    expect(rows.household.some((h) => h.whole_household_no_labor)).toBe(true);
    expect(rows.household.some((h) => h.household_type === 'lifted_household')).toBe(true);
  });

  it('S3 §三(四)(五): cases in every stage, with dates in order and deadlines as the policy says', () => {
    const stages = new Set(rows.monitoring_case.map((c) => c.stage));
    expect([...stages].sort()).toEqual([...CaseStage.values].sort());
    for (const c of rows.monitoring_case) {
      const discovered = (c.discovered_at as string).slice(0, 10);
      expect(discovered <= AS_OF).toBe(true);
      expect(c.identification_due_on).toBe(addDays(discovered, 15));
      const chain = [
        discovered,
        c.commitment_signed_on,
        c.village_reviewed_on,
        c.notice_start_on,
        c.notice_end_on,
        c.township_reviewed_on,
        c.confirmed_on,
      ].filter((d): d is string => !!d);
      expect([...chain].sort()).toEqual(chain);
      if (c.notice_start_on && c.notice_end_on)
        expect(c.notice_end_on >= addDays(c.notice_start_on as string, 5)).toBe(true);
      if (c.township_reviewed_on && c.notice_end_on) expect(c.township_reviewed_on > c.notice_end_on).toBe(true);
      if (c.confirmed_on) {
        expect(c.plan_due_on).toBe(addDays(c.confirmed_on as string, 10));
        expect(c.commitment_signed_on).not.toBeNull();
      }
      if (c.eliminated_on) {
        expect(c.eliminated_on >= addMonths(c.confirmed_on as string, 6)).toBe(true);
        expect(c.eliminated_on <= AS_OF).toBe(true);
      }
      if (IDENTIFICATION_STAGES.includes(c.stage as Stage)) {
        expect(c.confirmed_on).toBeNull();
        expect(['verification', 'identification']).toContain(c.current_due_kind);
      }
      if (c.stage === 'rejected') expect(c.rejection_reason).toBeTruthy();
      for (const d of [c.commitment_signed_on, c.confirmed_on, c.eliminated_on, c.rejected_on, c.notice_start_on]) {
        if (d) expect(d <= AS_OF).toBe(true);
      }
    }
    // some identifications are overdue, some plans are due
    expect(rows.monitoring_case.some((c) => c.current_due_kind && (c.current_due_on as string) < AS_OF)).toBe(true);
    expect(rows.monitoring_case.some((c) => c.current_due_kind === 'assistance_plan')).toBe(true);
    expect(rows.monitoring_case.some((c) => c.episode === 2 && c.previous_case_id)).toBe(true);
    expect(rows.monitoring_case.some((c) => c.rolled_back_on)).toBe(true);
  });

  it('records every transition, commitments, votes, notices with objections, plans and measures', () => {
    const events = new Map<string, SeedRow[]>();
    for (const e of rows.case_event) events.set(e.case_id as string, [...(events.get(e.case_id as string) ?? []), e]);
    for (const c of rows.monitoring_case) {
      const es = events.get(c.id as string)!;
      expect(es.map((e) => e.seq)).toEqual(es.map((_, i) => i + 1));
      expect(es.at(-1)!.to_stage).toBe(c.stage);
      expect(es.length).toBe(c.version);
    }
    for (const m of rows.review_meeting) {
      expect((m.votes_for as number) + (m.votes_against as number) + (m.abstentions as number)).toBeLessThanOrEqual(
        m.attendees as number,
      );
    }
    expect(rows.review_meeting.some((m) => m.purpose === 'elimination')).toBe(true);
    expect(rows.public_notice.some((n) => n.closed_on === null)).toBe(true);
    expect(rows.notice_objection.some((o) => o.resolved_on)).toBe(true);
    const confirmed = rows.monitoring_case.filter((c) => c.confirmed_on);
    expect(rows.commitment_authorization.length).toBeGreaterThanOrEqual(confirmed.length);
    const plans = new Set(rows.assistance_plan.map((p) => p.case_id));
    const eliminated = rows.monitoring_case.filter((c) => c.stage === 'eliminated');
    for (const c of eliminated) expect(plans.has(c.id)).toBe(true);
    const measureCategories = new Set(rows.assistance_measure.map((m) => m.category));
    expect([...measureCategories].sort()).toEqual([
      'comprehensive_security',
      'employment',
      'industry',
      'morale_and_skills',
      'social_assistance',
    ]);
  });

  it('has open leads from every channel, linked cases, and department warnings', () => {
    const open = rows.lead.filter((l) => l.status === 'open');
    expect(new Set(open.map((l) => l.channel))).toEqual(new Set(LeadChannel.values));
    const caseIds = new Set(rows.monitoring_case.map((c) => c.id));
    const linked = new Map(rows.monitoring_case.map((c) => [c.lead_id, c.id]));
    for (const l of rows.lead.filter((l) => l.status === 'converted')) expect(linked.has(l.id)).toBe(true);
    expect(rows.lead.some((l) => l.status === 'dismissed' && l.dismissed_reason)).toBe(true);
    expect(rows.lead.some((l) => l.household_id === null)).toBe(true);
    for (const w of rows.department_warning) if (w.case_id) expect(caseIds.has(w.case_id)).toBe(true);
    expect(new Set(rows.department_warning.map((w) => w.status))).toContain('received');
    expect(new Set(rows.department_warning.map((w) => w.dedupe_key)).size).toBe(rows.department_warning.length);
  });

  it('S3 §三(二): lifted and monitored households are visited monthly, some are overdue; everyone is screened yearly', () => {
    const visits = byHousehold('visit');
    const monthly = rows.household.filter(
      (h) => h.household_type === 'lifted_household' || h.monitoring_status === 'monitoring_unresolved',
    );
    const recent = addDays(AS_OF, -40);
    const upToDate = monthly.filter((h) => (h.last_visit_on as string) >= recent);
    expect(upToDate.length / monthly.length).toBeGreaterThan(0.8);
    expect(upToDate.length).toBeLessThan(monthly.length);
    for (const h of rows.household) {
      const vs = visits.get(h.id as string) ?? [];
      const last =
        vs
          .map((v) => v.visited_on as string)
          .sort()
          .at(-1) ?? null;
      expect(h.last_visit_on).toBe(last);
      for (const v of vs) expect((v.visited_on as string) <= AS_OF).toBe(true);
    }
    const screened = rows.household.filter((h) => (h.last_full_screening_on as string) >= addDays(AS_OF, -365));
    expect(screened.length / rows.household.length).toBeGreaterThan(0.9);
    expect(screened.length).toBeLessThan(rows.household.length);
  });

  it('S2: 低保, 特困 and temporary relief with their members, amounts and dates', () => {
    const sa = rows.social_assistance_case;
    expect(new Set(sa.map((s) => s.kind))).toEqual(new Set(['dibao', 'tekun', 'temp_relief']));
    const households = new Map(rows.household.map((h) => [h.id, h]));
    for (const s of sa) {
      const h = households.get(s.household_id)!;
      if (s.kind === 'dibao' && s.status === 'approved') {
        expect(h.receives_dibao).toBe(true);
        expect((s.insured_member_ids as string[]).length).toBeGreaterThan(0);
        expect(s.monthly_amount_fen as number).toBeGreaterThan(0);
        expect((s.monthly_amount_fen as number) / (s.insured_member_ids as string[]).length).toBeLessThanOrEqual(
          s.standard_fen as number,
        );
      }
      if (s.kind === 'tekun') {
        expect(h.is_tekun).toBe(true);
        // S2 §二(一)4 自理能力评估: every 特困 case has its level, and the policy's allowance per person is in the amount
        expect(['full', 'partial', 'none']).toContain(s.self_care);
        const level = s.self_care as 'full' | 'partial' | 'none';
        expect(s.care_allowance_fen).toBe(policyAt(AS_OF).policy.tekun.careMonthlyFen[level]);
        expect(s.monthly_amount_fen as number).toBeGreaterThan(
          (s.care_allowance_fen as number) * (s.insured_member_ids as string[]).length,
        );
      } else expect(s.self_care ?? null).toBeNull();
      if (s.kind === 'temp_relief') {
        expect(s.amount_fen as number).toBeGreaterThan(0);
        // S2: the township decides up to 3000 yuan
        expect(s.approval_level).toBe((s.amount_fen as number) <= 300_000 ? 'township' : 'county');
      }
    }
    expect(sa.some((s) => s.grace_months)).toBe(true);
    expect(new Set(sa.filter((s) => s.kind === 'tekun').map((s) => s.self_care)).size).toBeGreaterThan(1);
    expect(
      rows.household
        .filter((h) => h.receives_dibao)
        .every((h) => sa.some((s) => s.household_id === h.id && s.kind === 'dibao')),
    ).toBe(true);
  });

  it('dates follow the as-of day: a later day keeps the ids and moves every date, none after as-of', () => {
    const later = '2027-03-15';
    const plan = allocate([county], 300, 7)[0]!;
    const chunks = [...generateCounty(plan, { seed: 7, asOf: later, policyAt })];
    const hs = chunks.flatMap((c) => c.rows.household);
    expect(hs.map((h) => h.id)).toEqual(generate(300, 7).rows.household.map((h) => h.id));
    const dates = chunks.flatMap((c) =>
      SEED_TABLE_ORDER.flatMap((t) =>
        c.rows[t].flatMap((r) =>
          Object.values(r).filter((v): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)),
        ),
      ),
    );
    expect(dates.length).toBeGreaterThan(1000);
    // measure and deadline end dates lie ahead by design; everything that happened lies on or before as-of
    const visits = chunks.flatMap((c) => c.rows.visit.map((v) => v.visited_on as string));
    expect(visits.every((d) => d <= later)).toBe(true);
    expect(visits.some((d) => d > AS_OF)).toBe(true);
    const events = chunks.flatMap((c) => c.rows.case_event.map((e) => (e.at as string).slice(0, 10)));
    expect(events.every((d) => d <= later)).toBe(true);
  });
});
