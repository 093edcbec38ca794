/**
 * The county's monthly rhythm (issue 15 §1, §2, §7) through the API and the jobs: the seven steps of S0 plan two 五
 * generated month by month on their policy days, late when undone past their day, marked done by who owes them;
 * the half-monthly warning lists of S1 §四(二)1–2 with 零报告 and who did not report; the jobs idempotent.
 */
import type { HalfMonthView, RhythmMonthView, RhythmTaskView } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunRepository, halfMonthJob, monthlyJob, runRhythmJob, Scheduler } from '../../src/jobs/index.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  login,
  type ApiClient,
  type FixtureUser,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

const DAY = 24 * 60;

describe.each(engines)('the monthly rhythm on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    // 临江市 moves 排 to the 3rd from August 2024: the next month's tasks follow the policy in force
    await new PolicyRepository(tb.store.db).insertIfAbsent(
      {
        regionPrefix: COUNTY,
        year: 2024,
        version: 1,
        effectiveFrom: '2024-08-01',
        docNo: '临乡振〔2024〕8号',
        docTitle: '每月七步工作日程调整',
        body: {
          sevenSteps: { screen: 3, visit: 10, evaluate: 15, record: 20, monitor: 25, supplement: 28, close: 31 },
        },
      },
      'test',
    );
  });
  afterAll(() => tb?.close());

  // sessions end after their idle time and 12 hours: a test that moves the clock by days signs in again
  const sessions = new Map<FixtureUser, ApiClient>();
  const as = async (user: FixtureUser) => {
    if (!sessions.has(user)) sessions.set(user, await login(tb.app, tb.users[user].username));
    return sessions.get(user)!;
  };
  const advanceDays = (days: number) => {
    tb.clock.advanceMinutes(days * DAY);
    sessions.clear();
  };

  const tasksOf = async (month: string) =>
    (
      await tb.store.transaction((tx) =>
        tx.client.query<{ region_code: string; step: string; due_date: string }>(
          `select region_code, step, due_date from rhythm_task where county_code = $1 and month = $2
           order by region_code, due_date, step`,
          [COUNTY, month],
        ),
      )
    ).rows;
  const dueOf = (rows: Awaited<ReturnType<typeof tasksOf>>, region: string, step: string) =>
    rows.find((r) => r.region_code === region && r.step === step)?.due_date;

  it('S0 plan two 五: 排 by the 5th (villages), 访 by the 10th (townships), each month of three on its policy days', async () => {
    const made = [];
    for (const asOf of ['2024-06-03', '2024-07-01', '2024-08-15']) {
      made.push((await runRhythmJob(tb.store, 'monthly', asOf, tb.clock.now(), [COUNTY]))[0]!.created);
    }
    // 4 villages × 3 village steps (排评测) + 2 townships × 4 township steps (访录补销)
    expect(made).toEqual([20, 20, 20]);
    const june = await tasksOf('2024-06');
    expect(june.filter((r) => r.region_code === VILLAGE_A).map((r) => [r.step, r.due_date])).toEqual([
      ['screen', '2024-06-05'],
      ['evaluate', '2024-06-15'],
      ['monitor', '2024-06-25'],
    ]);
    expect(june.filter((r) => r.region_code === TOWNSHIP).map((r) => [r.step, r.due_date])).toEqual([
      ['visit', '2024-06-10'],
      ['record', '2024-06-20'],
      ['supplement', '2024-06-28'],
      ['close', '2024-06-30'], // the 31st in a 30-day month is its last day
    ]);
    const july = await tasksOf('2024-07');
    expect(dueOf(july, VILLAGE_B, 'screen')).toBe('2024-07-05');
    expect(dueOf(july, TOWNSHIP, 'close')).toBe('2024-07-31');
    const august = await tasksOf('2024-08');
    expect(dueOf(august, OTHER_TOWNSHIP_VILLAGE, 'screen')).toBe('2024-08-03');
    expect(dueOf(august, TOWNSHIP, 'visit')).toBe('2024-08-10');
  });

  it('§7: running the month-start job twice creates nothing new, by the CLI path and by the scheduler', async () => {
    const before = (await tasksOf('2024-06')).length;
    expect((await runRhythmJob(tb.store, 'monthly', '2024-06-20', tb.clock.now(), [COUNTY]))[0]!.created).toBe(0);
    const scheduler = new Scheduler(tb.store, [monthlyJob(), halfMonthJob()], { now: tb.clock.now });
    const first = await scheduler.tick();
    expect(first.map((r) => r.ok)).toEqual([true, true]);
    // 浑江区 (a county with users) gets its month too; 临江市 had it already
    expect(first[0]!.summary).toMatch(/^monthly 2024-06: \d+ created$/);
    const again = await scheduler.tick();
    expect(again[0]!.summary).toBe('monthly 2024-06: 0 created');
    expect(again[1]!.summary).toBe('halfmonth 2024-06-03: 0 created');
    expect((await tasksOf('2024-06')).length).toBe(before);
    const runs = await new JobRunRepository(tb.store).list('rhythm-monthly:');
    expect(runs.find((r) => r.name === `rhythm-monthly:${COUNTY}`)?.lastDetail).toMatchObject({ period: '2024-06' });
  });

  it('S0 plan two 五: a step not done by its day is late; the village cadre marks 排 done, audited; the township and county see progress', async () => {
    const township = await as('township');
    const open = await township.get<RhythmMonthView>('/api/rhythm/tasks?month=2024-06');
    expect(open.status).toBe(200);
    expect(open.body.today).toBe('2024-06-03');
    const screenA = open.body.tasks.find((t) => t.regionCode === VILLAGE_A && t.step === 'screen')!;
    expect(screenA.status).toBe('open');
    // only the township's own area: not 六道沟镇's village
    expect(open.body.tasks.some((t) => t.regionCode === OTHER_TOWNSHIP_VILLAGE)).toBe(false);

    advanceDays(3); // 2024-06-06: 排 was due on the 5th
    const late = await (await as('township')).get<RhythmMonthView>('/api/rhythm/tasks?month=2024-06');
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.tasks.find((t) => t.id === screenA.id)!.status).toBe('late');
    expect(late.body.tasks.find((t) => t.regionCode === TOWNSHIP && t.step === 'visit')!.status).toBe('open');
    expect(late.body.progress.find((p) => p.regionCode === VILLAGE_A)).toMatchObject({ total: 3, done: 0, late: 1 });

    const cadre = await as('cadre');
    const done = await cadre.post<RhythmTaskView>(`/api/rhythm/tasks/${screenA.id}/complete`, { note: '已上报5户' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', doneLate: true, doneOn: '2024-06-06', note: '已上报5户' });
    expect(done.body.doneByName).toBeTruthy();
    const twice = await cadre.post(`/api/rhythm/tasks/${screenA.id}/complete`, {});
    expect(twice.status).toBe(409);
    const audit = await tb.store.transaction((tx) =>
      tx.client.query<{ target_id: string }>(`select target_id from audit_log where action = 'rhythm.complete'`),
    );
    expect(audit.rows.map((r) => r.target_id)).toEqual([screenA.id]);

    const after = await (await as('township')).get<RhythmMonthView>('/api/rhythm/tasks?month=2024-06');
    expect(after.body.progress.find((p) => p.regionCode === VILLAGE_A)).toMatchObject({ total: 3, done: 1, late: 0 });
    const county = await (await as('officer')).get<RhythmMonthView>('/api/rhythm/tasks?month=2024-06');
    expect(county.body.progress.map((p) => [p.regionCode, p.total, p.done])).toEqual([
      [TOWNSHIP, 13, 1],
      ['220681101', 7, 0],
    ]);
    expect(county.body.progress[0]!.regionName).toBe('桦树镇');
  });

  it('S0 plan two 五: a role without the right gets 403, another area 404', async () => {
    const task = (await tasksOf('2024-06')).find((r) => r.region_code === VILLAGE_A && r.step === 'evaluate')!;
    const id = (
      await tb.store.transaction((tx) =>
        tx.client.query<{ id: string }>(
          `select id from rhythm_task where region_code = $1 and step = $2 and month = '2024-06'`,
          [task.region_code, task.step],
        ),
      )
    ).rows[0]!.id;
    expect((await (await as('inspector')).post(`/api/rhythm/tasks/${id}/complete`, {})).status).toBe(403);
    expect((await (await as('dept')).get('/api/rhythm/tasks')).status).toBe(403);
    expect((await (await as('cadreB')).post(`/api/rhythm/tasks/${id}/complete`, {})).status).toBe(404);
    expect((await (await as('otherAdmin')).post(`/api/rhythm/tasks/${id}/complete`, {})).status).toBe(404);
    const other = await (await as('otherAdmin')).get<RhythmMonthView>('/api/rhythm/tasks?month=2024-06');
    expect(other.body.tasks.every((t) => t.regionCode.startsWith('220602'))).toBe(true);
  });

  it('S1 §四(二)1–2: villages and townships report every half month, an empty list being a 零报告; the county sees who did not', async () => {
    const cadre = await as('cadre');
    const township = await as('township');
    const household = await createHouseholdIn(tb, VILLAGE_A);
    const householdB = await createHouseholdIn(tb, VILLAGE_B);
    // the scheduler above opened 2024-06-01..15 already; a rerun opens nothing
    expect((await runRhythmJob(tb.store, 'halfmonth', '2024-06-06', tb.clock.now(), [COUNTY]))[0]!.created).toBe(0);

    const sent = await cadre.post<HalfMonthView>('/api/halfmonth/reports', {
      regionCode: VILLAGE_A,
      householdIds: [household.household.id],
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({
      periodStart: '2024-06-01',
      periodEnd: '2024-06-15',
      index: 0,
      count: 2,
      open: true,
    });
    const zero = await township.post<HalfMonthView>('/api/halfmonth/reports', {
      regionCode: TOWNSHIP,
      householdIds: [],
    });
    expect(zero.status).toBe(200);

    const county = await (await as('officer')).get<HalfMonthView>('/api/halfmonth');
    expect(county.status).toBe(200);
    const row = (code: string) => county.body.rows.find((r) => r.regionCode === code)!;
    expect(row(VILLAGE_A)).toMatchObject({
      reported: true,
      zeroReport: false,
      householdCount: 1,
      reportedOn: '2024-06-06',
    });
    expect(row(TOWNSHIP)).toMatchObject({ reported: true, zeroReport: true, householdCount: 0 });
    expect(row(VILLAGE_B)).toMatchObject({ reported: false });
    expect(county.body.rows.filter((r) => !r.reported).map((r) => r.regionCode)).toEqual([
      '220681100001',
      VILLAGE_B,
      '220681101',
      OTHER_TOWNSHIP_VILLAGE,
    ]);
    expect([county.body.reported, county.body.missing]).toEqual([2, 4]);

    // a list names only the village's own households; only villages and townships of one's area report
    const foreign = await cadre.post('/api/halfmonth/reports', {
      regionCode: VILLAGE_A,
      householdIds: [householdB.household.id],
    });
    expect(foreign.status).toBe(400);
    expect((await cadre.post('/api/halfmonth/reports', { regionCode: VILLAGE_B, householdIds: [] })).status).toBe(403);
    expect(
      (await (await as('inspector')).post('/api/halfmonth/reports', { regionCode: VILLAGE_A, householdIds: [] }))
        .status,
    ).toBe(403);
    expect((await (await as('dept')).get('/api/halfmonth')).status).toBe(403);

    // the second half of June: not open until the half-month job runs, then nobody has reported yet
    advanceDays(10); // 2024-06-16
    expect(
      (await (await as('cadre')).post('/api/halfmonth/reports', { regionCode: VILLAGE_A, householdIds: [] })).status,
    ).toBe(409);
    expect((await runRhythmJob(tb.store, 'halfmonth', '2024-06-16', tb.clock.now(), [COUNTY]))[0]!.created).toBe(1);
    expect((await runRhythmJob(tb.store, 'halfmonth', '2024-06-20', tb.clock.now(), [COUNTY]))[0]!.created).toBe(0);
    const second = await (await as('officer')).get<HalfMonthView>('/api/halfmonth');
    expect(second.body).toMatchObject({
      periodStart: '2024-06-16',
      periodEnd: '2024-06-30',
      index: 1,
      open: true,
      reported: 0,
    });
    const first = await (await as('officer')).get<HalfMonthView>('/api/halfmonth?date=2024-06-10');
    expect(first.body.reported).toBe(2);
  });
});
