/**
 * bench/shard (issue 19 §4): the same households screened on one server and on two shards, each shard a whole
 * dixian database holding whole counties, read together by a coordinator through postgres_fdw. Prints the time of
 * each shard, the one-server time, whether the findings agree (every household and finding), the national
 * figures' time through the coordinator, and the physical limit of each database (a plain sequential read of the
 * tables the screening reads) measured in the same run.
 *
 *   npm run shard -w @dixian/bench                      (HOUSEHOLDS=1000000)
 *   DIXIAN_BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres      the one-server database and coordinator
 *   DIXIAN_BENCH_SHARD_SERVERS=postgres://postgres@127.0.0.1:5433/postgres,postgres://postgres@127.0.0.1:5434/postgres
 *                                  two more PostgreSQL servers for the shards (default: databases of the admin server)
 *
 * The households are generated once (bench/screening's set-based generator) on the one server; each shard receives
 * its counties' rows through postgres_fdw, as a county moved to a shard would. Writes bench/reports/shard.md.
 */
import '../keys.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from '@dixian/server/db/migrate';
import { openStore, type Store } from '@dixian/server/db/store';
import { SYSTEM_ACTOR } from '@dixian/server/services/context';
import { attachShard, nationReport, NationRepository } from '@dixian/server/services/nation.service';
import { runScreening } from '@dixian/server/services/screening.service';
import pg from 'pg';
import { BENCH_COUNTIES, populate, prepareBenchDatabase } from '../screening/populate.js';
import { machine } from '../screening/report.js';
import { plainRead } from '../screening/plain-read.js';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 1_000_000);
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SHARD_SERVERS = (process.env.DIXIAN_BENCH_SHARD_SERVERS ?? '').split(',').filter(Boolean);
const AS_OF = '2024-06-30';
/** the tables the generator writes, parents first */
const TABLES = [
  'household',
  'member',
  'income_record',
  'separate_relative',
  'household_risk_event',
  'monitoring_case',
  'assistance_plan',
  'assistance_measure',
  'visit',
];
const PLACEMENT: Record<string, string[]> = { a: BENCH_COUNTIES.slice(0, 3), b: BENCH_COUNTIES.slice(3) };
const here = path.dirname(fileURLToPath(import.meta.url));
const audit = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date() };
const log = (s: string) => console.log(s);
const secs = (t: number) => (performance.now() - t) / 1000;

function urlOn(server: string, db: string): string {
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin(server: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

async function freshStore(server: string, db: string): Promise<Store> {
  await admin(server, `drop database if exists ${db} with (force)`);
  await admin(server, `create database ${db}`);
  return openStore({ databaseUrl: urlOn(server, db), poolSize: 4 });
}

/** A shard's counties copied from the one server: the generator's tables through postgres_fdw, in one go each. */
async function fillShard(shard: Store, sourceUrl: string, counties: string[]): Promise<void> {
  const src = new URL(sourceUrl);
  const run = (q: string) => shard.transaction((tx) => tx.client.query(q));
  await run(`create extension if not exists postgres_fdw`);
  await run(`create server bench_source foreign data wrapper postgres_fdw
             options (host '${src.hostname}', port '${src.port || '5432'}', dbname '${src.pathname.slice(1)}', fetch_size '50000')`);
  await run(
    `create user mapping for current_user server bench_source options (user '${decodeURIComponent(src.username)}')`,
  );
  await run(`create schema bench_source`);
  await run(`import foreign schema public limit to (${TABLES.join(', ')}) from server bench_source into bench_source`);
  const list = counties.map((c) => `'${c}'`).join(', ');
  for (const t of TABLES) {
    await shard.transaction(async (tx) => {
      await tx.client.query(`set local session_replication_role = replica`);
      await tx.client.query(`insert into public.${t} select * from bench_source.${t} where county_code in (${list})`);
    });
  }
  await run(`drop schema bench_source cascade`);
  await run(`drop server bench_source cascade`);
  for (const t of TABLES) await run(`analyze ${t}`);
}

/** Every county of a store screened in turn; seconds per county and in all. */
async function screenCounties(store: Store, counties: string[]): Promise<{ seconds: number; runIds: string[] }> {
  const t = performance.now();
  const runIds: string[] = [];
  for (const county of counties) {
    runIds.push((await runScreening(store, SYSTEM_ACTOR, { scopeCode: county, asOf: AS_OF })).id);
  }
  return { seconds: secs(t), runIds };
}

async function findingsDigest(store: Store, runIds: string[]): Promise<{ rows: number; md5: string }> {
  const r = await store.transaction((tx) =>
    tx.client.query<{ rows: number; md5: string }>(
      `select count(*)::int as rows, md5(string_agg(household_id::text || ':' || finding, ',' order by household_id, finding collate "C")) as md5
       from screening_result where run_id = any($1::uuid[])`,
      [runIds],
    ),
  );
  return r.rows[0]!;
}

async function main(): Promise<void> {
  const m = machine();
  const load0 = os.loadavg()[0]!;
  const stamp = Date.now();
  const servers = {
    one: ADMIN_URL,
    a: SHARD_SERVERS[0] ?? ADMIN_URL,
    b: SHARD_SERVERS[1] ?? SHARD_SERVERS[0] ?? ADMIN_URL,
  };
  const names = {
    one: `dixian_bench_one_${stamp}`,
    a: `dixian_bench_shard_a_${stamp}`,
    b: `dixian_bench_shard_b_${stamp}`,
  };
  const coordName = `dixian_bench_nation_${stamp}`;
  const stores: Store[] = [];
  try {
    log(`one server: ${HOUSEHOLDS.toLocaleString('en')} households on ${BENCH_COUNTIES.join(', ')}`);
    const one = await freshStore(servers.one, names.one);
    stores.push(one);
    await prepareBenchDatabase(one);
    let t = performance.now();
    const rows = await populate(one, { households: HOUSEHOLDS, counties: BENCH_COUNTIES, asOf: AS_OF }, log);
    log(`  generated in ${secs(t).toFixed(1)} s`);

    const shards: Record<'a' | 'b', Store> = {} as Record<'a' | 'b', Store>;
    for (const s of ['a', 'b'] as const) {
      shards[s] = await freshStore(servers[s], names[s]);
      stores.push(shards[s]);
      await prepareBenchDatabase(shards[s]);
      t = performance.now();
      await fillShard(shards[s], urlOn(servers.one, names.one), PLACEMENT[s]!);
      log(
        `shard ${s} (${servers[s].replace(/\/[^/]*$/, '')}): counties ${PLACEMENT[s]!.join(', ')} copied in ${secs(t).toFixed(1)} s`,
      );
    }

    const limits = {
      one: (await plainRead(one)).seconds,
      a: (await plainRead(shards.a)).seconds,
      b: (await plainRead(shards.b)).seconds,
    };
    const single = await screenCounties(one, BENCH_COUNTIES);
    log(`one server: screened in ${single.seconds.toFixed(1)} s (plain read ${limits.one.toFixed(2)} s)`);

    // the shards side by side, as two servers would run their own nightly screening
    t = performance.now();
    const [ra, rb] = await Promise.all([
      screenCounties(shards.a, PLACEMENT.a!),
      screenCounties(shards.b, PLACEMENT.b!),
    ]);
    const wall = secs(t);
    log(`shards: a ${ra.seconds.toFixed(1)} s, b ${rb.seconds.toFixed(1)} s, both ${wall.toFixed(1)} s`);

    const coordinator = await freshStore(ADMIN_URL, coordName);
    stores.push(coordinator);
    await migrate(coordinator);
    t = performance.now();
    await attachShard(coordinator, audit, 'a', urlOn(servers.a, names.a));
    await attachShard(coordinator, audit, 'b', urlOn(servers.b, names.b));
    const attachSeconds = secs(t);
    const nation = await nationReport(coordinator);
    const repo = new NationRepository(coordinator.db);
    const viaCoordinator = [...(await repo.findings('a', ra.runIds)), ...(await repo.findings('b', rb.runIds))].sort(
      (x, y) =>
        x.householdId === y.householdId ? (x.finding < y.finding ? -1 : 1) : x.householdId < y.householdId ? -1 : 1,
    );
    const oneDigest = await findingsDigest(one, single.runIds);
    const shardDigest = {
      rows: viaCoordinator.length,
      md5: (await import('node:crypto'))
        .createHash('md5')
        .update(viaCoordinator.map((f) => `${f.householdId}:${f.finding}`).join(','))
        .digest('hex'),
    };
    const agree = oneDigest.rows === shardDigest.rows && oneDigest.md5 === shardDigest.md5;
    log(
      `findings: one server ${oneDigest.rows} (${oneDigest.md5}), shards ${shardDigest.rows} (${shardDigest.md5}): ${agree ? 'same' : 'DIFFERENT'}`,
    );
    log(`national figures through the coordinator: ${nation.seconds.toFixed(2)} s`);
    const load1 = os.loadavg()[0]!;

    const households = (s: 'a' | 'b') => nation.shards.find((x) => x.name === s)?.households ?? 0;
    const lines = [
      '# bench/shard: one server and two shards',
      '',
      `Run ${new Date().toISOString()} on ${m.cpu} × ${m.cores} cores, ${m.memory} RAM, Node ${m.node}. Load average (1 min) at start ${load0.toFixed(1)}, at end ${load1.toFixed(1)}.`,
      `Shard servers: ${SHARD_SERVERS.length ? SHARD_SERVERS.map((s) => s.replace(/\/[^/]*$/, '')).join(', ') : 'databases of the one server (no DIXIAN_BENCH_SHARD_SERVERS)'}; one server and coordinator: ${ADMIN_URL.replace(/\/[^/]*$/, '')}. All on this one machine: the shards share its 2 cores.`,
      '',
      `${HOUSEHOLDS.toLocaleString('en')} households (${(rows.member ?? 0).toLocaleString('en')} members) of 白山市's six counties, generated by bench/screening's generator; shard a holds ${PLACEMENT.a!.join(', ')}, shard b ${PLACEMENT.b!.join(', ')}.`,
      '',
      '| | one server | shard a | shard b |',
      '| --- | --- | --- | --- |',
      `| households | ${HOUSEHOLDS.toLocaleString('en')} | ${households('a').toLocaleString('en')} | ${households('b').toLocaleString('en')} |`,
      `| screening, every county in turn | ${single.seconds.toFixed(1)} s | ${ra.seconds.toFixed(1)} s | ${rb.seconds.toFixed(1)} s |`,
      `| physical limit: plain sequential read of the screened tables (heap, fastest of 3) | ${limits.one.toFixed(2)} s | ${limits.a.toFixed(2)} s | ${limits.b.toFixed(2)} s |`,
      `| ratio screening / plain read | ${(single.seconds / limits.one).toFixed(1)}× | ${(ra.seconds / limits.a).toFixed(1)}× | ${(rb.seconds / limits.b).toFixed(1)}× |`,
      '',
      `- Both shards screening side by side: **${wall.toFixed(1)} s** by the wall clock, against ${single.seconds.toFixed(1)} s on one server.`,
      `- Findings: ${oneDigest.rows.toLocaleString('en')} on one server, ${shardDigest.rows.toLocaleString('en')} on the shards read through the coordinator: **${agree ? 'the same households and findings' : 'DIFFERENT'}** (md5 of every household:finding, ${oneDigest.md5}).`,
      `- Attaching both shards (foreign servers, tables, migration and placement checks): ${attachSeconds.toFixed(2)} s; the national figures (every county's households, people, statuses, 低保, open cases and latest run, aggregated on each shard): ${nation.seconds.toFixed(2)} s.`,
      '',
    ];
    fs.mkdirSync(path.join(here, '..', 'reports'), { recursive: true });
    fs.writeFileSync(path.join(here, '..', 'reports', 'shard.md'), lines.join('\n'));
    console.log(lines.join('\n'));
    if (!agree) process.exitCode = 1;
  } finally {
    for (const s of stores) await s.close();
    for (const [k, db] of Object.entries(names))
      await admin(servers[k as keyof typeof servers], `drop database if exists ${db} with (force)`);
    await admin(ADMIN_URL, `drop database if exists ${coordName} with (force)`);
  }
}

await main();
