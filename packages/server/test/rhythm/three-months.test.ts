/**
 * Three months of the county (issue 15, "Done when"): moving the date through February to April, the month-start
 * job makes each month's seven-step tasks on the policy's days (S0 plan two 五: 排 by the 5th, 访 by the 10th; the
 * rest local), and the daily reminder job reminds each task's owner `beforeDays` before it falls due, marks it
 * overdue the day after, and raises it a level every `escalateAfterDays` (issue 15 §4). A step done in time is never
 * reminded again. February is short, so the steps due on the 31st fall due on the 28th.
 */
import { addDays, monthSteps, REMINDER_DEFAULTS, SEVEN_STEP_DEFAULT_DAYS, SevenStep } from '@dixian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReminderJob, runRhythmJob } from '../../src/jobs/index.js';
import { COUNTY, createTestbed, TOWNSHIP, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const MONTHS = ['2025-02', '2025-03', '2025-04'];
const NO_CHANNELS = { email: false, webhook: false };

describe.each(engines)('three months of the county’s rhythm on %s', (engine) => {
  let tb: Testbed;
  /** the day each (task, stage, user) message first appeared */
  const firstSeen = new Map<string, string>();
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const tasksOf = (month: string, region: string) =>
    tb.store.db
      .selectFrom('rhythmTask')
      .select(['id', 'step', 'dueDate'])
      .where('month', '=', month)
      .where('regionCode', '=', region)
      .execute()
      .then((rows) =>
        rows.sort(
          (a, b) => SevenStep.values.indexOf(a.step as SevenStep) - SevenStep.values.indexOf(b.step as SevenStep),
        ),
      );

  async function day(asOf: string) {
    await runReminderJob(tb.store, asOf, tb.clock.now(), NO_CHANNELS, [COUNTY]);
    const rows = await tb.store.db
      .selectFrom('message')
      .innerJoin('appUser', 'appUser.id', 'message.userId')
      .select(['message.itemRef', 'message.kind', 'appUser.username'])
      .where('message.itemKind', '=', 'rhythm')
      .execute();
    for (const m of rows) {
      const key = `${m.itemRef}|${m.kind}|${m.username}`;
      if (!firstSeen.has(key)) firstSeen.set(key, asOf);
    }
  }
  const seen = (taskId: string, stage: string, user: string) => firstSeen.get(`${taskId}|${stage}|${user}`);

  it('S0 plan two 五: each month’s tasks on the policy’s days, reminded and escalated on the policy’s days', async () => {
    const { beforeDays, escalateAfterDays } = REMINDER_DEFAULTS;
    const cadre = tb.users.cadre.username;
    const township = tb.users.township.username;
    for (const month of MONTHS) {
      const [made] = await runRhythmJob(tb.store, 'monthly', `${month}-01`, tb.clock.now(), [COUNTY]);
      expect(made!.created).toBeGreaterThan(0);
      // a rerun inside the month makes nothing
      expect((await runRhythmJob(tb.store, 'monthly', `${month}-15`, tb.clock.now(), [COUNTY]))[0]!.created).toBe(0);
      const expected = monthSteps(month, SEVEN_STEP_DEFAULT_DAYS);
      const village = await tasksOf(month, VILLAGE_A);
      const town = await tasksOf(month, TOWNSHIP);
      expect(village.map((t) => [t.step, t.dueDate])).toEqual(
        expected.filter((s) => s.level === 'village').map((s) => [s.step, s.dueDate]),
      );
      expect(town.map((t) => [t.step, t.dueDate])).toEqual(
        expected.filter((s) => s.level === 'township').map((s) => [s.step, s.dueDate]),
      );
      if (month === '2025-02') expect(town.find((t) => t.step === 'close')!.dueDate).toBe('2025-02-28');

      // in March the village does 测 (monitor, due the 25th) early, on the 10th
      const monitor = village.find((t) => t.step === 'monitor')!;
      const last = expected.at(-1)!.dueDate;
      for (let d = `${month}-01`; d <= addDays(last, 2 * escalateAfterDays); d = addDays(d, 1)) {
        if (month === '2025-03' && d === '2025-03-10') {
          const r = await (await tb.as('cadre')).post(`/api/rhythm/tasks/${monitor.id}/complete`, {});
          expect(r.status, JSON.stringify(r.body)).toBe(200);
        }
        await day(d);
      }

      const screen = village.find((t) => t.step === 'screen')!;
      expect(seen(screen.id, 'remind', cadre)).toBe(addDays(screen.dueDate, -beforeDays));
      expect(seen(screen.id, 'overdue', cadre)).toBe(addDays(screen.dueDate, 1));
      expect(seen(screen.id, 'escalate_township', township)).toBe(addDays(screen.dueDate, escalateAfterDays));
      const visit = town.find((t) => t.step === 'visit')!;
      expect(seen(visit.id, 'remind', township)).toBe(addDays(visit.dueDate, -beforeDays));
      expect(seen(visit.id, 'overdue', township)).toBe(addDays(visit.dueDate, 1));
      const march = month === '2025-03';
      expect(seen(monitor.id, 'overdue', cadre), `${month} 测`).toBe(march ? undefined : addDays(monitor.dueDate, 1));
    }
  });
});
