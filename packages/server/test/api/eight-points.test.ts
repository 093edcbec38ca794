import type {
  AwarenessSurveyView,
  EightPointHouseholdPage,
  EightPointsReport,
  EightPointsRow,
  PublicityDeliveryView,
} from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';
import { insertCase, insertWarning } from '../support/records.js';
import { dataQualityOfHousehold } from '../../src/services/data-quality.service.js';

/**
 * Issue 17 §1: the eight inspection points of the county's 2024 rectification plan (S3 §三(一)–(八)), each a figure
 * per village, township and county with the households behind it. A small fixture is laid down with every date
 * fixed; each figure is counted here by hand (the test clock's day is 2024-06-03, national policy: identification
 * 15 days, notice at least 5, plan 10, visits monthly, full screening every 12 months, awareness target 95%).
 *
 * Village A: a1..a5, village B: b1..b3 (both in TOWNSHIP), o1 in another township.
 */
/** Point 8's problems per household, by the data-quality rules (S3 §三(八)), counted by hand from the fixture. */
const DQ_EXPECTED: Record<string, string[]> = {
  a1: [],
  a2: ['S3.3.5.monitored_without_measure', 'S3.3.2.visit_without_content'],
  a3: ['S3.3.5.monitored_without_measure', 'S3.3.2.visit_without_content'],
  a4: ['S3.3.8.member_without_id', 'S3.3.2.visit_without_content'],
  a5: [],
  b1: [],
  b2: ['S3.3.8.member_without_id'],
  b3: ['S3.3.8.age_relation_impossible'],
  o1: ['S3.3.5.monitored_without_measure'],
};

describe.each(engines)('the eight inspection points on %s (issue 17 §1, S3 §三)', (engine) => {
  let tb: Testbed;
  const h: Record<string, string> = {};

  const setHousehold = (id: string, set: Record<string, unknown>) =>
    tb.store.db.updateTable('household').set(set).where('id', '=', id).execute();
  const visit = (id: string, on: string) =>
    sql`insert into visit (household_id, county_code, region_code, visited_on)
      select id, county_code, region_code, ${on}::date from household where id = ${id}`.execute(tb.store.db);
  const plan = (caseId: string, on: string) =>
    sql`insert into assistance_plan (case_id, household_id, county_code, created_on)
      select c.id, c.household_id, c.county_code, ${on}::date from monitoring_case c where c.id = ${caseId}`.execute(
      tb.store.db,
    );
  const lead = (id: string, discoveredOn: string) =>
    sql`insert into lead (county_code, region_code, household_id, channel, discovered_at, status)
      select county_code, region_code, id, 'cadre_screening', (${discoveredOn}::date + time '09:00') at time zone 'Asia/Shanghai', 'open'
      from household where id = ${id}`.execute(tb.store.db);
  async function run(asOf: string, flagged: [string, string][]) {
    const r = await sql<{ id: string }>`
      insert into screening_run (scope_code, as_of, status, finished_at)
      values (${COUNTY}, ${asOf}::date, 'done', (${asOf}::date + time '20:00') at time zone 'Asia/Shanghai') returning id`.execute(
      tb.store.db,
    );
    for (const [hh, finding] of flagged) {
      await sql`insert into screening_result (run_id, household_id, county_code, region_code, finding)
        select ${r.rows[0]!.id}, id, county_code, region_code, ${finding} from household where id = ${hh}`.execute(
        tb.store.db,
      );
    }
  }

  beforeAll(async () => {
    tb = await createTestbed(engine);
    for (const k of ['a1', 'a2', 'a3', 'a4', 'a5']) h[k] = (await createHouseholdIn(tb, VILLAGE_A)).household.id;
    for (const k of ['b1', 'b2', 'b3']) h[k] = (await createHouseholdIn(tb, VILLAGE_B)).household.id;
    h.o1 = (await createHouseholdIn(tb, OTHER_TOWNSHIP_VILLAGE)).household.id;

    // who is monitored, lifted, eliminated, flagged, screened (the register's own columns)
    await setHousehold(h.a2!, { monitoringStatus: 'monitoring_unresolved', lastFullScreeningOn: '2024-05-01' });
    await setHousehold(h.a3!, {
      monitoringStatus: 'monitoring_unresolved',
      wholeHouseholdNoLabor: true,
      lastFullScreeningOn: '2023-06-03',
    });
    await setHousehold(h.a1!, { lastFullScreeningOn: '2024-05-01' });
    await setHousehold(h.a4!, { householdType: 'lifted_household', lastFullScreeningOn: '2023-06-04' });
    await setHousehold(h.a5!, { monitoringStatus: 'risk_eliminated', riskEliminatedOn: '2024-02-01' });
    await setHousehold(h.b1!, { householdType: 'lifted_household', lastFullScreeningOn: '2024-04-01' });
    await setHousehold(h.b2!, {
      monitoringStatus: 'risk_eliminated',
      riskEliminatedOn: '2023-10-01',
      lastFullScreeningOn: '2024-04-01',
    });
    await setHousehold(h.b3!, { lastFullScreeningOn: '2024-04-01' });

    // visits (point 2)
    await visit(h.a2!, '2024-05-20');
    await visit(h.a3!, '2024-04-01');
    await visit(h.a4!, '2024-05-10');

    // department warnings (point 3)
    const w = (id: string, createdAt: string, verifyDueOn: string, verifiedAt?: string) =>
      insertWarning(tb, id, {
        department: 'medical_insurance',
        createdAt: `${createdAt}T10:00:00+08:00`,
        verifyDueOn,
        ...(verifiedAt ? { verifiedAt: `${verifiedAt}T10:00:00+08:00`, status: 'verified_no_risk' as const } : {}),
      });
    await w(h.a1!, '2024-03-01', '2024-03-08', '2024-03-05');
    await w(h.a2!, '2024-04-01', '2024-04-08', '2024-04-10');
    await w(h.a3!, '2024-05-20', '2024-05-27');
    const pushedLate = await w(h.a4!, '2024-06-01', '2024-06-08');
    // the event happened 2024-03-20: more than two months (the exchange limit) before the department pushed it
    await tb.store.db
      .updateTable('departmentWarning')
      .set({ eventDate: '2024-03-20' })
      .where('id', '=', pushedLate)
      .execute();
    await w(h.a5!, '2023-12-01', '2023-12-08');
    await w(h.b1!, '2024-02-01', '2024-02-08', '2024-02-02');
    await w(h.b1!, '2024-02-10', '2024-02-17', '2024-02-20');

    // cases, leads and plans (points 4 and 5)
    const ca2 = await insertCase(tb, h.a2!, {
      stage: 'monitoring',
      discoveredOn: '2024-03-10',
      confirmedOn: '2024-03-20',
      noticeStartOn: '2024-03-12',
      noticeEndOn: '2024-03-17',
    });
    await plan(ca2, '2024-03-25');
    const ca3 = await insertCase(tb, h.a3!, {
      stage: 'monitoring',
      discoveredOn: '2024-04-01',
      confirmedOn: '2024-04-30',
      noticeStartOn: '2024-04-20',
      noticeEndOn: '2024-04-23',
    });
    await plan(ca3, '2024-05-15');
    await insertCase(tb, h.a4!, {
      stage: 'publicizing',
      discoveredOn: '2024-05-01',
      noticeStartOn: '2024-05-28',
      noticeEndOn: '2024-06-05',
    });
    await lead(h.a5!, '2024-05-30');
    await lead(h.b1!, '2024-05-01');
    await insertCase(tb, h.b2!, { stage: 'eliminated', discoveredOn: '2023-11-01', confirmedOn: '2023-12-01' });
    await insertCase(tb, h.b3!, {
      stage: 'monitoring',
      discoveredOn: '2024-05-20',
      confirmedOn: '2024-05-30',
      noticeStartOn: '2024-05-22',
      noticeEndOn: '2024-05-27',
    });
    await insertCase(tb, h.o1!, { stage: 'monitoring', discoveredOn: '2024-04-20', confirmedOn: '2024-05-01' });

    // screening runs (points 6 and 7): only the latest finished run counts
    await run('2024-05-01', [[h.a3!, 'should_eliminate']]);
    await run('2024-06-01', [
      [h.a2!, 'should_eliminate'],
      [h.a2!, 'should_flag_no_labor'],
    ]);

    // every household has its income of last year (the data-quality rule S3.3.8.no_income_record), so that only the
    // problems built below are found
    await sql`insert into income_record (household_id, county_code, year, period_start, period_end, wage_fen)
      select id, county_code, 2023, '2023-01-01', '2023-12-31', 1200000 from household`.execute(tb.store.db);

    // data (point 8): a4's head with a wrong check digit, b2's spouse with no ID number, b3 without a head
    const head = await tb.store.db
      .selectFrom('member')
      .select(['id', 'idNumber'])
      .where('householdId', '=', h.a4!)
      .where('relation', '=', 'head')
      .executeTakeFirstOrThrow();
    const bad = head.idNumber!.slice(0, 17) + (head.idNumber!.endsWith('1') ? '2' : '1');
    await tb.store.db.updateTable('member').set({ idNumber: bad }).where('id', '=', head.id).execute();
    await tb.store.db
      .updateTable('member')
      .set({ idNumber: null })
      .where('householdId', '=', h.b2!)
      .where('relation', '=', 'spouse')
      .execute();
    await tb.store.db
      .updateTable('member')
      .set({ relation: 'spouse' })
      .where('householdId', '=', h.b3!)
      .where('relation', '=', 'head')
      .execute();
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(一): village cadres record leaflet deliveries and surveys in their own village; audited', async () => {
    const cadre = await tb.as('cadre');
    const deliver = (who: typeof cadre, householdId: string, leaflet: string, deliveredOn = '2024-05-01') =>
      who.post<PublicityDeliveryView>('/api/publicity/deliveries', {
        householdId,
        leaflet,
        deliveredOn,
        deliveredBy: '村会计 张平',
        signatureRef: `QS-${householdId.slice(0, 4)}`,
      });
    for (const k of ['a1', 'a2', 'a3']) expect((await deliver(cadre, h[k]!, 'application')).status).toBe(201);
    expect((await deliver(cadre, h.a2!, 'assistance_policy')).status).toBe(201);
    // a 2023 delivery does not count for 2024
    expect((await deliver(cadre, h.a5!, 'application', '2023-11-01')).status).toBe(201);
    // once per household, leaflet and year
    expect((await deliver(cadre, h.a1!, 'application', '2024-05-02')).status).toBe(409);
    // the policy leaflet is for monitored households only
    expect((await deliver(cadre, h.a1!, 'assistance_policy')).status).toBe(400);
    // a signature or a photo is required
    const bare = await cadre.post('/api/publicity/deliveries', {
      householdId: h.a4!,
      leaflet: 'application',
      deliveredOn: '2024-05-01',
      deliveredBy: '张平',
    });
    expect(bare.status).toBe(400);
    // another village's household is not the cadre's
    expect((await deliver(cadre, h.b1!, 'application')).status).toBe(404);
    expect((await deliver(await tb.as('cadreB'), h.b1!, 'application')).status).toBe(201);

    const survey = (who: typeof cadre, regionCode: string, respondents: number, aware: number) =>
      who.post<AwarenessSurveyView>('/api/publicity/surveys', {
        regionCode,
        surveyedOn: '2024-05-15',
        respondents,
        aware,
        conductedBy: '镇乡村振兴办',
      });
    expect((await survey(cadre, VILLAGE_A, 40, 39)).status).toBe(201);
    expect((await survey(cadre, VILLAGE_A, 10, 11)).status).toBe(400);
    expect((await survey(cadre, VILLAGE_B, 20, 18)).status).toBe(403);
    expect((await survey(await tb.as('township'), VILLAGE_B, 20, 18)).status).toBe(201);

    const list = await cadre.get<{ total: number }>('/api/publicity/deliveries?year=2024');
    expect(list.body.total).toBe(4); // a1, a2, a3 application + a2 policy; not B's, not 2023
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', 'in', ['publicity.deliver', 'publicity.survey'])
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBe(8);
  });

  const fig = (row: EightPointsRow | undefined, point: string) => {
    const f = row!.figures[point as keyof EightPointsRow['figures']];
    return [f.met, f.denominator, f.short] as const;
  };

  it('the township sees the eight figures village by village, each counted by hand', async () => {
    const r = await (await tb.as('township')).get<EightPointsReport>('/api/supervision/eight-points');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const A = r.body.rows.find((x) => x.regionCode === VILLAGE_A);
    const B = r.body.rows.find((x) => x.regionCode === VILLAGE_B);
    expect(r.body.total.regionCode).toBe(TOWNSHIP);

    // (1) S3 §三(一): A — a1 ✓, a2 ✓ (both leaflets), a3 ✗ (monitored, no policy leaflet), a4 ✗ (none),
    //     a5 ✗ (2023 only; eliminated households are monitored too) → 2 of 5. B — b1 ✓, b2 ✗, b3 ✗ → 1 of 3.
    expect(fig(A, 'publicity')).toEqual([2, 5, true]);
    expect(fig(B, 'publicity')).toEqual([1, 3, true]);
    // awareness: A 39/40 = 97.5% ≥ 95%; B 18/20 = 90% < 95%; the township 57/60 = 95% exactly, met
    expect(A!.awareness).toMatchObject({ respondents: 40, aware: 39, short: false });
    expect(B!.awareness).toMatchObject({ respondents: 20, aware: 18, short: true });
    expect(r.body.total.awareness).toMatchObject({ respondents: 60, aware: 57, share: 0.95, short: false });

    // (2) S3 §三(二): every household. A — a1 ✓; a2 ✓ (visited 05-20); a3 ✗ (monitored, last visit 04-01, and
    //     screened 2023-06-03: exactly 12 months ago is too long); a4 ✓ (lifted, visited 05-10, screened 2023-06-04);
    //     a5 ✗ (never screened) → 3 of 5. B — b1 ✗ (lifted, never visited); b2, b3 ✓ → 2 of 3.
    expect(fig(A, 'visits')).toEqual([3, 5, true]);
    expect(fig(B, 'visits')).toEqual([2, 3, true]);

    // (3) S3 §三(三): warnings received this year, verified, past the limit or pushed late. A — a1 ✓ (05 ≤ 08);
    //     a2 ✗ (verified 04-10 after 04-08); a3 ✗ (unverified, limit 05-27 passed); a4 ✗ (not yet due, but its
    //     event of 03-20 was pushed 06-01, past the two-month exchange limit); a5 last year → 1 of 4.
    //     B — b1 ✗ (one of its two warnings verified late) → 0 of 1.
    expect(fig(A, 'warnings')).toEqual([1, 4, true]);
    expect(fig(B, 'warnings')).toEqual([0, 1, true]);

    // (4) S3 §三(四): A — a2 ✓ (10 days, notice 03-12..17 = start + 5); a3 ✗ (29 days; notice 04-20..23 too short);
    //     a4 ✗ (not confirmed, 15 days passed 05-16); a5's lead is 4 days old, not yet judged → 1 of 3.
    //     B — b1 ✗ (open lead from 05-01); b3 ✓; b2 confirmed in 2023 → 1 of 2.
    expect(fig(A, 'identification')).toEqual([1, 3, true]);
    expect(fig(B, 'identification')).toEqual([1, 2, true]);

    // (5) S3 §三(五): A — a2 ✓ (plan 5 days after); a3 ✗ (15 days) → 1 of 2. B — b3 confirmed 05-30, limit 06-09
    //     not passed: not judged → 0 of 0, not red.
    expect(fig(A, 'plans')).toEqual([1, 2, true]);
    expect(fig(B, 'plans')).toEqual([0, 0, false]);

    // (6) S3 §三(六): A — a5 ✓ (eliminated 2024-02-01); a2 ✗ (the latest run, 06-01, finds it due); a3 was found
    //     due only by the earlier run → 1 of 2. B — b2 eliminated in 2023 → 0 of 0.
    expect(fig(A, 'elimination')).toEqual([1, 2, true]);
    expect(fig(B, 'elimination')).toEqual([0, 0, false]);

    // (7) S3 §三(七): A — a3 ✓ (flagged); a2 ✗ (found due, unflagged) → 1 of 2.
    expect(fig(A, 'no_labor_flag')).toEqual([1, 2, true]);

    // (8) S3 §三(八): the data-quality rules, judged per household by core (the rules' own fixture counts them).
    //     Every household has its 2023 income. A — a2, a3 monitored with no measure and a visit with no content, a4 a
    //     wrong check digit and a visit with no content → 2 of 5. B — b2 no ID number, b3 no head → 1 of 3.
    expect(fig(A, 'data_accuracy')).toEqual([2, 5, true]);
    expect(fig(B, 'data_accuracy')).toEqual([1, 3, true]);
    // the same households as core's rules judge them one by one
    for (const [k, id] of Object.entries(h)) {
      expect((await dataQualityOfHousehold(tb.store.db, id, '2024-06-03')).ruleIds, k).toEqual(DQ_EXPECTED[k]);
    }

    // the township is the sum of its villages
    expect(fig(r.body.total, 'identification')).toEqual([2, 5, true]);
    expect(fig(r.body.total, 'publicity')).toEqual([3, 8, true]);
  });

  it('the county sees townships; the other township has o1 alone', async () => {
    const r = await (await tb.as('inspector')).get<EightPointsReport>('/api/supervision/eight-points');
    expect(r.status).toBe(200);
    const T = r.body.rows.find((x) => x.regionCode === TOWNSHIP);
    const O = r.body.rows.find((x) => x.regionCode === OTHER_TOWNSHIP_VILLAGE.slice(0, 9));
    expect(fig(T, 'visits')).toEqual([5, 8, true]);
    // o1: confirmed 05-01 after 11 days but with no notice recorded (4), no plan by 05-11 (5)
    expect(fig(O, 'identification')).toEqual([0, 1, true]);
    expect(fig(O, 'plans')).toEqual([0, 1, true]);
    // o1 is monitored with no measure
    expect(fig(O, 'data_accuracy')).toEqual([0, 1, true]);
    expect(fig(r.body.total, 'plans')).toEqual([1, 3, true]);
  });

  it('the households behind a figure, with their problems; a cadre may not read the points', async () => {
    const township = await tb.as('township');
    const p = await township.get<EightPointHouseholdPage>(
      `/api/supervision/eight-points/publicity/households?region=${VILLAGE_A}`,
    );
    expect(p.status).toBe(200);
    expect(p.body.total).toBe(3);
    expect(Object.fromEntries(p.body.items.map((i) => [i.householdId, i.problems]))).toEqual({
      [h.a3!]: ['policy_leaflet_missing'],
      [h.a4!]: ['application_leaflet_missing'],
      [h.a5!]: ['application_leaflet_missing', 'policy_leaflet_missing'],
    });
    const id = await township.get<EightPointHouseholdPage>('/api/supervision/eight-points/identification/households');
    expect(Object.fromEntries(id.body.items.map((i) => [i.householdId, i.problems]))).toEqual({
      [h.a3!]: ['identification_late', 'notice_too_short'],
      [h.a4!]: ['identification_overdue'],
      [h.b1!]: ['identification_overdue'],
    });
    const warned = await township.get<EightPointHouseholdPage>('/api/supervision/eight-points/warnings/households');
    expect(Object.fromEntries(warned.body.items.map((i) => [i.householdId, i.problems]))).toEqual({
      [h.a2!]: ['warning_verified_late'],
      [h.a3!]: ['warning_unverified_overdue'],
      [h.a4!]: ['warning_pushed_late'],
      [h.b1!]: ['warning_verified_late'],
    });
    const dq = await township.get<EightPointHouseholdPage>(
      '/api/supervision/eight-points/data_accuracy/households?pageSize=2',
    );
    expect(dq.body.total).toBe(5);
    expect(dq.body.items).toHaveLength(2);
    const all = await township.get<EightPointHouseholdPage>(
      '/api/supervision/eight-points/data_accuracy/households?pageSize=10',
    );
    const byKey = Object.fromEntries(Object.entries(h).map(([k, id]) => [id, k]));
    expect(Object.fromEntries(all.body.items.map((i) => [byKey[i.householdId], [...i.problems].sort()]))).toEqual(
      Object.fromEntries(['a2', 'a3', 'a4', 'b2', 'b3'].map((k) => [k, [...DQ_EXPECTED[k]!].sort()])),
    );
    // outside the township: nothing
    const other = await township.get<EightPointHouseholdPage>(
      `/api/supervision/eight-points/plans/households?region=${OTHER_TOWNSHIP_VILLAGE}`,
    );
    expect(other.body.total).toBe(0);
    expect((await (await tb.as('cadre')).get('/api/supervision/eight-points')).status).toBe(403);
  });

  it('S3 §五: a figure’s households are raised into the suspected-problem ledger once each', async () => {
    const inspector = await tb.as('inspector');
    const body = { region: TOWNSHIP, deadline: '2024-06-30', ownerId: tb.users.township.id };
    const first = await inspector.post<{ created: number; alreadyOpen: number }>(
      '/api/supervision/eight-points/identification/raise',
      body,
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ created: 3, alreadyOpen: 0 });
    const again = await inspector.post('/api/supervision/eight-points/identification/raise', body);
    expect(again.body).toMatchObject({ created: 0, alreadyOpen: 3 });
    const items = await tb.store.db
      .selectFrom('ledgerItem')
      .select(['area', 'householdId', 'ownerId', 'deadline', 'title'])
      .where('sourceFinding', '=', 'point:identification')
      .execute();
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.area === 'inclusion' && i.deadline === '2024-06-30')).toBe(true);
    expect(items[0]!.title).toContain('监测对象识别纳入');
  });
});
