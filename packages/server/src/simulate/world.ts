import { addDays, type Actor, type Role } from '@dixian/core';
import { argon2Hasher } from '../auth/password.js';
import { DEMO_PASSWORD } from '../auth/password-policy.js';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import type { SimHousehold } from '../repositories/simulation.repository.js';
import { systemContext, type FeedServiceContext, type ServiceContext, type ServiceDeps } from '../services/context.js';
import { createUser } from '../services/user.service.js';
import { hashString, Rng } from '../seed/random.js';

/**
 * The simulated county: its clock, its staff (real accounts, since visits and plans name their user) and the
 * random streams. Every service call is made as the member of staff whose role takes that step, at the
 * simulation's instant.
 */

/**
 * The simulation's clock. Services read `now()` several times per call and must see one instant (a step's
 * event and its audit record carry the same time), so only the driver moves it: to a day, then a second per action.
 */
export class SimClock {
  private at: number;

  constructor(readonly start: string) {
    this.at = SimClock.morning(start);
  }

  static morning(day: string): number {
    return new Date(`${day}T09:00:00+08:00`).getTime();
  }

  /** Start a day: 09:00 China time. */
  toDay(day: string): void {
    this.at = SimClock.morning(day);
  }

  /** The next action's instant. */
  tick(): void {
    this.at += 1000;
  }

  readonly now = (): Date => new Date(this.at);
}

export interface Staff {
  county: Actor;
  department: Actor;
  townships: Map<string, Actor>;
  villages: Map<string, Actor>;
}

export interface SimCounters {
  leads: Record<string, number>;
  steps: Record<string, number>;
  refused: Record<string, number>;
  visits: number;
  incomeChanges: number;
  healthChanges: number;
  plans: number;
  feeds: number;
  feedRows: number;
  disasters: number;
  screenings: number;
  dibao: Record<string, number>;
  remarked: number;
  late: number;
  /** the yearly rounds (yearly.ts): incomes surveyed, leaflets by kind, full-screening checks and risks they found */
  yearly: { incomes: number; leaflets: Record<string, number>; checks: number; risksFound: number };
  invariantChecks: number;
}

export interface World {
  store: Store;
  config: Config;
  clock: SimClock;
  deps: ServiceDeps;
  county: string;
  seed: number;
  staff: Staff;
  villages: string[];
  households: SimHousehold[];
  /** households per thousand: event counts scale with the county's size */
  scale: number;
  tmpDir: string;
  counters: SimCounters;
  /** milliseconds spent per kind of work (printed with --verbose, never in the report: not deterministic) */
  timings: Record<string, number>;
}

export function time(w: World, kind: string, since: number): void {
  bump(w.timings, kind, Date.now() - since);
}

export function emptyCounters(): SimCounters {
  return {
    leads: {},
    steps: {},
    refused: {},
    visits: 0,
    incomeChanges: 0,
    healthChanges: 0,
    plans: 0,
    feeds: 0,
    feedRows: 0,
    disasters: 0,
    screenings: 0,
    dibao: {},
    remarked: 0,
    late: 0,
    yearly: { incomes: 0, leaflets: {}, checks: 0, risksFound: 0 },
    invariantChecks: 0,
  };
}

export function bump(m: Record<string, number>, key: string, n = 1): void {
  m[key] = (m[key] ?? 0) + n;
}

/** A random stream for one kind of event on one day: the same seed, day and kind give the same draws. */
export function rngFor(w: World, day: string, kind: string): Rng {
  return new Rng(w.seed, hashString(w.county), hashString(day), hashString(kind));
}

/** A stream of its own for one household and purpose (a case's pace, a measure's type). */
export function rngOf(w: World, key: string, purpose: string): Rng {
  return new Rng(w.seed, hashString(key), hashString(purpose));
}

/** The service context of a member of staff at the simulation's instant (the clock ticks once per action). */
export function as(w: World, actor: Actor): ServiceContext {
  w.clock.tick();
  return { ...w.deps, now: w.clock.now, actor, requestId: null };
}

export function feedAs(w: World, actor: Actor): FeedServiceContext {
  w.clock.tick();
  return { store: w.store, actor, now: w.clock.now };
}

export function cadreOf(w: World, village: string): Actor {
  return w.staff.villages.get(village)!;
}

export function townshipOf(w: World, village: string): Actor {
  return w.staff.townships.get(village.slice(0, 9))!;
}

/** The day `n` days after `day` (a step's field date). */
export const plus = (day: string, n: number): string => addDays(day, n);

function actorOf(u: { id: string; username: string; role: Role; scopeCode: string; department?: string | null }) {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    scopeCode: u.scopeCode,
    ...(u.department ? { department: u.department } : {}),
  } as Actor;
}

/**
 * One account per village (村干部), township (乡镇干部), for the county (乡村振兴局) and for the 医保局, created
 * through the user service as the system administrator would. Argon2 at its low cost: these accounts never log in.
 */
export async function hireStaff(
  store: Store,
  config: Config,
  county: string,
  villages: string[],
  now: () => Date,
): Promise<Staff> {
  const deps: ServiceDeps = { store, config, hasher: argon2Hasher({ cost: 'low' }), now };
  const system = systemContext(deps);
  const add = async (username: string, role: Role, scopeCode: string, displayName: string, department?: string) =>
    actorOf(
      await createUser(system, {
        username,
        displayName,
        role,
        scopeCode,
        ...(department ? { department: department as never } : {}),
        password: DEMO_PASSWORD,
      }),
    );
  const staff: Staff = {
    county: await add(`sim.xian.${county}`, 'county_officer', county, '模拟县乡村振兴局'),
    department: await add(`sim.yibao.${county}`, 'department_officer', county, '模拟医保局', 'medical_insurance'),
    townships: new Map(),
    villages: new Map(),
  };
  for (const v of villages) {
    const t = v.slice(0, 9);
    if (!staff.townships.has(t))
      staff.townships.set(t, await add(`sim.xiang.${t}`, 'township_officer', t, '模拟乡镇干部'));
    staff.villages.set(v, await add(`sim.cun.${v}`, 'village_cadre', v, '模拟村干部'));
  }
  return staff;
}
