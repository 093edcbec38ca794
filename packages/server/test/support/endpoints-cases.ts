import { addDays, caseStepAction, chinaDate, makeIdNumber, type AccessTarget, type CaseStage } from '@dixian/core';
import { caseStepPath, type CaseStepType } from '@dixian/core/api';
import { createLead } from '../../src/services/lead.service.js';
import { createPlan } from '../../src/services/plan.service.js';
import { createVisit } from '../../src/services/visit.service.js';
import { addVisitPhoto } from '../../src/services/visit-photo.service.js';
import { createHouseholdIn, VILLAGE_A, type Testbed } from './api.js';
import { caseVersion, ctxAs, eliminationCase, identify, step } from './cases.js';
import type { EndpointCase } from './endpoints.js';
import { tinyPng } from './images.js';

/**
 * The role × endpoint matrix entries of leads, cases, plans and visits (issue 4 §1). Each `prepare` puts a fresh
 * case at the stage its step starts from, inside village A, with a body valid on the testbed's day for every
 * role the step allows: `can` (from core's CASE_ACTION_ROLES) decides who gets the success status.
 */

const inVillage: AccessTarget = { regionCode: VILLAGE_A };
let seq = 0;

const today = (tb: Testbed) => chinaDate(tb.clock.now());
/** Identification cases start 20 days back, so their notice has ended by today. */
const d0 = (tb: Testbed) => addDays(today(tb), -20);

async function caseAt(tb: Testbed, stage: CaseStage): Promise<string> {
  const h = await createHouseholdIn(tb, VILLAGE_A);
  return identify(tb, h.household.id, d0(tb), stage);
}

async function withVersion(tb: Testbed, caseId: string, body: Record<string, unknown>) {
  return { ...body, version: await caseVersion(tb, caseId) };
}

function stepCase(
  type: CaseStepType,
  from: (tb: Testbed) => Promise<string>,
  body: (tb: Testbed) => Record<string, unknown>,
): EndpointCase {
  return {
    method: 'POST',
    route: `/api/cases/:id/${caseStepPath(type)}`,
    action: caseStepAction(type),
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const id = await from(tb);
      return { url: `/api/cases/${id}/${caseStepPath(type)}`, body: await withVersion(tb, id, body(tb)) };
    },
  };
}

const monitoring = async (tb: Testbed) => (await eliminationCase(tb, VILLAGE_A, 'monitoring')).caseId;
const elimReviewed = async (tb: Testbed) =>
  (await eliminationCase(tb, VILLAGE_A, 'elimination_township_reviewed')).caseId;

/** A monitored case's plan with one planned measure. */
async function planWithMeasure(tb: Testbed) {
  const id = await caseAt(tb, 'monitoring');
  return createPlan(ctxAs(tb, 'cadre'), id, {
    version: await caseVersion(tb, id),
    measures: [{ type: 'health', description: '医疗救助' }],
  });
}

export const CASE_ENDPOINTS: EndpointCase[] = [
  // leads
  { method: 'GET', route: '/api/leads', action: 'lead.read', ok: 200, prepare: async () => ({ url: '/api/leads' }) },
  {
    method: 'POST',
    route: '/api/leads',
    action: 'lead.create',
    // a department's report about a person in village A: the department officer may send their own
    target: { regionCode: VILLAGE_A, department: 'medical_insurance' },
    ok: 201,
    prepare: async () => ({
      url: '/api/leads',
      body: {
        channel: 'department_warning',
        department: 'medical_insurance',
        applicant: {
          name: '赵四',
          idNumber: makeIdNumber('220681', '1959-04-04', 10 + (++seq % 900), 'male'),
          regionCode: VILLAGE_A,
        },
        riskTypes: ['illness'],
        description: '医疗自付费用超过预警线',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/leads/:id',
    action: 'lead.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const h = await createHouseholdIn(tb, VILLAGE_A);
      const lead = await createLead(tb.system, {
        channel: 'cadre_screening',
        householdId: h.household.id,
        riskTypes: [],
      });
      return { url: `/api/leads/${lead.id}` };
    },
  },
  {
    method: 'POST',
    route: '/api/leads/:id/start-verification',
    action: caseStepAction('start_verification'),
    target: inVillage,
    ok: 201,
    prepare: async (tb) => {
      const h = await createHouseholdIn(tb, VILLAGE_A);
      const lead = await createLead(tb.system, {
        channel: 'self_application',
        subChannel: 'hotline_12317',
        householdId: h.household.id,
        riskTypes: ['illness'],
      });
      return { url: `/api/leads/${lead.id}/start-verification`, body: { version: lead.version } };
    },
  },
  // cases
  { method: 'GET', route: '/api/cases', action: 'case.read', ok: 200, prepare: async () => ({ url: '/api/cases' }) },
  {
    method: 'GET',
    route: '/api/cases/:id',
    action: 'case.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/cases/${await caseAt(tb, 'verifying')}` }),
  },
  stepCase(
    'sign_commitment',
    (tb) => caseAt(tb, 'verifying'),
    (tb) => ({ signedOn: today(tb), signerName: '王建国', authorizesAssetCheck: true }),
  ),
  stepCase(
    'record_verification',
    async (tb) => {
      const id = await caseAt(tb, 'verifying');
      await step(tb, 'cadre', id, 'sign_commitment', {
        signedOn: today(tb),
        signerName: '王建国',
        authorizesAssetCheck: true,
      });
      return id;
    },
    (tb) => ({
      result: 'at_risk',
      verifiedOn: today(tb),
      verifiers: ['网格员'],
      findings: '患病支出大',
      riskTypes: ['illness'],
    }),
  ),
  stepCase(
    'record_village_review',
    (tb) => caseAt(tb, 'commitment_signed'),
    (tb) => ({ heldOn: today(tb), attendees: 15, votesFor: 12, votesAgainst: 3, abstentions: 0 }),
  ),
  stepCase(
    'start_public_notice',
    (tb) => caseAt(tb, 'village_reviewed'),
    (tb) => ({ startOn: today(tb), endOn: addDays(today(tb), 5), place: '村务公开栏' }),
  ),
  stepCase(
    'record_objection',
    (tb) => caseAt(tb, 'publicizing'),
    (tb) => ({ raisedOn: today(tb), content: '反映该户有经营性收入', raisedBy: '村民' }),
  ),
  stepCase(
    'resolve_objection',
    async (tb) => {
      const id = await caseAt(tb, 'publicizing');
      await step(tb, 'cadre', id, 'record_objection', { raisedOn: today(tb), content: '反映该户有经营性收入' });
      return id;
    },
    (tb) => ({ resolvedOn: today(tb), resolution: '经核实不属实', upheld: false }),
  ),
  stepCase(
    'township_review',
    (tb) => caseAt(tb, 'publicizing'),
    () => ({ decision: 'approve' }),
  ),
  stepCase(
    'county_confirm',
    (tb) => caseAt(tb, 'township_reviewed'),
    () => ({ category: 'sudden_hardship', riskTypes: ['illness'], dataComparisonNote: '比对无异常' }),
  ),
  stepCase(
    'county_reject',
    (tb) => caseAt(tb, 'township_reviewed'),
    () => ({ reason: '经比对有商品房' }),
  ),
  stepCase(
    'reject_case',
    (tb) => caseAt(tb, 'verifying'),
    () => ({ reason: '申请人主动撤回' }),
  ),
  stepCase('propose_elimination', monitoring, (tb) => ({
    method: 'assisted',
    proposedOn: today(tb),
    findings: '收入稳定',
  })),
  stepCase('county_approve_elimination', elimReviewed, () => ({ note: '同意' })),
  stepCase('county_reject_elimination', elimReviewed, () => ({ reason: '收入仍不稳定' })),
  stepCase(
    'rollback_elimination',
    async (tb) => (await eliminationCase(tb, VILLAGE_A, 'eliminated')).caseId,
    () => ({ reason: '回访发现收入不稳定' }),
  ),
  stepCase(
    'set_no_labor_flag',
    (tb) => caseAt(tb, 'monitoring'),
    (tb) => ({ determinedOn: today(tb), basis: '家庭成员均无劳动能力' }),
  ),
  stepCase(
    'clear_no_labor_flag',
    async (tb) => {
      const id = await caseAt(tb, 'monitoring');
      await step(tb, 'cadre', id, 'set_no_labor_flag', { determinedOn: today(tb), basis: '均无劳动能力' });
      return id;
    },
    () => ({ reason: '家庭成员恢复劳动能力' }),
  ),
  {
    method: 'POST',
    route: '/api/households/:id/remark-risk',
    action: caseStepAction('remark_risk'),
    target: inVillage,
    ok: 201,
    prepare: async (tb) => {
      const { household, caseId } = await eliminationCase(tb, VILLAGE_A, 'eliminated');
      return {
        url: `/api/households/${household.household.id}/remark-risk`,
        body: await withVersion(tb, caseId, {
          channel: 'cadre_screening',
          subChannel: 'visit',
          discoveredOn: today(tb),
          riskTypes: ['accident'],
        }),
      };
    },
  },
  // plans and measures
  {
    method: 'POST',
    route: '/api/cases/:id/plan',
    action: 'plan.write',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => {
      const id = await caseAt(tb, 'monitoring');
      return {
        url: `/api/cases/${id}/plan`,
        body: await withVersion(tb, id, { measures: [{ type: 'employment', description: '推荐就业' }] }),
      };
    },
  },
  {
    method: 'GET',
    route: '/api/plans/:id',
    action: 'case.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/plans/${(await planWithMeasure(tb)).id}` }),
  },
  {
    method: 'PATCH',
    route: '/api/plans/:id',
    action: 'plan.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const p = await planWithMeasure(tb);
      return { url: `/api/plans/${p.id}`, body: { version: p.version, note: '每月回访' } };
    },
  },
  {
    method: 'POST',
    route: '/api/plans/:id/measures',
    action: 'plan.write',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/plans/${(await planWithMeasure(tb)).id}/measures`,
      body: { type: 'finance', amountFen: 5_000_000, description: '小额信贷' },
    }),
  },
  {
    method: 'PATCH',
    route: '/api/plans/:id/measures/:measureId',
    action: 'plan.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const p = await planWithMeasure(tb);
      const m = p.measures[0]!;
      return { url: `/api/plans/${p.id}/measures/${m.id}`, body: { version: m.version, amountFen: 20_000 } };
    },
  },
  {
    method: 'DELETE',
    route: '/api/plans/:id/measures/:measureId',
    action: 'plan.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const p = await planWithMeasure(tb);
      const m = p.measures[0]!;
      return { url: `/api/plans/${p.id}/measures/${m.id}?version=${m.version}` };
    },
  },
  {
    method: 'POST',
    route: '/api/plans/:id/measures/:measureId/status',
    action: 'plan.write',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => {
      const p = await planWithMeasure(tb);
      const m = p.measures[0]!;
      return {
        url: `/api/plans/${p.id}/measures/${m.id}/status`,
        body: { status: 'implementing', version: m.version },
      };
    },
  },
  // visits
  {
    method: 'GET',
    route: '/api/visits/due',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: '/api/visits/due' }),
  },
  {
    method: 'POST',
    route: '/api/households/:id/visits',
    action: 'visit.create',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/households/${(await createHouseholdIn(tb, VILLAGE_A)).household.id}/visits`,
      body: { visitedOn: today(tb), incomeChange: 'stable' },
    }),
  },
  {
    method: 'GET',
    route: '/api/households/:id/visits',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/households/${(await createHouseholdIn(tb, VILLAGE_A)).household.id}/visits` }),
  },
  // the offline field app (issue 18): a visit's photos, the download to the phone
  {
    method: 'POST',
    route: '/api/visits/:id/photos',
    action: 'visit.create',
    target: inVillage,
    ok: 201,
    prepare: async (tb) => ({
      url: `/api/visits/${await freshVisit(tb)}/photos`,
      body: tinyPng(),
      headers: { 'content-type': 'image/png' },
    }),
  },
  {
    method: 'GET',
    route: '/api/visit-photos/:id',
    action: 'household.read',
    target: inVillage,
    ok: 200,
    prepare: async (tb) => ({ url: `/api/visit-photos/${await freshPhoto(tb)}` }),
  },
  {
    method: 'GET',
    route: '/api/offline/households',
    action: 'household.read',
    ok: 200,
    prepare: async () => ({ url: '/api/offline/households?limit=5' }),
  },
];

/** A visit to a household (a fresh one of village A unless given), recorded by the system. */
async function freshVisit(tb: Testbed, householdId?: string): Promise<string> {
  const id = householdId ?? (await createHouseholdIn(tb, VILLAGE_A)).household.id;
  const ok = { foodClothingOk: true, educationOk: true, medicalOk: true, housingOk: true, waterOk: true };
  return (await createVisit(tb.system, id, { visitedOn: today(tb), method: 'home', newRisks: [], ...ok })).visit.id;
}

/** A photo (a 1×1 PNG) of a fresh visit to a household (a fresh one of village A unless given). */
export async function freshPhoto(tb: Testbed, householdId?: string): Promise<string> {
  return (
    await addVisitPhoto(tb.system, await freshVisit(tb, householdId), {
      mime: 'image/png',
      bytes: tinyPng(),
      takenAt: undefined,
    })
  ).id;
}

/** The public self-application needs no account (rate-limited per address instead). */
export const PUBLIC_ROUTES = [
  'POST /api/public/applications',
  'GET /api/public/applications/:receipt',
  'GET /api/public/regions',
];
