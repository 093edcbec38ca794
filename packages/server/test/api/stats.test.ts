import type {
  DeadlinePage,
  ErrorBody,
  Figure,
  HouseholdPage,
  Inbox,
  StatsOverview,
  WarningPage,
} from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHouseholds } from '../../src/seed/seed.js';
import {
  COUNTY,
  createHouseholdIn,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  type ApiClient,
  type Testbed,
  createTestbed,
} from '../support/api.js';
import { engines } from '../support/db.js';
import { insertCase, insertWarning } from '../support/records.js';

/** An urban community of 桦树镇 the demo seeder leaves empty: the hand-made households of this file live there. */
const COMMUNITY = '220681100001';
const TODAY = '2024-06-03'; // the testbed clock's China day

/** Every figure of the overview with where it sits ("monitored.byCategory.0.people"). */
function figures(value: unknown, path = ''): { path: string; figure: Figure }[] {
  if (!value || typeof value !== 'object') return [];
  if ('value' in value && 'link' in value) return [{ path, figure: value as Figure }];
  return Object.entries(value).flatMap(([k, v]) => figures(v, path ? `${path}.${k}` : k));
}

/** The list behind a figure, every page: its total, and for households the sum of their member counts. */
async function follow(client: ApiClient, f: Figure): Promise<{ total: number; people: number }> {
  let people = 0;
  let total = 0;
  for (let page = 1; ; page++) {
    const qs = new URLSearchParams({ ...f.link.query, page: String(page), pageSize: '100' });
    const r = await client.get<HouseholdPage | DeadlinePage | WarningPage>(`/api/${f.link.list}?${qs}`);
    expect(r.status, `${f.link.list}?${qs}`).toBe(200);
    total = r.body.total;
    if (f.link.list === 'households') people += (r.body as HouseholdPage).items.reduce((n, h) => n + h.memberCount, 0);
    if (page * 100 >= total) break;
  }
  return { total, people };
}

describe.each(engines)('dashboard statistics and deadlines on %s (DOMAIN §7.3, §3.4)', (engine) => {
  let tb: Testbed;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    tb = await createTestbed(engine);
    // demo households on the three rural villages of the test county, played up to the testbed's day
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 500, seed: 11, asOf: TODAY });

    const h = async (name: string) => (ids[name] = (await createHouseholdIn(tb, COMMUNITY)).household.id);
    // H1: confirmed in January, still monitored, no assistance plan (S3 §三(五): plan within 10 days)
    await h('H1');
    await insertCase(tb, ids.H1!, {
      stage: 'monitoring',
      discoveredOn: '2024-01-05',
      confirmedOn: '2024-01-15',
      category: 'marginal_vulnerable',
      riskTypes: ['illness', 'education'],
      planDueOn: '2024-01-25',
      identificationDueOn: '2024-01-20',
    });
    // H2: confirmed in November, eliminated naturally on 05-20
    await h('H2');
    await insertCase(tb, ids.H2!, {
      stage: 'eliminated',
      discoveredOn: '2023-11-01',
      confirmedOn: '2023-11-10',
      category: 'unstable_lifted',
      riskTypes: ['unstable_employment'],
      eliminatedOn: '2024-05-20',
      eliminationMethod: 'natural',
    });
    // H3: a lead found on 05-28, still being verified (verification due 05-31, identification 06-12)
    await h('H3');
    await insertCase(tb, ids.H3!, {
      stage: 'verifying',
      discoveredOn: '2024-05-28',
      verificationDueOn: '2024-05-31',
      identificationDueOn: '2024-06-12',
    });
    // H4: rejected in February: never monitored
    await h('H4');
    await insertCase(tb, ids.H4!, { stage: 'rejected', discoveredOn: '2024-02-01', rejectedOn: '2024-02-10' });
    // H5: eliminated on 03-01, re-marked (风险再标注) on 05-01 and confirmed again on 05-12
    await h('H5');
    const first = await insertCase(tb, ids.H5!, {
      stage: 'eliminated',
      discoveredOn: '2023-08-01',
      confirmedOn: '2023-08-10',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
      eliminatedOn: '2024-03-01',
      eliminationMethod: 'assisted',
    });
    await insertCase(tb, ids.H5!, {
      stage: 'monitoring',
      episode: 2,
      previousCaseId: first,
      discoveredOn: '2024-05-01',
      confirmedOn: '2024-05-12',
      category: 'sudden_hardship',
      riskTypes: ['accident'],
      planDueOn: '2024-05-22',
    });
    await sql`insert into assistance_plan (case_id, household_id, county_code, created_on)
      select id, household_id, county_code, '2024-05-15' from monitoring_case where household_id = ${ids.H5!} and episode = 2`.execute(
      tb.store.db,
    );
    // the registry flags the case services keep in step
    await sql`update household set monitoring_status = case
        when id in (${ids.H1!}, ${ids.H5!}) then 'monitoring_unresolved'
        when id = ${ids.H2!} then 'risk_eliminated' when id = ${ids.H3!} then 'identifying' else 'not_monitored' end,
      first_identified_on = case when id = ${ids.H1!} then '2024-01-15'::date end
      where region_code = ${COMMUNITY}`.execute(tb.store.db);
    // visits: H6 lifted and visited 05-10 (due 06-10), H7 lifted and never visited, H8 on 低保 visited 03-20 (quarterly)
    await h('H6');
    await h('H7');
    await h('H8');
    await sql`update household set household_type = 'lifted_household' where id in (${ids.H6!}, ${ids.H7!})`.execute(
      tb.store.db,
    );
    await sql`update household set receives_dibao = true, dibao_since = '2024-01-01' where id = ${ids.H8!}`.execute(
      tb.store.db,
    );
    for (const [hid, on] of [
      [ids.H6!, '2024-05-10'],
      [ids.H8!, '2024-03-20'],
      [ids.H1!, '2024-06-01'],
    ] as const) {
      await sql`insert into visit (household_id, county_code, region_code, visited_on)
        values (${hid}, ${COUNTY}, ${COMMUNITY}, ${on})`.execute(tb.store.db);
    }
    // department warnings: one received on 06-02 (verify by 06-05), one pushed in May and verified on 06-01
    await insertWarning(tb, ids.H1!, {
      department: 'medical_insurance',
      createdAt: '2024-06-02T01:00:00Z',
      verifyDueOn: '2024-06-05',
    });
    await insertWarning(tb, ids.H6!, {
      department: 'education',
      createdAt: '2024-05-20T01:00:00Z',
      verifyDueOn: '2024-05-23',
      status: 'verified_no_risk',
      verifiedAt: '2024-06-01T03:00:00Z',
    });
  });
  afterAll(async () => {
    await tb?.close();
  });

  const overview = async (query: string, user: Parameters<Testbed['as']>[0] = 'admin') =>
    (await tb.as(user)).get<StatsOverview>(`/api/stats/overview?${query}`);

  it('every figure of the county dashboard is the total of the list it links to (households, deadlines, warnings)', async () => {
    const admin = await tb.as('admin');
    const r = await overview('');
    expect(r.status).toBe(200);
    expect(r.body.region).toEqual({ code: COUNTY, name: '临江市', level: 'county' });
    expect(r.body.asOf).toBe(TODAY);
    const all = figures(r.body);
    expect(all.length).toBeGreaterThan(80);
    // the demo data is not empty: the check below is about real numbers
    expect(r.body.monitored.households.value).toBeGreaterThan(10);
    expect(r.body.trend.some((m) => m.identified.value > 0)).toBe(true);
    expect(r.body.deadlines.some((d) => d.overdue.value > 0)).toBe(true);
    expect(r.body.warnings.received.value).toBeGreaterThan(0);
    for (const { path, figure } of all) {
      const listed = await follow(admin, figure);
      if (path.endsWith('people')) expect(listed.people, path).toBe(figure.value);
      else expect(listed.total, path).toBe(figure.value);
    }
  });

  it('issue 14 §7: what waits for each role is the total of the list each count opens; merely due is not in the badge', async () => {
    // a cadre's open lead: waiting for them to start the verification
    const h = await createHouseholdIn(tb, VILLAGE_A, { householdNo: `${VILLAGE_A}9990` });
    const lead = await (
      await tb.as('cadre')
    ).post('/api/leads', { channel: 'cadre_screening', householdId: h.household.id });
    expect(lead.status).toBe(201);
    const seen = new Set<string>();
    for (const role of ['admin', 'officer', 'township', 'cadre', 'inspector', 'dept'] as const) {
      const client = await tb.as(role);
      const r = await client.get<Inbox>('/api/inbox');
      expect(r.status, role).toBe(200);
      for (const item of r.body.items) {
        seen.add(`${role}:${item.kind}`);
        const qs = new URLSearchParams({ ...item.link.query, page: '1', pageSize: '1' });
        const listed = await client.get<{ total: number }>(`/api/${item.link.list}?${qs}`);
        expect(listed.body.total, `${role} ${item.kind}`).toBe(item.count);
      }
      const counted = r.body.items.filter((i) => i.kind !== 'deadline_due').reduce((n, i) => n + i.count, 0);
      expect(r.body.total, role).toBe(counted);
    }
    // the demo county has overdue deadlines and open leads for its cadres, ledgers only for those who keep them
    expect(seen).toContain('admin:deadline_overdue');
    expect(seen).toContain('cadre:lead_open');
    expect([...seen].some((k) => k.startsWith('inspector:') && !k.startsWith('inspector:ledger'))).toBe(false);
    expect([...seen].some((k) => k.startsWith('dept:'))).toBe(false);
  });

  it('adds up: monitored = unresolved + eliminated = the sum over categories and over townships', async () => {
    const { body } = await overview('');
    expect(body.monitored.households.value).toBe(body.unresolved.households.value + body.eliminated.households.value);
    expect(body.monitored.people.value).toBe(body.unresolved.people.value + body.eliminated.people.value);
    const byCategory = body.monitored.byCategory.reduce((n, c) => n + c.households.value, 0);
    expect(byCategory).toBe(body.monitored.households.value);
    expect(body.byRegion.map((t) => t.code)).toEqual([TOWNSHIP, '220681101']);
    expect(body.byRegion.reduce((n, t) => n + t.monitored.value, 0)).toBe(body.monitored.households.value);
    expect(body.eliminated.byMethod.reduce((n, m) => n + m.households.value, 0)).toBe(body.eliminated.households.value);
    expect(body.trend).toHaveLength(12);
    expect(body.trend[0]!.month).toBe('2023-07');
    expect(body.trend.at(-1)!.month).toBe('2024-06');
    expect(body.trend.at(-1)!.unresolved.value).toBe(body.unresolved.households.value);
  });

  it('reads the status of a household on the report day from its cases: identification, monitoring, elimination, re-marking', async () => {
    const at = async (asOf: string) => (await overview(`region=${COMMUNITY}&asOf=${asOf}`)).body;
    const now = await at(TODAY);
    expect(now.region).toEqual({ code: COMMUNITY, name: '森铁社区', level: 'village' });
    expect(now.monitored.households.value).toBe(3); // H1, H2, H5
    expect(now.monitored.people.value).toBe(6);
    expect(now.unresolved.households.value).toBe(2); // H1, H5 (re-marked)
    expect(now.eliminated.households.value).toBe(1); // H2
    expect(now.eliminated.byMethod).toMatchObject([
      { method: 'assisted', households: { value: 0 } },
      { method: 'natural', households: { value: 1 } },
    ]);
    expect(now.identifying.value).toBe(1); // H3; H4 was rejected
    expect(Object.fromEntries(now.monitored.byCategory.map((c) => [c.category, c.households.value]))).toEqual({
      unstable_lifted: 1,
      marginal_vulnerable: 1,
      sudden_hardship: 1,
    });
    expect(Object.fromEntries(now.riskTypes.map((t) => [t.riskType, t.households.value]))).toEqual({
      illness: 1,
      education: 1,
      accident: 1,
    });
    expect(now.byRegion).toEqual([]); // a village has no children

    // on 05-05 H5's second episode was being identified; on 04-30 H5 was eliminated, H2 still monitored
    const may5 = await at('2024-05-05');
    expect(may5.identifying.value).toBe(1);
    expect(may5.unresolved.households.value).toBe(2); // H1, H2
    const apr30 = await at('2024-04-30');
    expect(apr30.eliminated.households.value).toBe(1); // H5's first episode
    expect(apr30.eliminated.byMethod[0]!.households.value).toBe(1);
    expect(apr30.identifying.value).toBe(0);
    // before H1 was found, before anything: nothing
    expect((await at('2023-07-01')).monitored.households.value).toBe(0);
  });

  it('counts the monthly trend: new identifications, eliminations and households still monitored at each month end', async () => {
    const { body } = await overview(`region=${COMMUNITY}`);
    const month = (m: string) => body.trend.find((t) => t.month === m)!;
    expect(month('2024-01')).toMatchObject({
      identified: { value: 1 },
      eliminated: { value: 0 },
      unresolved: { value: 3 },
    });
    expect(month('2024-03')).toMatchObject({
      identified: { value: 0 },
      eliminated: { value: 1 },
      unresolved: { value: 2 },
    });
    expect(month('2024-05')).toMatchObject({
      identified: { value: 1 },
      eliminated: { value: 1 },
      unresolved: { value: 2 },
    });
    expect(month('2023-11')).toMatchObject({ identified: { value: 1 } });
    expect(month('2024-05').identified.link.query).toEqual({
      region: COMMUNITY,
      identifiedFrom: '2024-05-01',
      identifiedTo: '2024-05-31',
    });
    const list = await (
      await tb.as('admin')
    ).get<HouseholdPage>(`/api/households?${new URLSearchParams(month('2024-05').identified.link.query)}`);
    expect(list.body.items.map((x) => x.id)).toEqual([ids.H5]);
    expect(body.thisMonth.identified.value).toBe(0);
  });

  it('S3 §三(四)(五), §三(二): lists the overdue verification and plan, visits due and never made, and the warning to verify', async () => {
    const admin = await tb.as('admin');
    const list = async (q: string) =>
      (await admin.get<DeadlinePage>(`/api/deadlines?region=${COMMUNITY}&pageSize=100&${q}`)).body;
    const overdue = await list('status=overdue');
    const key = (i: DeadlinePage['items'][number]) => `${i.kind}:${i.householdId}`;
    expect(overdue.items.map(key).sort()).toEqual(
      [`assistance_plan:${ids.H1}`, `verification:${ids.H3}`, `visit:${ids.H7}`].sort(),
    );
    const plan = overdue.items.find((i) => i.kind === 'assistance_plan')!;
    expect(plan).toMatchObject({
      dueOn: '2024-01-25',
      daysLeft: -130,
      overdue: true,
      source: 'case',
      state: 'monitoring',
    });
    const never = overdue.items.find((i) => i.kind === 'visit')!;
    expect(never).toMatchObject({ dueOn: null, daysLeft: null, detail: 'lifted', regionName: '森铁社区' });
    expect(never.headName).toBe('王建国');

    const due = await list('status=due');
    expect(due.items.map(key).sort()).toEqual([`visit:${ids.H6}`, `warning:${ids.H1}`].sort());
    expect(due.items.find((i) => i.kind === 'visit')).toMatchObject({ dueOn: '2024-06-10', daysLeft: 7 });
    // a longer window reaches the identification of H3 (06-12), H5's monthly visit and H8's quarterly one (06-20)
    const month = await list('status=due&withinDays=20');
    expect(month.items.map(key)).toEqual(
      expect.arrayContaining([`identification:${ids.H3}`, `visit:${ids.H8}`, `visit:${ids.H5}`]),
    );
    expect(month.items.find((i) => key(i) === `visit:${ids.H8}`)).toMatchObject({
      dueOn: '2024-06-20',
      detail: 'social_assistance',
    });
    // H1 was visited on 06-01: not due; H5 has its plan: no plan deadline
    expect(month.items.map(key)).not.toContain(`visit:${ids.H1}`);
    expect(month.items.map(key)).not.toContain(`assistance_plan:${ids.H5}`);
    const only = await list('kind=visit&status=overdue');
    expect(only.items.every((i) => i.kind === 'visit')).toBe(true);
    expect(only.total).toBe(1);
    // judged on another day: on 05-30 H3's verification was still due, not overdue
    const earlier = await list('asOf=2024-05-30&kind=verification');
    expect(earlier.items.map((i) => [i.householdId, i.overdue, i.daysLeft])).toEqual([[ids.H3, false, 1]]);
  });

  it('counts the department pushes received and verified this month, and those waiting (S1 §四(二)3)', async () => {
    const { body } = await overview(`region=${COMMUNITY}`);
    expect(body.warnings.received.value).toBe(1);
    expect(body.warnings.verified.value).toBe(1);
    expect(body.warnings.toVerify.value).toBe(1);
    expect(body.deadlines.find((d) => d.kind === 'warning')).toMatchObject({
      due: { value: 1 },
      overdue: { value: 0 },
    });
    // a department officer sees the warnings of their own department only
    const dept = await tb.as('dept');
    const mine = await dept.get<WarningPage>(`/api/warnings?region=${COMMUNITY}`);
    expect(mine.body.items.map((w) => w.department)).toEqual(['medical_insurance']);
    expect(mine.body.items[0]!.idNumber).toMatch(/^\d{3}\*{13}\d[\dX]$/);
  });

  it('keeps to the caller’s area: a village cadre sees their village, a region outside the area is not found', async () => {
    const cadre = await overview('', 'cadre');
    expect(cadre.status).toBe(200);
    expect(cadre.body.region.code).toBe(VILLAGE_A);
    const county = await overview(`region=${VILLAGE_A}`);
    expect(cadre.body.monitored.households.value).toBe(county.body.monitored.households.value);
    // asking for the county gives the cadre's own village
    expect((await overview(`region=${COUNTY}`, 'cadre')).body.region.code).toBe(VILLAGE_A);
    const outside = await overview(`region=${OTHER_TOWNSHIP_VILLAGE}`, 'township');
    expect(outside.status).toBe(404);
    expect((outside.body as unknown as ErrorBody).error.code).toBe('not_found');
    expect((await overview('', 'otherAdmin')).body.monitored.households.value).toBe(0);
    expect((await overview('', 'dept')).status).toBe(403);
    const bad = await overview('asOf=2024-02-30');
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as ErrorBody).error.issues[0]!.path).toBe('querystring.asOf');
  });
});
