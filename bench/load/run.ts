/**
 * bench/load: the month-start peak (issue 19 item 2). One county of 300,000 households in PostgreSQL, and the
 * users of a real county at once (300 village cadres, 20 township officers, 10 county officers, each with their
 * own session and scope) doing the month's first days for several minutes: visits due, household pages,
 * recording visits and leads, the township's warnings, cases and deadlines, the county's dashboard, lists and
 * Excel exports (./actions.ts). Prints p50/p95/p99 per action, errors, CPU per action, requests/s, the machine,
 * the load average and the ceiling (a bare Fastify route measured in the same run). Target: p95 < 1 s, no error.
 *
 *   DIXIAN_BENCH_LOAD_DB=dixian_bench_load_300k npm run load -w @dixian/bench
 *   npm run load -w @dixian/bench -- --smoke          # 5,000 households, 20 users, 60 s, report load-smoke.md
 *   npm run load -w @dixian/bench -- --households 300000 --generate 75000 --duration 180 \
 *     --cadres 300 --townships 20 --county-officers 10 [--think 2-8] [--warmup 20] [--no-calibrate]
 *
 * The generator writes `--generate` households (~20,000 a minute here) on the county's villages (`--county`,
 * default 220681 临江市); ../api/replicate.ts grows them by whole copies to `--households` (./data.ts). A scratch
 * database is dropped at the end; DIXIAN_BENCH_LOAD_DB=<name> keeps and reuses one (its field keys are kept
 * beside it, ./field-keys-file.ts). The users are created once in the database (./users.ts) and signed in
 * before the window. DIXIAN_BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
 */
import './field-keys-file.js';
import '../keys.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dixian/server/config/env';
import { migrate } from '@dixian/server/db/migrate';
import { JobRunRepository, rollupsJob } from '@dixian/server/jobs/index';
import { openStore, type Store } from '@dixian/server/db/store';
import { calibrate, measureCeiling, peak, startServer, type Server } from './phases.js';
import { dbUrl, dropDatabase, ensureData, ensureDatabase } from './data.js';
import { CpuProbe } from './cpu.js';
import * as opt from './options.js';
import { render, write } from './report.js';
import { ensureUsers, loginAll, plannedUsers } from './users.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function counts(store: Store): Promise<Record<string, number>> {
  return store.transaction(async (tx) => {
    const q = async (table: string) =>
      Number((await tx.client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
    return {
      households: await q('household'),
      members: await q('member'),
      cases: await q('monitoring_case'),
      visits: await q('visit'),
      warnings: await q('department_warning'),
    };
  });
}

async function pgVersion(store: Store): Promise<string> {
  const r = await store.transaction((tx) => tx.client.query<{ v: string }>('select version() as v'));
  return r.rows[0]!.v.split(' on ')[0]!;
}

/** Up to 50 households in each scope, for a page before any list has shown one. */
async function fallbackHouseholds(store: Store, scopes: string[]): Promise<Map<string, string[]>> {
  const m = new Map<string, string[]>();
  for (const scope of new Set(scopes)) {
    const rows = await store.db
      .selectFrom('household')
      .select('id')
      .where('regionCode', 'like', `${scope}%`)
      .orderBy('householdNo')
      .limit(50)
      .execute();
    m.set(
      scope,
      rows.map((r) => r.id),
    );
  }
  return m;
}

async function main(): Promise<void> {
  await ensureDatabase();
  const store = await openStore({ databaseUrl: dbUrl(opt.DB_NAME), poolSize: 4 });
  let server: Server | undefined;
  let t = Date.now();
  try {
    await migrate(store);
    const provenance = await ensureData(store);
    if (opt.SEED_ONLY) return;
    const users = await plannedUsers(store);
    const created = await ensureUsers(store, users);
    console.log(`${users.length} users (${created} created now)`);
    const fallback = await fallbackHouseholds(
      store,
      users.map((u) => u.scopeCode),
    );
    const figures = { counts: await counts(store), version: await pgVersion(store) };
    // the nightly rollups the server's scheduler makes after midnight (issue 19 §1): the county's visits due and
    // dashboard are read from them, as on any morning
    t = Date.now();
    const nightly = await rollupsJob(loadConfig({ DATABASE_URL: dbUrl(opt.DB_NAME) })).run({
      store,
      now: () => new Date(),
      log: () => undefined,
      runs: new JobRunRepository(store),
    });
    console.log(`nightly rollups: ${nightly} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    server = await startServer(here, dbUrl(opt.DB_NAME));
    const probe = new CpuProbe(store, server.child.pid!);
    const ceiling = await measureCeiling(server.bare, probe);
    console.log(`ceiling: bare route ${ceiling.rps.toFixed(0)} req/s, p99 ${ceiling.p99} ms`);
    const base = `http://127.0.0.1:${server.api}`;
    t = Date.now();
    await loginAll(base, users);
    console.log(`${users.length} users signed in (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    const world = { base, fallback };
    const window = await peak(world, users, probe);
    t = Date.now();
    const alone = opt.CALIBRATE ? await calibrate(world, users, probe) : new Map();
    console.log(`calibration ${((Date.now() - t) / 1000).toFixed(0)} s`);
    const text = render({
      provenance,
      ...figures,
      users: { cadre: opt.CADRES, township: opt.TOWNSHIPS, county: opt.COUNTY_OFFICERS },
      durationS: opt.DURATION,
      thinkS: opt.THINK,
      actions: window.actions,
      waits: window.waits,
      alone,
      window: window.cpu,
      ceiling,
      load: window.load,
    });
    const file = path.join(here, '..', 'reports', opt.REPORT);
    write(file, text);
    console.log(
      `\n${text}\nwritten to ${path.relative(process.cwd(), file)} (load average now ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')})`,
    );
  } finally {
    if (server) await server.stop();
    // a query the server left running (an export a user gave up on) would go on using the shared machine
    await store
      .transaction((tx) =>
        tx.client.query(
          'select pg_cancel_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        ),
      )
      .catch(() => undefined);
    await store.close();
    if (!opt.KEPT_DB) await dropDatabase();
  }
}

await main();
