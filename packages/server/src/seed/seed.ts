import { chinaDate, isIsoDate, type IsoDate } from '@dixian/core';
import cliProgress from 'cli-progress';
import { sql } from 'kysely';
import type { Store, Tx } from '../db/store.js';
import { ensureBuiltinPolicies } from '../policies/builtin.js';
import { ensureCounties } from '../regions/region-loader.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { SeedError } from './errors.js';
import { generateCounty, seedTagOf, type CountyInfo, type CountyPlan } from './generator.js';
import { policyResolver } from '../policies/policy-at.js';

import { hashString, Rng } from './random.js';
import { emptyChunk, SEED_TABLE_ORDER, SEED_TABLES, type SeedChunk, type SeedTable } from './tables.js';

export { SeedError } from './errors.js';
export { policyResolver } from '../policies/policy-at.js';

export interface SeedOptions {
  /** 6-digit county codes; households are spread over all their rural villages */
  counties: string[];
  /** total number of households over all counties */
  households: number;
  seed: number;
  /** the day the data describes (default: today in China); dates, ages and deadlines are relative to it */
  asOf?: string | undefined;
  /** show a progress bar (only when stderr is a terminal) */
  progress?: boolean | undefined;
  /** households per transaction (default 2000) */
  chunkSize?: number | undefined;
  /** called after every written chunk (benchmarks sample memory here) */
  onChunk?: ((done: number, total: number) => void) | undefined;
}

export interface SeedResult {
  households: number;
  members: number;
  /** rows written per table */
  rows: Record<SeedTable, number>;
  asOf: IsoDate;
  /** counties already seeded with the same seed and size (left as they were) */
  skipped: string[];
}

const JOB = (county: string) => `seed:${county}`;
/** households generated between two turns of the event loop */
const SLICE = 100;
async function linkLeads(tx: Tx, leadCases: readonly [string, string][]): Promise<void> {
  if (!leadCases.length) return;
  // lead and monitoring_case reference each other: the leads went in first, now they learn their case
  await sql`update lead set case_id = v.case_id
            from unnest(${leadCases.map((l) => l[0])}::uuid[], ${leadCases.map((l) => l[1])}::uuid[]) as v(id, case_id)
            where lead.id = v.id`.execute(tx.db);
}

function mergeChunk(into: SeedChunk, from: SeedChunk): void {
  for (const t of SEED_TABLE_ORDER) {
    const target = into.rows[t];
    for (const r of from.rows[t]) target.push(r);
  }
  for (const l of from.leadCases) into.leadCases.push(l);
  into.households += from.households;
}

async function isSuperuser(store: Store): Promise<boolean> {
  const r = await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(store.db);
  return r.rows[0]?.su === 'on';
}

/**
 * Seed deterministic demo households onto the counties' real rural villages (issue 2 §4). Loads the region
 * tree of missing counties and the built-in policies, refuses a county that already has households (unless it
 * was seeded before with the same seed and size, which is then left alone), and writes in chunks of
 * `chunkSize` households, one transaction each, so memory stays flat at any size.
 */
export async function seedHouseholds(store: Store, opts: SeedOptions): Promise<SeedResult> {
  const asOf = opts.asOf ?? chinaDate(new Date());
  validate(opts, asOf);
  const counties = [...new Set(opts.counties)];

  const infos = await countiesToSeed(store, counties);

  const plans = allocate(infos, opts.households, opts.seed);
  const skipped = await checkExisting(store, plans, opts.seed);
  const records = await new PolicyRepository(store.db).all();
  const rows = Object.fromEntries(SEED_TABLE_ORDER.map((t) => [t, 0])) as Record<SeedTable, number>;
  const total = plans.filter((p) => !skipped.includes(p.county.code)).reduce((n, p) => n + sum(p.households), 0);

  const bar = opts.progress && process.stderr.isTTY ? progressBar() : null;
  const started = Date.now();
  bar?.start(total, 0, { rate: 0 });
  let done = 0;
  const chunkSize = opts.chunkSize ?? 2000;
  const skipChecks = await isSuperuser(store);
  const inTransaction = async (households: number, fn: (tx: Tx) => Promise<void>) => {
    await store.transaction(async (tx) => {
      // The generator's references are consistent by construction (and tested); row-by-row foreign-key checks
      // would double the time of a bulk load. Only a superuser may switch them off, and only for this transaction.
      // Replica mode also silences the triggers that forget a household's stored screening facts (migration 0076):
      // harmless here, since a seed only adds new households, which have no stored facts yet.
      if (skipChecks) await tx.client.exec('set local session_replication_role = replica');
      // regenerable data: a crash may lose the last chunks but never leaves them half-written, so do not wait for
      // the WAL flush at every commit
      await tx.client.exec('set local synchronous_commit = off');
      await fn(tx);
    });
    done += households;
    bar?.update(done, { rate: Math.round(done / Math.max(1e-3, (Date.now() - started) / 60000)) });
    opts.onChunk?.(done, total);
  };
  const write = (chunk: SeedChunk) => inTransaction(chunk.households, (tx) => writeChunk(tx, chunk, rows));
  try {
    for (const plan of plans) {
      const code = plan.county.code;
      if (skipped.includes(code)) continue;
      const detail = { seed: opts.seed, households: sum(plan.households), asOf };
      await setJob(store, code, 'running', detail);
      const policyAt = policyResolver(records, code);
      // Generate in small slices and yield to the event loop between them, so the previous chunk's COPY keeps
      // streaming to the server while the next chunk is generated (one chunk in flight, one being built).
      let batch = emptyChunk();
      let inFlight: Promise<void> | null = null;
      for (const slice of generateCounty(plan, { seed: opts.seed, asOf, policyAt, chunkSize: SLICE })) {
        mergeChunk(batch, slice);
        if (batch.households >= chunkSize) {
          if (inFlight) await inFlight;
          inFlight = write(batch);
          inFlight.catch(() => {}); // observed when awaited; this only keeps Node from reporting it twice
          batch = emptyChunk();
        }
        if (inFlight) await new Promise((resolve) => setImmediate(resolve));
      }
      if (inFlight) await inFlight;
      if (batch.households || SEED_TABLE_ORDER.some((t) => batch.rows[t].length)) await write(batch);
      await setJob(store, code, 'done', detail);
    }
  } catch (err) {
    await markFailed(store, plans);
    throw err;
  } finally {
    bar?.stop();
  }
  if (rows.household) {
    // Planner statistics for what was just loaded: PGlite runs no autovacuum, and on a server it lags a bulk
    // load. Without them a county's screening on PGlite planned nested loops for "1 row" and ran for an hour.
    await sql`analyze ${sql.raw(SEED_TABLE_ORDER.join(', '))}`.execute(store.db);
  }
  return { households: rows.household, members: rows.member, rows, asOf, skipped };
}

/** The counties' region trees (loaded when missing) and the built-in policies; unknown or village-less counties are refused. */
async function countiesToSeed(store: Store, counties: string[]) {
  await ensureBuiltinPolicies(store.db);
  const { unknown } = await ensureCounties(store, counties);
  if (unknown.length) {
    throw new SeedError(`未知的县级区划代码 / unknown county code(s): ${unknown.join(', ')}`);
  }
  const infos = await loadCounties(store, counties);
  const empty = infos.filter((c) => !c.villages.length);
  if (empty.length) {
    throw new SeedError(
      `以下县没有农村村委会,无法生成农户 / no rural villages (村) in: ${empty.map((c) => `${c.code} ${c.name}`).join(', ')}`,
    );
  }

  return infos;
}

/** The terminal's progress bar: households seeded, rate and time left. */
function progressBar() {
  return new cliProgress.SingleBar(
    {
      format: '生成农户 / seeding |{bar}| {percentage}% {value}/{total} 户 | {rate} 户/分 | ETA {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** The counties' seed jobs still running are marked failed, so a later run is not refused for them. */
async function markFailed(store: Store, plans: CountyPlan[]) {
  await store.db
    .updateTable('jobRun')
    .set({ lastStatus: 'failed', lastFinishedAt: new Date() })
    .where(
      'name',
      'in',
      plans.map((p) => JOB(p.county.code)),
    )
    .where('lastStatus', '=', 'running')
    .execute()
    .catch(() => {});
}

function validate(opts: SeedOptions, asOf: string): void {
  const problems: string[] = [];
  if (!opts.counties.length) problems.push('至少需要一个县 / at least one county is required');
  for (const c of opts.counties) {
    if (!/^\d{6}$/.test(c)) problems.push(`县级区划代码应为6位数字 / county code must have 6 digits: "${c}"`);
  }
  if (!Number.isSafeInteger(opts.households) || opts.households < 0) {
    problems.push(`户数应为非负整数 / households must be a non-negative integer: ${opts.households}`);
  }
  if (!Number.isSafeInteger(opts.seed)) problems.push(`种子应为整数 / seed must be an integer: ${opts.seed}`);
  if (!isIsoDate(asOf) || asOf < '2015-01-01') {
    problems.push(
      `基准日期应为 2015-01-01 之后的 YYYY-MM-DD / as-of must be a date YYYY-MM-DD from 2015-01-01: "${asOf}"`,
    );
  }
  if (opts.chunkSize !== undefined && (!Number.isSafeInteger(opts.chunkSize) || opts.chunkSize < 1)) {
    problems.push(`每批户数应为正整数 / chunk size must be a positive integer: ${opts.chunkSize}`);
  }
  if (problems.length) throw new SeedError(problems.join('; '));
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Names for every level and the rural villages of each county, villages ordered by code. */
export async function loadCounties(store: Store, counties: readonly string[]): Promise<CountyInfo[]> {
  const heads = await store.db
    .selectFrom('region as c')
    .innerJoin('region as p', 'p.code', 'c.parentCode')
    .innerJoin('region as pr', 'pr.code', 'p.parentCode')
    .select(['c.code', 'c.name', 'p.name as prefectureName', 'pr.name as provinceName'])
    .where('c.code', 'in', [...counties])
    .execute();
  const villages = await store.db
    .selectFrom('region as v')
    .innerJoin('region as t', 't.code', 'v.parentCode')
    .select(['v.code', 'v.name', 'v.countyCode', 't.code as townshipCode', 't.name as townshipName'])
    .where('v.countyCode', 'in', [...counties])
    .where('v.level', '=', 'village')
    .where('v.isRural', '=', true)
    .orderBy('v.code')
    .execute();
  return counties.map((code) => {
    const h = heads.find((x) => x.code === code);
    const vs = villages.filter((v) => v.countyCode === code);
    const townships = new Map<string, string>();
    for (const v of vs) townships.set(v.townshipCode, v.townshipName);
    return {
      code,
      name: h?.name ?? code,
      prefectureName: h?.prefectureName ?? '',
      provinceName: h?.provinceName ?? '',
      villages: vs.map((v) => ({
        code: v.code,
        name: v.name,
        townshipCode: v.townshipCode,
        townshipName: v.townshipName,
      })),
      townships: [...townships].map(([c, name]) => ({ code: c, name })),
    };
  });
}

/**
 * Spread the households over every rural village of every county: each village gets a weight (log-normal, so
 * some villages are much bigger than others) drawn from the seed and its code, and the total is split by the
 * largest remainder, so the counts add up exactly and do not depend on anything but (seed, villages, total).
 */
export function allocate(counties: readonly CountyInfo[], total: number, seed: number): CountyPlan[] {
  const tag = seedTagOf(seed);
  const weights = counties.map((c) =>
    c.villages.map((v) => Math.exp(0.45 * new Rng(tag, hashString(v.code), 0xa11c).normal())),
  );
  const all = sum(weights.map(sum));
  const exact = weights.map((ws) => ws.map((w) => (total * w) / all));
  const counts = exact.map((es) => es.map(Math.floor));
  let rest = total - sum(counts.map(sum));
  const order = exact
    .flatMap((es, c) => es.map((e, v) => ({ c, v, frac: e - Math.floor(e) })))
    .sort((a, b) => b.frac - a.frac || a.c - b.c || a.v - b.v);
  for (const o of order) {
    if (rest <= 0) break;
    counts[o.c]![o.v]!++;
    rest--;
  }
  return counties.map((county, i) => ({ county, households: counts[i]! }));
}

/** Counties with households: the same seed and size again is a no-op; anything else is refused. */
async function checkExisting(store: Store, plans: CountyPlan[], seed: number): Promise<string[]> {
  const codes = plans.map((p) => p.county.code);
  const existing = await store.db
    .selectFrom('household')
    .select(['countyCode', (eb) => eb.fn.countAll<number>().as('n')])
    .where('countyCode', 'in', codes)
    .groupBy('countyCode')
    .execute();
  if (!existing.length) return [];
  const jobs = await store.db.selectFrom('jobRun').selectAll().where('name', 'in', codes.map(JOB)).execute();
  const skipped: string[] = [];
  const refused: string[] = [];
  for (const e of existing) {
    const plan = plans.find((p) => p.county.code === e.countyCode)!;
    const job = jobs.find((j) => j.name === JOB(e.countyCode));
    const d = (job?.lastDetail ?? {}) as { seed?: number; households?: number };
    const same =
      job?.lastStatus === 'done' &&
      d.seed === seed &&
      d.households === sum(plan.households) &&
      Number(e.n) === d.households;
    if (same) skipped.push(e.countyCode);
    else refused.push(`${e.countyCode} ${plan.county.name} (${Number(e.n)} 户)`);
  }
  if (refused.length) {
    throw new SeedError(
      `以下县已有农户,再次生成会重复 / these counties already have households; seeding again would duplicate them: ${refused.join(', ')}`,
    );
  }
  return skipped;
}

async function setJob(
  store: Store,
  county: string,
  status: 'running' | 'done',
  detail: Record<string, unknown>,
): Promise<void> {
  const now = new Date();
  await store.db
    .insertInto('jobRun')
    .values({
      name: JOB(county),
      lastStartedAt: now,
      lastFinishedAt: status === 'done' ? now : null,
      lastStatus: status,
      lastDetail: JSON.stringify(detail),
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({
        lastStatus: status,
        lastDetail: JSON.stringify(detail),
        ...(status === 'done' ? { lastFinishedAt: now } : { lastStartedAt: now, lastFinishedAt: null }),
      }),
    )
    .execute();
}

async function writeChunk(tx: Tx, chunk: SeedChunk, counts: Record<SeedTable, number>): Promise<void> {
  for (const table of SEED_TABLE_ORDER) {
    const list = chunk.rows[table];
    if (!list.length) continue;
    const columns = SEED_TABLES[table];
    counts[table] += await tx.copyInto(
      table,
      columns,
      list.map((r) => columns.map((c) => r[c])),
    );
    if (table === 'monitoring_case') await linkLeads(tx, chunk.leadCases);
  }
}
