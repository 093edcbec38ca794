/**
 * bench/scenario (issue 20 §1): a policy draft (the line raised from 6,000 to 7,300 yuan) run as a scenario over
 * every household of 白山市 on PostgreSQL, with the progress the page shows sampled as it runs; against, in the same
 * run, the physical limit (a plain sequential read of the tables read) and the set-based screening of the same
 * households. Target: a million households answer in minutes.
 *
 *   npm run scenario -w @dixian/bench          (HOUSEHOLDS=1000000 by default)
 *   DIXIAN_BENCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
 *   KEEP_DB=1 keeps the generated database; REUSE_DB=<name> runs on a kept one
 *
 * Writes bench/reports/scenario.md.
 */
import '../keys.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore, type Store } from '@dixian/server/db/store';
import { SYSTEM_ACTOR, type ServiceDeps } from '@dixian/server/services/context';
import { createDraft } from '@dixian/server/services/scenario-draft.service';
import { beginScenario, getScenario } from '@dixian/server/services/scenario.service';
import { runScreening } from '@dixian/server/services/screening.service';
import { loadConfig } from '@dixian/server/config/env';
import pg from 'pg';
import { BENCH_COUNTIES, populate, prepareBenchDatabase } from '../screening/populate.js';
import { plainRead } from '../screening/plain-read.js';
import { machine } from '../screening/report.js';

const HOUSEHOLDS = Number(process.env.HOUSEHOLDS ?? 1_000_000);
const ADMIN_URL = process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SCOPE = '2206';
const AS_OF = '2024-06-30';
const CLOCK = () => new Date('2024-07-01T01:00:00Z');
const here = path.dirname(fileURLToPath(import.meta.url));
const secs = (t: number) => (performance.now() - t) / 1000;
const load1 = () => os.loadavg()[0]!;

async function database(): Promise<{ name: string; fresh: boolean }> {
  if (process.env.REUSE_DB) return { name: process.env.REUSE_DB, fresh: false };
  const name = `dixian_bench_scenario_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return { name, fresh: true };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

async function main(): Promise<void> {
  const db = await database();
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${db.name}`);
  const store: Store = await openStore({ databaseUrl: url });
  const log = (s: string) => console.log(s);
  try {
    if (db.fresh) {
      await prepareBenchDatabase(store);
      log(`populating ${HOUSEHOLDS} households in ${db.name} …`);
      await populate(store, { households: HOUSEHOLDS, counties: BENCH_COUNTIES, asOf: AS_OF }, log);
      await store.transaction((tx) => tx.client.query('analyze'));
    }
    const households = Number(
      (await store.transaction((tx) => tx.client.query<{ n: number }>('select count(*)::int as n from household')))
        .rows[0]!.n,
    );
    const loadBefore = load1();
    const read = await plainRead(store);
    log(`plain read: ${read.seconds.toFixed(2)} s (${read.rows} rows)`);

    let t = performance.now();
    const run = await runScreening(
      store,
      SYSTEM_ACTOR,
      { scopeCode: SCOPE, asOf: AS_OF },
      { now: CLOCK, incremental: false },
    );
    const screeningSeconds = secs(t);
    log(`set-based screening: ${screeningSeconds.toFixed(1)} s (${run.householdsScanned} households)`);

    const deps: ServiceDeps = { store, config: loadConfig({}), hasher: undefined as never, now: CLOCK };
    const ctx = { ...deps, actor: SYSTEM_ACTOR, requestId: null };
    const draft = await createDraft(ctx, {
      name: '监测线提高到7300元',
      regionPrefix: SCOPE,
      body: { monitoringIncomeLineFen: 730_000 },
    });
    t = performance.now();
    const started = await beginScenario(ctx, { draftId: draft.id, scopeCode: SCOPE, asOf: AS_OF });
    const progress: string[] = [];
    let firstProgress: number | null = null;
    const sampler = setInterval(() => {
      void getScenario(ctx, started.id).then((s) => {
        if (firstProgress === null && s.householdsDone > 0) firstProgress = secs(t);
        progress.push(`${secs(t).toFixed(0)} s: ${s.householdsDone} / ${s.householdsTotal ?? '?'}`);
      });
    }, 10_000);
    await started.execute();
    clearInterval(sampler);
    const scenarioSeconds = secs(t);
    const s = await getScenario(ctx, started.id);
    const loadAfter = load1();
    const sum = s.summary!;
    const lines = [
      '# bench/scenario: a policy draft run as a scenario (issue 20 §1)',
      '',
      `Machine: ${Object.entries(machine())
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}. Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`,
      '',
      `PostgreSQL, ${households.toLocaleString('en')} households of 白山市 (six counties), as of ${AS_OF}; draft: the line 6,000 → 7,300 yuan.`,
      '',
      '| | seconds | households/s | vs plain read |',
      '| --- | ---: | ---: | ---: |',
      `| plain read of the tables (physical limit, fastest of 3) | ${read.seconds.toFixed(2)} | | 1× |`,
      `| set-based screening, everyone judged | ${screeningSeconds.toFixed(1)} | ${Math.round(households / screeningSeconds)} | ${(screeningSeconds / read.seconds).toFixed(1)}× |`,
      `| scenario (both policies, 低保 too, differences stored) | ${scenarioSeconds.toFixed(1)} | ${Math.round(households / scenarioSeconds)} | ${(scenarioSeconds / read.seconds).toFixed(1)}× |`,
      '',
      `First progress on the page after ${firstProgress === null ? '—' : `${(firstProgress as number).toFixed(0)} s`}; progress every 10 s: ${progress.join('; ')}.`,
      '',
      `Found: ${sum.changes.enter_monitoring.households} households would newly be monitored, ${sum.changes.near_miss.households} near misses, ${sum.changes.enter_dibao.households} newly 低保; monthly 低保 top-ups ${(sum.cost.dibaoMonthlyBaseFen / 100).toFixed(2)} → ${(sum.cost.dibaoMonthlyDraftFen / 100).toFixed(2)} yuan.`,
      '',
    ];
    const text = lines.join('\n');
    console.log(`\n${text}`);
    fs.mkdirSync(path.join(here, '..', 'reports'), { recursive: true });
    fs.writeFileSync(path.join(here, '..', 'reports', 'scenario.md'), text);
  } finally {
    await store.close();
    if (db.fresh && !process.env.KEEP_DB) await dropDatabase(db.name);
    else console.log(`kept database ${db.name}`);
  }
}

await main();
