import {
  AppError,
  CaseActionBodySchemas,
  caseStepAction,
  type Actor,
  type CaseAction,
  type CaseActionType,
} from '@dixian/core';
import type { CaseStepType } from '@dixian/core/api';
import { PlanCreateBody } from '@dixian/core/api';
import type { SimCase } from '../repositories/simulation.repository.js';
import { CaseRepository } from '../repositories/case.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { notFound, RECORD } from '../services/access.js';
import { areaOf } from '../services/area.js';
import { startVerification } from '../services/case.service.js';
import { applyStep } from '../services/case-step.js';
import { versionConflict } from '../services/errors.js';
import { changeMeasureStatus, createPlan } from '../services/plan.service.js';
import { as, bump, cadreOf, plus, rngOf, time, townshipOf, type World } from './world.js';

/**
 * The seven-step procedure played case by case (排、访、评、录 then 测、补、销): each case has its next step on a
 * day drawn from its own stream, mostly inside the 15 days of identification and the 10 days of the plan, and
 * about one case in ten late. Every step goes through the case service as the role that takes it.
 */

const IDENTIFYING = new Set(['verifying', 'commitment_signed', 'village_reviewed', 'publicizing', 'township_reviewed']);
const ELIMINATING = new Set([
  'elimination_proposed',
  'elimination_village_reviewed',
  'elimination_publicizing',
  'elimination_township_reviewed',
]);

/** The next day each case acts on, by household and episode (case ids are drawn at random, these are not). */
export type Agenda = Map<string, string>;

const keyOf = (c: Pick<SimCase, 'householdNo' | 'episode'>) => `${c.householdNo}#${c.episode}`;

/** Whether a refusal is one the simulation expects (a guard, a stage, a date) rather than a bug. */
function refused(w: World, what: string, err: unknown): false {
  if (!(err instanceof AppError)) throw err;
  const reason = (err.details?.reason as string | undefined) ?? err.code;
  // a guard refusal names its first unmet guard: what a trainee would look at on the case page
  const guard = (err.details?.failedRuleIds as string[] | undefined)?.[0];
  bump(w.counters.refused, `${what}:${reason}${guard ? `:${guard}` : ''}`);
  return false;
}

/**
 * One step, stored by the case service's own step (applyStep: the machine, the events, the audit) in one
 * transaction, without building the case page a request would get back: the year has thousands of steps.
 */
export async function step<T extends CaseActionType & CaseStepType>(
  w: World,
  actor: Actor,
  c: SimCase,
  type: T,
  body: Record<string, unknown>,
): Promise<boolean> {
  try {
    const parsed = CaseActionBodySchemas[type].parse(body) as Record<string, unknown>;
    const ctx = as(w, actor);
    const area = areaOf(ctx);
    area.allow(caseStepAction(type));
    const row = await w.store.transaction(async (tx) => {
      const before = await new CaseRepository(tx.db).get(area.scope, c.id);
      const household = before && (await new HouseholdRepository(tx.db).get(area.scope, before.householdId));
      if (!before || !household) throw notFound(RECORD.case);
      if (before.version !== c.version) throw versionConflict();
      const action = { type, ...parsed } as CaseAction;
      return (await applyStep(tx, ctx, { before, action, household })).row;
    });
    c.version = row.version;
    c.stage = row.stage;
    bump(w.counters.steps, type);
    return true;
  } catch (err) {
    return refused(w, type, err);
  }
}

/** Days to the next step: one or two, or a week or more when the case is one of the late ones. */
function gap(w: World, c: SimCase, stage: string): number {
  const r = rngOf(w, keyOf(c), `gap:${stage}`);
  const late = rngOf(w, keyOf(c), 'late').chance(0.1) && r.chance(0.5);
  if (late) w.counters.late++;
  return late ? r.int(6, 12) : r.int(1, 2);
}

/** Open the case of a household's open lead (立案入户核实), as the village cadre. */
export async function openCase(w: World, lead: { id: string; version: number }, village: string): Promise<boolean> {
  try {
    await startVerification(as(w, cadreOf(w, village)), lead.id, { version: lead.version });
    bump(w.counters.steps, 'start_verification');
    return true;
  } catch (err) {
    return refused(w, 'start_verification', err);
  }
}

const VERIFIERS = ['村支书', '网格员'];

/**
 * An objection to the notice that is still open (the seed leaves some) blocks the next review: the village
 * looks into it first. Tried only when the case has one (the machine refuses otherwise: no_open_objection).
 */
async function resolveObjection(w: World, c: SimCase, day: string): Promise<void> {
  if (!c.openObjection) return;
  const done = await step(w, cadreOf(w, c.regionCode), c, 'resolve_objection', {
    resolvedOn: day,
    resolution: '经村组核实,异议不成立,已向异议人说明',
    upheld: false,
  });
  if (done) c.openObjection = false;
}

async function identificationStep(w: World, c: SimCase, day: string): Promise<number> {
  const cadre = cadreOf(w, c.regionCode);
  const r = rngOf(w, keyOf(c), `step:${c.stage}`);
  switch (c.stage) {
    case 'verifying': {
      await step(w, cadre, c, 'sign_commitment', { signedOn: day, signerName: '户主', authorizesAssetCheck: true });
      const atRisk = r.chance(0.92);
      await step(w, cadre, c, 'record_verification', {
        result: atRisk ? 'at_risk' : 'no_risk',
        verifiedOn: day,
        verifiers: VERIFIERS,
        findings: atRisk ? '入户核实:收入下降,支出增加' : '入户核实:未发现返贫致贫风险',
        ...(atRisk ? { riskTypes: ['illness'] } : {}),
      });
      return gap(w, c, 'verified');
    }
    case 'commitment_signed': {
      const attendees = r.int(15, 40);
      const against = r.int(0, 2);
      await resolveObjection(w, c, day);
      await step(w, cadre, c, 'record_village_review', {
        heldOn: day,
        attendees,
        votesFor: attendees - against,
        votesAgainst: against,
        abstentions: 0,
      });
      return gap(w, c, 'reviewed');
    }
    case 'village_reviewed':
      await step(w, cadre, c, 'start_public_notice', { startOn: day, endOn: plus(day, 5), place: '村务公开栏' });
      return 6;
    case 'publicizing':
      await step(w, townshipOf(w, c.regionCode), c, 'township_review', { decision: 'approve' });
      return gap(w, c, 'township');
    case 'township_reviewed':
      await step(w, w.staff.county, c, 'county_confirm', {
        category: c.lifted ? 'unstable_lifted' : 'marginal_vulnerable',
        riskTypes: ['illness'],
        dataComparisonNote: '经部门数据比对无不予纳入情形',
      });
      return 0;
  }
  return 0;
}

const MEASURES = ['employment', 'industry', 'health', 'public_welfare_job', 'comprehensive_security'] as const;

/** 一户一策: the plan within ten days of the confirmation (late for a few), its measures started at once. */
async function recordPlan(w: World, c: SimCase, day: string): Promise<void> {
  const r = rngOf(w, keyOf(c), 'plan');
  const types = r.sample(MEASURES, r.int(1, 3));
  try {
    const ctx = as(w, cadreOf(w, c.regionCode));
    const plan = await createPlan(
      ctx,
      c.id,
      PlanCreateBody.parse({
        version: c.version,
        createdOn: day,
        measures: types.map((type) => ({ type, description: '一户一策帮扶措施', startOn: day })),
      }),
    );
    w.counters.plans++;
    c.hasPlan = true;
    for (const m of plan.measures) {
      await changeMeasureStatus(as(w, cadreOf(w, c.regionCode)), plan.id, m.id, {
        status: 'implementing',
        version: m.version,
        on: day,
      });
    }
  } catch (err) {
    refused(w, 'plan', err);
  }
}

async function eliminationStep(w: World, c: SimCase, day: string): Promise<number> {
  const cadre = cadreOf(w, c.regionCode);
  switch (c.stage) {
    case 'elimination_proposed':
      await resolveObjection(w, c, day);
      await step(w, cadre, c, 'record_village_review', {
        heldOn: day,
        attendees: 20,
        votesFor: 19,
        votesAgainst: 1,
        abstentions: 0,
      });
      return gap(w, c, 'e-reviewed');
    case 'elimination_village_reviewed':
      await step(w, cadre, c, 'start_public_notice', { startOn: day, endOn: plus(day, 5), place: '村务公开栏' });
      return 6;
    case 'elimination_publicizing':
      await step(w, townshipOf(w, c.regionCode), c, 'township_review', { decision: 'approve' });
      return gap(w, c, 'e-township');
    case 'elimination_township_reviewed':
      // the county's data comparison finds a guard unmet: it sends the proposal back (the household stays monitored)
      if (!(await step(w, w.staff.county, c, 'county_approve_elimination', { note: '同意风险消除' }))) {
        await step(w, w.staff.county, c, 'county_reject_elimination', { reason: '经数据比对,风险消除条件未全部满足' });
      }
      return 0;
  }
  return 0;
}

/**
 * Move every case whose day has come by one step. A case seen for the first time (opened today, or by the seed)
 * gets its first day from its own pace; a refused step is tried again on the case's next day.
 */
export async function advanceCases(w: World, cases: SimCase[], agenda: Agenda, day: string): Promise<void> {
  for (const c of cases) {
    const moving = IDENTIFYING.has(c.stage) || ELIMINATING.has(c.stage) || (c.stage === 'monitoring' && !c.hasPlan);
    const key = keyOf(c);
    if (!moving) {
      agenda.delete(key);
      continue;
    }
    const due = agenda.get(key);
    if (!due) {
      agenda.set(key, plus(day, c.stage === 'monitoring' ? gap(w, c, 'plan') + 3 : gap(w, c, 'first')));
      continue;
    }
    if (due > day) continue;
    const t0 = Date.now();
    let next = 1;
    if (IDENTIFYING.has(c.stage)) next = await identificationStep(w, c, day);
    else if (ELIMINATING.has(c.stage)) next = await eliminationStep(w, c, day);
    else await recordPlan(w, c, day);
    agenda.set(key, plus(day, Math.max(1, next)));
    time(w, `case:${c.stage}`, t0);
  }
}
