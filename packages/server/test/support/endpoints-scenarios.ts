import { createDraft } from '../../src/services/scenario-draft.service.js';
import { runScenario } from '../../src/services/scenario.service.js';
import { COUNTY, VILLAGE_B, type Testbed } from './api.js';
import type { EndpointCase } from './endpoints.js';

/**
 * The role × endpoint matrix entries of policy drafts and scenarios (issue 20 §1): drafting and running are the
 * county's (scenario.run), putting a draft in force is the county administrator's (policy.edit). Scenarios run
 * over village B, which stays small.
 */

let seq = 0;
const inCounty = { regionCode: COUNTY };

/** A fresh draft of the county, written as the system. */
const draft = (tb: Testbed) =>
  createDraft(tb.system, {
    name: `草案 ${++seq}`,
    regionPrefix: COUNTY,
    body: { monitoringIncomeLineFen: 730_000 },
  });

const scenarios = new WeakMap<Testbed, Promise<string>>();
/** One finished scenario of village B per testbed. */
function scenario(tb: Testbed): Promise<string> {
  let s = scenarios.get(tb);
  if (!s) {
    s = draft(tb).then(async (d) => (await runScenario(tb.system, { draftId: d.id, scopeCode: VILLAGE_B })).id);
    scenarios.set(tb, s);
  }
  return s;
}

const draftBody = { name: '监测线调整', regionPrefix: COUNTY, body: { monitoringIncomeLineFen: 700_000 } };

export const SCENARIO_ENDPOINTS: EndpointCase[] = [
  {
    method: 'GET',
    route: '/api/policy-drafts',
    action: 'scenario.run',
    ok: 200,
    prepare: async () => ({ url: '/api/policy-drafts' }),
  },
  {
    method: 'POST',
    route: '/api/policy-drafts',
    action: 'scenario.run',
    target: inCounty,
    ok: 201,
    prepare: async () => ({ url: '/api/policy-drafts', body: draftBody }),
  },
  ...(['GET', 'PUT', 'DELETE'] as const).map((method): EndpointCase => ({
    method,
    route: '/api/policy-drafts/:id',
    action: 'scenario.run',
    target: inCounty,
    ok: method === 'DELETE' ? 204 : 200,
    prepare: async (tb) => ({
      url: `/api/policy-drafts/${(await draft(tb)).id}`,
      ...(method === 'PUT' ? { body: draftBody } : {}),
    }),
  })),
  {
    method: 'POST',
    route: '/api/policy-drafts/:id/publish',
    action: 'policy.edit',
    target: inCounty,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/policy-drafts/${(await draft(tb)).id}/publish`,
      // far ahead, so the policy in force for the other endpoints stays as it is
      body: { year: 2099, effectiveFrom: '2099-01-01', docNo: `临政〔2099〕${++seq}号`, docTitle: '调整监测范围' },
    }),
  },
  {
    method: 'POST',
    route: '/api/scenarios',
    action: 'scenario.run',
    target: { regionCode: VILLAGE_B },
    ok: 202,
    prepare: async (tb) => ({ url: '/api/scenarios', body: { draftId: (await draft(tb)).id, scopeCode: VILLAGE_B } }),
  },
  {
    method: 'GET',
    route: '/api/scenarios',
    action: 'scenario.run',
    ok: 200,
    prepare: async () => ({ url: '/api/scenarios' }),
  },
  ...(
    [
      ['/api/scenarios/:id', ''],
      ['/api/scenarios/:id/households', '/households'],
      ['/api/scenarios/:id/export.xlsx', '/export.xlsx'],
    ] as const
  ).map(([route, suffix]): EndpointCase => ({
    method: 'GET',
    route,
    action: 'scenario.run',
    target: { regionCode: VILLAGE_B },
    ok: 200,
    prepare: async (tb) => ({ url: `/api/scenarios/${await scenario(tb)}${suffix}` }),
  })),
];
