import { expect } from 'vitest';
import national from '../policies/national-2021.json' with { type: 'json' };
import {
  transition,
  type CaseAction,
  type CaseActor,
  type CaseContext,
  type CasePolicy,
  type CaseState,
  type TransitionOk,
  type TransitionRefused,
  type TransitionResult,
} from '../src/case-machine.js';
import { addDays } from '../src/dates.js';

/** The deadlines of the built-in national pack (15 / 5 / 10 / 3 days). */
export const POLICY: CasePolicy = {
  deadlines: national.body.deadlines,
  versionLabel: `national ${national.year} v${national.version}`,
};

// 临江市 (S1's county) → 大栗子街道 → a village
export const COUNTY = '220681';
export const TOWNSHIP = '220681100';
export const VILLAGE = '220681100200';
export const OTHER_VILLAGE = '220681100201';

export const HOUSEHOLD = '00000000-0000-4000-8000-0000000000a1';
export const LEAD = '00000000-0000-4000-8000-0000000000b1';

export const actors = {
  village: { id: 'u-village', role: 'village_cadre', scopeCode: VILLAGE },
  otherVillage: { id: 'u-village-2', role: 'village_cadre', scopeCode: OTHER_VILLAGE },
  township: { id: 'u-township', role: 'township_officer', scopeCode: TOWNSHIP },
  county: { id: 'u-county', role: 'county_officer', scopeCode: COUNTY },
  admin: { id: 'u-admin', role: 'county_admin', scopeCode: COUNTY },
  department: { id: 'u-dept', role: 'department_officer', scopeCode: COUNTY, department: 'medical_insurance' },
  inspector: { id: 'u-inspector', role: 'inspector', scopeCode: COUNTY },
} satisfies Record<string, CaseActor>;

export const GUARDS_MET: CaseContext = { eliminationGuards: { met: true, failedRuleIds: [] } };

let nextId = 1;
/** What the service does after storing a newly opened case: give it an id. */
export function stored(s: CaseState): CaseState {
  return s.id ? s : { ...s, id: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}` };
}

export function expectOk(r: TransitionResult): TransitionOk {
  if (!r.ok) throw new Error(`expected success, got ${r.code}/${r.reason}: ${r.message.en}`);
  return r;
}

export function expectRefused(r: TransitionResult, code: string, reason: string): TransitionRefused {
  if (r.ok) throw new Error(`expected refusal ${code}/${reason}, but the step succeeded (stage ${r.state.stage})`);
  expect({ code: r.code, reason: r.reason }).toEqual({ code, reason });
  expect(r.message.zh.length).toBeGreaterThan(0);
  expect(r.message.en.length).toBeGreaterThan(0);
  return r;
}

/** Apply a step that must succeed and return the (stored) case. */
export function step(
  s: CaseState | null,
  action: CaseAction,
  actor: CaseActor,
  now: string,
  context: CaseContext = {},
): CaseState {
  return stored(expectOk(transition(s, action, actor, now, POLICY, context)).state);
}

export const D0 = '2024-03-01';

/** The identification procedure on the shortest lawful calendar, from discovery on `d0` up to `until`. */
export function identify(
  d0 = D0,
  until:
    | 'verifying'
    | 'commitment_signed'
    | 'village_reviewed'
    | 'publicizing'
    | 'township_reviewed'
    | 'monitoring' = 'monitoring',
): CaseState {
  let s = step(
    null,
    {
      type: 'start_verification',
      householdId: HOUSEHOLD,
      regionCode: VILLAGE,
      leadId: LEAD,
      channel: 'self_application',
      subChannel: 'hotline_12317',
      discoveredOn: d0,
      riskTypes: ['illness'],
    },
    actors.village,
    d0,
  );
  if (until === 'verifying') return s;
  const d1 = addDays(d0, 1);
  s = step(
    s,
    { type: 'sign_commitment', signedOn: d1, signerName: '王某', authorizesAssetCheck: true },
    actors.village,
    d1,
  );
  s = step(
    s,
    {
      type: 'record_verification',
      result: 'at_risk',
      verifiedOn: d1,
      verifiers: ['村支书', '驻村第一书记'],
      findings: '户主患大病，自付医疗费超过上年收入',
      riskTypes: ['illness'],
    },
    actors.village,
    d1,
  );
  if (until === 'commitment_signed') return s;
  const d2 = addDays(d0, 2);
  s = step(
    s,
    { type: 'record_village_review', heldOn: d2, attendees: 9, votesFor: 8, votesAgainst: 1, abstentions: 0 },
    actors.village,
    d2,
  );
  if (until === 'village_reviewed') return s;
  s = step(
    s,
    { type: 'start_public_notice', startOn: d2, endOn: addDays(d2, 5), place: '村务公开栏' },
    actors.village,
    d2,
  );
  if (until === 'publicizing') return s;
  const d8 = addDays(d2, 6);
  s = step(s, { type: 'township_review', decision: 'approve' }, actors.township, d8);
  if (until === 'township_reviewed') return s;
  return step(
    s,
    {
      type: 'county_confirm',
      category: 'marginal_vulnerable',
      riskTypes: ['illness'],
      dataComparisonNote: '与医保、民政、公安车辆、不动产数据比对无异常',
    },
    actors.county,
    addDays(d8, 1),
  );
}

/** From a monitored case: plan, then the whole elimination procedure, ending eliminated. */
export function eliminate(s: CaseState, on: string, method: 'assisted' | 'natural' = 'assisted'): CaseState {
  if (!s.facts.planCreatedOn) {
    s = step(s, { type: 'record_assistance_plan', createdOn: s.confirmedOn! }, actors.village, on);
  }
  s = step(
    s,
    { type: 'propose_elimination', method, proposedOn: on, findings: '收入稳定超过监测线' },
    actors.village,
    on,
    GUARDS_MET,
  );
  s = step(
    s,
    { type: 'record_village_review', heldOn: on, attendees: 7, votesFor: 7, votesAgainst: 0, abstentions: 0 },
    actors.village,
    on,
  );
  s = step(
    s,
    { type: 'start_public_notice', startOn: on, endOn: addDays(on, 5), place: '村务公开栏' },
    actors.village,
    on,
  );
  s = step(s, { type: 'township_review', decision: 'approve' }, actors.township, addDays(on, 6));
  return step(s, { type: 'county_approve_elimination' }, actors.county, addDays(on, 7), GUARDS_MET);
}

/** Freeze deeply, so a step that mutated its input would throw. */
export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}
