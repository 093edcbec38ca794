/**
 * The two users bench/screens signs in as: a county administrator of the prefecture 白山市 (2206) and one of its
 * largest county. Made once in the kept database with the user service (argon2 hashes, as real accounts).
 */
import { argon2Hasher } from '@dixian/server/auth/password';
import { loadConfig } from '@dixian/server/config/env';
import type { Store } from '@dixian/server/db/store';
import { systemContext } from '@dixian/server/services/context';
import { createUser } from '@dixian/server/services/user.service';

export interface BenchUser {
  label: string;
  username: string;
  password: string;
  scope: string;
}

const PASSWORD = 'Bench#Baishan2024';

export const USERS: { prefecture: BenchUser; county: BenchUser } = {
  prefecture: { label: '市级', username: 'bench_admin', password: PASSWORD, scope: '2206' },
  // filled in by ensureUsers: the county with the most households
  county: { label: '县级', username: 'bench_county', password: PASSWORD, scope: '' },
};

export async function ensureUsers(store: Store): Promise<void> {
  const largest = await store.db
    .selectFrom('household')
    .select(['countyCode', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('countyCode')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  USERS.county.scope = largest.countyCode;
  const deps = { store, config: loadConfig({}), hasher: argon2Hasher(), now: () => new Date() };
  for (const u of [USERS.prefecture, USERS.county]) {
    const existing = await store.db
      .selectFrom('appUser')
      .select(['id', 'scopeCode'])
      .where('username', '=', u.username)
      .executeTakeFirst();
    if (existing && existing.scopeCode !== u.scope) {
      throw new Error(`${u.username} exists with scope ${existing.scopeCode}, expected ${u.scope}`);
    }
    if (existing) continue;
    await createUser(systemContext(deps), {
      username: u.username,
      displayName: `压测${u.label}用户`,
      role: 'county_admin',
      scopeCode: u.scope,
      password: u.password,
    });
  }
}
