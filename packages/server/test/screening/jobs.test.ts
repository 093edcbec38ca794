/**
 * The daily screening job (S3 §三(二): every household screened at least yearly; here every day, per county) on an
 * injected clock: due once per China calendar day, recorded in job_run, each run compared with the day before,
 * failures recorded and retried no sooner than an hour later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../core/test/fixtures/index.js';
import type { Store } from '../../src/db/store.js';
import { JobRunRepository, Scheduler, screeningJob } from '../../src/jobs/index.js';
import { createTestStore, engines } from '../support/db.js';
import { setupScreening, writeHousehold } from './support.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { beginScreening } from '../../src/services/screening.service.js';

describe.each(engines)('daily screening job on %s', (engine) => {
  let store: Store;
  let clock = new Date('2024-07-01T01:00:00Z'); // 09:00 in China
  const now = () => clock;
  const logs: string[] = [];

  beforeAll(async () => {
    store = await createTestStore(engine);
    await setupScreening(store);
    await store.transaction(async (tx) => {
      await writeHousehold(tx, FIXTURES['s0-marginal-vulnerable']);
      await writeHousehold(tx, FIXTURES['s3-line-7300']);
    });
  });
  afterAll(async () => {
    await store?.close();
  });

  const runsOf = async () =>
    (
      await store.transaction((tx) =>
        tx.client.query<{ scope_code: string; as_of: string; previous_run_id: string | null; status: string }>(
          'select scope_code, as_of, previous_run_id, status from screening_run order by started_at, scope_code',
        ),
      )
    ).rows;

  it('S3 §三(二): screens every county with households once a day, as of the China date', async () => {
    const scheduler = new Scheduler(store, [screeningJob()], { now, log: (m) => logs.push(m) });
    const [first] = await scheduler.tick();
    expect(first).toMatchObject({ job: 'screening', ok: true, summary: 'screened 220681, 610424 as of 2024-07-01' });
    const runs = await runsOf();
    expect(runs.map((r) => [r.scope_code, r.as_of, r.status])).toEqual([
      ['220681', '2024-07-01', 'done'],
      ['610424', '2024-07-01', 'done'],
    ]);
    const jobs = await new JobRunRepository(store).list('screening:');
    expect(jobs.map((j) => [j.name, j.lastStatus])).toEqual([
      ['screening:220681', 'done'],
      ['screening:610424', 'done'],
    ]);
    expect(jobs[0]!.lastDetail).toMatchObject({ asOf: '2024-07-01', householdsScanned: 1 });

    // later the same day: nothing is due
    clock = new Date('2024-07-01T15:00:00Z'); // 23:00 in China
    expect((await scheduler.tick())[0]!.summary).toBe('nothing due');
    expect(await runsOf()).toHaveLength(2);

    // after midnight in China (still 1 July in UTC) the next day's runs follow, compared with yesterday's
    clock = new Date('2024-07-01T16:30:00Z');
    expect((await scheduler.tick())[0]!.summary).toBe('screened 220681, 610424 as of 2024-07-02');
    const after = await runsOf();
    expect(after).toHaveLength(4);
    expect(after.slice(2).every((r) => r.as_of === '2024-07-02' && r.previous_run_id !== null)).toBe(true);
  });

  it('records a failed county and retries it no sooner than an hour later', async () => {
    const scheduler = new Scheduler(store, [screeningJob({ counties: ['22068'] })], { now, log: (m) => logs.push(m) });
    clock = new Date('2024-07-02T02:00:00Z');
    await scheduler.tick();
    const failed = await new JobRunRepository(store).get('screening:22068');
    expect(failed).toMatchObject({ lastStatus: 'failed' });
    expect(JSON.stringify(failed!.lastDetail)).toContain('22068');
    expect(logs.some((l) => l.includes('22068'))).toBe(true);

    clock = new Date('2024-07-02T02:30:00Z');
    expect((await scheduler.tick())[0]!.summary).toBe('nothing due');
    expect((await new JobRunRepository(store).get('screening:22068'))!.lastStartedAt).toEqual(
      new Date('2024-07-02T02:00:00Z'),
    );
    clock = new Date('2024-07-02T03:01:00Z');
    await scheduler.tick();
    expect((await new JobRunRepository(store).get('screening:22068'))!.lastStartedAt).toEqual(clock);
  });

  it('issue 12 §7: a county whose run died with its process is screened again, not left "running" all day', async () => {
    clock = new Date('2024-07-04T01:00:00Z');
    // what a crash during the day's run leaves: the job and the run recorded as running, and no heartbeat after
    await new JobRunRepository(store).started('screening:220681', clock);
    const { started } = await beginScreening(store, SYSTEM_ACTOR, { scopeCode: '220681', asOf: '2024-07-04' }, { now });
    const scheduler = new Scheduler(store, [screeningJob({ counties: ['220681'] })], { now });
    clock = new Date('2024-07-04T01:01:00Z'); // its heartbeat is still fresh: another process may be running it
    expect((await scheduler.tick())[0]!.summary).toBe('nothing due');
    clock = new Date('2024-07-04T01:04:00Z');
    expect((await scheduler.tick())[0]!.summary).toBe('screened 220681 as of 2024-07-04');
    const runs = await runsOf();
    expect(runs.find((r) => r.as_of === '2024-07-04' && r.status === 'failed')).toBeDefined();
    expect(runs.filter((r) => r.as_of === '2024-07-04' && r.status === 'done')).toHaveLength(1);
    expect(started.status).toBe('running');
  });

  it('runs in the background once started and stops cleanly', async () => {
    clock = new Date('2024-07-03T01:00:00Z');
    const scheduler = new Scheduler(store, [screeningJob()], { now, firstDelayMs: 0, intervalMs: 60_000 });
    scheduler.start();
    const deadline = Date.now() + 60_000;
    const jobs = new JobRunRepository(store);
    const ran = async () => {
      const j = await jobs.get('screening:610424');
      return j?.lastStatus === 'done' && j.lastStartedAt?.getTime() === clock.getTime();
    };
    while (!(await ran())) {
      if (Date.now() > deadline) throw new Error('the scheduler did not run');
      await new Promise((r) => setTimeout(r, 100));
    }
    await scheduler.stop();
    expect((await runsOf()).filter((r) => r.as_of === '2024-07-03')).toHaveLength(2);
  });
});
