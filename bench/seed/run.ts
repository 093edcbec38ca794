/**
 * bench/seed: the demo generator (`seedHouseholds`) writing into PGlite and into PostgreSQL, against the physical
 * limit measured in the same run: PostgreSQL's own COPY of the same rows into unindexed copies of the tables.
 * Target (issue 2 §9): PostgreSQL seeding at 50,000 households per minute or better. Each engine runs in a
 * child process, so the peak RSS reported is that engine's own. Scratch databases are created and dropped.
 *
 *   npm run seed -w @dixian/bench
 *   npm run seed -w @dixian/bench -- --households 1000000 --province 22 --engines postgres --report seed-1m.md
 *
 * Options: --households N (PostgreSQL, default 100000), --pglite-households N (default 20000), --county CODE
 * (default 220681) or --province CODE, --engines pglite,postgres, --ceiling-households N (default min(N, 100000);
 * 0 skips the ceiling), --seed N, --as-of DATE, --report FILE (in bench/reports, default seed.md).
 * DIXIAN_BENCH_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server.
 */
import '../keys.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, toText, type Store } from '@dixian/server/db/store';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { loadRegions } from '@dixian/server/regions/region-loader';
import { PolicyRepository } from '@dixian/server/repositories/policy.repository';
import { generateCounty } from '@dixian/server/seed/generator';
import { allocate, loadCounties, policyResolver, seedHouseholds } from '@dixian/server/seed/seed';
import { SEED_TABLE_ORDER, SEED_TABLES, type SeedTable } from '@dixian/server/seed/tables';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Options {
  households: number;
  pgliteHouseholds: number;
  county: string | null;
  province: string | null;
  engines: ('pglite' | 'postgres')[];
  ceilingHouseholds: number;
  seed: number;
  asOf: string;
  report: string;
}

function parseArgs(argv: string[]): Options & { child: string | null } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, def: number) => {
    const v = get(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer: ${v}`);
    return n;
  };
  const households = num('households', 100_000);
  const province = get('province') ?? null;
  return {
    child: get('child') ?? null,
    households,
    pgliteHouseholds: num('pglite-households', 20_000),
    province,
    county: province ? null : (get('county') ?? '220681'),
    engines: (get('engines') ?? 'pglite,postgres').split(',') as Options['engines'],
    ceilingHouseholds: num('ceiling-households', Math.min(households, 100_000)),
    seed: num('seed', 42),
    asOf: get('as-of') ?? '2026-06-30',
    report: get('report') ?? 'seed.md',
  };
}

const secs = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** Peak resident memory of this process so far (the kernel's high-water mark), and a heap sample. */
function memory(): { rss: number; heap: number } {
  return { rss: process.resourceUsage().maxRSS * 1024, heap: process.memoryUsage().heapUsed };
}

async function withScratchDatabase<T>(name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** The counties of the run: the one given, or every county of the province that has rural villages. */
async function prepare(store: Store, o: Options): Promise<string[]> {
  await migrate(store);
  await ensureBuiltinPolicies(store.db);
  await loadRegions(store, o.province ? { provinces: [o.province] } : { counties: [o.county!] });
  const rows = await store.db
    .selectFrom('region')
    .select('countyCode')
    .distinct()
    .where('code', 'like', `${o.province ?? o.county}%`)
    .where('level', '=', 'village')
    .where('isRural', '=', true)
    .orderBy('countyCode')
    .execute();
  return rows.map((r) => r.countyCode!);
}

interface SeedFigures {
  engine: string;
  households: number;
  rows: number;
  seconds: number;
  peakRss: number;
  peakHeap: number;
  counties: number;
  /** CPU seconds of this Node process (generator, encoding, and PGlite when embedded) */
  nodeCpu: number;
  /** CPU seconds of the PostgreSQL backends serving the run (null for PGlite) */
  serverCpu: number | null;
}

/**
 * CPU seconds used so far by the PostgreSQL backends connected to the database of `url` (read from /proc: the
 * server runs on this machine). Sampled while the run goes, keeping each backend's highest reading, because a
 * backend that exits takes its counters with it. On a shared machine wall-clock rates depend on the other load;
 * CPU seconds do not, so the report gives both.
 */
class ServerCpu {
  private readonly ticks = new Map<number, number>();
  private client: pg.Client | null = null;
  private readonly hz = 100; // USER_HZ, 100 on Linux

  constructor(private readonly url: string) {}

  async sample(): Promise<void> {
    if (!this.client) {
      this.client = new pg.Client({ connectionString: this.url });
      await this.client.connect();
    }
    const r = await this.client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    for (const { pid } of r.rows) {
      try {
        const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        const t = Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
        this.ticks.set(pid, Math.max(this.ticks.get(pid) ?? 0, t));
      } catch {
        // the backend exited between the query and the read
      }
    }
  }

  seconds(): number {
    return [...this.ticks.values()].reduce((a, b) => a + b, 0) / this.hz;
  }

  async close(): Promise<void> {
    await this.client?.end();
  }
}

async function seedInto(
  store: Store,
  engine: string,
  households: number,
  o: Options,
  server: ServerCpu | null,
): Promise<SeedFigures> {
  const counties = await prepare(store, o);
  let peakHeap = 0;
  await server?.sample();
  const serverBefore = server?.seconds() ?? 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let sampling: Promise<void> = Promise.resolve();
  const r = await seedHouseholds(store, {
    counties,
    households,
    seed: o.seed,
    asOf: o.asOf,
    onChunk: (done) => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      if (server) sampling = sampling.then(() => server.sample());
      if (done % 100_000 < 2_000) {
        const s = secs(start);
        process.stderr.write(
          `  … ${int(done)} households in ${s.toFixed(0)} s, RSS now ${mb(process.memoryUsage().rss)}\n`,
        );
      }
    },
  });
  const seconds = secs(start);
  const cpu = process.cpuUsage(cpu0);
  await sampling;
  await server?.sample();
  const rows = Object.values(r.rows).reduce((a, b) => a + b, 0);
  return {
    engine,
    households: r.households,
    rows,
    seconds,
    peakRss: memory().rss,
    peakHeap,
    counties: counties.length,
    nodeCpu: (cpu.user + cpu.system) / 1e6,
    serverCpu: server ? server.seconds() - serverBefore : null,
  };
}

interface CeilingFigures {
  households: number;
  rows: number;
  bytes: number;
  seconds: number;
  serverCpu: number;
}

function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i) line += '\t';
    const t = toText(row[i]);
    line +=
      t === null
        ? '\\N'
        : t.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
  }
  return line + '\n';
}

/**
 * The ceiling: the same generated rows, written first to COPY text files (not timed), then loaded by PostgreSQL's
 * COPY into tables `like` the real ones but without indexes, keys or checks (timed).
 */
async function ceiling(url: string, o: Options): Promise<CeilingFigures> {
  const store = await openStore({ databaseUrl: url, poolSize: 2 });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-bench-seed-'));
  try {
    const counties = await prepare(store, o);
    const infos = await loadCounties(store, counties);
    const policies = await new PolicyRepository(store.db).all();
    const files = new Map<SeedTable, fs.WriteStream>(
      SEED_TABLE_ORDER.map((t) => [t, fs.createWriteStream(path.join(work, `${t}.copy`))]),
    );
    let rows = 0;
    for (const plan of allocate(infos, o.ceilingHouseholds, o.seed)) {
      const policyAt = policyResolver(policies, plan.county.code);
      for (const chunk of generateCounty(plan, { seed: o.seed, asOf: o.asOf, policyAt })) {
        for (const t of SEED_TABLE_ORDER) {
          const cols = SEED_TABLES[t];
          const text = chunk.rows[t].map((r) => copyLine(cols.map((c) => r[c]))).join('');
          rows += chunk.rows[t].length;
          if (text && !files.get(t)!.write(text))
            await new Promise<void>((res) => files.get(t)!.once('drain', () => res()));
        }
      }
    }
    await Promise.all([...files.values()].map((f) => new Promise<void>((res) => f.end(() => res()))));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const server = new ServerCpu(url);
    await server.sample();
    const serverBefore = server.seconds();
    let seconds = 0;
    let bytes = 0;
    try {
      for (const t of SEED_TABLE_ORDER) {
        // columns, NOT NULL and defaults only: no keys, indexes, checks or foreign keys
        await client.query(`create table raw_${t} (like ${t} including defaults)`);
        const file = path.join(work, `${t}.copy`);
        bytes += fs.statSync(file).size;
        const start = process.hrtime.bigint();
        await pipeline(
          fs.createReadStream(file, { highWaterMark: 1 << 20 }),
          client.query(copyFrom(`copy raw_${t} (${SEED_TABLES[t].join(', ')}) from stdin`)),
        );
        seconds += secs(start);
        await server.sample();
      }
    } finally {
      await client.end();
    }
    const serverCpu = server.seconds() - serverBefore;
    await server.close();
    return { households: o.ceilingHouseholds, rows, bytes, seconds, serverCpu };
  } finally {
    await store.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// -------------------------------------------------------------------------------------------------------------
// child processes

async function runChild(kind: string, o: Options): Promise<unknown> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-bench-pglite-'));
    const store = await openStore({ dataDir: dir });
    try {
      return await seedInto(store, 'PGlite (embedded, data dir on disk)', o.pgliteHouseholds, o, null);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (kind === 'postgres') {
    return withScratchDatabase(`dixian_bench_seed_${process.pid}`, async (url) => {
      const store = await openStore({ databaseUrl: url });
      const server = new ServerCpu(url);
      try {
        return await seedInto(store, 'PostgreSQL (server)', o.households, o, server);
      } finally {
        await server.close();
        await store.close();
      }
    });
  }
  if (kind === 'ceiling') return withScratchDatabase(`dixian_bench_raw_${process.pid}`, (url) => ceiling(url, o));
  throw new Error(`unknown child ${kind}`);
}

function child(kind: string, argv: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...argv, '--child', kind], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${kind} exited with ${code}: ${out}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${kind} printed no result: ${out}`));
      }
    });
  });
}

async function machine(): Promise<string> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  const v = (await c.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  await c.end();
  // the package does not export its package.json: walk up from its entry point
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const pglite = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length} cores, ${mb(os.totalmem())} RAM, Node ${process.version}, PostgreSQL ${v} (local, default settings), PGlite ${pglite}`;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (o.child) {
    const r = await runChild(o.child, o);
    process.stdout.write(`\n${JSON.stringify(r)}\n`);
    return;
  }
  const argv = process.argv.slice(2);
  const where = o.province ? `province ${o.province}` : `county ${o.county}`;
  const started = new Date().toISOString();
  const load0 = os.loadavg();
  const m = await machine();
  console.log(`bench/seed on ${m}`);
  console.log(`load average at start: ${load0.map((l) => l.toFixed(1)).join(' ')} (${os.cpus().length} cores)`);
  const results: SeedFigures[] = [];
  for (const e of o.engines) {
    console.log(`seeding ${e === 'pglite' ? o.pgliteHouseholds : o.households} households into ${e} (${where}) …`);
    const r = (await child(e, argv)) as SeedFigures;
    console.log(
      `  ${int(r.households)} households, ${int(r.rows)} rows in ${r.seconds.toFixed(1)} s = ${int((r.households / r.seconds) * 60)} households/min, CPU ${r.nodeCpu.toFixed(1)} s Node${r.serverCpu === null ? '' : ` + ${r.serverCpu.toFixed(1)} s server`}, peak RSS ${mb(r.peakRss)}`,
    );
    results.push(r);
  }
  let ceil: CeilingFigures | null = null;
  if (o.ceilingHouseholds > 0) {
    console.log(`raw COPY ceiling: the same rows for ${int(o.ceilingHouseholds)} households into unindexed tables …`);
    ceil = (await child('ceiling', argv)) as CeilingFigures;
    console.log(
      `  ${int(ceil.rows)} rows, ${mb(ceil.bytes)} in ${ceil.seconds.toFixed(1)} s = ${int((ceil.households / ceil.seconds) * 60)} households/min`,
    );
  }
  const load1 = os.loadavg();
  const pgRun = results.find((r) => r.engine.startsWith('PostgreSQL'));
  const rate = (r: { households: number; seconds: number }) => (r.households / r.seconds) * 60;
  // With the machine to itself, Node and the PostgreSQL backends run side by side on separate cores, so a run
  // needs about as long as the busier of the two: the CPU-bound rate.
  const cpuBound = (r: SeedFigures) => (r.households / Math.max(r.nodeCpu, r.serverCpu ?? 0)) * 60;
  const cpu = (r: SeedFigures) =>
    r.serverCpu === null ? `${r.nodeCpu.toFixed(1)} s` : `${r.nodeCpu.toFixed(1)} s + ${r.serverCpu.toFixed(1)} s`;
  const lines = [
    `# bench/seed: demo households per minute, PGlite and PostgreSQL, vs raw COPY`,
    '',
    `Run ${started} on ${m}. Generated ${where}, seed ${o.seed}, as of ${o.asOf}. Load average ${load0.map((l) => l.toFixed(1)).join(' ')} at the start and ${load1.map((l) => l.toFixed(1)).join(' ')} at the end (other work on the machine shares its ${os.cpus().length} cores).`,
    '',
    '| what | households | rows | time | households/min | rows/s | CPU: Node + server | households/min, CPU-bound | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| seedHouseholds → ${r.engine} | ${int(r.households)} | ${int(r.rows)} | ${r.seconds.toFixed(1)} s | ${int(rate(r))} | ${int(r.rows / r.seconds)} | ${cpu(r)} | ${int(cpuBound(r))} | ${mb(r.peakRss)} |`,
    ),
    ...(ceil
      ? [
          `| raw COPY of the same rows, unindexed tables (ceiling) | ${int(ceil.households)} | ${int(ceil.rows)} | ${ceil.seconds.toFixed(1)} s | ${int(rate(ceil))} | ${int(ceil.rows / ceil.seconds)} | server ${ceil.serverCpu.toFixed(1)} s | ${int((ceil.households / ceil.serverCpu) * 60)} | n/a |`,
        ]
      : []),
    '',
    '"CPU-bound" divides by the larger of the two CPU times (Node: generating, encoding and, for PGlite, the',
    'database itself; server: the PostgreSQL backends), i.e. the rate with the cores to itself. The wall-clock',
    'columns are what this run got on the shared machine.',
    '',
  ];
  if (pgRun) {
    const target = rate(pgRun) >= 50_000;
    const targetCpu = cpuBound(pgRun) >= 50_000;
    lines.push(
      `**PostgreSQL: ${int(rate(pgRun))} households/min measured, ${int(cpuBound(pgRun))} CPU-bound** (target ≥ 50,000: ${target ? 'met' : 'not met'} by the wall clock, ${targetCpu ? 'met' : 'not met'} CPU-bound)` +
        (ceil
          ? `; **ratio to raw COPY ${(rate(pgRun) / rate(ceil)).toFixed(2)}×** by the wall clock, ${(cpuBound(pgRun) / ((ceil.households / ceil.serverCpu) * 60)).toFixed(2)}× CPU-bound.`
          : '.'),
      '',
    );
  }
  lines.push(
    'What seeding does beyond the ceiling: it generates every row (members with ID numbers, incomes, cases played',
    'through the core state machine, visits, leads, warnings), writes into the real tables with their primary keys,',
    'unique and secondary indexes, and links leads to their cases; the ceiling only parses pre-written COPY text into',
    'heap tables. Memory stays flat: households are generated and written in chunks of 2,000, one transaction each,',
    'with at most one chunk being written while the next is generated, so the peak RSS does not grow with the size.',
    '',
  );
  const reportDir = path.join(here, '..', 'reports');
  fs.mkdirSync(reportDir, { recursive: true });
  const others = fs.readdirSync(reportDir).filter((f) => /^seed.*\.md$/.test(f) && f !== o.report);
  if (others.length) lines.push(`Other runs of this benchmark: ${others.map((f) => `[${f}](${f})`).join(', ')}.`, '');
  const text = lines.join('\n');
  console.log(`\n${text}`);
  fs.writeFileSync(path.join(reportDir, o.report), text);
  console.log(`written to bench/reports/${o.report}`);
}

await main();
