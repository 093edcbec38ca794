/**
 * Scheduled jobs through the PostgreSQL job queue (issue 15 §7: several servers share one database without
 * running a job twice; jobs are retried). Two QueueSchedulers stand for two servers on the same database; the
 * probe jobs count their runs in this process. PostgreSQL only: the embedded store runs the in-process Scheduler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { QueueScheduler, queueName, type Job } from '../../src/jobs/index.js';
import { createTestStore } from '../support/db.js';

const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;

async function until(cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

onPostgres('jobs through the PostgreSQL queue', () => {
  let store: Store;
  let url: string;
  const servers: QueueScheduler[] = [];

  // how often the probe ran, and the most runs at once across both servers
  let runs = 0;
  let active = 0;
  let mostAtOnce = 0;
  const probe: Job = {
    name: 'probe',
    async run() {
      runs++;
      mostAtOnce = Math.max(mostAtOnce, ++active);
      await new Promise((r) => setTimeout(r, 300));
      active--;
      return 'ok';
    },
  };
  let flakyCalls = 0;
  const flaky: Job = {
    name: 'flaky:once',
    async run() {
      if (++flakyCalls === 1) throw new Error('the first run fails');
      return 'ok';
    },
  };

  beforeAll(async () => {
    store = await createTestStore('postgres');
    const db = (await store.transaction((tx) => tx.client.query<{ db: string }>('select current_database() as db')))
      .rows[0]!.db;
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${db}`;
    url = u.toString();
    for (let i = 0; i < 2; i++) {
      const server = new QueueScheduler(store, [probe, flaky], {
        connectionString: url,
        pollingSeconds: 0.5,
        retryDelaySeconds: 1,
      });
      await server.start();
      servers.push(server);
    }
  }, 60_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await store?.close();
  });

  const jobRows = (name: string) =>
    store.transaction(async (tx) => {
      const r = await tx.client.query<{ state: string; retry_count: number }>(
        'select state, retry_count from pgboss.job where name = $1 order by created_on',
        [queueName(name)],
      );
      return r.rows;
    });

  it('runs every queued run once, never two at once, whichever server took it', async () => {
    // both servers' first looks at start, then a burst of triggers from both
    const accepted = async () => (await jobRows('probe')).length;
    await until(async () => (await jobRows('probe')).every((j) => j.state === 'completed'));
    const sent = await Promise.all([0, 1, 0, 1, 0, 1].map((i) => servers[i]!.trigger('probe')));
    // a stately queue holds one waiting run: the burst adds at most one more (two if one started meanwhile)
    expect(sent.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(sent.filter(Boolean).length).toBeLessThanOrEqual(2);
    await until(async () => (await jobRows('probe')).every((j) => j.state === 'completed'));
    expect(runs).toBe(await accepted());
    expect(mostAtOnce).toBe(1);
  }, 60_000);

  it('retries a failed run, and records the retry', async () => {
    await until(async () => (await jobRows('flaky:once')).every((j) => j.state === 'completed'));
    const rows = await jobRows('flaky:once');
    expect(rows[0]).toMatchObject({ state: 'completed', retry_count: 1 });
    // each queued run ran once, plus the one retry of the first
    expect(flakyCalls).toBe(rows.length + 1);
  }, 60_000);
});
