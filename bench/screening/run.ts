/**
 * bench/screening (issue 5 §5): the set-based screening of 1,000,000 households (about 3 million members) on
 * PostgreSQL, against the physical limit measured in the same run: a plain sequential read of every table the
 * screening reads. Targets: screening ≤ 10 × the plain read, and under 60 s. The same at 100,000 households on
 * PGlite. Peak memory of this process (and, on PostgreSQL, of the database backends) for each. A sample of the
 * screened households is re-checked with core's assess() / evaluateEliminationGuards(): the run must agree.
 *
 *   npm run screening -w @dixian/bench           (HOUSEHOLDS=1000000 PGLITE_HOUSEHOLDS=100000 by default)
 *   DIXIAN_BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
 *   KEEP_DB=1                                     keep the generated PostgreSQL database (its name is printed)
 *   REUSE_DB=dixian_bench_screening_123           screen a kept database again instead of generating one (its
 *                                                 earlier runs are deleted first); the data generation is skipped
 *   SCOPE=22 AS_OF=2026-12-01 REPORT=screening-province.md
 *                                                 a database made by `dixian seed` (REUSE_DB): the region screened,
 *                                                 the measured run's day (the first run is the day before) and
 *                                                 the report's file name under bench/reports
 *
 * A scratch PostgreSQL database is created and dropped; PGlite runs in memory. Writes bench/reports/screening.md.
 */
import '../keys.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePolicy } from '@dixian/core';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { HouseholdFactsRepository } from '@dixian/server/repositories/household-facts.repository';
import { PolicyRepository } from '@dixian/server/repositories/policy.repository';
import { screenHousehold } from '@dixian/server/screening/reference';
import { SYSTEM_ACTOR } from '@dixian/server/services/context';
import { compareRuns, listScreeningResults, runScreening } from '@dixian/server/services/screening.service';
import { dirtyHouseholds, incrementalBasis } from '@dixian/server/screening/incremental';
import { screeningPolicies } from '@dixian/server/screening/policy-params';
import { sql } from 'kysely';
import pg from 'pg';
import { BENCH_COUNTIES, populate, prepareBenchDatabase } from './populate.js';
import { plainRead, READ_TABLES } from './plain-read.js';
import { type EngineFigures, machine, report } from './report.js';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 1_000_000);
const PGLITE_HOUSEHOLDS = Number(process.env.PGLITE_HOUSEHOLDS ?? 100_000);
const SAMPLE = Number(process.env.SAMPLE ?? 1000);
/** flagged households of each finding added to the random sample */
const PER_FINDING_SAMPLE = 50;
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** 白山市 (the prefecture of 临江市, seed 001): six counties of real rural villages; one run covers them all */
const SCOPE = process.env.SCOPE ?? '2206';
const COUNTIES = BENCH_COUNTIES;
const AS_OF = process.env.AS_OF ?? '2024-06-30';
const dayAfter = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000);
/** the day before: the scope's first run, which derives and stores every household's facts */
const FIRST_AS_OF = dayAfter(AS_OF, -1).toISOString().slice(0, 10);
const RUN_CLOCK = () => new Date(dayAfter(AS_OF, 1).getTime() + 3_600_000);
const REPORT = process.env.REPORT ?? 'screening.md';
const here = path.dirname(fileURLToPath(import.meta.url));
/** the share of households a day's writes touch between the two runs: half new incomes, half visits */
const WRITTEN_SHARE = Number(process.env.WRITTEN_SHARE ?? 0.005);

/**
 * A day's writes between the first run and the next day's: a new income estimate for one household in
 * 2 / share and a visit for as many others, each a statement as a bulk import would write (the marks the
 * screening reads are written by the tables' triggers either way). Returns the households written and the time.
 */
async function dayOfWrites(store: Store, day: string): Promise<{ households: number; seconds: number }> {
  const every = Math.max(2, Math.round(2 / WRITTEN_SHARE));
  const t = performance.now();
  const n = await store.transaction(async (tx) => {
    const a = await tx.client.query<{ n: number }>(
      `with w as (insert into income_record (household_id, county_code, year, kind, period_start, period_end, wage_fen,
         business_gross_fen, business_cost_fen, property_fen, transfer_fen)
       select h.id, h.county_code, 2024, 'visit_estimate', $1::date - 365, $1::date, (random() * 3000000)::bigint,
         0, 0, 0, (random() * 300000)::bigint
       from household h where abs(hashtext(h.id::text)) % $2 = 0 returning 1)
       select count(*)::int as n from w`,
      [day, every],
    );
    const b = await tx.client.query<{ n: number }>(
      `with w as (insert into visit (household_id, county_code, region_code, visited_on)
       select h.id, h.county_code, h.region_code, $1::date from household h
       where abs(hashtext(h.id::text)) % $2 = 1 returning 1)
       select count(*)::int as n from w`,
      [day, every],
    );
    return a.rows[0]!.n + b.rows[0]!.n;
  });
  return { households: n, seconds: secs(t) };
}

/** How many households the next run will judge again (the same query it runs; not timed). */
async function toJudge(store: Store, previousRunId: string): Promise<number> {
  const policies = screeningPolicies(await new PolicyRepository(store.db).all(), SCOPE, AS_OF);
  return store.transaction(async (tx) => {
    const basis = await incrementalBasis(tx.client, previousRunId, AS_OF, policies);
    return basis ? (await dirtyHouseholds(tx.client, SCOPE, AS_OF, basis, policies)).ids.length : NaN;
  });
}

const log = (s: string) => process.stdout.write(`${s}\n`);
const secs = (t: number) => (performance.now() - t) / 1000;

/** Peak resident memory of this process while `fn` runs (sampled every 50 ms), and optionally of some PIDs. */
async function peak<T>(
  fn: () => Promise<T>,
  backends?: () => Promise<number>,
): Promise<{ value: T; seconds: number; rss: number; backendRss: number }> {
  let rss = process.memoryUsage().rss;
  let backendRss = 0;
  let sampling = false;
  const timer = setInterval(() => {
    rss = Math.max(rss, process.memoryUsage().rss);
    if (backends && !sampling) {
      sampling = true;
      backends()
        .then((b) => (backendRss = Math.max(backendRss, b)))
        .catch(() => undefined)
        .finally(() => (sampling = false));
    }
  }, 50);
  const t = performance.now();
  try {
    const value = await fn();
    return { value, seconds: secs(t), rss: Math.max(rss, process.memoryUsage().rss), backendRss };
  } finally {
    clearInterval(timer);
  }
}

/** Resident memory of the database's backends (PostgreSQL processes on this machine, parallel workers included). */
function backendSampler(admin: pg.Client, db: string): () => Promise<number> {
  return async () => {
    const r = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [db]);
    let total = 0;
    for (const { pid } of r.rows) {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (m) total += Number(m[1]) * 1024;
      } catch {
        // the process ended between the two reads
      }
    }
    return total;
  };
}

/** Re-check a sample of households with core's rules against what the run stored. */
async function checkSample(store: Store, runId: string): Promise<{ checked: number; disagreements: number }> {
  // households at random (any finding the run missed shows here), and up to 50 the run flagged with each finding
  // (rare findings, such as should_flag_no_labor, would otherwise hardly be in the sample)
  const ids = await sql<{ id: string }>`
    select id from (select id from household order by md5(id::text) limit ${SAMPLE}) r
    union
    select household_id from (
      select household_id, row_number() over (partition by finding order by md5('f' || household_id::text)) as k
      from screening_result where run_id = ${runId} and not cleared
    ) f where k <= ${PER_FINDING_SAMPLE}`.execute(store.db);
  const loaded = await new HouseholdFactsRepository(store.db).load(
    ids.rows.map((r) => r.id),
    { regionPrefix: SCOPE },
    AS_OF,
  );
  const records = await new PolicyRepository(store.db).all();
  const stored = await sql<{ householdId: string; finding: string }>`
    select household_id, finding from screening_result
    where run_id = ${runId} and not cleared and household_id = any(${ids.rows.map((r) => r.id)}::uuid[])`.execute(
    store.db,
  );
  let disagreements = 0;
  for (const l of loaded) {
    const ref = screenHousehold(l.facts, resolvePolicy(records, l.regionCode, AS_OF), AS_OF, l.context).findings;
    const got = stored.rows
      .filter((r) => r.householdId === l.id)
      .map((r) => r.finding)
      .sort();
    if (JSON.stringify(got) !== JSON.stringify([...ref].sort())) {
      disagreements++;
      if (disagreements <= 3) log(`  DISAGREEMENT ${l.householdNo}: run ${got.join(',')} / core ${ref.join(',')}`);
    }
  }
  return { checked: loaded.length, disagreements };
}

/** A kept database: its earlier runs deleted, its rows counted (the generation time is not measured again). */
async function reused(store: Store): Promise<{ value: Record<string, number>; seconds: number }> {
  // a database kept by an earlier version of the code gets this version's migrations first
  await migrate(store);
  await sql`delete from screening_result`.execute(store.db);
  await sql`delete from screening_run`.execute(store.db);
  await sql`delete from household_screening_facts`.execute(store.db);
  const value: Record<string, number> = {};
  for (const [t] of READ_TABLES) {
    value[t] = Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(store.db)).rows[0]!.n,
    );
  }
  log(
    `  reused: ${Object.entries(value)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  return { value, seconds: NaN };
}

async function benchEngine(engine: 'postgres' | 'pglite', households: number): Promise<EngineFigures> {
  let admin: pg.Client | undefined;
  let db = '';
  let store: Store;
  const reuse = engine === 'postgres' ? process.env.REUSE_DB : undefined;
  if (reuse && !/^\w+$/.test(reuse)) throw new Error(`REUSE_DB: not a database name: ${reuse}`);
  if (engine === 'postgres') {
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    db = reuse ?? `dixian_bench_screening_${process.pid}`;
    if (!reuse) await admin.query(`create database ${db}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${db}`;
    store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
  } else {
    store = await openStore({ memory: true });
  }
  try {
    log(`\n== ${engine}: ${households.toLocaleString('en')} households`);
    const pop = reuse
      ? await reused(store)
      : await (async () => {
          await prepareBenchDatabase(store);
          return peak(() => populate(store, { households, counties: COUNTIES, asOf: AS_OF }, log));
        })();
    await sql`vacuum analyze`.execute(store.db);
    // the generated data and the vacuum's hint bits written out now, not by checkpoints during the measurements
    // (a run right after generating a million households measured 22.7 s, the same run on the kept database 15 s)
    if (engine === 'postgres') await sql`checkpoint`.execute(store.db);
    const version = (await sql<{ v: string }>`select version() as v`.execute(store.db)).rows[0]!.v;
    const loadBefore = os.loadavg()[0]!;
    const read = await plainRead(store);
    log(
      `  plain sequential read: ${read.rows.toLocaleString('en')} rows in ${read.seconds.toFixed(2)} s (runs: ${read.runs.map((x) => x.toFixed(2)).join(', ')} s)`,
    );
    // The scope's first run, the day before: it derives and stores every household's facts (as after
    // generating, importing or migrating a whole registry). The measured run is the next day's, as a daily
    // screening runs: facts are reused where they still hold and derived again elsewhere.
    const first = await peak(() =>
      runScreening(store, SYSTEM_ACTOR, { scopeCode: SCOPE, asOf: FIRST_AS_OF }, { now: RUN_CLOCK }),
    );
    log(`  first run (${FIRST_AS_OF}, facts derived and stored): ${first.seconds.toFixed(2)} s`);
    const writes = await dayOfWrites(store, FIRST_AS_OF);
    log(`  a day's writes: ${writes.households.toLocaleString('en')} rows in ${writes.seconds.toFixed(2)} s`);
    if (engine === 'postgres') await sql`analyze household_screening_change`.execute(store.db);
    const judged = await toJudge(store, first.value.id);
    log(`  households the next run judges again: ${judged.toLocaleString('en')}`);
    const backends = admin && backendSampler(admin, db);
    const run = await peak(
      () => runScreening(store, SYSTEM_ACTOR, { scopeCode: SCOPE, asOf: AS_OF }, { now: RUN_CLOCK, incremental: true }),
      backends,
    );
    const loadAfter = os.loadavg()[0]!;
    log(`  screening: ${run.seconds.toFixed(2)} s (${(run.seconds / read.seconds).toFixed(1)} × the plain read)`);
    const page = await listScreeningResults(store, SYSTEM_ACTOR, run.value.id, { pageSize: 1 });
    if (
      page.total !==
      run.value.counts.should_include.flagged +
        run.value.counts.should_eliminate.flagged +
        run.value.counts.should_flag_no_labor.flagged +
        run.value.counts.visit_overdue.flagged
    ) {
      throw new Error('stored rows and counts differ');
    }
    // What users do next with a run, at this size: its first page, and the comparison with the run before
    // (counts per finding, the first 1,000 who entered and who left, each with the reason).
    const pageStart = performance.now();
    await listScreeningResults(store, SYSTEM_ACTOR, run.value.id, { pageSize: 50 });
    const pageSeconds = (performance.now() - pageStart) / 1000;
    const compareStart = performance.now();
    const diff = await compareRuns(store, SYSTEM_ACTOR, first.value.id, run.value.id);
    const compareSeconds = (performance.now() - compareStart) / 1000;
    const moved = Object.values(diff.counts).reduce((n, c) => n + c.entered + c.left, 0);
    log(
      `  first page of findings: ${pageSeconds.toFixed(2)} s; comparison with the first run: ${compareSeconds.toFixed(2)} s (${moved} entered or left)`,
    );
    const sample = await checkSample(store, run.value.id);
    log(`  sample re-checked with core: ${sample.checked} households, ${sample.disagreements} disagreements`);
    return {
      engine,
      version,
      households: run.value.householdsScanned ?? 0,
      members: pop.value.member ?? 0,
      rows: pop.value,
      populateSeconds: pop.seconds,
      plainReadSeconds: read.seconds,
      plainReadRuns: read.runs,
      plainReadRows: read.rows,
      screeningSeconds: run.seconds,
      firstRunSeconds: first.seconds,
      writes,
      judged,
      pageSeconds,
      compareSeconds,
      moved,
      ratio: run.seconds / read.seconds,
      rss: run.rss,
      backendRss: run.backendRss,
      counts: run.value.counts,
      policyVersion: run.value.policyVersion ?? '',
      sampleChecked: sample.checked,
      sampleDisagreements: sample.disagreements,
      // the service's default: one statement per core, at most 4 (PGlite has one session)
      partitions: engine === 'postgres' ? Math.min(4, Math.max(1, os.availableParallelism())) : 1,
      load: [loadBefore, loadAfter],
    };
  } finally {
    await store.close();
    // KEEP_DB=1 keeps the scratch PostgreSQL database (for EXPLAIN ANALYZE); drop it by hand afterwards
    if (admin && (process.env.KEEP_DB === '1' || reuse)) {
      log(`  kept database ${db}`);
      await admin.end();
    } else if (admin) {
      await admin.query(`drop database if exists ${db} with (force)`);
      await admin.end();
    }
  }
}

const figures: EngineFigures[] = [];
const m = machine();
log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}, PGlite ${m.pglite}`);
if (HOUSEHOLDS > 0) figures.push(await benchEngine('postgres', HOUSEHOLDS));
if (PGLITE_HOUSEHOLDS > 0) figures.push(await benchEngine('pglite', PGLITE_HOUSEHOLDS));
const md = report(figures, m, SCOPE);
const out = path.join(here, '..', 'reports', path.basename(REPORT));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, md);
log(`\n${md}`);
log(`written: ${path.relative(process.cwd(), out)}`);
