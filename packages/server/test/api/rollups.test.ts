import { chinaDate } from '@dixian/core';
import type { DeadlinePage, StatsOverview, VisitDuePage } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollupsJob } from '../../src/jobs/rollups.job.js';
import { JobRunRepository } from '../../src/jobs/scheduler.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { COUNTY, createTestbed, VILLAGE_A, type ApiClient, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * The daily rollups of large areas (issue 19 §1): a county of at least DIXIAN_ROLLUP_MIN_HOUSEHOLDS households reads
 * its visits due, deadlines and dashboard from the nightly build, and says when it was made. Here every county is
 * "large" (threshold 0), so the build's answers can be held against the live ones on the same records.
 */
describe.each(engines)('daily rollups of large areas on %s', (engine) => {
  let tb: Testbed;
  let admin: ApiClient;
  const allDue = async (c: ApiClient, query = '') => {
    const items: VisitDuePage['items'] = [];
    let first: VisitDuePage | undefined;
    for (let page = 1; ; page++) {
      const r = await c.get<VisitDuePage>(`/api/visits/due?pageSize=100&page=${page}${query}`);
      expect(r.status).toBe(200);
      first ??= r.body;
      items.push(...r.body.items);
      if (r.body.items.length < 100) break;
    }
    return { ...first!, items };
  };
  const key = (i: VisitDuePage['items'][number]) => `${i.householdId}|${i.dueOn}|${i.overdue}|${i.lastVisitOn}`;
  const build = () =>
    rollupsJob(tb.deps.config).run({
      store: tb.store,
      now: tb.clock.now,
      log: () => undefined,
      runs: new JobRunRepository(tb.store),
    });
  const forget = () => sql`delete from job_run where name = 'rollups'`.execute(tb.store.db);

  beforeAll(async () => {
    tb = await createTestbed(engine, { config: { rollupMinHouseholds: 0 } });
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 300, seed: 19, asOf: '2024-06-03' });
    admin = await tb.as('admin');
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(二), S2 §二(二)8: the visits due, deadlines and dashboard read from the build equal the live ones', async () => {
    const liveDue = await allDue(admin);
    const liveDeadlines = (await admin.get<DeadlinePage>('/api/deadlines?pageSize=100')).body;
    const liveStats = (await admin.get<StatsOverview>('/api/stats/overview')).body;
    expect(liveDue.rollupAt).toBeNull();
    expect(liveDeadlines.rollupAt).toBeNull();
    expect(liveStats.rollupAt).toBeNull();
    expect(liveDue.total).toBeGreaterThan(10);

    expect(await build()).toMatch(/visit-due rollups of 1 counties and \d+ dashboards/);
    const rolled = await allDue(admin);
    expect(rolled.rollupAt).not.toBeNull();
    expect(rolled.total).toBe(liveDue.total);
    expect(rolled.overdueCount).toBe(liveDue.overdueCount);
    expect(rolled.items.map(key)).toEqual(liveDue.items.map(key));
    const deadlines = (await admin.get<DeadlinePage>('/api/deadlines?pageSize=100')).body;
    expect(deadlines.rollupAt).toBe(rolled.rollupAt);
    expect(deadlines.total).toBe(liveDeadlines.total);
    expect(deadlines.items).toEqual(liveDeadlines.items);
    const stats = (await admin.get<StatsOverview>('/api/stats/overview')).body;
    expect(stats.rollupAt).not.toBeNull();
    const { rollupAt: _a, ...snapshot } = stats;
    const { rollupAt: _b, ...live } = liveStats;
    expect(snapshot).toEqual(live);
    // the job ran today: it is not due again
    expect(await build()).toBe('nothing due');
  });

  it('a household visited after the build leaves the visits due at once; the village is always judged live', async () => {
    if (!(await sql`select 1 from rollup_build`.execute(tb.store.db)).rows.length) await build();
    const before = await allDue(admin);
    expect(before.rollupAt).not.toBeNull();
    const target = before.items.find((i) => i.overdue && i.regionCode.startsWith(VILLAGE_A));
    expect(target).toBeDefined();
    const cadre = await tb.as('cadre');
    const cadreView = await allDue(cadre);
    expect(cadreView.rollupAt).toBeNull();
    expect(cadreView.items.map((i) => i.householdId)).toContain(target!.householdId);

    const today = chinaDate(tb.clock.now());
    const visit = await cadre.post(`/api/households/${target!.householdId}/visits`, { visitedOn: today });
    expect(visit.status).toBe(201);
    const after = await allDue(admin);
    expect(after.rollupAt).toBe(before.rollupAt);
    expect(after.items.map((i) => i.householdId)).not.toContain(target!.householdId);
    expect(after.total).toBe(before.total - 1);
    // and the village's rows are those of the live definition, which the cadre's village reads
    const village = after.items.filter((i) => i.regionCode.startsWith(VILLAGE_A));
    expect(village.map(key)).toEqual((await allDue(cadre)).items.map(key));
  });

  it('a build made under other visit intervals, or more than a day old, is not read: the answer is live', async () => {
    await forget();
    await build();
    expect((await admin.get<VisitDuePage>('/api/visits/due')).body.rollupAt).not.toBeNull();
    await sql`update rollup_build set fingerprint = 'other intervals'`.execute(tb.store.db);
    expect((await admin.get<VisitDuePage>('/api/visits/due')).body.rollupAt).toBeNull();
    expect((await admin.get<DeadlinePage>('/api/deadlines')).body.rollupAt).toBeNull();

    await forget();
    await build();
    await sql`update rollup_build set as_of = as_of - 2`.execute(tb.store.db);
    expect((await admin.get<VisitDuePage>('/api/visits/due')).body.rollupAt).toBeNull();
  });

  it('an area under the threshold is judged live, and its dashboard follows every write', async () => {
    // the same server, its threshold raised above the county's size
    tb.deps.config.rollupMinHouseholds = 1_000_000;
    try {
      const officer = await tb.as('officer');
      expect((await officer.get<StatsOverview>('/api/stats/overview')).body.rollupAt).toBeNull();
      expect((await officer.get<VisitDuePage>('/api/visits/due')).body.rollupAt).toBeNull();
    } finally {
      tb.deps.config.rollupMinHouseholds = 0;
    }
  });
});
