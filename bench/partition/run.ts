/**
 * bench/partition (issue 19 §4): one PostgreSQL server holding counties of two provinces, its large tables split
 * into partitions by province with `partitionByCounty` (what `dixian partition` runs). Prints the time the split
 * takes against the physical limit measured in the same run (copying the same tables' rows into unindexed tables,
 * what any rewrite must at least do), and each county's screening before and after, with whether the findings
 * agree (every household and finding).
 *
 *   npm run partition -w @dixian/bench                 (HOUSEHOLDS=300000: 吉林 临江市 and 陕西 乾县)
 *   DIXIAN_BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
 *
 * Writes bench/reports/partition.md. A scratch database is created and dropped.
 */
import '../keys.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '@dixian/server/db/migrate';
import { COUNTY_KEYED_TABLES, partitionByCounty } from '@dixian/server/db/partition';
import { openStore, type Store } from '@dixian/server/db/store';
import { ensureBuiltinPolicies } from '@dixian/server/policies/builtin';
import { seedHouseholds } from '@dixian/server/seed/seed';
import { SYSTEM_ACTOR } from '@dixian/server/services/context';
import { runScreening } from '@dixian/server/services/screening.service';
import pg from 'pg';
import { machine } from '../screening/report.js';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 300_000);
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COUNTIES = ['220681', '610424'];
const AS_OF = '2024-06-30';
const here = path.dirname(fileURLToPath(import.meta.url));
const secs = (t: number) => (performance.now() - t) / 1000;
const n = (v: number) => v.toLocaleString('en');

async function admin(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/**
 * Each county screened in turn, every household judged: seconds each (of the second of two runs, the first
 * warming the caches), and a digest of every household and finding.
 */
async function screen(store: Store): Promise<{ seconds: Record<string, number>; rows: number; md5: string }> {
  await screenOnce(store);
  return screenOnce(store);
}

async function screenOnce(store: Store): Promise<{ seconds: Record<string, number>; rows: number; md5: string }> {
  const seconds: Record<string, number> = {};
  const runIds: string[] = [];
  for (const county of COUNTIES) {
    const t = performance.now();
    // every household judged (not only what changed since the run before), so the runs compare
    runIds.push(
      (await runScreening(store, SYSTEM_ACTOR, { scopeCode: county, asOf: AS_OF }, { incremental: false })).id,
    );
    seconds[county] = secs(t);
  }
  const r = await store.transaction((tx) =>
    tx.client.query<{ rows: number; md5: string }>(
      `select count(*)::int as rows, md5(string_agg(household_id::text || ':' || finding, ','
         order by household_id, finding collate "C")) as md5
       from screening_result where run_id = any($1::uuid[])`,
      [runIds],
    ),
  );
  return { seconds, ...r.rows[0]! };
}

/** The limit: every county-keyed table's rows copied into an unindexed table (then rolled back), fastest of 2. */
async function copyLimit(store: Store): Promise<number> {
  const once = async () => {
    const t = performance.now();
    await store
      .transaction(async (tx) => {
        for (const table of COUNTY_KEYED_TABLES) {
          await tx.client.query(`create table bench_copy_${table} as select * from ${table}`);
        }
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
    return secs(t);
  };
  return Math.min(await once(), await once());
}

async function main(): Promise<void> {
  const m = machine();
  const load0 = os.loadavg()[0]!;
  const db = `dixian_bench_partition_${Date.now()}`;
  await admin(`create database ${db}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${db}`;
  const store = await openStore({ databaseUrl: url.toString(), poolSize: 4 });
  try {
    await migrate(store);
    await ensureBuiltinPolicies(store.db);
    let t = performance.now();
    await seedHouseholds(store, { counties: COUNTIES, households: HOUSEHOLDS, seed: 42, asOf: AS_OF });
    console.log(`seeded ${n(HOUSEHOLDS)} households in ${secs(t).toFixed(1)} s`);
    await store.transaction((tx) => tx.client.query('analyze'));
    const before = await screen(store);
    console.log(`screened before: ${JSON.stringify(before.seconds)}`);
    const limit = await copyLimit(store);
    t = performance.now();
    const result = await store.transaction((tx) => partitionByCounty(tx, 'province'));
    const split = secs(t);
    const rows = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(`partitioned ${n(rows)} rows in ${split.toFixed(1)} s (copy limit ${limit.toFixed(1)} s)`);
    const after = await screen(store);
    const agree = before.rows === after.rows && before.md5 === after.md5;
    const load1 = os.loadavg()[0]!;

    const lines = [
      '# bench/partition: one server of two provinces, partitioned by province',
      '',
      `Run ${new Date().toISOString()} on ${m.cpu} × ${m.cores} cores, ${m.memory} RAM, Node ${m.node}, PostgreSQL at ${ADMIN_URL.replace(/\/[^/]*$/, '')} (local, default settings). Load average (1 min) at start ${load0.toFixed(1)}, at end ${load1.toFixed(1)}.`,
      '',
      `${n(HOUSEHOLDS)} households of ${COUNTIES.join(' and ')} (\`seedHouseholds\`, seed 42, as of ${AS_OF}); partitions ${result.groups.join(', ')} and a default one, for each of the ${result.tables} county-keyed tables.`,
      '',
      '| | figure |',
      '| --- | --- |',
      `| rows moved into partitions | ${n(rows)} (household ${n(result.rows.household ?? 0)}, member ${n(result.rows.member ?? 0)}, visit ${n(result.rows.visit ?? 0)}) |`,
      `| \`partitionByCounty\` (one transaction: rebuild, move, indexes, triggers, foreign keys, analyze) | **${split.toFixed(1)} s** |`,
      `| physical limit: the same rows copied into unindexed tables (fastest of 2) | ${limit.toFixed(1)} s |`,
      `| ratio | ${(split / limit).toFixed(1)}× |`,
      ...COUNTIES.map(
        (c) =>
          `| screening ${c} (every household judged, warm), before → after | ${before.seconds[c]!.toFixed(2)} s → ${after.seconds[c]!.toFixed(2)} s |`,
      ),
      `| findings | ${n(before.rows)} before, ${n(after.rows)} after: **${agree ? 'the same households and findings' : 'DIFFERENT'}** (md5 ${before.md5}) |`,
      '',
    ];
    fs.mkdirSync(path.join(here, '..', 'reports'), { recursive: true });
    fs.writeFileSync(path.join(here, '..', 'reports', 'partition.md'), lines.join('\n'));
    console.log(lines.join('\n'));
    if (!agree) process.exitCode = 1;
  } finally {
    await store.close();
    await admin(`drop database if exists ${db} with (force)`);
  }
}

await main();
