import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, addMonths, CLOSED_STAGES, endOfMonth } from '@dixian/core';
import { argon2Hasher } from '../auth/password.js';
import type { Config } from '../config/env.js';
import { datedStore } from '../db/dated-store.js';
import type { Store } from '../db/store.js';
import { SimulationRepository } from '../repositories/simulation.repository.js';
import { seedHouseholds } from '../seed/seed.js';
import { disaster, medicalFeed, screening } from './county.js';
import { dibaoApplications, dibaoProgress } from './dibao.js';
import { eliminations, fallBacks, health, leads, takeUpLeads, visits } from './field.js';
import { InvariantChecker } from './invariants.js';
import { advanceCases, type Agenda } from './procedure.js';
import { yearEndReport, type SimReport } from './report.js';
import { emptyCounters, hireStaff, SimClock, time, type World } from './world.js';
import { yearlyRounds } from './yearly.js';

/**
 * `dixian simulate` (issue 20 item 3): a seeded county driven through months day by day, acting only through the
 * services, with the procedure's invariants checked after every day. Deterministic for a seed: every draw comes
 * from a stream keyed by (seed, day, kind) or (seed, household, purpose), and every list it draws from is read in
 * the seed's order.
 */

export interface SimulateOptions {
  county: string;
  months: number;
  seed: number;
  households: number;
  /** the first simulated day; the county is seeded as of the day before (default 2025-01-01) */
  start?: string;
  /** a line of progress per month */
  log?: (line: string) => void;
  /** called after each day's invariant check (tests break a record here) */
  afterDay?: (day: string, store: Store) => Promise<void>;
  /** where the time went, by kind of work (not part of the report: the wall clock is not deterministic) */
  timings?: (ms: Record<string, number>) => void;
}

export class SimulationError extends Error {
  override name = 'SimulationError';
}

const CLOSED = new Set<string>(CLOSED_STAGES);

async function prepare(store: Store, config: Config, opts: SimulateOptions, start: string): Promise<World> {
  const repo = new SimulationRepository(store.db);
  if ((await repo.villages(opts.county)).length) {
    throw new SimulationError(
      `县 ${opts.county} 已有农户:模拟需要一个新的数据库 / county ${opts.county} already has households: simulate on a fresh database`,
    );
  }
  await seedHouseholds(store, {
    counties: [opts.county],
    households: opts.households,
    seed: opts.seed,
    asOf: addDays(start, -1),
    progress: false,
  });
  const villages = (await repo.villages(opts.county)).map((v) => v.code);
  const clock = new SimClock(addDays(start, -1));
  const staff = await hireStaff(store, config, opts.county, villages, clock.now);
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-sim-'));
  // every service transaction dates its fact changes by the simulated day, as the server dates them by its own
  // (fact_history): undated, the database's clock would date a change of 2025 today, after every simulated day
  const dated = datedStore(store, clock.now);
  return {
    store: dated,
    config,
    clock,
    deps: { store: dated, config, hasher: argon2Hasher({ cost: 'low' }), now: clock.now },
    county: opts.county,
    seed: opts.seed,
    staff,
    villages,
    households: await repo.households(opts.county),
    scale: opts.households / 1000,
    tmpDir,
    counters: emptyCounters(),
    timings: {},
  };
}

/** One simulated day: the villages, the procedure, the county's calendar. */
async function simulateDay(w: World, day: string, agenda: Agenda): Promise<void> {
  const repo = new SimulationRepository(w.store.db);
  let t = Date.now();
  const timed = async (kind: string, fn: () => Promise<void>) => {
    t = Date.now();
    await fn();
    time(w, kind, t);
  };
  const cases = await repo.latestCases(w.county);
  time(w, 'read cases', t);
  const open = new Set(cases.filter((c) => !CLOSED.has(c.stage)).map((c) => c.householdId));
  await timed('leads', () => leads(w, day, open));
  await timed('health', () => health(w, day, open));
  await timed('take up leads', () => takeUpLeads(w, day, open));
  await timed('procedure', () => advanceCases(w, cases, agenda, day));
  await timed('visits', () => visits(w, day, cases));
  await timed('eliminations', () => eliminations(w, day, cases));
  await timed('fall backs', () => fallBacks(w, day, cases, open));
  await timed('dibao', () => dibaoApplications(w, day, cases));
  await timed('dibao progress', () => dibaoProgress(w, day));
  const [month, dom] = [Number(day.slice(5, 7)), Number(day.slice(8, 10))];
  if (dom === 5 && month % 2 === 0) await timed('feeds', () => medicalFeed(w, day));
  if (dom === 15 && month % 3 === 1) await timed('disasters', () => disaster(w, day));
  await timed('yearly rounds', () => yearlyRounds(w, day));
  if (day === endOfMonth(day) && month % 3 === 0) await timed('screening', () => screening(w, day));
}

export async function simulate(store: Store, config: Config, opts: SimulateOptions): Promise<SimReport> {
  const start = opts.start ?? '2025-01-01';
  const end = addDays(addMonths(start, opts.months), -1);
  const w = await prepare(store, config, opts, start);
  const checker = new InvariantChecker(store, opts.county);
  const EVERYTHING = new Date(0);
  const agenda: Agenda = new Map();
  const started = Date.now();
  try {
    checker.start = new Date(SimClock.morning(start));
    await checker.check(addDays(start, -1), EVERYTHING);
    for (let day = start; day <= end; day = addDays(day, 1)) {
      w.clock.toDay(day);
      await simulateDay(w, day, agenda);
      const t = Date.now();
      const monthEnd = day === endOfMonth(day) || day === end;
      await checker.check(day, monthEnd ? EVERYTHING : new Date(SimClock.morning(day)));
      time(w, 'invariants', t);
      w.counters.invariantChecks = checker.checks;
      await opts.afterDay?.(day, store);
      if (monthEnd) {
        await checker.verifyWhole(day);
        const s = w.counters.steps;
        opts.log?.(
          `${day.slice(0, 7)}: 步骤 steps ${Object.values(s).reduce((a, b) => a + b, 0)}, 走访 visits ${w.counters.visits}, ` +
            `不变量 invariants ok (${checker.checks} checks), ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
      }
    }
    opts.timings?.(w.timings);
    return await yearEndReport(w, { months: opts.months, start, end });
  } finally {
    fs.rmSync(w.tmpDir, { recursive: true, force: true });
  }
}
