import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  CASE_ACTION_TYPES,
  IDENTIFICATION_STAGES,
  MONITORED_STAGES,
  transition,
  type CaseAction,
  type CaseActionType,
  type CaseActor,
  type CaseContext,
  type CaseEvent,
  type CaseState,
} from '../src/case-machine.js';
import { addDays, daysBetween } from '../src/dates.js';
import { actors, D0, deepFreeze, HOUSEHOLD, POLICY, stored, VILLAGE } from './case-machine.support.js';

/**
 * Random walks through the procedure (issue 3 §7). Each step either picks one of the steps the UI would offer
 * an in-scope actor (most of the time, so walks get deep) or any step by any actor, with payloads that are
 * usually lawful and sometimes not (dates before the previous step or in the future, short notices, failed
 * votes). The invariants are checked against the events, independently of how the machine decides.
 */

const D = POLICY.deadlines;
const ALL_ACTORS: CaseActor[] = Object.values(actors);
const IN_SCOPE: CaseActor[] = [actors.village, actors.township, actors.county, actors.admin];
const CHANNELS = ['self_application', 'cadre_screening', 'department_warning'] as const;
const DISRUPTIVE = new Set<CaseActionType>([
  'reject_case',
  'county_reject',
  'record_objection',
  'county_reject_elimination',
  'set_no_labor_flag',
]);

interface Move {
  pick: number;
  wild: boolean;
  advance: number;
  variant: number;
  guardsMet: boolean;
}

const moveArb: fc.Arbitrary<Move> = fc.record({
  pick: fc.nat(1000),
  wild: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))), // ~25% wild moves
  advance: fc.nat(4),
  variant: fc.nat(1000),
  guardsMet: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())), // ~75% met
});

/** A date for a step: usually today, sometimes a day earlier, sometimes in the future or far back. */
function dateFor(today: string, v: number): string {
  const k = v % 10;
  if (k === 8) return addDays(today, 2);
  if (k === 9) return addDays(today, -40);
  return k < 5 ? today : addDays(today, -1);
}

function buildAction(type: CaseActionType, s: CaseState | null, today: string, v: number): CaseAction {
  const on = dateFor(today, v);
  switch (type) {
    case 'start_verification':
      return {
        type,
        householdId: s?.householdId ?? HOUSEHOLD,
        regionCode: s?.regionCode ?? VILLAGE,
        channel: CHANNELS[v % 3]!,
        discoveredOn: on,
        riskTypes: ['illness'],
      };
    case 'remark_risk':
      return { type, channel: CHANNELS[v % 3]!, discoveredOn: on, riskTypes: ['natural_disaster'] };
    case 'record_verification':
      return v % 7 === 0
        ? { type, result: 'no_risk', verifiedOn: on, verifiers: ['网格员'], findings: '无风险' }
        : { type, result: 'at_risk', verifiedOn: on, verifiers: ['网格员'], findings: '因病', riskTypes: ['illness'] };
    case 'sign_commitment':
      return { type, signedOn: on, signerName: '户主', authorizesAssetCheck: v % 13 !== 0 };
    case 'record_village_review': {
      const attendees = 5 + (v % 7);
      const votesFor = v % 5 === 0 ? Math.floor(attendees / 2) : attendees - (v % 2);
      return { type, heldOn: on, attendees, votesFor, votesAgainst: attendees - votesFor, abstentions: 0 };
    }
    case 'start_public_notice':
      return { type, startOn: on, endOn: addDays(on, D.noticeMinDays - 1 + (v % 3)), place: '公示栏' };
    case 'record_objection':
      return { type, raisedOn: on, content: '有异议' };
    case 'resolve_objection':
      return { type, resolvedOn: on, resolution: '已核实', upheld: v % 2 === 0 };
    case 'township_review': {
      const decision = (['return', 'reject', 'approve', 'approve', 'approve', 'approve'] as const)[v % 6]!;
      return decision === 'approve' ? { type, decision } : { type, decision, opinion: '意见' };
    }
    case 'county_confirm':
      return { type, category: 'marginal_vulnerable', riskTypes: ['illness'], dataComparisonNote: '比对无异常' };
    case 'county_reject':
    case 'reject_case':
    case 'county_reject_elimination':
    case 'rollback_elimination':
    case 'clear_no_labor_flag':
      return { type, reason: '理由' };
    case 'record_assistance_plan':
      return { type, createdOn: on };
    case 'propose_elimination':
      return { type, method: v % 2 ? 'assisted' : 'natural', proposedOn: on, findings: '收入稳定' };
    case 'county_approve_elimination':
      return { type };
    case 'set_no_labor_flag':
      return { type, determinedOn: on, basis: '整户无劳动能力' };
  }
}

function choose(s: CaseState | null, today: string, m: Move, context: CaseContext): [CaseActor, CaseActionType] | null {
  if (!m.wild) {
    const offered = IN_SCOPE.flatMap((a) =>
      allowedActions(s, a, { today, context }).map((t) => [a, t] as [CaseActor, CaseActionType]),
    );
    // steps that undo progress are offered one time in five, so that walks also get deep
    // (with nothing onward to do, e.g. while a notice runs, the walk mostly just lets time pass)
    const onward = offered.filter(([, t]) => !DISRUPTIVE.has(t));
    if (m.pick % 5 !== 0) return onward.length ? onward[Math.floor(m.pick / 5) % onward.length]! : null;
    if (offered.length) return offered[Math.floor(m.pick / 5) % offered.length]!;
  }
  return [ALL_ACTORS[m.pick % ALL_ACTORS.length]!, CASE_ACTION_TYPES[m.variant % CASE_ACTION_TYPES.length]!];
}

/** A plain assertion: vitest's expect is too slow for tens of thousands of checks per run. */
function check(ok: unknown, what: string, detail?: unknown): asserts ok {
  if (!ok) throw new Error(`${what}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`);
}

const last = <T>(xs: T[], p: (x: T) => boolean): [T, number] | undefined => {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return [xs[i]!, i];
  return undefined;
};

/**
 * The notice that led to a decision: the latest notice of that purpose, no objection after it, a township
 * approval after its last day, and no open objection at the decision.
 */
function expectCompleteNotice(trace: CaseEvent[], purpose: 'identification' | 'elimination', decidedOn: string) {
  const notice = last(trace, (e) => e.type === 'public_notice_started' && e.payload.purpose === purpose);
  check(notice, `a ${purpose} notice precedes the decision`);
  const [n, i] = notice;
  const startOn = n.payload.startOn as string;
  const endOn = n.payload.endOn as string;
  check(daysBetween(startOn, endOn) >= D.noticeMinDays, 'the notice lasted the minimum days', n.payload);
  const after = trace.slice(i + 1);
  check(!after.some((e) => e.type === 'objection_recorded'), 'no objection after the notice');
  const approval = after.find((e) => e.type === 'township_approved');
  check(approval, 'the township approved after the notice');
  check(approval.on > endOn, 'the township reviewed after the last notice day', { endOn, on: approval.on });
  check(decidedOn >= approval.on, 'the decision follows the township review');
}

/** The deadlines a case should carry, recomputed from its dates and the policy alone. */
function expectDeadlinesFromDates(s: CaseState) {
  check(
    s.identificationDueOn === addDays(s.discoveredOn, D.identificationDays),
    'identification due = discovered + 15',
    s,
  );
  check(s.verificationDueOn === addDays(s.discoveredOn, D.verificationDays), 'verification due = discovered + days', s);
  const plan = s.confirmedOn ? addDays(s.confirmedOn, D.planDays) : null;
  check(s.planDueOn === plan, 'plan due = confirmed + 10', s);
  const open: [string, string][] = [];
  if (s.stage === 'verifying' && !s.verifiedOn) open.push([s.verificationDueOn!, 'verification']);
  if (IDENTIFICATION_STAGES.includes(s.stage)) open.push([s.identificationDueOn!, 'identification']);
  if (MONITORED_STAGES.includes(s.stage) && !s.facts.planCreatedOn) open.push([s.planDueOn!, 'assistance_plan']);
  const nearest = open.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0];
  check(s.currentDueOn === (nearest?.[0] ?? null), 'current due is the nearest open deadline', s);
}

const reached = { confirmed: 0, eliminated: 0, remarked: 0, rolledBack: 0, refused: 0, objections: 0 };

function walk(moves: Move[]) {
  let s: CaseState | null = null;
  let trace: CaseEvent[] = [];
  let today = D0;
  for (const m of moves) {
    today = addDays(today, m.advance);
    const context: CaseContext = { eliminationGuards: { met: m.guardsMet, failedRuleIds: m.guardsMet ? [] : ['g'] } };
    const chosen = choose(s, today, m, context);
    if (!chosen) continue;
    const [actor, type] = chosen;
    const action = buildAction(type, s, today, m.variant);
    const before = s ? JSON.stringify(s) : null;
    const r = transition(s ? deepFreeze(s) : null, action, actor, today, POLICY, context);

    if (!r.ok) {
      // refused: nothing changed (the input is frozen and still serialises the same)
      reached.refused++;
      check(
        ['forbidden', 'invalid_transition', 'validation_failed', 'precondition_failed'].includes(r.code),
        'stable code',
        r,
      );
      check((s ? JSON.stringify(s) : null) === before, 'a refused step leaves the case unchanged');
      continue;
    }
    const next = stored(r.state);
    check(r.events.length === 1, 'one event per step');
    const event = r.events[0]!;
    check(event.toStage === next.stage, 'the event records the new stage');

    if (r.opened) {
      check(next.version === 1, 'a new case starts at version 1');
      if (s) {
        check(JSON.stringify(s) === before, 'opening a new case leaves the old one unchanged');
        check(next.previousCaseId === s.id, 'the new case links to the old one');
        check(next.episode === (s.stage === 'eliminated' ? s.episode + 1 : s.episode), 'episode numbering', next);
        if (s.stage === 'eliminated') reached.remarked++;
      }
      trace = [event];
    } else {
      const prev = s!;
      trace.push(event);
      check(next.version === prev.version + 1, 'version + 1 per step');
      // deadlines never move earlier (nor disappear) once set
      for (const k of ['verificationDueOn', 'identificationDueOn', 'planDueOn'] as const) {
        if (prev[k]) check(next[k] && next[k] >= prev[k], `${k} never moves earlier`, { from: prev[k], to: next[k] });
      }
      // confirmation only from the township review, with the commitment and a complete notice
      if (IDENTIFICATION_STAGES.includes(prev.stage) && next.stage === 'monitoring') {
        check(
          prev.stage === 'township_reviewed' && event.type === 'county_confirmed',
          'confirmed only by the county after the township',
          event,
        );
        check(
          next.facts.commitmentOnFile && next.commitmentSignedOn! <= next.confirmedOn!,
          'commitment before the decision',
          next,
        );
        check(
          trace.some((e) => e.type === 'commitment_signed'),
          'a commitment_signed event in the case',
        );
        check(next.facts.openObjections === 0, 'no open objection at confirmation');
        expectCompleteNotice(trace, 'identification', next.confirmedOn!);
        reached.confirmed++;
      }
      if (next.stage === 'eliminated') {
        check(prev.stage === 'elimination_township_reviewed', 'eliminated only after the township review', prev.stage);
        check(context.eliminationGuards!.met, 'eliminated only with the guards met');
        check(next.facts.openObjections === 0, 'no open objection at elimination');
        expectCompleteNotice(trace, 'elimination', next.eliminatedOn!);
        reached.eliminated++;
      }
      if (prev.stage === 'eliminated' && next.stage === 'monitoring') reached.rolledBack++;
      if (event.type === 'objection_recorded') reached.objections++;
    }
    // no eliminated household carries the no-labour flag (S1 §四(四); S3 §三(七))
    check(
      !(next.stage === 'eliminated' && next.wholeHouseholdNoLabor),
      'no eliminated case carries the no-labour flag',
    );
    check(next.facts.openObjections >= 0, 'objection count never negative');
    expectDeadlinesFromDates(next);
    s = next;
  }
}

describe('case machine properties (issue 3 §7)', () => {
  it('S1 §四(三), S3 §三(四)(五)(七): random walks keep every invariant', () => {
    fc.assert(
      fc.property(fc.array(moveArb, { minLength: 1, maxLength: 150, size: 'max' }), (moves) => walk(moves)),
      { numRuns: 200 },
    );
    // the walks must actually reach the interesting places, or the invariants above were never exercised
    expect(reached.confirmed).toBeGreaterThan(30);
    expect(reached.eliminated).toBeGreaterThan(20);
    expect(reached.remarked).toBeGreaterThan(3);
    expect(reached.rolledBack).toBeGreaterThan(10);
    expect(reached.objections).toBeGreaterThan(40);
    expect(reached.refused).toBeGreaterThan(1000);
  }, 60_000);
});
