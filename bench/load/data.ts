/**
 * The county of bench/load: the demo generator (`seedHouseholds`) writes `--generate` households on the rural
 * villages of one county, as of the last day of the previous month (so "now" is the first days of a month), and
 * ../api/replicate.ts grows them by whole copies under new identities to `--households`. Everything is
 * deterministic for a given seed, size and as-of day; how the data was made is recorded in the database
 * (job_run 'bench:load-data'), so a kept database (DIXIAN_BENCH_LOAD_DB) is reused with its provenance.
 */
import { chinaDate } from '@dixian/core';
import type { Store } from '@dixian/server/db/store';
import { loadRegions } from '@dixian/server/regions/region-loader';
import { seedHouseholds } from '@dixian/server/seed/seed';
import pg from 'pg';
import { copyUnfinished, replicate } from '../api/replicate.js';
import { ADMIN_URL, COUNTY, DB_NAME, GENERATE, HOUSEHOLDS, SEED } from './options.js';

export const dbUrl = (db: string): string => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${db}`;
  return u.toString();
};

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

export async function ensureDatabase(): Promise<void> {
  await admin(async (c) => {
    const exists = await c.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (!exists.rowCount) await c.query(`create database ${DB_NAME}`);
  });
}

export async function dropDatabase(): Promise<void> {
  await admin((c) => c.query(`drop database if exists ${DB_NAME} with (force)`));
}

export interface Provenance {
  county: string;
  asOf: string;
  generated: number;
  households: number;
  generateSeconds: number;
  copySeconds: number;
}

const DATA_JOB = 'bench:load-data';

/** The last day of the previous month, China time: the data describes the month that just ended. */
export function defaultAsOf(now = new Date()): string {
  const today = chinaDate(now);
  const first = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  return new Date(first.getTime() - 86_400_000).toISOString().slice(0, 10);
}

async function countHouseholds(store: Store): Promise<number> {
  const r = await store.db
    .selectFrom('household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function readProvenance(store: Store): Promise<Provenance | null> {
  const row = await store.db.selectFrom('jobRun').select('lastDetail').where('name', '=', DATA_JOB).executeTakeFirst();
  return (row?.lastDetail ?? null) as Provenance | null;
}

async function writeProvenance(store: Store, p: Provenance): Promise<void> {
  const now = new Date();
  const detail = JSON.stringify(p);
  await store.db
    .insertInto('jobRun')
    .values({ name: DATA_JOB, lastStartedAt: now, lastFinishedAt: now, lastStatus: 'done', lastDetail: detail })
    .onConflict((oc) => oc.column('name').doUpdateSet({ lastFinishedAt: now, lastDetail: detail }))
    .execute();
}

/** Fresh statistics and visibility maps, as autovacuum gives a database that has lived a while. */
async function vacuumAnalyze(): Promise<void> {
  const c = new pg.Client({ connectionString: dbUrl(DB_NAME) });
  await c.connect();
  try {
    await c.query('vacuum analyze');
  } finally {
    await c.end();
  }
}

async function generate(store: Store, asOf: string): Promise<void> {
  const started = Date.now();
  let last = 0;
  await loadRegions(store, { counties: [COUNTY] });
  console.log(`generating ${GENERATE.toLocaleString()} households in ${COUNTY} as of ${asOf} …`);
  await seedHouseholds(store, {
    counties: [COUNTY],
    households: GENERATE,
    seed: SEED,
    asOf,
    onChunk: (done, total) => {
      if (done - last < 20_000 && done !== total) return;
      last = done;
      console.log(
        `  ${done.toLocaleString()} / ${total.toLocaleString()} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    },
  });
}

/** Seed (or reuse) the county; returns how its data was made. */
export async function ensureData(store: Store): Promise<Provenance> {
  const prior = await readProvenance(store);
  let have = await countHouseholds(store);
  if (prior && have >= HOUSEHOLDS && !(await copyUnfinished(store))) return { ...prior, households: have };
  const asOf = prior?.asOf ?? defaultAsOf();
  const p: Provenance = {
    county: COUNTY,
    asOf,
    generated: GENERATE,
    households: have,
    generateSeconds: 0,
    copySeconds: 0,
  };
  let started = Date.now();
  if (have < GENERATE) {
    await generate(store, asOf);
    p.generateSeconds = (Date.now() - started) / 1000;
    have = await countHouseholds(store);
  }
  if (have < HOUSEHOLDS || (await copyUnfinished(store))) {
    const interrupted = await copyUnfinished(store);
    if (have !== GENERATE && !interrupted) throw new Error(`cannot copy: ${have} households, expected ${GENERATE}`);
    const copies = HOUSEHOLDS / GENERATE - 1;
    console.log(`copying the ${GENERATE.toLocaleString()} generated households ${copies} times …`);
    started = Date.now();
    await replicate(store, copies, console.log);
    p.copySeconds = (Date.now() - started) / 1000;
  }
  await vacuumAnalyze();
  p.households = await countHouseholds(store);
  await writeProvenance(store, { ...prior, ...p, generateSeconds: p.generateSeconds || prior?.generateSeconds || 0 });
  return p;
}
