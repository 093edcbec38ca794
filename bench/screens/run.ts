/**
 * bench/screens: how long each screen of the desk takes for ONE user at a million households (issue 19 §1, target
 * ≤ 0.5 s), for a prefecture-scope and a county-scope user, on PostgreSQL. One request at a time (a person opening
 * a page), each screen asked `--repeat` times after one unmeasured request; the report gives the median and the
 * slowest. Next to them, in the same run, the physical limits: the bare HTTP round trip and one sequential read of
 * the household table (what a screen must never need).
 *
 *   npm run screens -w @dixian/bench                  # on the database bench/api keeps (see bench/reports/api.md)
 *   DIXIAN_BENCH_SCREENS_DB=<db> npm run screens -w @dixian/bench -- --repeat 5 --report screens.md
 *
 * The database must exist: build it once with
 *   DIXIAN_FIELD_KEYS_FILE=<kept file> DIXIAN_BENCH_API_DB=dixian_bench_api_1m \
 *     npm run api -w @dixian/bench -- --jobs 2 --generate 250000 --seed-only
 * and give the same DIXIAN_FIELD_KEYS_FILE here (ID numbers are sealed with it). On the embedded database instead
 * (a county on PGlite), name its data directory, made with `dixian seed` and `dixian screen`:
 *   DIXIAN_BENCH_SCREENS_DATA_DIR=<dir> DIXIAN_FIELD_KEYS_FILE=<its keys> npm run screens -w @dixian/bench -- --report screens-pglite.md
 * The server's clock is set to the
 * first days of the month after the data's as-of day (DIXIAN_BENCH_NOW, default 2024-07-03 09:00 China time), the
 * month-start a county lives through.
 */
import '../keys.js';
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@dixian/server/config/env';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { JobRunRepository, rollupsJob } from '@dixian/server/jobs/index';
import { screenList, type Sample } from './screens.js';
import { ensureUsers, USERS, type BenchUser } from './users.js';
import { writeReport, type Timing } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}
const REPEAT = Number(arg('repeat', '5'));
const REPORT = arg('report', 'screens.md');
const ONLY = arg('only', '');
/** --live: measure without the nightly rollups (every screen judged from the records) */
const LIVE = process.argv.includes('--live');
const DB = process.env.DIXIAN_BENCH_SCREENS_DB ?? process.env.DIXIAN_BENCH_API_DB ?? 'dixian_bench_api_1m';
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NOW = process.env.DIXIAN_BENCH_NOW ?? '2024-07-03T01:00:00Z';
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  return u.toString();
})();
/** the embedded database's data directory, when the bench runs on PGlite instead of the PostgreSQL database */
const DATA_DIR = process.env.DIXIAN_BENCH_SCREENS_DATA_DIR;
const storeOptions = DATA_DIR ? { dataDir: DATA_DIR } : { databaseUrl: url, poolSize: 2 };
const target = DATA_DIR ? { DIXIAN_DATA_DIR: DATA_DIR, DATABASE_URL: '' } : { DATABASE_URL: url };

function startServer(): Promise<{ child: ChildProcess; api: number; bare: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '..', 'api', 'server.ts')], {
    env: { ...process.env, ...target, DIXIAN_BENCH_NOW: NOW },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, ...JSON.parse(line) }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function login(port: number, user: BenchUser): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`login ${user.username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function timeOnce(
  port: number,
  p: string,
  cookie?: string,
): Promise<{ ms: number; status: number; bytes: number; body: string }> {
  const t = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { headers: cookie ? { cookie } : {} });
  const body = await res.text();
  return { ms: performance.now() - t, status: res.status, bytes: body.length, body };
}

async function timeScreen(port: number, p: string, cookie?: string): Promise<Omit<Timing, 'screen' | 'user'>> {
  const first = await timeOnce(port, p, cookie);
  if (first.status !== 200) return { path: p, ms: [], status: first.status, bytes: 0, error: first.body.slice(0, 200) };
  const ms: number[] = [];
  let bytes = first.bytes;
  for (let i = 0; i < REPEAT; i++) {
    const r = await timeOnce(port, p, cookie);
    ms.push(r.ms);
    bytes = r.bytes;
  }
  return { path: p, ms, status: 200, bytes };
}

async function sequentialRead(store: Store): Promise<number> {
  const best: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await store.transaction((tx) => tx.client.query('select count(*), sum(length(region_code)) from household'));
    best.push(performance.now() - t);
  }
  return Math.min(...best);
}

/** What the run needs from the database, read before the server opens it (PGlite admits one process at a time). */
async function prepare() {
  const store = await openStore(storeOptions);
  try {
    const one = async <R>(q: string, params: unknown[] = []) =>
      (await store.transaction((tx) => tx.client.query<R>(q, params))).rows[0];
    const households = Number((await one<{ n: string }>('select count(*) as n from household'))!.n);
    const version = (await one<{ v: string }>('select version() as v'))!.v.split(' on ')[0]!;
    await ensureUsers(store);
    const rollupSeconds = LIVE ? await dropRollups(store) : await nightlyRollups(store);
    const sample = await sampleHousehold(store, USERS.county.scope);
    const scan = await sequentialRead(store);
    const runIds = new Map<BenchUser, string | undefined>();
    for (const user of [USERS.prefecture, USERS.county]) {
      const run = await one<{ id: string }>(
        `select id from screening_run where scope_code like $1 || '%' and status = 'done' order by finished_at desc limit 1`,
        [user.scope.slice(0, 6)],
      );
      runIds.set(user, run?.id);
    }
    return { households, version, rollupSeconds, sample, scan, runIds };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const { households, version, rollupSeconds, sample, scan, runIds } = await prepare();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    server = await startServer();
    const bare = await timeScreen(server.bare, '/bare');
    const timings: Timing[] = [];
    for (const user of [USERS.prefecture, USERS.county]) {
      const cookie = await login(server.api, user);
      for (const s of screenList(sample, runIds.get(user))) {
        if (ONLY && !s.screen.includes(ONLY)) continue;
        const t = await timeScreen(server.api, s.path, cookie);
        timings.push({ screen: s.screen, user: user.label, ...t });
        const med = t.ms.length ? median(t.ms).toFixed(0) : `HTTP ${t.status}`;
        console.log(`${user.label.padEnd(8)} ${s.screen.padEnd(28)} ${med.padStart(7)} ms  ${t.error ?? ''}`);
      }
    }
    writeReport(path.join(here, '..', 'reports', REPORT), {
      households,
      version,
      timings,
      bareMs: median(bare.ms),
      scanMs: scan,
      loadBefore,
      loadAfter: os.loadavg(),
      now: NOW,
      repeat: REPEAT,
      rollupSeconds,
    });
  } finally {
    if (server) {
      const exited = new Promise((r) => server!.child.once('exit', r));
      server.child.kill();
      await exited;
    }
  }
}

/** A household of the county to search for and open (through the store, which opens sealed ID numbers). */
async function sampleHousehold(store: Store, county: string): Promise<Sample> {
  const h = await store.db
    .selectFrom('household as h')
    .innerJoin('member as m', (j) => j.onRef('m.householdId', '=', 'h.id').on('m.relation', '=', 'head'))
    .select(['h.id', 'm.name', 'm.idNumber', 'h.householdNo', 'h.countyCode as county'])
    .where('h.countyCode', '=', county)
    .orderBy('h.householdNo')
    .offset(1000)
    .limit(1)
    .executeTakeFirstOrThrow();
  return { ...h, idNumber: String(h.idNumber) };
}

/** No rollups: every screen judged from the records (the figures before issue 19). */
async function dropRollups(store: Store): Promise<null> {
  await store.transaction((tx) =>
    tx.client.exec('delete from rollup_build; delete from stats_snapshot; delete from visit_due_rollup'),
  );
  return null;
}

/** The nightly rollups job as the server runs it, on the bench's day; how long it took. */
async function nightlyRollups(store: Store): Promise<number> {
  await migrate(store);
  const now = () => new Date(Date.parse(NOW));
  const job = rollupsJob(loadConfig(DATA_DIR ? { DIXIAN_DATA_DIR: DATA_DIR } : { DATABASE_URL: url }));
  await store.db.deleteFrom('jobRun').where('name', '=', job.name).execute();
  const t = performance.now();
  const summary = await job.run({ store, now, log: console.log, runs: new JobRunRepository(store) });
  const seconds = (performance.now() - t) / 1000;
  console.log(`nightly rollups: ${summary} in ${seconds.toFixed(1)} s`);
  return seconds;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

await main();
