import type { AccessTarget, Action } from '@dixian/core';
import type { HouseholdDetail, UserView } from '@dixian/core/api';
import { createIncome } from '../../src/services/income.service.js';
import { createMember } from '../../src/services/member.service.js';
import { createUser } from '../../src/services/user.service.js';
import { COUNTY, createHouseholdIn, memberInput, TEST_PASSWORD, VILLAGE_A, type Testbed } from './api.js';
import { CASE_ENDPOINTS, PUBLIC_ROUTES } from './endpoints-cases.js';

/**
 * Every guarded endpoint with the action that guards it, for the role × endpoint matrix
 * (test/api/access-matrix.test.ts). Each `prepare` makes a fresh target inside every fixture user's area
 * (village A of township 桦树镇 of 临江市) and returns the request. When you add an endpoint, add it here:
 * the matrix test fails for any route of the OpenAPI document that is not listed.
 */
export interface EndpointCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** the route as Fastify declares it, e.g. '/api/households/:id' */
  route: string;
  action: Action;
  /** where the prepared target lies; absent for lists (their rows are filtered by scope instead) */
  target?: AccessTarget;
  /** status when the role may act */
  ok: number;
  prepare(tb: Testbed): Promise<{ url: string; body?: unknown }>;
}

let seq = 0;
const household = (tb: Testbed): Promise<HouseholdDetail> => createHouseholdIn(tb, VILLAGE_A);
const inVillage: AccessTarget = { regionCode: VILLAGE_A };

async function freshUser(tb: Testbed): Promise<UserView> {
  return createUser(tb.system, {
    username: `matrix${++seq}`,
    displayName: '矩阵测试',
    role: 'village_cadre',
    scopeCode: VILLAGE_A,
    password: TEST_PASSWORD,
  });
}

export const ENDPOINTS: EndpointCase[] = [
  // regions
  {
    method: 'GET',
    route: '/api/regions',
    action: 'region.read',
    ok: 200,
    prepare: async () => ({ url: `/api/regions` }),
  },
  {
    method: 'GET',
    route: '/api/regions/tree',
    action: 'region.read',
    ok: 200,
    prepare: async () => ({ url: '/api/regions/tree' }),
  },
  {
    method: 'GET',
    route: '/api/regions/:code',
    action: 'region.read',
    target: inVillage,
    ok: 200,
    prepare: async () => ({ url: `/api/regions/${VILLAGE_A}` }),
  },
  // households
  {
    method: 'GET',
    route: '/api/households',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: '/api/households?q=王' }),
  },
  {
    method: 'POST',
    route: '/api/households',
    action: 'household.create',
    target: inVillage,
    ok: 201,
    prepare: async () => {
      const n = ++seq;
      return {
        url: '/api/households',
        body: {
          regionCode: VILLAGE_A,
          householdNo: `M${String(n).padStart(6, '0')}`,
          members: [memberInput('head', { seq: 500 + n * 2, birthDate: '1961-01-01' })],
        },
      };
    },
  },
  {
    method: 'GET',
    route: '/api/households/:id',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/households/${(await household(tb)).household.id}` }),
  },
  {
    method: 'GET',
    route: '/api/households/:id/assessment',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/households/${(await household(tb)).household.id}/assessment` }),
  },
  {
    method: 'PATCH',
    route: '/api/households/:id',
    action: 'household.update',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await household(tb);
      return { url: `/api/households/${h.household.id}`, body: { version: h.household.version, address: '二组' } };
    },
  },
  {
    method: 'POST',
    route: '/api/households/:id/unmask',
    action: 'personal_data.unmask',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/households/${(await household(tb)).household.id}/unmask`,
      body: { reason: '入户核实 / home verification' },
    }),
  },
  {
    method: 'POST',
    route: '/api/households/:id/members',
    action: 'member.write',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/households/${(await household(tb)).household.id}/members`,
      body: memberInput('son', { name: '王小明', birthDate: '2001-09-09', seq: 300 + ++seq * 2 }),
    }),
  },
  {
    method: 'PATCH',
    route: '/api/households/:id/members/:memberId',
    action: 'member.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await household(tb);
      const m = h.members.find((x) => x.relation === 'spouse')!;
      return {
        url: `/api/households/${h.household.id}/members/${m.id}`,
        body: { version: m.version, healthStatus: 'chronic_illness' },
      };
    },
  },
  {
    method: 'DELETE',
    route: '/api/households/:id/members/:memberId',
    action: 'member.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await household(tb);
      const m = await createMember(tb.system, h.household.id, {
        name: '王二',
        relation: 'son',
        sex: 'male',
        birthDate: '1999-02-02',
      });
      return { url: `/api/households/${h.household.id}/members/${m.id}?version=${m.version}` };
    },
  },
  {
    method: 'POST',
    route: '/api/households/:id/incomes',
    action: 'income.write',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/households/${(await household(tb)).household.id}/incomes`,
      body: { year: 2023, kind: 'annual', periodStart: '2023-01-01', periodEnd: '2023-12-31', wageFen: 1_200_000 },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/households/:id/incomes/:incomeId',
    action: 'income.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await household(tb);
      const r = await createIncome(tb.system, h.household.id, {
        year: 2023,
        kind: 'annual',
        periodStart: '2023-01-01',
        periodEnd: '2023-12-31',
        wageFen: 100,
        businessGrossFen: 0,
        businessCostFen: 0,
        propertyFen: 0,
        transferFen: 0,
        medicalOutOfPocketFen: 0,
        schoolingExpenseFen: 0,
        disasterLossFen: 0,
        insuranceClaimFen: 0,
      });
      return { url: `/api/households/${h.household.id}/incomes/${r.id}`, body: { wageFen: 200 } };
    },
  },
  {
    method: 'DELETE',
    route: '/api/households/:id/incomes/:incomeId',
    action: 'income.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await household(tb);
      const r = await createIncome(tb.system, h.household.id, {
        year: 2022,
        kind: 'annual',
        periodStart: '2022-01-01',
        periodEnd: '2022-12-31',
        wageFen: 100,
        businessGrossFen: 0,
        businessCostFen: 0,
        propertyFen: 0,
        transferFen: 0,
        medicalOutOfPocketFen: 0,
        schoolingExpenseFen: 0,
        disasterLossFen: 0,
        insuranceClaimFen: 0,
      });
      return { url: `/api/households/${h.household.id}/incomes/${r.id}` };
    },
  },
  // policies
  {
    method: 'GET',
    route: '/api/policies/resolved',
    action: 'policy.read',
    ok: 200,
    prepare: async () => ({ url: `/api/policies/resolved?region=${VILLAGE_A}&date=2024-06-01` }),
  },
  {
    method: 'GET',
    route: '/api/policies',
    action: 'policy.read',
    ok: 200,
    prepare: async () => ({ url: `/api/policies?region=${VILLAGE_A}` }),
  },
  {
    method: 'POST',
    route: '/api/policies',
    action: 'policy.edit',
    target: { regionCode: COUNTY },
    ok: 201,
    prepare: async () => ({
      url: '/api/policies',
      body: {
        regionPrefix: COUNTY,
        year: 2024,
        effectiveFrom: '2024-01-01',
        docNo: '临乡振发〔2024〕1号',
        docTitle: '临江市2024年防返贫监测范围',
        body: { monitoringIncomeLineFen: 730_000 },
      },
    }),
  },
  // users
  { method: 'GET', route: '/api/users', action: 'user.admin', ok: 200, prepare: async () => ({ url: '/api/users' }) },
  {
    method: 'POST',
    route: '/api/users',
    action: 'user.admin',
    target: inVillage,
    ok: 201,
    prepare: async () => ({
      url: '/api/users',
      body: {
        username: `newcadre${++seq}`,
        displayName: '新村干部',
        role: 'village_cadre',
        scopeCode: VILLAGE_A,
        password: 'Xidachuan#2024',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/users/:id',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/users/${(await freshUser(tb)).id}` }),
  },
  {
    method: 'PATCH',
    route: '/api/users/:id',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const u = await freshUser(tb);
      return { url: `/api/users/${u.id}`, body: { version: u.version, displayName: '改名' } };
    },
  },
  {
    method: 'POST',
    route: '/api/users/:id/password',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/users/${(await freshUser(tb)).id}/password`,
      body: { password: 'Temporary#2024' },
    }),
  },
  // audit
  { method: 'GET', route: '/api/audit', action: 'audit.read', ok: 200, prepare: async () => ({ url: '/api/audit' }) },
  {
    method: 'POST',
    route: '/api/audit/verify',
    action: 'audit.verify',
    ok: 200,
    prepare: async () => ({ url: '/api/audit/verify' }),
  },
  // dashboard and the lists behind its figures
  {
    method: 'GET',
    route: '/api/stats/overview',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: '/api/stats/overview' }),
  },
  {
    method: 'GET',
    route: '/api/deadlines',
    action: 'case.read',
    ok: 200,
    prepare: async () => ({ url: '/api/deadlines?status=overdue' }),
  },
  {
    method: 'GET',
    route: '/api/warnings',
    action: 'warning.read',
    ok: 200,
    prepare: async () => ({ url: '/api/warnings?status=to_verify' }),
  },
  // leads, cases, plans, visits
  ...CASE_ENDPOINTS,
];

/** Routes outside the matrix: open to every signed-in user (or to anyone), guarded by the session alone. */
export const UNGUARDED_ROUTES = [
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/password',
  ...PUBLIC_ROUTES,
];
