import { EIGHT_POINT_IDS, FEED_DEPARTMENTS, idCheckChar } from '@dixian/core';
import type { HouseholdDetail } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScreening } from '../../src/services/screening.service.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { settleExports } from '../../src/services/export-file.service.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { createDraft } from '../../src/services/scenario-draft.service.js';
import { runScenario } from '../../src/services/scenario.service.js';
import { addToIntegrityList } from '../../src/services/integrity.service.js';
import { COUNTY, createTestbed, VILLAGE_A, type ApiClient, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { campaign, disaster, feedBatch, freshPayroll, pendingMove, registryBatch } from '../support/endpoints.js';
import { freshPhoto } from '../support/endpoints-cases.js';

const TODAY = '2024-06-03'; // the testbed clock's China day
const SAMPLE = 12; // records of each kind, spread over the table

/**
 * Where the ids of a route's path parameters come from, in the demo data. A GET route of the OpenAPI document
 * with a parameter not listed here fails the sweep: say where its records are.
 */
const ID_SOURCES: Record<string, string> = {
  '/api/households/:id': 'household',
  '/api/households/:id/assessment': 'household',
  '/api/households/:id/visits': 'household',
  '/api/households/:id/screening': 'household',
  '/api/cases/:id': 'monitoring_case',
  '/api/leads/:id': 'lead',
  '/api/plans/:id': 'assistance_plan',
  '/api/assistance/:id': 'social_assistance_case',
  '/api/change-requests/:id': 'change_request',
  '/api/ledgers/:id': 'ledger_item',
  '/api/users/:id': "app_user where scope_code like '220681%'",
  '/api/users/:id/sessions': "app_user where scope_code like '220681%'",
  '/api/feeds/:id': 'feed_batch',
  '/api/feeds/:id/rows': 'feed_batch',
  '/api/feeds/:id/report.xlsx': 'feed_batch',
  '/api/registry/imports/:id': 'registry_import',
  '/api/screening/runs/:id': 'screening_run',
  '/api/screening/runs/:id/results': 'screening_run',
  '/api/screening/runs/:id/results/export.xlsx': 'screening_run',
  '/api/campaigns/:id': 'screening_campaign',
  '/api/campaigns/:id/pending': 'screening_campaign',
  '/api/integrity/:id': 'integrity_record',
  '/api/payrolls/:id': 'payroll',
  '/api/payrolls/:id/export.xlsx': 'payroll',
  '/api/disasters/:id': 'disaster',
  '/api/disasters/:id/households': 'disaster',
  '/api/visit-photos/:id': 'visit_photo',
  '/api/households/:id/fact-changes': 'household',
  '/api/policy-drafts/:id': 'policy_draft',
  '/api/scenarios/:id': 'policy_scenario',
  '/api/scenarios/:id/households': 'policy_scenario',
  '/api/scenarios/:id/export.xlsx': 'policy_scenario',
  // the county administrator's own background exports (made in beforeAll)
  '/api/export-files/:id': 'export_file',
  '/api/export-files/:id/file': 'export_file',
};
/** Routes with other parameters, and what to put in them. */
const OTHER_PARAMS: Record<string, (tb: Testbed) => Promise<string[]>> = {
  '/api/supervision/eight-points/:point/households': async () => [...EIGHT_POINT_IDS],
  '/api/regions/:code': async () => [COUNTY, `${COUNTY}100`],
  '/api/feeds/templates/:department.xlsx': async () => [...FEED_DEPARTMENTS],
  // the report of the month, the year so far and the last year (its PDF as well: the font is installed here)
  '/api/reports/:period': async () => [TODAY.slice(0, 7), TODAY.slice(0, 4), String(Number(TODAY.slice(0, 4)) - 1)],
  '/api/reports/:period/export.xlsx': async () => [TODAY.slice(0, 4)],
  '/api/reports/:period/report.pdf': async () => [TODAY.slice(0, 4)],
};
/** Routes read by a role other than the county administrator (the reports: county officers, 三员分立). */
const READER: Record<string, 'officer' | 'inspector'> = {
  '/api/reports/:period': 'officer',
  '/api/reports/:period/export.xlsx': 'officer',
  '/api/reports/:period/report.pdf': 'officer',
};
/** Query strings of the routes that require one. */
const QUERIES: Record<string, (tb: Testbed) => Promise<string>> = {
  '/api/policies/resolved': async () => `region=${VILLAGE_A}`,
  '/api/notices': async () => `region=${VILLAGE_A}`,
  '/api/notices/export.xlsx': async () => `region=${VILLAGE_A}`,
  '/api/assistance/temp-relief-ledger': async () => `from=2023-01-01&to=${TODAY}`,
  '/api/supervision/data-quality/households': async () => `rule=S3.3.8.measure_long_implementing&asOf=${TODAY}`,
  '/api/screening/compare': async (tb) => {
    const [to, from] = await sql<{
      id: string;
    }>`select id::text as id from screening_run order by started_at desc limit 2`
      .execute(tb.store.db)
      .then((r) => r.rows.map((x) => x.id));
    return `from=${from}&to=${to}`;
  },
};
/** Public routes a signed-in sweep does not cover (tested in test/api/public-regions.test.ts and leads). */
const SKIPPED = new Set(['/api/public/applications/:receipt', '/api/auth/me']);

async function sampleIds(tb: Testbed, source: string): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select id::text as id from (
      select id, row_number() over (order by id) as n, count(*) over () as total from ${sql.raw(source)}) t
     where (n - 1) % greatest(1, total / ${SAMPLE}) = 0 limit ${SAMPLE}`.execute(tb.store.db);
  return r.rows.map((x) => x.id);
}

/** Every GET route of the OpenAPI document, as Fastify declares it. */
async function getRoutes(tb: Testbed): Promise<string[]> {
  const doc = await tb.anonymous().get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs/json');
  return Object.entries(doc.body.paths)
    .filter(([, ops]) => 'get' in ops)
    .map(([p]) => p.replace(/\{(\w+)\}/g, ':$1'));
}

describe.each(engines)('every list and detail answers for the demo data on %s', (engine) => {
  let tb: Testbed;
  let admin: ApiClient;
  /** 三员分立: the audit log is the inspector's, everything else the county administrator's */
  let inspector: ApiClient;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 400, seed: 5, asOf: TODAY });
    for (const asOf of ['2024-06-02', TODAY]) {
      await runScreening(tb.store, SYSTEM_ACTOR, { scopeCode: COUNTY, asOf }, { now: tb.clock.now });
    }
    await feedBatch(tb); // the demo data has no department files
    await registryBatch(tb); // nor register imports: one staged, one committed
    await campaign(tb); // nor a yearly full screening
    await disaster(tb); // nor a disaster (a flood over village A)
    await registryBatch(tb, true);
    // nor change requests: a move of a demo household of village A
    const [demo] = await sampleIds(tb, `household where region_code = '${VILLAGE_A}'`);
    await pendingMove(tb, demo);
    // and few integrity records at this size: one for the same household
    await addToIntegrityList(tb.system, {
      householdId: demo!,
      kind: 'false_claim',
      reason: '虚报冒领产业补贴',
      decidedOn: '2024-06-01',
      recoveryFen: 50_000,
      stopAssistance: true,
    });
    await freshPayroll(tb, false); // nor a monthly payroll: June of township 桦树镇, from its demo cases
    await freshPhoto(tb, demo); // nor visit photos
    // nor policy drafts and scenarios: the line raised to 7,300 yuan, run over the county
    const draft = await createDraft(tb.system, {
      name: '监测线提高到7300元',
      regionPrefix: COUNTY,
      body: { monitoringIncomeLineFen: 730_000 },
    });
    await runScenario(tb.system, { draftId: draft.id, scopeCode: COUNTY });
    admin = await tb.as('admin');
    inspector = await tb.as('inspector');
    // nor background exports: the administrator's list of cases, for the 下载中心
    await admin.request('GET', '/api/cases/export.xlsx', undefined, { headers: { prefer: 'respond-async' } });
    await settleExports();
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('the generated data and the response schemas agree: no GET answers 5xx, every one answers 200', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const route of await getRoutes(tb)) {
      if (SKIPPED.has(route)) continue;
      let urls: string[];
      if (!route.includes(':')) urls = [route];
      else if (ID_SOURCES[route]) {
        const ids = await sampleIds(tb, ID_SOURCES[route]!);
        expect(ids.length, `demo data has no ${ID_SOURCES[route]} for ${route}`).toBeGreaterThan(0);
        urls = ids.map((id) => route.replace(/:\w+/, id));
      } else if (OTHER_PARAMS[route]) {
        urls = (await OTHER_PARAMS[route]!(tb)).map((v) => route.replace(/:\w+/, v));
      } else {
        failures.push(`${route}: no source of ids for its parameters (ID_SOURCES)`);
        continue;
      }
      const query = QUERIES[route] ? `?${await QUERIES[route]!(tb)}` : '';
      for (const url of urls.map((u) => u + query)) {
        requests++;
        const other = READER[route];
        const reader = route.startsWith('/api/audit') ? inspector : other ? await tb.as(other) : admin;
        const r = await reader.get(url);
        if (r.status !== 200) failures.push(`${url}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(100);
  });

  it('lists page through every demo row of their area without a schema failure', async () => {
    const lists = [
      '/api/households',
      '/api/leads',
      '/api/cases',
      '/api/assistance',
      '/api/ledgers',
      '/api/warnings',
      '/api/integrity',
    ];
    for (const list of lists) {
      for (let page = 1; page <= 50; page++) {
        const r = await admin.get<{ total: number; items: unknown[] }>(`${list}?page=${page}&pageSize=100`);
        expect(r.status, `${list} page ${page}: ${JSON.stringify(r.body).slice(0, 300)}`).toBe(200);
        if (page * 100 >= r.body.total) break;
      }
    }
    const due = await admin.get(`/api/visits/due?month=${TODAY.slice(0, 7)}&pageSize=100`);
    expect(due.status).toBe(200);
  });
});

/**
 * How many 18-digit ID numbers fit what a reader sees without unmasking: the masked number, the age and the
 * county. At least this many: nobody can rebuild a number from the views (issue 12 §4).
 */
function candidatesFor(masked: string, age: number, county: string, today: string): number {
  const prefix = masked.slice(0, masked.indexOf('*'));
  const suffix = masked.slice(masked.lastIndexOf('*') + 1);
  if (!county.startsWith(prefix)) return 0;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  let n = 0;
  // born after today minus (age + 1) years, on or before today minus age years
  const from = Date.UTC(y - age - 1, m - 1, d + 1);
  const to = Date.UTC(y - age, m - 1, d);
  for (let t = from; t <= to; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10).replace(/-/g, '');
    for (let seq = 0; seq < 1000; seq++) {
      const first17 = `${county}${day}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      if (id.endsWith(suffix)) n++;
    }
  }
  return n;
}

describe.each(engines)('masked personal data cannot be put back together on %s (issue 12 §4)', (engine) => {
  let tb: Testbed;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 60, seed: 9, asOf: TODAY });
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('no answer a village cadre or county officer gets shows a birth date that, with the masked number, gives it', async () => {
    const ids = await sampleIds(tb, 'household');
    let checked = 0;
    for (const user of ['officer', 'inspector'] as const) {
      const client = await tb.as(user);
      for (const id of ids.slice(0, 6)) {
        const detail = await client.get<HouseholdDetail>(`/api/households/${id}`);
        expect(detail.status).toBe(200);
        const answers = [
          JSON.stringify(detail.body),
          JSON.stringify((await client.get(`/api/households/${id}/assessment`)).body),
          JSON.stringify((await client.get(`/api/households/${id}/visits`)).body),
          JSON.stringify(
            (await client.get(`/api/households?q=${encodeURIComponent(detail.body.household.householdNo)}`)).body,
          ),
        ].join('\n');
        const stored = await tb.store.db
          .selectFrom('member')
          .select(['id', 'idNumber', 'birthDate'])
          .where('householdId', '=', id)
          .execute();
        for (const m of stored) {
          const [by, bm, bd] = m.birthDate.split('-');
          for (const shown of [m.birthDate, `${by}${bm}${bd}`, `${by}年${Number(bm)}月${Number(bd)}日`]) {
            expect(answers, `${user} sees the birth date ${shown}`).not.toContain(shown);
          }
          const view = detail.body.members.find((x) => x.id === m.id)!;
          if (!m.idNumber || m.idNumber.length !== 18) continue;
          expect(view.idNumber).not.toBe(m.idNumber);
          const county = m.idNumber.slice(0, 6); // the reader's best guess: the true county of registration
          expect(candidatesFor(view.idNumber!, view.age, county, TODAY)).toBeGreaterThanOrEqual(100);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('the audited unmask gives the number and the birth date in clear', async () => {
    const [id] = await sampleIds(tb, 'household');
    const officer = await tb.as('officer');
    const clear = await officer.post<{ members: { id: string; idNumber: string; birthDate: string }[] }>(
      `/api/households/${id}/unmask`,
      { reason: '核对户籍信息' },
    );
    expect(clear.status).toBe(200);
    const stored = await tb.store.db
      .selectFrom('member')
      .select(['id', 'idNumber', 'birthDate'])
      .where('householdId', '=', id!)
      .execute();
    for (const m of stored) {
      expect(clear.body.members.find((x) => x.id === m.id)).toMatchObject({
        idNumber: m.idNumber,
        birthDate: m.birthDate,
      });
    }
  });
});
