/**
 * bench/api: household search and household detail through the HTTP API, with 1,000,000 demo households in
 * PostgreSQL, at 50 concurrent connections (autocannon), next to a bare Fastify route measured in the same run as
 * the ceiling. Target (issue 4 §6): detail at ≥ 30% of the bare route's requests/s with p99 under 50 ms.
 *
 *   npm run api -w @dixian/bench
 *   npm run api -w @dixian/bench -- --households 100000 --duration 10 --report api-100k.md
 *
 * The households are made by the demo generator (`seedHouseholds`) on the real villages of 白山市 (2206), in
 * `--jobs N` processes each seeding some of its counties. The generator writes ~20,000 households a minute on this
 * 2-core machine, so `--generate M` has it write M households and grows them to `--households` by whole copies
 * under new identities (./replicate.ts, set-based SQL, minutes for a million):
 *
 *   DIXIAN_BENCH_API_DB=dixian_bench_api_1m npm run api -w @dixian/bench -- --jobs 2 --generate 250000
 *
 * A scratch database is created and dropped; set DIXIAN_BENCH_API_DB=<name> to keep and reuse one (it is seeded
 * once; how its data was made is recorded in it, job_run 'bench:api-data', and the report says so). The servers
 * run in a child process (./server.ts), so autocannon does not share their event loop. The user is a county
 * administrator of the prefecture (scope 2206): every household is in their area.
 * DIXIAN_BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
 */
import '../keys.js';
import { copyUnfinished, replicate } from './replicate.js';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { argon2Hasher } from '@dixian/server/auth/password';
import { loadConfig } from '@dixian/server/config/env';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { loadRegions } from '@dixian/server/regions/region-loader';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { allocate, loadCounties, seedHouseholds } from '@dixian/server/seed/seed';
import { systemContext } from '@dixian/server/services/context';
import { createUser } from '@dixian/server/services/user.service';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFECTURE = '2206'; // 白山市, the prefecture of 临江市 (seed 001)
const USERNAME = 'bench_admin';
const PASSWORD = 'Bench#Baishan2024';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : def;
}
const HOUSEHOLDS = Number(arg('households', '1000000'));
/**
 * households the demo generator writes; the rest are whole copies of them (./replicate.ts), so HOUSEHOLDS must be
 * a multiple of it. Default: all of them generated.
 */
const GENERATE = Number(arg('generate', String(HOUSEHOLDS)));
if (!(GENERATE > 0 && HOUSEHOLDS % GENERATE === 0)) {
  throw new Error(`--generate must divide --households: ${GENERATE}, ${HOUSEHOLDS}`);
}
const DURATION = Number(arg('duration', '15'));
const CONNECTIONS = Number(arg('connections', '50'));
const REPORT = arg('report', 'api.md');
const SEED_ONLY = process.argv.includes('--seed-only');
/** seeding processes, each generating a share of the counties (the generator is single-threaded) */
const JOBS = Math.max(1, Number(arg('jobs', '1')));
/** set in a seeding child: its counties (comma-separated) and its number of households */
const CHILD_COUNTIES = arg('child-counties', '');
const reuse = process.env.DIXIAN_BENCH_API_DB;
const dbName = reuse ?? `dixian_bench_api_${process.pid}`;

const adminUrl = (db: string) => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
};

async function ensureDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = await admin.query('select 1 from pg_database where datname = $1', [dbName]);
  if (!exists.rowCount) await admin.query(`create database ${dbName}`);
  await admin.end();
}

async function dropDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.end();
}

async function countHouseholds(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The prefecture's counties that have rural villages (the region tree of 吉林 is loaded once). */
async function counties(store: Store): Promise<string[]> {
  const villages = async () =>
    store.db
      .selectFrom('region')
      .select('countyCode')
      .distinct()
      .where('code', 'like', `${PREFECTURE}%`)
      .where('level', '=', 'village')
      .where('isRural', '=', true)
      .orderBy('countyCode')
      .execute();
  let rows = await villages();
  if (!rows.length) {
    await loadRegions(store, { provinces: [PREFECTURE.slice(0, 2)] });
    rows = await villages();
  }
  return rows.map((r) => r.countyCode!);
}

function seedProgress(started: number): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    if (done - last >= 50_000 || done === total) {
      last = done;
      console.log(
        `  ${CHILD_COUNTIES ? `[${CHILD_COUNTIES}] ` : ''}${done.toLocaleString()} / ${total.toLocaleString()} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  };
}

/** A seeding child: `seedHouseholds` on its share of the counties, into the database its parent named. */
async function seedChild(store: Store): Promise<void> {
  await seedHouseholds(store, {
    counties: CHILD_COUNTIES.split(','),
    households: HOUSEHOLDS,
    seed: 42,
    asOf: '2024-06-30',
    onChunk: seedProgress(Date.now()),
  });
}

/**
 * Split the counties into `JOBS` groups of about the same number of households (the counts the generator's own
 * allocation gives each county) and seed each group in a child process of its own.
 */
async function seedInParallel(store: Store, list: string[], total: number): Promise<void> {
  const plans = allocate(await loadCounties(store, list), total, 42);
  const groups = Array.from({ length: Math.min(JOBS, list.length) }, () => ({ counties: [] as string[], n: 0 }));
  const byLoad = plans
    .map((p) => ({ code: p.county.code, n: p.households.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.n - a.n);
  for (const c of byLoad) {
    const g = groups.reduce((a, b) => (b.n < a.n ? b : a));
    g.counties.push(c.code);
    g.n += c.n;
  }
  await Promise.all(
    groups.map(
      (g) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              fileURLToPath(import.meta.url),
              '--child-counties',
              g.counties.join(','),
              '--households',
              String(g.n),
            ],
            { env: { ...process.env, DIXIAN_BENCH_API_DB: dbName }, stdio: 'inherit' },
          );
          child.once('exit', (code) =>
            code === 0 ? resolve() : reject(new Error(`seeding ${g.counties.join(',')} exited with ${code}`)),
          );
        }),
    ),
  );
}

interface Seeded {
  /** minutes the generator took, and the minutes copying took (0 for a reused database) */
  generateSeconds: number;
  copySeconds: number;
  generated: number;
  households: number;
}

async function generate(store: Store): Promise<void> {
  const list = await counties(store);
  console.log(`generating ${GENERATE.toLocaleString()} households on ${list.join(', ')} (${JOBS} processes) …`);
  if (JOBS > 1) {
    // the policies once here, so the children do not race to insert them
    await ensureBuiltinPolicies(store.db);
    await seedInParallel(store, list, GENERATE);
  } else {
    await seedHouseholds(store, {
      counties: list,
      households: GENERATE,
      seed: 42,
      asOf: '2024-06-30',
      onChunk: seedProgress(Date.now()),
    });
  }
}

/**
 * Fresh statistics and visibility maps, as a database that has lived a while has them from autovacuum (without the
 * visibility map an index-only scan visits the heap for every row). VACUUM runs outside a transaction.
 */
async function vacuumAnalyze(): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl(dbName) });
  await c.connect();
  try {
    await c.query('vacuum analyze');
  } finally {
    await c.end();
  }
}

async function seed(store: Store): Promise<Seeded> {
  let have = await countHouseholds(store);
  const seeded = { generateSeconds: 0, copySeconds: 0, generated: GENERATE, households: have };
  if (have >= HOUSEHOLDS && !(await copyUnfinished(store))) return seeded;
  let started = Date.now();
  if (have < GENERATE) {
    await generate(store);
    seeded.generateSeconds = (Date.now() - started) / 1000;
    have = await countHouseholds(store);
  }
  if (have < HOUSEHOLDS || (await copyUnfinished(store))) {
    const interrupted = await copyUnfinished(store);
    if (have !== GENERATE && !interrupted) throw new Error(`cannot copy: ${have} households, expected ${GENERATE}`);
    const copies = HOUSEHOLDS / GENERATE - 1;
    console.log(`copying the ${GENERATE.toLocaleString()} generated households ${copies} times …`);
    started = Date.now();
    await replicate(store, copies, console.log);
    seeded.copySeconds = (Date.now() - started) / 1000;
  }
  await vacuumAnalyze();
  seeded.households = await countHouseholds(store);
  return seeded;
}

async function ensureUser(store: Store): Promise<void> {
  const existing = await store.db
    .selectFrom('appUser')
    .select('id')
    .where('username', '=', USERNAME)
    .executeTakeFirst();
  if (existing) return;
  const deps = { store, config: loadConfig({}), hasher: argon2Hasher(), now: () => new Date() };
  await createUser(systemContext(deps), {
    username: USERNAME,
    displayName: '压测用户 / bench user',
    role: 'county_admin',
    scopeCode: PREFECTURE,
    password: PASSWORD,
  });
}

interface Targets {
  ids: string[];
  names: string[];
  idNumbers: string[];
  householdNos: string[];
}

/** Real values to ask for, spread over the whole table (a fixed sample, so runs compare). */
async function targets(store: Store): Promise<Targets> {
  const r = await store.transaction(async (tx) => {
    await tx.client.query('select setseed(0.42)');
    return tx.client.query<{ id: string; name: string; idNumber: string; householdNo: string }>(
      `select h.id, m.name, m.id_number as "idNumber", h.household_no as "householdNo"
         from household h tablesample bernoulli (1) repeatable (42)
         join member m on m.household_id = h.id and m.relation = 'head'
        limit 5000`,
    );
  });
  const rows = r.rows;
  return {
    ids: rows.map((x) => x.id),
    names: rows.map((x) => x.name),
    idNumbers: rows.map((x) => x.idNumber),
    householdNos: rows.map((x) => x.householdNo),
  };
}

function startServers(url: string): Promise<{ child: ChildProcess; api: number; bare: number }> {
  // DIXIAN_BENCH_API_PROFILE=<dir>: a V8 CPU profile of the servers' process, written there when it stops
  const profile = process.env.DIXIAN_BENCH_API_PROFILE;
  const flags = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.join(here, 'server.ts')], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const ports = JSON.parse(line) as { api: number; bare: number };
      resolve({ child, ...ports });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return cookie;
}

interface Run {
  name: string;
  what: string;
  result: Result;
  /** CPU milliseconds per request of the servers' Node process and of the PostgreSQL backends */
  cpu: { node: number; pg: number };
}

/** One autocannon run, rotating through `paths` so every request asks for something else. */
/** CPU seconds (user + system) a process has used, from /proc (the servers and PostgreSQL run on this machine). */
function procCpu(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return 0; // gone
  }
}

/**
 * Where the CPU of a run goes: the servers' Node process and the PostgreSQL backends of the benchmark database.
 * On a shared machine requests/s depend on the other load; CPU milliseconds per request do not, so the report
 * gives both.
 */
let cpuProbe: { serverPid: number; backends: () => Promise<number[]> } | undefined;

async function cpuSample(): Promise<{ node: number; pg: Map<number, number> }> {
  const pg = new Map<number, number>();
  if (!cpuProbe) return { node: 0, pg };
  for (const pid of await cpuProbe.backends()) pg.set(pid, procCpu(pid));
  return { node: procCpu(cpuProbe.serverPid), pg };
}

async function measure(name: string, what: string, port: number, paths: string[], cookie?: string): Promise<Run> {
  let i = 0;
  const before = await cpuSample();
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: cookie ? { cookie } : {},
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }),
      },
    ],
  });
  const after = await cpuSample();
  let pgCpu = 0;
  for (const [pid, t] of after.pg) pgCpu += t - (before.pg.get(pid) ?? 0);
  const n = Math.max(1, result.requests.total);
  const cpu = { node: ((after.node - before.node) * 1000) / n, pg: (pgCpu * 1000) / n };
  const failed = result.non2xx + result.errors;
  console.log(
    `${name.padEnd(22)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  CPU/request: Node ${cpu.node.toFixed(2)} ms, PostgreSQL ${cpu.pg.toFixed(2)} ms${failed ? `  (${failed} failed)` : ''}`,
  );
  return { name, what, result, cpu };
}

async function pgVersion(store: Store): Promise<string> {
  const r = await store.transaction((tx) => tx.client.query<{ v: string }>('select version() as v'));
  return r.rows[0]!.v.split(' on ')[0]!;
}

async function main(): Promise<void> {
  await ensureDatabase();
  const url = adminUrl(dbName);
  const store = await openStore({ databaseUrl: url, poolSize: 4 });
  let servers: Awaited<ReturnType<typeof startServers>> | undefined;
  try {
    await migrate(store);
    if (CHILD_COUNTIES) {
      await seedChild(store);
      return;
    }
    const seeded = await recordProvenance(store, await seed(store));
    if (SEED_ONLY) return;
    await ensureUser(store);
    const t = await targets(store);
    const version = await pgVersion(store);
    const counts = await store.transaction(async (tx) => {
      const q = async (table: string) =>
        Number((await tx.client.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]!.n);
      return {
        households: await q('household'),
        members: await q('member'),
        cases: await q('monitoring_case'),
        visits: await q('visit'),
        audit: await q('audit_log'),
      };
    });
    servers = await startServers(url);
    const serverPid = servers.child.pid!;
    cpuProbe = {
      serverPid,
      backends: async () =>
        (
          await store.transaction((tx) =>
            tx.client.query<{ pid: number }>(
              'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
            ),
          )
        ).rows.map((r) => r.pid),
    };
    const cookie = await login(servers.api);
    const load = os.loadavg().map((x) => x.toFixed(1));
    console.log(
      `servers up (api :${servers.api}, bare :${servers.bare}); ${CONNECTIONS} connections, ${DURATION} s each`,
    );
    // warm the pool and the caches the way a server that has run a while has them
    await measure(
      '(warm-up)',
      '',
      servers.api,
      t.ids.map((id) => `/api/households/${id}`),
      cookie,
    );
    const runs: Run[] = [];
    runs.push(
      await measure('bare Fastify route', '`GET /bare` → `{"status":"ok"}`, no plugins (ceiling)', servers.bare, [
        '/bare',
      ]),
    );
    runs.push(
      await measure(
        'household detail',
        '`GET /api/households/:id`: household, members, incomes, cases, visits, measures, warnings, timeline',
        servers.api,
        t.ids.map((id) => `/api/households/${id}`),
        cookie,
      ),
    );
    runs.push(
      await measure(
        'search by name',
        '`GET /api/households?q=<head name>`: page 1 and the total',
        servers.api,
        t.names.map((n) => `/api/households?q=${encodeURIComponent(n)}`),
        cookie,
      ),
    );
    runs.push(
      await measure(
        'search by ID number',
        '`GET /api/households?q=<18-digit ID number>`',
        servers.api,
        t.idNumbers.map((n) => `/api/households?q=${n}`),
        cookie,
      ),
    );
    runs.push(
      await measure(
        'search by household no.',
        '`GET /api/households?q=<household number>`',
        servers.api,
        t.householdNos.map((n) => `/api/households?q=${n}`),
        cookie,
      ),
    );
    const loadAfter = os.loadavg().map((x) => x.toFixed(1));
    report({ runs, seeded, counts, version, load, loadAfter });
  } finally {
    if (servers) {
      const exited = new Promise((resolve) => servers!.child.once('exit', resolve));
      servers.child.kill();
      await exited;
    }
    await store.close();
    if (!reuse && !CHILD_COUNTIES) await dropDatabase();
  }
}

/** How the data was made, as recorded in the database when it was made (a reused database keeps its record). */
function provenance(d: Seeded): string {
  const min = (s: number) => (s ? ` in ${(s / 60).toFixed(1)} min` : '');
  const copies = d.households / d.generated - 1;
  const gen = `${d.generated.toLocaleString()} by the demo generator (\`seedHouseholds\`, seed 42, as of 2024-06-30)${min(d.generateSeconds)}`;
  return copies >= 1
    ? `${gen}, then ${copies} whole ${copies === 1 ? 'copy' : 'copies'} of them under new identities (bench/api/replicate.ts)${min(d.copySeconds)}`
    : gen;
}

const DATA_JOB = 'bench:api-data';

/** Remember how the data was made (job_run), or read what a previous run recorded. */
async function recordProvenance(store: Store, seeded: Seeded): Promise<Seeded> {
  const prior = await store.db
    .selectFrom('jobRun')
    .select('lastDetail')
    .where('name', '=', DATA_JOB)
    .executeTakeFirst();
  const before = (prior?.lastDetail ?? null) as Partial<Seeded> | null;
  const merged: Seeded = {
    generated: before?.generated ?? seeded.generated,
    generateSeconds: seeded.generateSeconds || before?.generateSeconds || 0,
    copySeconds: seeded.copySeconds || before?.copySeconds || 0,
    households: seeded.households,
  };
  const now = new Date();
  await store.db
    .insertInto('jobRun')
    .values({
      name: DATA_JOB,
      lastStartedAt: now,
      lastFinishedAt: now,
      lastStatus: 'done',
      lastDetail: JSON.stringify(merged),
    })
    .onConflict((oc) => oc.column('name').doUpdateSet({ lastFinishedAt: now, lastDetail: JSON.stringify(merged) }))
    .execute();
  return merged;
}

function report(r: {
  runs: Run[];
  seeded: Seeded;
  counts: Record<string, number>;
  version: string;
  load: string[];
  loadAfter: string[];
}): void {
  const bare = r.runs[0]!.result.requests.average;
  const detail = r.runs[1]!.result;
  const ratio = detail.requests.average / bare;
  const met = ratio >= 0.3 && detail.latency.p99 < 50;
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const rows = r.runs.map((x) => {
    const res = x.result;
    const failed = res.non2xx + res.errors;
    return `| ${x.name} | ${x.what} | ${res.requests.average.toFixed(0)} | ${res.latency.p50} | ${res.latency.p99} | ${(res.requests.average / bare).toFixed(2)}× | ${x.cpu.node.toFixed(2)} | ${x.cpu.pg.toFixed(2)} | ${failed} |`;
  });
  const text = `# bench/api: household search and detail over HTTP, ${r.counts.households!.toLocaleString()} households in PostgreSQL

Run ${new Date().toISOString()} on ${cpu} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 20)} MB RAM, Node ${process.version}, ${r.version} (local, default settings). Load average ${r.load.join(' ')} at the start and ${r.loadAfter.join(' ')} at the end (the machine is shared: other work runs on its 2 cores).

Data: ${r.counts.households!.toLocaleString()} households, ${r.counts.members!.toLocaleString()} members, ${r.counts.cases!.toLocaleString()} cases, ${r.counts.visits!.toLocaleString()} visits on the villages of 白山市 (2206): ${provenance(r.seeded)}. The user is a county administrator of the prefecture (scope 2206), logged in with a session cookie; every request goes through the session, CSRF-free GET, rate-limit and scope checks, and its response schema. autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, each request asking for another household (a fixed 1% sample). CPU ms/request: CPU time of the servers' Node process and of the database's PostgreSQL backends during the run (from /proc), divided by the requests answered: unlike requests/s, it depends little on what else the shared machine is doing (±20% between runs here).

| run | what | requests/s | p50 ms | p99 ms | ÷ bare | Node CPU ms/req | PostgreSQL CPU ms/req | failed |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

**Household detail: ${(ratio * 100).toFixed(0)}% of the bare route's throughput, p99 ${detail.latency.p99} ms** (target ≥ 30% and p99 < 50 ms: ${met ? 'met' : 'NOT met'}).
`;
  const file = path.join(here, '..', 'reports', REPORT);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const notes = fs.existsSync(file) ? (fs.readFileSync(file, 'utf8').split('\n<!-- notes -->\n')[1] ?? '') : '';
  fs.writeFileSync(file, notes ? `${text}\n<!-- notes -->\n${notes}` : text);
  console.log(`\n${text}\nwritten to ${path.relative(process.cwd(), file)}`);
}

await main();
