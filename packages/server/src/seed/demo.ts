import { addDays, chinaDate, FEED_DEPARTMENTS } from '@dixian/core';
import { recordDisaster } from '../services/disaster.service.js';
import { SYSTEM_ACTOR, systemContext } from '../services/context.js';
import { argon2Hasher } from '../auth/password.js';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { demoVillage, ensureDemoUsers, type DemoAccount } from './demo-users.js';
import { seedHouseholds } from './seed.js';

export type { DemoAccount };

export interface DemoResult {
  seeded: boolean;
  households: number;
  accounts: DemoAccount[];
  password: string;
}

/** On an empty database, seed the demo county (临江市 220681 by default) so every screen has data. */
export async function ensureDemoData(store: Store, config: Config): Promise<DemoResult> {
  const r = await store.db
    .selectFrom('household')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let households = Number(r.n);
  let seeded = false;
  if (households === 0 && config.demoHouseholds > 0) {
    console.log(`生成演示数据 / seeding ${config.demoHouseholds} demo households in ${config.demoCounty} …`);
    const res = await seedHouseholds(store, {
      counties: [config.demoCounty],
      households: config.demoHouseholds,
      seed: config.demoSeed,
      progress: process.stdout.isTTY,
    });
    households = res.households;
    seeded = true;
    await seedDemoExchanges(store, config.demoCounty, chinaDate(new Date()));
  }
  const users = await ensureDemoUsers(store, config);
  if (seeded) await seedDemoDisaster(store, config, chinaDate(new Date()));
  return { seeded, households, accounts: users.accounts, password: users.password };
}

/**
 * The demo county's data exchanges (S1 §四(二)3: each department at least every two months): a 零报告 from each
 * feed department over the past weeks, so the dashboard's exchange card has a history, and the last department
 * silent for 75 days, so it shows what an overdue department looks like.
 */
export async function seedDemoExchanges(store: Store, county: string, today: string): Promise<void> {
  const last = FEED_DEPARTMENTS.length - 1;
  const rows = FEED_DEPARTMENTS.flatMap((department, i) => {
    const latest = i === last ? addDays(today, -75) : addDays(today, -(3 + 5 * i));
    return [latest, addDays(latest, -58)].map((reportedOn) => ({
      countyCode: county,
      department,
      reportedOn,
      note: '演示数据:本期无新增预警 / demo data: nothing new this period',
    }));
  });
  await store.db.insertInto('departmentZeroReport').values(rows).execute();
}

/**
 * A flood five days ago over the two busiest villages outside the township the demo users work in, so the disaster
 * page has its figures, visits due and screened households from the start (issue 15 §6).
 */
export async function seedDemoDisaster(store: Store, config: Config, today: string): Promise<void> {
  const county = config.demoCounty;
  const villages = await store.db
    .selectFrom('household')
    .select(['regionCode', (eb) => eb.fn.countAll<number>().as('n')])
    .where('countyCode', '=', county)
    .groupBy('regionCode')
    .execute();
  // the demo users work in the busiest village's township: the flood is elsewhere
  const first = (await demoVillage(store, county))?.slice(0, 9);
  const chosen = villages
    .filter((v) => v.regionCode.slice(0, 9) !== first)
    .sort((a, b) => Number(b.n) - Number(a.n))
    .slice(0, 2);
  if (!chosen.length) return;
  const ctx = {
    ...systemContext({ store, config, hasher: argon2Hasher(), now: () => new Date() }),
    actor: { ...SYSTEM_ACTOR, scopeCode: county },
  };
  await recordDisaster(ctx, {
    name: '暴雨洪涝',
    disasterSubtype: 'flood',
    occurredOn: addDays(today, -5),
    villages: chosen.map((v) => v.regionCode),
    note: '演示数据 / demo data',
  });
}
