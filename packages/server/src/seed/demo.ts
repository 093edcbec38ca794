import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { ensureDemoUsers, type DemoAccount } from './demo-users.js';
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
  }
  const users = await ensureDemoUsers(store, config);
  return { seeded, households, accounts: users.accounts, password: users.password };
}
