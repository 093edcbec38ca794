import { Role, type Department } from '@dixian/core';
import { argon2Hasher, type PasswordHasher } from '../auth/password.js';
import { DEMO_PASSWORD } from '../auth/password-policy.js';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { systemContext } from '../services/context.js';
import { createUser } from '../services/user.service.js';

/** The one password of every demo account (documented in README.md; meets the password policy). */
export { DEMO_PASSWORD };

type Level = 'county' | 'township' | 'village';

/** A demo account as `npm start` prints it. */
export interface DemoAccount {
  username: string;
  label: string;
}

/** One demo user of each role (issue 4 §2), named in pinyin after what they are: 县, 乡, 村, 医保, 监察. */
export const DEMO_USERS: readonly {
  username: string;
  role: Role;
  level: Level;
  department?: Department;
  displayName: string;
}[] = [
  { username: 'admin', role: 'county_admin', level: 'county', displayName: '县级管理员' },
  { username: 'xian', role: 'county_officer', level: 'county', displayName: '县乡村振兴局' },
  { username: 'xiang', role: 'township_officer', level: 'township', displayName: '乡镇干部' },
  { username: 'cun', role: 'village_cadre', level: 'village', displayName: '村干部' },
  {
    username: 'yibao',
    role: 'department_officer',
    level: 'county',
    department: 'medical_insurance',
    displayName: '医保局',
  },
  { username: 'jiancha', role: 'inspector', level: 'county', displayName: '纪检督查' },
];

/**
 * The demo village: the rural village of the county with the most households (so the cadre sees data),
 * else its first rural village; the township is the village's.
 */
export async function demoVillage(store: Store, county: string): Promise<string | undefined> {
  const busiest = await store.db
    .selectFrom('household')
    .select(['regionCode', (eb) => eb.fn.countAll<number>().as('n')])
    .where('countyCode', '=', county)
    .groupBy('regionCode')
    .orderBy('n', 'desc')
    .orderBy('regionCode')
    .limit(1)
    .executeTakeFirst();
  if (busiest) return busiest.regionCode;
  const first = await store.db
    .selectFrom('region')
    .select('code')
    .where('countyCode', '=', county)
    .where('level', '=', 'village')
    .where('isRural', '=', true)
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
  return first?.code;
}

/**
 * Create the demo accounts that do not exist yet, scoped to the demo county, its busiest village and that
 * village's township. Existing accounts are left as they are (their passwords may have been changed).
 */
export async function ensureDemoUsers(
  store: Store,
  config: Config,
  hasher: PasswordHasher = argon2Hasher(),
): Promise<{ accounts: DemoAccount[]; password: string; created: number }> {
  const county = config.demoCounty;
  const village = await demoVillage(store, county);
  const scopes: Record<Level, string | undefined> = {
    county,
    township: village?.slice(0, 9),
    village,
  };
  const ctx = systemContext({ store, config, hasher, now: () => new Date() });
  const accounts: DemoAccount[] = [];
  let created = 0;
  for (const u of DEMO_USERS) {
    const scopeCode = scopes[u.level];
    if (!scopeCode) continue;
    const exists = await store.db
      .selectFrom('appUser')
      .select('id')
      .where('username', '=', u.username)
      .executeTakeFirst();
    if (!exists) {
      await createUser(ctx, {
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        scopeCode,
        department: u.department ?? null,
        password: DEMO_PASSWORD,
      });
      // marked, so the users page shows it as a demo account (an account that existed before is not one)
      await store.db.updateTable('appUser').set({ demo: true }).where('username', '=', u.username).execute();
      created++;
    }
    const region = await store.db.selectFrom('region').select('name').where('code', '=', scopeCode).executeTakeFirst();
    accounts.push({
      username: u.username,
      label: `${Role.labels[u.role].zh} / ${Role.labels[u.role].en} · ${region?.name ?? scopeCode} ${scopeCode}`,
    });
  }
  return { accounts, password: DEMO_PASSWORD, created };
}

/**
 * The demo accounts (enabled) that still sign in with the published password: none may in production. Only the
 * demo names are tried (a verify costs ~150 ms); in production every other password change refuses it.
 */
export async function demoAccountsWithDemoPassword(store: Store, hasher: PasswordHasher): Promise<string[]> {
  const rows = await store.db
    .selectFrom('appUser')
    .select(['username', 'passwordHash'])
    .where(
      'username',
      'in',
      DEMO_USERS.map((u) => u.username),
    )
    .where('disabled', '=', false)
    .execute();
  const exposed: string[] = [];
  for (const r of rows) if (await hasher.verify(r.passwordHash, DEMO_PASSWORD)) exposed.push(r.username);
  return exposed.sort();
}
