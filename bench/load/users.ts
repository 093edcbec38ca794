/**
 * The people of the peak: one village cadre per village (round the county's rural villages when there are more
 * cadres than villages, as villages have several), township officers round its townships, county officers of
 * the county, each created with `createUser` like the demo accounts (`cun`, `xiang`, `xian`) and signed in with
 * a session of their own before the measured window (argon2 is deliberately slow; sign-ins are not the peak).
 */
import type { Role } from '@dixian/core';
import { argon2Hasher } from '@dixian/server/auth/password';
import { loadConfig } from '@dixian/server/config/env';
import type { Store } from '@dixian/server/db/store';
import { systemContext } from '@dixian/server/services/context';
import { createUser } from '@dixian/server/services/user.service';
import { CADRES, COUNTY, COUNTY_OFFICERS, TOWNSHIPS } from './options.js';

export type Kind = 'cadre' | 'township' | 'county';

export interface VirtualUser {
  kind: Kind;
  username: string;
  scopeCode: string;
  /** set by `login` */
  cookie?: string;
  csrf?: string;
}

export const PASSWORD = 'Load#Linjiang2026';
const ROLE: Record<Kind, Role> = { cadre: 'village_cadre', township: 'township_officer', county: 'county_officer' };

/** Rural villages of the county that have households, and their townships, in code order. */
async function areas(store: Store): Promise<{ villages: string[]; townships: string[] }> {
  const rows = await store.db
    .selectFrom('household')
    .select('regionCode')
    .distinct()
    .where('countyCode', '=', COUNTY)
    .orderBy('regionCode')
    .execute();
  const villages = rows.map((r) => r.regionCode);
  const townships = [...new Set(villages.map((v) => v.slice(0, 9)))];
  return { villages, townships };
}

export async function plannedUsers(store: Store): Promise<VirtualUser[]> {
  const { villages, townships } = await areas(store);
  // spread over the county (every k-th village) when there are fewer users than areas, round them otherwise
  const at = (i: number, n: number, of: number) => (n <= of ? Math.floor((i * of) / n) : i % of);
  const make = (kind: Kind, n: number, scopes: string[]) =>
    Array.from({ length: n }, (_, i) => ({
      kind,
      username: `load_${kind}_${i + 1}`,
      scopeCode: scopes[at(i, n, scopes.length)]!,
    }));
  return [
    ...make('cadre', CADRES, villages),
    ...make('township', TOWNSHIPS, townships),
    ...make('county', COUNTY_OFFICERS, [COUNTY]),
  ];
}

/** Create the users that do not exist yet (a kept database keeps them), two at a time (argon2 on 2 cores). */
export async function ensureUsers(store: Store, users: VirtualUser[]): Promise<number> {
  const existing = new Set(
    (await store.db.selectFrom('appUser').select('username').where('username', 'like', 'load\\_%').execute()).map(
      (r) => r.username,
    ),
  );
  const missing = users.filter((u) => !existing.has(u.username));
  const deps = { store, config: loadConfig({}), hasher: argon2Hasher(), now: () => new Date() };
  const ctx = systemContext(deps);
  for (let i = 0; i < missing.length; i += 2) {
    await Promise.all(
      missing.slice(i, i + 2).map((u) =>
        createUser(ctx, {
          username: u.username,
          displayName: `压测 ${u.username}`,
          role: ROLE[u.kind],
          scopeCode: u.scopeCode,
          password: PASSWORD,
        }),
      ),
    );
  }
  return missing.length;
}

/** Sign one user in: the session cookie and the CSRF token every state change must carry. */
async function login(base: string, u: VirtualUser): Promise<void> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: u.username, password: PASSWORD }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login ${u.username}: ${res.status} ${text}`);
  u.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  u.csrf = (JSON.parse(text) as { csrfToken: string }).csrfToken;
}

export async function loginAll(base: string, users: VirtualUser[]): Promise<void> {
  for (let i = 0; i < users.length; i += 4) await Promise.all(users.slice(i, i + 4).map((u) => login(base, u)));
}
