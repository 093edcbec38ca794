import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chinaDate, makeIdNumber, type AccessTarget, type Action } from '@dixian/core';
import iconv from 'iconv-lite';
import type { HouseholdDetail, UserView } from '@dixian/core/api';
import { applyAssistance } from '../../src/services/assistance-apply.service.js';
import { decideAssistance } from '../../src/services/assistance-decision.service.js';
import { addToIntegrityList } from '../../src/services/integrity.service.js';
import { preparePayroll } from '../../src/services/payroll-prepare.service.js';
import { approvePayroll } from '../../src/services/payroll-steps.service.js';
import { requestChange } from '../../src/services/change-request.service.js';
import { importFeed } from '../../src/services/feed.service.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { openCampaign } from '../../src/services/campaign.service.js';
import { recordDisaster } from '../../src/services/disaster.service.js';
import { createIncome } from '../../src/services/income.service.js';
import { createLedgerItem } from '../../src/services/ledger.service.js';
import { openReportPeriod } from '../../src/services/halfmonth.service.js';
import { generateMonthlyTasks } from '../../src/services/rhythm.service.js';
import type { ScreeningRunRecord } from '../../src/screening/runs.js';
import { runScreening } from '../../src/services/screening.service.js';
import { settleScreeningRuns } from '../../src/services/screening-views.service.js';
import { createMember } from '../../src/services/member.service.js';
import { createUser } from '../../src/services/user.service.js';
import {
  annualIncome,
  COUNTY,
  createHouseholdIn,
  login,
  memberInput,
  OTHER_TOWNSHIP_VILLAGE,
  TEST_PASSWORD,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type FixtureUser,
  type Testbed,
} from './api.js';
import { CASE_ENDPOINTS, PUBLIC_ROUTES } from './endpoints-cases.js';
import { SCENARIO_ENDPOINTS } from './endpoints-scenarios.js';
import { registerRows, registryFile } from './registry-file.js';

/**
 * Every guarded endpoint with the action that guards it, for the role × endpoint matrix
 * (test/api/access-matrix.test.ts). Each `prepare` makes a fresh target inside every fixture user's area
 * (village A of township 桦树镇 of 临江市) and returns the request. When you add an endpoint, add it here:
 * the matrix test fails for any route of the OpenAPI document that is not listed.
 */
export interface EndpointCase {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** the route as Fastify declares it, e.g. '/api/households/:id' */
  route: string;
  action: Action;
  /** where the prepared target lies; absent for lists (their rows are filtered by scope instead) */
  target?: AccessTarget;
  /** status when the role may act */
  ok: number;
  /**
   * the request; `headers` for a raw body (a file upload: a Buffer with its content type). `as` is the fixture user
   * who sends it, for targets that belong to one user (their own messages).
   */
  prepare(tb: Testbed, as: FixtureUser): Promise<{ url: string; body?: unknown; headers?: Record<string, string> }>;
}

let seq = 0;
const household = (tb: Testbed): Promise<HouseholdDetail> => createHouseholdIn(tb, VILLAGE_A);
const inVillage: AccessTarget = { regionCode: VILLAGE_A };

/** each open of a rectification campaign takes a year not used before (one per county and year) */
let rectificationYear = 2030;

let rhythmMonth = 0;
/** An undone 排 task of village A: each call makes the tasks of a month not used before. */
async function freshRhythmTask(tb: Testbed): Promise<string> {
  const month = `${2030 + Math.floor(rhythmMonth / 12)}-${String((rhythmMonth % 12) + 1).padStart(2, '0')}`;
  rhythmMonth++;
  await generateMonthlyTasks(tb.store, COUNTY, `${month}-01`, tb.clock.now());
  const row = await tb.store.db
    .selectFrom('rhythmTask')
    .select('id')
    .where('regionCode', '=', VILLAGE_A)
    .where('month', '=', month)
    .where('step', '=', 'screen')
    .executeTakeFirstOrThrow();
  return row.id;
}

let messageSeq = 0;
/** An unread message of the fixture user `as` (as the reminders job writes them). */
async function freshMessage(tb: Testbed, as: FixtureUser): Promise<string> {
  const n = messageSeq++;
  const row = await tb.store.db
    .insertInto('message')
    .values({
      userId: tb.users[as].id,
      countyCode: COUNTY,
      kind: 'remind',
      itemKind: 'verification',
      itemRef: `matrix-${n}`,
      regionCode: VILLAGE_A,
      dueOn: '2024-06-05',
      title: '【到期提醒】入户核实 · 2天后到期',
      body: '入户核实 · 到期日 2024-06-05',
      linkList: 'deadlines',
      linkQuery: JSON.stringify({ kind: 'verification', status: 'due' }),
      dedupeKey: `matrix-${n}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A temporary-assistance application of a fresh household of village A (within the township's limit). */
function reliefApplication(householdId: string) {
  return {
    kind: 'temp_relief' as const,
    integrityPledge: true as const,
    householdId,
    reliefKind: 'emergency' as const,
    appliedOn: '2024-06-01',
    cause: '突发重病',
    amountFen: 50_000,
    reliefFirst: false,
  };
}

/** A 失信 record of a fresh household of village A, with money to be returned. */
async function integrityRecord(tb: Testbed) {
  return addToIntegrityList(tb.system, {
    householdId: (await household(tb)).household.id,
    kind: 'concealment',
    reason: '隐瞒务工收入申请低保',
    decidedOn: '2024-06-01',
    recoveryFen: 100_000,
    stopAssistance: true,
  });
}

/** A move of a household of village A to village B (the same township). */
function moveRequest(householdId: string) {
  return { kind: 'move' as const, householdId, targetRegionCode: VILLAGE_B, note: '全家搬迁' };
}

/** A pending move of a household (default: a fresh one of village A), asked for by the system actor (so any user
 * may decide it). */
export async function pendingMove(tb: Testbed, householdId?: string) {
  return requestChange(tb.system, moveRequest(householdId ?? (await household(tb)).household.id));
}

async function relief(tb: Testbed) {
  return applyAssistance(tb.system, reliefApplication((await household(tb)).household.id));
}

/** An approved 低保 case of a fresh household of village A. */
async function approvedDibao(tb: Testbed) {
  const h = await household(tb);
  const c = await applyAssistance(tb.system, {
    kind: 'dibao',
    integrityPledge: true as const,
    householdId: h.household.id,
    classification: 'dibao',
    deductionClaims: [],
    appliedOn: '2024-05-01',
    cause: '收入低于低保标准',
    insuredMemberIds: h.members.map((m) => m.id),
    perCapitaIncomeFen: 300_000,
  });
  return decideAssistance(tb.system, c.id, { version: c.version, decision: 'approve', decidedOn: '2024-05-20' });
}

let parked = 0;

/**
 * Move the township's payroll of a month out of the way (to a month long past, keeping its id, status and
 * version), so a month can be prepared afresh while requests prepared earlier still find their payroll.
 */
export async function parkPayroll(tb: Testbed, month: string): Promise<void> {
  const n = parked++;
  await tb.store.db
    .updateTable('payroll')
    .set({ month: `${1990 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}` })
    .where('regionCode', '=', TOWNSHIP)
    .where('month', '=', month)
    .execute();
}

/** A fresh draft payroll of township 桦树镇 for June with at least one line (a new approved 低保 of village A). */
export async function freshPayroll(tb: Testbed, withCase = true) {
  if (withCase) await approvedDibao(tb);
  await parkPayroll(tb, '2024-06');
  return preparePayroll(tb.system, { month: '2024-06', region: TOWNSHIP });
}

const villageRuns = new WeakMap<Testbed, Promise<[ScreeningRunRecord, ScreeningRunRecord]>>();

/**
 * Two finished screening runs of village A, by the system, made once per test bed: reading a run changes nothing,
 * and a run per request would make the matrix slow.
 */
function villageRunPair(tb: Testbed): Promise<[ScreeningRunRecord, ScreeningRunRecord]> {
  let pair = villageRuns.get(tb);
  if (!pair) {
    const run = () =>
      runScreening(tb.store, SYSTEM_ACTOR, { scopeCode: VILLAGE_A, asOf: '2024-06-03' }, { now: tb.clock.now });
    pair = run().then(async (a) => [a, await run()]);
    villageRuns.set(tb, pair);
  }
  return pair;
}
const villageRun = async (tb: Testbed) => (await villageRunPair(tb))[1];

/** A suspected issue in village A, written as the system. */
function ledgerItem(tb: Testbed) {
  return createLedgerItem(tb.system, {
    ledger: 'suspected_issue',
    area: 'visits_and_screening',
    regionCode: VILLAGE_A,
    title: '走访逾期',
  });
}

async function freshUser(tb: Testbed): Promise<UserView> {
  return createUser(tb.system, {
    username: `matrix${++seq}`,
    displayName: '矩阵测试',
    role: 'village_cadre',
    scopeCode: VILLAGE_A,
    password: TEST_PASSWORD,
  });
}

/** A 医保 CSV (GBK) naming one unregistered person: every call a new file, so every import is a new batch. */
function medicalCsv(): Buffer {
  const id = makeIdNumber(COUNTY, '1991-02-03', ++seq, 'male');
  return iconv.encode(`身份证号码,姓名,结算日期,个人自付费用\r\n${id},路人${seq},2024-05-08,"25,000.00"\r\n`, 'gbk');
}

const feedTarget: AccessTarget = { regionCode: COUNTY, department: 'medical_insurance' };
const feedBatches = new WeakMap<Testbed, Promise<string>>();

/** A 医保 warning of a fresh household of village A, not verified yet. */
async function freshWarning(tb: Testbed): Promise<string> {
  const h = await household(tb);
  const w = await tb.store.db
    .insertInto('departmentWarning')
    .values({
      department: 'medical_insurance',
      countyCode: COUNTY,
      regionCode: VILLAGE_A,
      householdId: h.household.id,
      signalType: 'medical_out_of_pocket',
      dedupeKey: `matrix-warning-${h.household.id}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return w.id;
}

/** One 医保 batch of the county per test bed, imported by the system. */
export function feedBatch(tb: Testbed): Promise<string> {
  let b = feedBatches.get(tb);
  if (!b) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-matrix-'));
    const file = path.join(dir, 'medical.csv');
    fs.writeFileSync(file, medicalCsv());
    b = importFeed(tb.system, { department: 'medical_insurance', file, countyCode: COUNTY }).then((r) => {
      fs.rmSync(dir, { recursive: true, force: true });
      return r.batch.id;
    });
    feedBatches.set(tb, b);
  }
  return b;
}

/** A new 医保 batch of the county, imported by the system. */
async function freshFeedBatch(tb: Testbed): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-matrix-'));
  try {
    const file = path.join(dir, 'medical.csv');
    fs.writeFileSync(file, medicalCsv());
    return (await importFeed(tb.system, { department: 'medical_insurance', file, countyCode: COUNTY })).batch.id;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let registrySeq = 0;
/**
 * A small register file (one household of village B, numbered afresh), with the members' ID header as given. Not
 * village A: the disaster recorded there (below) takes in its households, and an import cannot be undone once
 * something else refers to the households it made.
 */
async function registryUpload(idHeader = '身份证号') {
  const r = registerRows(VILLAGE_B, 1, `RM${++registrySeq}-`);
  return registryFile({
    households: r.households,
    members: { headers: ['户编号', '姓名', idHeader, '与户主关系', '健康状况'], rows: r.members },
    incomes: r.incomes,
  });
}

/** A register import batch staged by the township officer (its area holds every allowed user's), committed when asked. */
export async function registryBatch(tb: Testbed, commit = false): Promise<string> {
  const township = await tb.as('township');
  const res = await township.request<{ id: string }>(
    'POST',
    `/api/registry/imports?fileName=${encodeURIComponent('档案.xlsx')}`,
    await registryUpload('户主身份证'),
    { headers: { 'content-type': 'application/octet-stream' } },
  );
  const id = res.body.id;
  if (commit) {
    await township.post(`/api/registry/imports/${id}/mapping`, {
      mappings: [{ sheet: 'members', header: '户主身份证', field: 'idNumber' }],
    });
    const done = await township.post(`/api/registry/imports/${id}/commit`, {});
    if (done.status !== 200) throw new Error(`registry commit: ${done.status} ${JSON.stringify(done.body)}`);
  }
  return id;
}
const townshipTarget: AccessTarget = { regionCode: TOWNSHIP };

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
    method: 'GET',
    route: '/api/households/:id/fact-changes',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/households/${(await household(tb)).household.id}/fact-changes` }),
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
    method: 'POST',
    route: '/api/households/:id/members/:memberId/leave',
    action: 'member.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await createHouseholdIn(tb, VILLAGE_A);
      const spouse = h.members.find((m) => m.relation === 'spouse')!;
      return {
        url: `/api/households/${h.household.id}/members/${spouse.id}/leave`,
        body: { version: spouse.version, leftOn: '2024-05-01', reason: 'moved_out' },
      };
    },
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
      const r = await createIncome(tb.system, h.household.id, annualIncome(2023, 100));
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
      const r = await createIncome(tb.system, h.household.id, annualIncome(2022, 100));
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
  {
    method: 'POST',
    route: '/api/users/:id/unlock',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/users/${(await freshUser(tb)).id}/unlock` }),
  },
  {
    method: 'GET',
    route: '/api/users/:id/sessions',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/users/${(await freshUser(tb)).id}/sessions` }),
  },
  {
    method: 'DELETE',
    route: '/api/users/:id/sessions/:sessionId',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const u = await freshUser(tb);
      await login(tb.app, u.username, TEST_PASSWORD);
      const handle = (
        await tb.store.db
          .selectFrom('userSession')
          .select('tokenHash')
          .where('userId', '=', u.id)
          .executeTakeFirstOrThrow()
      ).tokenHash.slice(0, 16);
      return { url: `/api/users/${u.id}/sessions/${handle}` };
    },
  },
  {
    method: 'POST',
    route: '/api/users/:id/second-factor/reset',
    action: 'user.admin',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/users/${(await freshUser(tb)).id}/second-factor/reset` }),
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
  { method: 'GET', route: '/api/inbox', action: 'region.read', ok: 200, prepare: async () => ({ url: '/api/inbox' }) },
  // one's own reminders and escalations (issue 15 §4)
  {
    method: 'GET',
    route: '/api/messages',
    action: 'message.read',
    ok: 200,
    prepare: async () => ({ url: '/api/messages?unread=true' }),
  },
  {
    method: 'POST',
    route: '/api/messages/:id/read',
    action: 'message.read',
    ok: 200,
    prepare: async (tb, as) => ({ url: `/api/messages/${await freshMessage(tb, as)}/read` }),
  },
  {
    method: 'POST',
    route: '/api/messages/read-all',
    action: 'message.read',
    ok: 200,
    prepare: async (tb, as) => {
      await freshMessage(tb, as);
      return { url: '/api/messages/read-all' };
    },
  },
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
  // the monthly seven steps (S0 plan two 五) and the half-monthly lists (S1 §四(二))
  {
    method: 'GET',
    route: '/api/rhythm/tasks',
    action: 'rhythm.read',
    ok: 200,
    prepare: async () => ({ url: '/api/rhythm/tasks?month=2024-06' }),
  },
  {
    method: 'POST',
    route: '/api/rhythm/tasks/:id/complete',
    action: 'rhythm.complete',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/rhythm/tasks/${await freshRhythmTask(tb)}/complete`, body: {} }),
  },
  {
    method: 'GET',
    route: '/api/halfmonth',
    action: 'halfmonth.read',
    ok: 200,
    prepare: async () => ({ url: '/api/halfmonth' }),
  },
  {
    method: 'POST',
    route: '/api/halfmonth/reports',
    action: 'halfmonth.report',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      await openReportPeriod(tb.store, COUNTY, chinaDate(tb.clock.now()), tb.clock.now());
      return { url: '/api/halfmonth/reports', body: { regionCode: VILLAGE_A, householdIds: [] } };
    },
  },
  // the three ledgers (S3 §五)
  {
    method: 'GET',
    route: '/api/ledgers',
    action: 'ledger.read',
    ok: 200,
    prepare: async () => ({ url: '/api/ledgers?status=open' }),
  },
  {
    method: 'POST',
    route: '/api/ledgers',
    action: 'ledger.write',
    target: inVillage,
    ok: 201,
    prepare: async () => ({
      url: '/api/ledgers',
      body: { ledger: 'suspected_issue', area: 'inclusion', regionCode: VILLAGE_A, title: '疑似应纳未纳' },
    }),
  },
  {
    method: 'POST',
    route: '/api/ledgers/from-screening',
    action: 'ledger.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const run = await runScreening(
        tb.store,
        SYSTEM_ACTOR,
        { scopeCode: VILLAGE_A, asOf: '2024-06-03' },
        { now: tb.clock.now },
      );
      return { url: '/api/ledgers/from-screening', body: { runId: run.id } };
    },
  },
  {
    method: 'GET',
    route: '/api/supervision/data-quality',
    action: 'ledger.read',
    ok: 200,
    prepare: async () => ({ url: '/api/supervision/data-quality' }),
  },
  {
    method: 'GET',
    route: '/api/supervision/data-quality/households',
    action: 'ledger.read',
    ok: 200,
    prepare: async () => ({ url: '/api/supervision/data-quality/households?rule=S3.3.8.no_income_record' }),
  },
  {
    method: 'POST',
    route: '/api/ledgers/from-data-quality',
    action: 'ledger.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      await household(tb);
      return {
        url: '/api/ledgers/from-data-quality',
        body: { region: VILLAGE_A, ruleIds: ['S3.3.8.no_income_record'] },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/supervision/favouritism/check',
    action: 'ledger.write',
    target: inVillage,
    ok: 200,
    prepare: async () => ({ url: '/api/supervision/favouritism/check', body: { region: VILLAGE_A } }),
  },
  {
    method: 'GET',
    route: '/api/ledgers/:id',
    action: 'ledger.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/ledgers/${(await ledgerItem(tb)).id}` }),
  },
  {
    method: 'PATCH',
    route: '/api/ledgers/:id',
    action: 'ledger.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const item = await ledgerItem(tb);
      return { url: `/api/ledgers/${item.id}`, body: { version: item.version, deadline: '2024-07-01' } };
    },
  },
  {
    method: 'POST',
    route: '/api/ledgers/:id/actions',
    action: 'ledger.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const item = await ledgerItem(tb);
      return {
        url: `/api/ledgers/${item.id}/actions`,
        body: {
          action: 'start',
          version: item.version,
          plan: '限期整改',
          ownerId: tb.users.township.id,
          deadline: '2024-06-30',
        },
      };
    },
  },
  // the eight inspection points (S3 §三), publicity records (S3 §三(一)) and bulk raising (issue 17 §1, §4)
  {
    method: 'GET',
    route: '/api/supervision/eight-points',
    action: 'supervision.read',
    ok: 200,
    prepare: async () => ({ url: '/api/supervision/eight-points' }),
  },
  {
    method: 'GET',
    route: '/api/supervision/eight-points/:point/households',
    action: 'supervision.read',
    ok: 200,
    prepare: async () => ({ url: '/api/supervision/eight-points/visits/households' }),
  },
  {
    method: 'GET',
    route: '/api/reports/:period',
    action: 'report.read',
    ok: 200,
    prepare: async () => ({ url: '/api/reports/2024-05' }),
  },
  {
    method: 'GET',
    route: '/api/reports/:period/export.xlsx',
    action: 'report.read',
    ok: 200,
    prepare: async () => ({ url: '/api/reports/2024-05/export.xlsx' }),
  },
  {
    method: 'GET',
    route: '/api/reports/:period/report.pdf',
    action: 'report.read',
    ok: 200,
    prepare: async () => ({ url: '/api/reports/2024/report.pdf' }),
  },
  {
    method: 'POST',
    route: '/api/supervision/eight-points/:point/raise',
    action: 'ledger.write',
    ok: 200,
    prepare: async (tb) => {
      await household(tb);
      return {
        url: '/api/supervision/eight-points/publicity/raise',
        body: { region: VILLAGE_A, deadline: '2024-06-30', ownerId: tb.users.township.id },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/supervision/eight-points/tasks',
    action: 'ledger.write',
    ok: 200,
    prepare: async (tb) => {
      await household(tb);
      return {
        url: '/api/supervision/eight-points/tasks',
        body: { region: TOWNSHIP, deadline: '2024-06-30', ownerId: tb.users.township.id },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/deadlines/raise',
    action: 'ledger.write',
    ok: 200,
    prepare: async (tb) => ({
      url: '/api/deadlines/raise',
      body: { kind: 'visit', region: VILLAGE_A, deadline: '2024-06-30', ownerId: tb.users.township.id },
    }),
  },
  {
    method: 'GET',
    route: '/api/rectification-campaigns',
    action: 'ledger.read',
    ok: 200,
    prepare: async () => ({ url: '/api/rectification-campaigns?year=2024' }),
  },
  {
    method: 'POST',
    route: '/api/rectification-campaigns',
    action: 'campaign.manage',
    ok: 201,
    prepare: async () => ({
      url: '/api/rectification-campaigns',
      body: { year: ++rectificationYear, opensOn: `${rectificationYear}-04-01` },
    }),
  },
  {
    method: 'GET',
    route: '/api/supervision/responsible',
    action: 'ledger.write',
    ok: 200,
    prepare: async () => ({ url: `/api/supervision/responsible?region=${VILLAGE_A}` }),
  },
  {
    method: 'GET',
    route: '/api/publicity/deliveries',
    action: 'publicity.read',
    ok: 200,
    prepare: async () => ({ url: '/api/publicity/deliveries' }),
  },
  {
    method: 'POST',
    route: '/api/publicity/deliveries',
    action: 'publicity.write',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: '/api/publicity/deliveries',
      body: {
        householdId: (await household(tb)).household.id,
        leaflet: 'application',
        deliveredOn: '2024-05-01',
        deliveredBy: '张平',
        photoRef: 'IMG-0001',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/publicity/surveys',
    action: 'publicity.read',
    ok: 200,
    prepare: async () => ({ url: '/api/publicity/surveys' }),
  },
  {
    method: 'POST',
    route: '/api/publicity/surveys',
    action: 'publicity.write',
    target: inVillage,
    ok: 201,
    prepare: async () => ({
      url: '/api/publicity/surveys',
      body: {
        regionCode: VILLAGE_A,
        surveyedOn: '2024-05-15',
        respondents: 30,
        aware: 29,
        conductedBy: '镇乡村振兴办',
      },
    }),
  },
  // screening (issue 5 §3): running is the county's; reading runs and findings is reading households
  {
    method: 'POST',
    route: '/api/screening/runs',
    action: 'screening.run',
    // village B: the county's roles may screen it, and it stays small (village A grows with every prepare)
    target: { regionCode: VILLAGE_B },
    ok: 202,
    prepare: async () => {
      // a run of the same area still under way would answer 409
      await settleScreeningRuns();
      return { url: '/api/screening/runs', body: { scopeCode: VILLAGE_B, asOf: '2024-06-03' } };
    },
  },
  {
    method: 'GET',
    route: '/api/screening/runs',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: '/api/screening/runs' }),
  },
  ...(
    [
      ['/api/screening/runs/:id', ''],
      ['/api/screening/runs/:id/results', '/results?finding=visit_overdue'],
      ['/api/screening/runs/:id/results/export.xlsx', '/results/export.xlsx'],
    ] as const
  ).map(([route, suffix]): EndpointCase => ({
    method: 'GET',
    route,
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/screening/runs/${(await villageRun(tb)).id}${suffix}` }),
  })),
  {
    method: 'GET',
    route: '/api/screening/compare',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const [a, b] = await villageRunPair(tb);
      return { url: `/api/screening/compare?from=${a.id}&to=${b.id}` };
    },
  },
  {
    method: 'GET',
    route: '/api/households/:id/screening',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/households/${(await household(tb)).household.id}/screening` }),
  },
  // the village public notice
  {
    method: 'GET',
    route: '/api/notices',
    action: 'case.read',
    target: inVillage,
    ok: 200,
    prepare: async () => ({ url: `/api/notices?region=${VILLAGE_A}` }),
  },
  // changes that need approval (issue 14 §3)
  {
    method: 'GET',
    route: '/api/change-requests',
    action: 'change.request',
    ok: 200,
    prepare: async () => ({ url: '/api/change-requests?status=pending' }),
  },
  {
    method: 'POST',
    route: '/api/change-requests',
    action: 'change.request',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({ url: '/api/change-requests', body: moveRequest((await household(tb)).household.id) }),
  },
  {
    method: 'GET',
    route: '/api/change-requests/:id',
    action: 'change.request',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/change-requests/${(await pendingMove(tb)).id}` }),
  },
  {
    method: 'POST',
    route: '/api/change-requests/:id/approve',
    action: 'change.decide',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await pendingMove(tb);
      return { url: `/api/change-requests/${c.id}/approve`, body: { version: c.version } };
    },
  },
  {
    method: 'POST',
    route: '/api/change-requests/:id/refuse',
    action: 'change.decide',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await pendingMove(tb);
      return { url: `/api/change-requests/${c.id}/refuse`, body: { version: c.version, reason: '材料不全' } };
    },
  },
  {
    method: 'POST',
    route: '/api/change-requests/:id/withdraw',
    action: 'change.request',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await pendingMove(tb);
      return { url: `/api/change-requests/${c.id}/withdraw`, body: { version: c.version } };
    },
  },
  // social assistance (S2)
  {
    method: 'GET',
    route: '/api/assistance',
    action: 'assistance.read',
    ok: 200,
    prepare: async () => ({ url: '/api/assistance?kind=temp_relief' }),
  },
  {
    method: 'POST',
    route: '/api/assistance',
    action: 'assistance.apply',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({ url: '/api/assistance', body: reliefApplication((await household(tb)).household.id) }),
  },
  // the 失信 list (S0 plan one 三; S2 §二(三)12)
  {
    method: 'GET',
    route: '/api/integrity',
    action: 'integrity.read',
    ok: 200,
    prepare: async () => ({ url: '/api/integrity' }),
  },
  {
    method: 'POST',
    route: '/api/integrity',
    action: 'integrity.manage',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: '/api/integrity',
      body: {
        householdId: (await household(tb)).household.id,
        kind: 'refused_support',
        reason: '有赡养能力不履行赡养义务',
        decidedOn: '2024-06-01',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/integrity/:id',
    action: 'integrity.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/integrity/${(await integrityRecord(tb)).id}` }),
  },
  {
    method: 'POST',
    route: '/api/integrity/:id/recovered',
    action: 'integrity.manage',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/integrity/${(await integrityRecord(tb)).id}/recovered`,
      body: { version: 1, amountFen: 10_000 },
    }),
  },
  {
    method: 'POST',
    route: '/api/integrity/:id/remove',
    action: 'integrity.manage',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/integrity/${(await integrityRecord(tb)).id}/remove`,
      body: { version: 1, removedOn: '2024-06-02', reason: '已全额退回,信用修复' },
    }),
  },
  // the monthly payroll (issue 16 §6): the township prepares, the county approves and reconciles
  {
    method: 'GET',
    route: '/api/payrolls',
    action: 'payroll.read',
    ok: 200,
    prepare: async () => ({ url: '/api/payrolls' }),
  },
  {
    method: 'POST',
    route: '/api/payrolls',
    action: 'payroll.prepare',
    target: { regionCode: TOWNSHIP },
    ok: 201,
    prepare: async (tb) => {
      await parkPayroll(tb, '2024-05');
      return { url: '/api/payrolls', body: { month: '2024-05', region: TOWNSHIP } };
    },
  },
  {
    method: 'GET',
    route: '/api/payrolls/reconciliation',
    action: 'payroll.read',
    ok: 200,
    prepare: async () => ({ url: '/api/payrolls/reconciliation?month=2024-06' }),
  },
  {
    method: 'GET',
    route: '/api/payrolls/:id',
    action: 'payroll.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/payrolls/${(await freshPayroll(tb)).id}` }),
  },
  {
    method: 'GET',
    route: '/api/payrolls/:id/export.xlsx',
    action: 'payroll.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/payrolls/${(await freshPayroll(tb)).id}/export.xlsx` }),
  },
  {
    method: 'POST',
    route: '/api/payrolls/:id/lines/:lineId/stop',
    action: 'payroll.prepare',
    target: { regionCode: TOWNSHIP },
    ok: 200,
    prepare: async (tb) => {
      const p = await freshPayroll(tb);
      return {
        url: `/api/payrolls/${p.id}/lines/${p.lines.find((l) => l.status === 'included')!.id}/stop`,
        body: { version: p.version, reason: '领款人待核实' },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/payrolls/:id/approve',
    action: 'payroll.approve',
    target: { regionCode: TOWNSHIP },
    ok: 200,
    prepare: async (tb) => {
      const p = await freshPayroll(tb);
      return { url: `/api/payrolls/${p.id}/approve`, body: { version: p.version } };
    },
  },
  {
    method: 'POST',
    route: '/api/payrolls/:id/paid',
    action: 'payroll.approve',
    target: { regionCode: TOWNSHIP },
    ok: 200,
    prepare: async (tb) => {
      const p = await freshPayroll(tb);
      const a = await approvePayroll(tb.system, p.id, { version: p.version });
      return { url: `/api/payrolls/${p.id}/paid`, body: { version: a.version, paidOn: '2024-06-03' } };
    },
  },
  {
    method: 'POST',
    route: '/api/assistance/:id/payment-account',
    action: 'assistance.decide',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await approvedDibao(tb);
      return {
        url: `/api/assistance/${c.id}/payment-account`,
        body: { version: c.version, payMethod: 'yikatong', accountNo: '6217000012345678' },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/assistance/income-assessment',
    action: 'assistance.apply',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({
      url: '/api/assistance/income-assessment',
      body: { householdId: (await household(tb)).household.id, asOf: '2024-06-03' },
    }),
  },
  {
    method: 'GET',
    route: '/api/assistance/temp-relief-ledger',
    action: 'assistance.read',
    ok: 200,
    prepare: async () => ({ url: '/api/assistance/temp-relief-ledger?from=2024-01-01&to=2024-06-30' }),
  },
  {
    method: 'GET',
    route: '/api/assistance/:id',
    action: 'assistance.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/assistance/${(await relief(tb)).id}` }),
  },
  {
    method: 'POST',
    route: '/api/assistance/:id/decision',
    action: 'assistance.decide',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await relief(tb);
      return {
        url: `/api/assistance/${c.id}/decision`,
        body: { version: c.version, decision: 'approve', decidedOn: '2024-06-03' },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/assistance/:id/grace',
    action: 'assistance.decide',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await approvedDibao(tb);
      return {
        url: `/api/assistance/${c.id}/grace`,
        body: { version: c.version, perCapitaIncomeFen: 800_000, assessedOn: '2024-06-03' },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/assistance/:id/end',
    action: 'assistance.decide',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const c = await approvedDibao(tb);
      return {
        url: `/api/assistance/${c.id}/end`,
        body: { version: c.version, endedOn: '2024-06-03', reason: 'no_longer_eligible' },
      };
    },
  },
  {
    method: 'POST',
    route: '/api/assistance/:id/satisfaction',
    action: 'assistance.apply',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const applied = await relief(tb);
      const c = await decideAssistance(tb.system, applied.id, {
        version: applied.version,
        decision: 'approve',
        decidedOn: '2024-06-03',
      });
      return { url: `/api/assistance/${c.id}/satisfaction`, body: { version: c.version, satisfaction: 'satisfied' } };
    },
  },
  // Excel exports: each with its list's read action
  ...(
    [
      ['/api/households/export.xlsx', 'household.read', '?status=monitoring_unresolved'],
      ['/api/leads/export.xlsx', 'lead.read', ''],
      ['/api/cases/export.xlsx', 'case.read', ''],
      ['/api/visits/due/export.xlsx', 'household.read', ''],
      ['/api/deadlines/export.xlsx', 'case.read', '?status=overdue'],
      ['/api/warnings/export.xlsx', 'warning.read', ''],
      ['/api/ledgers/export.xlsx', 'ledger.read', ''],
      ['/api/assistance/export.xlsx', 'assistance.read', '?kind=temp_relief'],
      ['/api/change-requests/export.xlsx', 'change.request', '?status=pending'],
    ] as const
  ).map(([route, action, query]): EndpointCase => ({
    method: 'GET',
    route,
    action,
    ok: 200,
    prepare: async () => ({ url: `${route}${query}` }),
  })),
  {
    method: 'GET',
    route: '/api/notices/export.xlsx',
    action: 'case.read',
    target: inVillage,
    ok: 200,
    prepare: async () => ({ url: `/api/notices/export.xlsx?region=${VILLAGE_A}` }),
  },
  // department feeds: county records (a township or village user is refused; a department officer: own dept.)
  {
    method: 'POST',
    route: '/api/feeds',
    action: 'feed.upload',
    target: feedTarget,
    ok: 200,
    prepare: async () => ({
      url: `/api/feeds?department=medical_insurance&fileName=${encodeURIComponent('医保名单.csv')}`,
      body: medicalCsv(),
      headers: { 'content-type': 'application/octet-stream' },
    }),
  },
  {
    method: 'GET',
    route: '/api/feeds',
    action: 'warning.read',
    target: feedTarget,
    ok: 200,
    prepare: async () => ({ url: '/api/feeds' }),
  },
  {
    method: 'GET',
    route: '/api/feeds/templates/:department.xlsx',
    action: 'feed.upload',
    target: feedTarget,
    ok: 200,
    prepare: async () => ({ url: '/api/feeds/templates/medical_insurance.xlsx' }),
  },
  ...(['', '/rows', '/report.xlsx'] as const).map((suffix): EndpointCase => ({
    method: 'GET',
    route: `/api/feeds/:id${suffix}`,
    action: 'warning.read',
    target: feedTarget,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/feeds/${await feedBatch(tb)}${suffix}` }),
  })),
  {
    // a fresh batch each time: an undone batch cannot be undone again
    method: 'POST',
    route: '/api/feeds/:id/undo',
    action: 'feed.upload',
    target: feedTarget,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/feeds/${await freshFeedBatch(tb)}/undo`, body: {} }),
  },
  // department warnings, closed loop (issue 15 §5)
  {
    method: 'POST',
    route: '/api/warnings/:id/verify',
    action: 'warning.verify',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/warnings/${await freshWarning(tb)}/verify`,
      body: { result: 'no_risk', reason: '入户核实无风险', version: 1 },
    }),
  },
  {
    method: 'GET',
    route: '/api/exchanges',
    action: 'warning.read',
    target: feedTarget,
    ok: 200,
    prepare: async () => ({ url: '/api/exchanges' }),
  },
  {
    method: 'POST',
    route: '/api/exchanges/zero-reports',
    action: 'feed.upload',
    target: feedTarget,
    ok: 200,
    prepare: async () => ({ url: '/api/exchanges/zero-reports', body: { department: 'medical_insurance' } }),
  },
  // register import and export (issue 14 §4)
  {
    method: 'GET',
    route: '/api/registry/template.xlsx',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: '/api/registry/template.xlsx' }),
  },
  {
    method: 'GET',
    route: '/api/registry/export.xlsx',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: `/api/registry/export.xlsx?region=${VILLAGE_A}` }),
  },
  {
    method: 'POST',
    route: '/api/registry/imports',
    action: 'registry.import',
    ok: 200,
    prepare: async () => ({
      url: `/api/registry/imports?fileName=${encodeURIComponent('农户档案.xlsx')}`,
      body: await registryUpload(),
      headers: { 'content-type': 'application/octet-stream' },
    }),
  },
  {
    method: 'GET',
    route: '/api/registry/imports',
    action: 'registry.import',
    ok: 200,
    prepare: async () => ({ url: '/api/registry/imports' }),
  },
  {
    method: 'GET',
    route: '/api/registry/imports/:id',
    action: 'registry.import',
    target: townshipTarget,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/registry/imports/${await registryBatch(tb)}` }),
  },
  {
    method: 'POST',
    route: '/api/registry/imports/:id/mapping',
    action: 'registry.import',
    target: townshipTarget,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/registry/imports/${await registryBatch(tb)}/mapping`,
      body: { mappings: [{ sheet: 'members', header: '户主身份证', field: 'idNumber' }] },
    }),
  },
  {
    method: 'POST',
    route: '/api/registry/imports/:id/commit',
    action: 'registry.import',
    target: townshipTarget,
    ok: 200,
    prepare: async (tb) => ({
      url: `/api/registry/imports/${await registryBatch(tb)}/commit`,
      body: { skipProblems: true },
    }),
  },
  {
    method: 'POST',
    route: '/api/registry/imports/:id/undo',
    action: 'registry.import',
    target: townshipTarget,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/registry/imports/${await registryBatch(tb, true)}/undo`, body: {} }),
  },
  {
    method: 'POST',
    route: '/api/registry/imports/:id/discard',
    action: 'registry.import',
    target: townshipTarget,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/registry/imports/${await registryBatch(tb)}/discard`, body: {} }),
  },
  // the yearly full screening (issue 15 §3)
  {
    method: 'GET',
    route: '/api/campaigns',
    action: 'campaign.read',
    ok: 200,
    prepare: async () => ({ url: '/api/campaigns' }),
  },
  {
    method: 'POST',
    route: '/api/campaigns',
    action: 'campaign.manage',
    ok: 201,
    prepare: async () => ({
      url: '/api/campaigns',
      body: { year: ++campaignYear, opensOn: '2024-05-01', closesOn: '2024-12-31' },
    }),
  },
  {
    method: 'GET',
    route: '/api/campaigns/:id',
    action: 'campaign.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/campaigns/${(await campaign(tb)).id}` }),
  },
  {
    method: 'GET',
    route: '/api/campaigns/:id/pending',
    action: 'campaign.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/campaigns/${(await campaign(tb)).id}/pending` }),
  },
  {
    method: 'POST',
    route: '/api/campaigns/:id/checks',
    action: 'campaign.check',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/campaigns/${(await campaign(tb)).id}/checks`,
      body: { householdId: (await household(tb)).household.id, method: 'visit', outcome: 'no_risk' },
    }),
  },
  // disasters and emergencies (issue 15 §6)
  {
    method: 'GET',
    route: '/api/disasters',
    action: 'disaster.read',
    ok: 200,
    prepare: async () => ({ url: '/api/disasters' }),
  },
  {
    method: 'POST',
    route: '/api/disasters',
    action: 'disaster.manage',
    ok: 201,
    prepare: async () => ({
      url: '/api/disasters',
      body: { name: '山洪', disasterSubtype: 'flood', occurredOn: '2024-06-01', villages: [OTHER_TOWNSHIP_VILLAGE] },
    }),
  },
  {
    method: 'GET',
    route: '/api/disasters/:id',
    action: 'disaster.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/disasters/${(await disaster(tb)).id}` }),
  },
  {
    method: 'GET',
    route: '/api/disasters/:id/households',
    action: 'disaster.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/disasters/${(await disaster(tb)).id}/households` }),
  },
  {
    method: 'POST',
    route: '/api/disasters/:id/screen',
    action: 'disaster.manage',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/disasters/${(await disaster(tb)).id}/screen`, body: {} }),
  },
  // leads, cases, plans, visits
  ...CASE_ENDPOINTS,
  ...SCENARIO_ENDPOINTS,
];

const disasters = new WeakMap<Testbed, ReturnType<typeof recordDisaster>>();
/** The test bed's disaster: a flood over village A on the day before the test clock's, recorded once. */
export function disaster(tb: Testbed) {
  const county = { ...tb.system, actor: { ...tb.system.actor, scopeCode: COUNTY } };
  if (!disasters.has(tb)) {
    disasters.set(
      tb,
      recordDisaster(county, {
        name: '6·2洪涝',
        disasterSubtype: 'flood',
        occurredOn: '2024-06-02',
        villages: [VILLAGE_A],
      }),
    );
  }
  return disasters.get(tb)!;
}

let campaignYear = 2030;
const campaigns = new WeakMap<Testbed, ReturnType<typeof openCampaign>>();
/** The test bed's campaign of the county (one a year, so one for every request), open on the test clock's day. */
export function campaign(tb: Testbed) {
  const county = { ...tb.system, actor: { ...tb.system.actor, scopeCode: COUNTY } };
  if (!campaigns.has(tb)) {
    campaigns.set(tb, openCampaign(county, { year: 2024, opensOn: '2024-05-01', closesOn: '2024-12-31' }));
  }
  return campaigns.get(tb)!;
}

/** Routes outside the matrix: open to every signed-in user (or to anyone), guarded by the session alone. */
export const UNGUARDED_ROUTES = [
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/password',
  // the second step of a sign-in (before any session) and one's own account security (issue 21 §2, §5)
  'POST /api/auth/second-factor',
  'POST /api/auth/second-factor/enrol',
  'GET /api/account/security',
  'GET /api/account/sign-ins',
  'POST /api/account/totp',
  'POST /api/account/totp/confirm',
  'POST /api/account/totp/recovery-codes',
  'POST /api/account/totp/disable',
  // one's own background exports (下载中心): each row is its requester's, whose export was checked when asked for
  'GET /api/export-files',
  'GET /api/export-files/:id',
  'GET /api/export-files/:id/file',
  'DELETE /api/export-files/:id',
  ...PUBLIC_ROUTES,
];
