import {
  transition,
  type CaseAction,
  type CaseActor,
  type CaseEvent,
  type CasePolicy,
  type CaseStage,
  type CaseState,
  type EliminationMethod,
  type IsoDate,
  type LeadChannel,
  type LeadSubChannel,
  type MonitoringCategory,
  type RiskType,
} from '@dixian/core';
import { addDays, addMonths, daysBetween } from './days.js';
import { OBJECTIONS } from './catalog.js';
import type { Rng } from './random.js';

/**
 * Cases are not written by hand: the generator plays the procedure through the core state machine
 * (`transition`, packages/core/src/case-machine.ts), one dated step after another, so every stage, date,
 * deadline and event is exactly what the product itself would have recorded (S1 §四(三); S3 §三(四)(五)).
 * This file decides the steps and their dates; the machine decides what they do.
 */

export type StepKind =
  | 'start'
  | 'remark'
  | 'sign'
  | 'verify_at_risk'
  | 'verify_no_risk'
  | 'review_pass'
  | 'review_fail'
  | 'notice'
  | 'objection'
  | 'resolve'
  | 'township_approve'
  | 'township_reject'
  | 'confirm'
  | 'county_reject'
  | 'plan'
  | 'flag'
  | 'propose'
  | 'rollback';

interface PlannedStep {
  kind: StepKind;
  /** days after the anchor of its phase */
  offset: number;
  /** the stage the case is in after this step (for choosing where a case stands today) */
  stage: CaseStage;
  /** notices: how many days they stay up */
  noticeDays?: number;
  elimination?: boolean;
}

/** One executed step, with what the side tables need. */
export interface StepRecord {
  kind: StepKind;
  on: IsoDate;
  elimination: boolean;
  action: CaseAction;
  events: CaseEvent[];
  /** the case after the step */
  state: CaseState;
}

export interface CaseSpec {
  finalStage: CaseStage;
  category: MonitoringCategory;
  riskTypes: RiskType[];
  channel: LeadChannel;
  subChannel: LeadSubChannel;
  eliminationMethod: EliminationMethod;
  /** an objection during the identification notice (resolved, not upheld) */
  objection: boolean;
  /** 'verifying' after an objection that is still open */
  openObjection: boolean;
  /** extra days an in-progress identification has been waiting (some become overdue) */
  stallDays: number;
  /** extra days before the village review of a case that is later confirmed (some are confirmed late) */
  lateDays: number;
  rejectVia: 'verification' | 'village' | 'township' | 'county';
  rejectionReason: string;
  noLaborFlag: boolean;
  rollback: boolean;
  plan: 'on_time' | 'late' | 'missing';
  /** a second episode after elimination (风险再标注), standing at this stage */
  remarkStage: CaseStage | null;
  remarkRiskTypes: RiskType[];
}

export interface CaseEnv {
  householdId: string;
  regionCode: string;
  leadId: string;
  remarkLeadId: string;
  headName: string;
  headMemberId: string;
  asOf: IsoDate;
  policyAt(date: IsoDate): CasePolicy & { minMonthsMonitored: number };
  actors: { village: CaseActor; township: CaseActor; county: CaseActor };
  caseId(episode: number): string;
  planId(episode: number): string;
}

export interface PlayedCase {
  episode: number;
  state: CaseState;
  steps: StepRecord[];
  policy: CasePolicy;
}

const VERIFIERS = ['村党支部书记', '驻村第一书记', '网格员', '村委会主任'];

/** Identification steps from the lead to the county's confirmation, with day offsets from discovery. */
function identificationSteps(
  rng: Rng,
  noticeDays: number,
  spec: Pick<CaseSpec, 'objection' | 'lateDays'>,
): PlannedStep[] {
  const steps: PlannedStep[] = [{ kind: 'start', offset: 0, stage: 'verifying' }];
  let t = rng.int(0, 2);
  steps.push({ kind: 'sign', offset: t, stage: 'verifying' });
  t += rng.int(0, 1);
  steps.push({ kind: 'verify_at_risk', offset: t, stage: 'commitment_signed' });
  const round = (first: boolean) => {
    t += rng.int(1, 3) + (first ? spec.lateDays : 0);
    steps.push({ kind: 'review_pass', offset: t, stage: 'village_reviewed' });
    t += rng.int(0, 1);
    const days = noticeDays + (rng.chance(0.2) ? 1 : 0);
    steps.push({ kind: 'notice', offset: t, stage: 'publicizing', noticeDays: days });
    return t + days;
  };
  let end = round(true);
  if (spec.objection) {
    t += rng.int(1, Math.max(1, noticeDays - 1));
    steps.push({ kind: 'objection', offset: t, stage: 'verifying' });
    t += rng.int(1, 4);
    steps.push({ kind: 'resolve', offset: t, stage: 'verifying' });
    t += rng.int(0, 1);
    steps.push({ kind: 'verify_at_risk', offset: t, stage: 'commitment_signed' });
    end = round(false);
  }
  t = end + rng.int(1, 2);
  steps.push({ kind: 'township_approve', offset: t, stage: 'township_reviewed' });
  t += rng.int(0, 2);
  steps.push({ kind: 'confirm', offset: t, stage: 'monitoring' });
  return steps;
}

/** Elimination steps from the proposal to the county's approval, offsets from the proposal. */
function eliminationSteps(rng: Rng, noticeDays: number): PlannedStep[] {
  let t = 0;
  const steps: PlannedStep[] = [{ kind: 'propose', offset: 0, stage: 'elimination_proposed', elimination: true }];
  t += rng.int(2, 7);
  steps.push({ kind: 'review_pass', offset: t, stage: 'elimination_village_reviewed', elimination: true });
  t += rng.int(0, 1);
  const days = noticeDays + (rng.chance(0.2) ? 1 : 0);
  steps.push({ kind: 'notice', offset: t, stage: 'elimination_publicizing', noticeDays: days, elimination: true });
  t += days + rng.int(1, 3);
  steps.push({ kind: 'township_approve', offset: t, stage: 'elimination_township_reviewed', elimination: true });
  t += rng.int(1, 5);
  steps.push({ kind: 'confirm', offset: t, stage: 'eliminated', elimination: true });
  return steps;
}

/**
 * Cut a step list where the case should stand today: keep the steps up to the last one that leaves it at
 * `stage`, and return how many days ago the phase started (so that the next step has not happened yet).
 */
function cutAt(
  rng: Rng,
  steps: PlannedStep[],
  stage: CaseStage,
  stallDays: number,
): { kept: PlannedStep[]; elapsed: number } {
  let last = -1;
  for (let i = 0; i < steps.length; i++) if (steps[i]!.stage === stage) last = i;
  if (last < 0) throw new Error(`no step reaches ${stage}`);
  const entered = steps.find((s) => s.stage === stage)!.offset;
  const next = steps[last + 1];
  const until = next ? Math.max(entered, next.offset - 1) : entered + 30;
  const elapsed = rng.int(entered, until);
  // steps of the stage that would fall after "today" are simply not taken yet
  const kept = steps.slice(0, last + 1).filter((s) => s.offset <= elapsed);
  return { kept, elapsed: elapsed + stallDays };
}

const IDENTIFICATION_ORDER: CaseStage[] = [
  'verifying',
  'commitment_signed',
  'village_reviewed',
  'publicizing',
  'township_reviewed',
];
const ELIMINATION_ORDER: CaseStage[] = [
  'elimination_proposed',
  'elimination_village_reviewed',
  'elimination_publicizing',
  'elimination_township_reviewed',
];

/** Dated steps of one episode, ending at `stage` on or before `asOf`, starting no earlier than `notBefore`. */
interface Dated {
  kind: StepKind;
  on: IsoDate;
  noticeDays?: number;
  elimination: boolean;
}

function dated(steps: PlannedStep[], anchor: IsoDate): Dated[] {
  return steps.map((s) => ({
    kind: s.kind,
    on: addDays(anchor, s.offset),
    ...(s.noticeDays !== undefined ? { noticeDays: s.noticeDays } : {}),
    elimination: !!s.elimination,
  }));
}

function rejectionSteps(rng: Rng, noticeDays: number, via: CaseSpec['rejectVia']): PlannedStep[] {
  const full = identificationSteps(rng, noticeDays, { objection: false, lateDays: 0 });
  const at = (kind: StepKind) => full.findIndex((s) => s.kind === kind);
  switch (via) {
    case 'verification': {
      const sign = full[at('sign')]!;
      const steps = full.slice(0, rng.chance(0.5) ? at('sign') + 1 : at('sign'));
      steps.push({ kind: 'verify_no_risk', offset: sign.offset + rng.int(0, 2), stage: 'rejected' });
      return steps;
    }
    case 'village': {
      const r = full[at('review_pass')]!;
      return [...full.slice(0, at('review_pass')), { kind: 'review_fail', offset: r.offset, stage: 'rejected' }];
    }
    case 'township': {
      const t = full[at('township_approve')]!;
      return [
        ...full.slice(0, at('township_approve')),
        { kind: 'township_reject', offset: t.offset, stage: 'rejected' },
      ];
    }
    case 'county': {
      const c = full[at('confirm')]!;
      return [...full.slice(0, at('confirm')), { kind: 'county_reject', offset: c.offset, stage: 'rejected' }];
    }
  }
}

/**
 * The dated steps of the household's cases. Returns one list per episode (a second episode only after an
 * elimination, 风险再标注).
 */
function planDates(rng: Rng, spec: CaseSpec, env: CaseEnv): Dated[][] {
  const asOf = env.asOf;
  const pol = env.policyAt(asOf);
  const noticeDays = pol.deadlines.noticeMinDays;
  const planDays = pol.deadlines.planDays;
  const minMonths = pol.minMonthsMonitored;
  const stage = spec.finalStage;

  const withPlan = (out: Dated[], confirmedOn: IsoDate, latest: IsoDate) => {
    if (spec.plan === 'missing') return;
    const on =
      spec.plan === 'on_time'
        ? addDays(confirmedOn, rng.int(1, planDays))
        : addDays(confirmedOn, rng.int(planDays + 1, planDays + 20));
    if (on <= latest) out.push({ kind: 'plan', on, elimination: false });
  };

  if (IDENTIFICATION_ORDER.includes(stage)) {
    const steps = identificationSteps(rng, noticeDays, { objection: false, lateDays: 0 });
    if (spec.openObjection && stage === 'verifying') {
      // the notice drew an objection that is still being looked into: back at verification
      const upTo = steps.findIndex((s) => s.kind === 'notice');
      const notice = steps[upTo]!;
      const kept = [
        ...steps.slice(0, upTo + 1),
        { kind: 'objection' as const, offset: notice.offset + rng.int(1, noticeDays - 1), stage: 'verifying' as const },
      ];
      const elapsed = kept.at(-1)!.offset + rng.int(0, 6);
      return [dated(kept, addDays(asOf, -elapsed))];
    }
    const { kept, elapsed } = cutAt(rng, steps, stage, spec.stallDays);
    return [dated(kept, addDays(asOf, -elapsed))];
  }

  if (stage === 'rejected') {
    const steps = rejectionSteps(rng, noticeDays, spec.rejectVia);
    const rejectedOn = addDays(asOf, -rng.int(0, 330));
    return [dated(steps, addDays(rejectedOn, -steps.at(-1)!.offset))];
  }

  const idSteps = identificationSteps(rng, noticeDays, spec);
  const confirmOffset = idSteps.at(-1)!.offset;

  if (stage === 'monitoring' && !spec.rollback) {
    const confirmedOn = addDays(asOf, -rng.int(1, 1095));
    const out = dated(idSteps, addDays(confirmedOn, -confirmOffset));
    withPlan(out, confirmedOn, asOf);
    if (spec.noLaborFlag)
      out.push({ kind: 'flag', on: minDateOf(addDays(confirmedOn, rng.int(0, 90)), asOf), elimination: false });
    return [out];
  }

  // Everything else went through (or into) the elimination procedure.
  const elimSteps = eliminationSteps(rng, noticeDays);
  let proposedOn: IsoDate;
  let elim: PlannedStep[];
  let afterElimination: Dated[] = [];
  let remark: Dated[][] = [];
  if (ELIMINATION_ORDER.includes(stage)) {
    const cut = cutAt(rng, elimSteps, stage, 0);
    elim = cut.kept;
    proposedOn = addDays(asOf, -cut.elapsed);
  } else {
    // eliminated (possibly rolled back since, or re-marked with a new episode)
    elim = elimSteps;
    const followUp = spec.rollback || spec.remarkStage ? rng.int(60, 400) : 0;
    const eliminatedOn = addDays(asOf, -(followUp + rng.int(1, 800)));
    proposedOn = addDays(eliminatedOn, -elimSteps.at(-1)!.offset);
    if (spec.rollback) {
      afterElimination = [{ kind: 'rollback', on: addDays(eliminatedOn, rng.int(20, followUp)), elimination: false }];
    } else if (spec.remarkStage) {
      remark = [planRemark(rng, spec, env, addDays(eliminatedOn, 20))];
    }
  }
  // monitored for at least the policy's months before the proposal (S1 §四(四); W3)
  const confirmedOn = addDays(addMonths(proposedOn, -minMonths), -rng.int(0, 540));
  const out = dated(idSteps, addDays(confirmedOn, -confirmOffset));
  // the plan comes before the proposal (an assisted elimination needs measures in place)
  const planned = spec.plan === 'missing' ? { ...spec, plan: 'on_time' as const } : spec;
  if (planned.plan === 'on_time')
    out.push({ kind: 'plan', on: addDays(confirmedOn, rng.int(1, planDays)), elimination: false });
  else out.push({ kind: 'plan', on: addDays(confirmedOn, rng.int(planDays + 1, planDays + 20)), elimination: false });
  out.push(...dated(elim, proposedOn), ...afterElimination);
  return [out, ...remark];
}

function minDateOf(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** The second episode after an elimination (风险再标注), standing at spec.remarkStage, re-marked after `earliest`. */
function planRemark(rng: Rng, spec: CaseSpec, env: CaseEnv, earliest: IsoDate): Dated[] {
  const pol = env.policyAt(env.asOf);
  const steps = identificationSteps(rng, pol.deadlines.noticeMinDays, { objection: false, lateDays: 0 });
  steps[0] = { ...steps[0]!, kind: 'remark' };
  const stage = spec.remarkStage!;
  const room = Math.max(0, daysBetween(earliest, env.asOf));
  let kept: PlannedStep[];
  let elapsed: number;
  if (stage === 'monitoring') {
    kept = steps;
    elapsed = steps.at(-1)!.offset + rng.int(1, Math.max(1, room - steps.at(-1)!.offset));
  } else {
    ({ kept, elapsed } = cutAt(rng, steps, stage, 0));
  }
  // not enough time since the elimination for this stage: the steps that do not fit have not happened yet
  elapsed = Math.min(elapsed, room);
  const out = dated(
    kept.filter((s) => s.offset <= elapsed),
    addDays(env.asOf, -elapsed),
  );
  const confirm = out.find((s) => s.kind === 'confirm');
  if (confirm) {
    const on = addDays(confirm.on, rng.int(1, pol.deadlines.planDays));
    if (on <= env.asOf) out.push({ kind: 'plan', on, elimination: false });
  }
  return out;
}

/** Play the household's cases through the state machine. */
export function playCases(rng: Rng, spec: CaseSpec, env: CaseEnv): PlayedCase[] {
  const episodes = planDates(rng, spec, env);
  const played: PlayedCase[] = [];
  let previous: CaseState | null = null;
  episodes.forEach((unsorted, i) => {
    const episode = i + 1;
    // chronological; steps of the same day keep their procedural order (the sort is stable)
    const steps = [...unsorted].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
    if (!steps.length) return;
    const policy = env.policyAt(steps[0]!.on);
    let state: CaseState | null = previous;
    const records: StepRecord[] = [];
    for (const step of steps) {
      if (step.on > env.asOf) break;
      const { action, actor } = buildAction(rng, step, spec, env, episode);
      const r = transition(state, action, actor, step.on, policy, {
        eliminationGuards: { met: true, failedRuleIds: [] },
      });
      if (!r.ok) {
        throw new Error(
          `demo case for household ${env.householdId} (${step.kind} on ${step.on}, stage ${state?.stage ?? '—'}): ${r.message.en}`,
        );
      }
      state = r.opened ? { ...r.state, id: env.caseId(episode) } : r.state;
      records.push({ kind: step.kind, on: step.on, elimination: step.elimination, action, events: r.events, state });
    }
    if (!state || !records.length) return;
    played.push({ episode, state, steps: records, policy });
    previous = state;
  });
  return played;
}

function votes(rng: Rng, pass: boolean) {
  const attendees = rng.int(15, 41);
  if (pass) {
    const votesFor = rng.int(Math.floor(attendees / 2) + 1, attendees);
    const votesAgainst = rng.int(0, attendees - votesFor);
    return { attendees, votesFor, votesAgainst, abstentions: attendees - votesFor - votesAgainst };
  }
  const votesFor = rng.int(Math.floor(attendees / 4), Math.floor(attendees / 2));
  const votesAgainst = rng.int(Math.ceil((attendees - votesFor) / 2), attendees - votesFor);
  return { attendees, votesFor, votesAgainst, abstentions: attendees - votesFor - votesAgainst };
}

/** The case-machine action of one planned step, and who takes it: the identification steps here. */
function buildAction(
  rng: Rng,
  step: Dated,
  spec: CaseSpec,
  env: CaseEnv,
  episode: number,
): { action: CaseAction; actor: CaseActor } {
  const { village } = env.actors;
  const riskTypes = episode > 1 ? spec.remarkRiskTypes : spec.riskTypes;
  switch (step.kind) {
    case 'start':
      return {
        actor: village,
        action: {
          type: 'start_verification',
          householdId: env.householdId,
          regionCode: env.regionCode,
          leadId: env.leadId,
          channel: spec.channel,
          subChannel: spec.subChannel,
          discoveredOn: step.on,
          riskTypes,
        },
      };
    case 'remark':
      return {
        actor: village,
        action: {
          type: 'remark_risk',
          leadId: env.remarkLeadId,
          channel: 'cadre_screening',
          subChannel: 'visit',
          discoveredOn: step.on,
          riskTypes,
        },
      };
    case 'sign':
      return {
        actor: village,
        action: {
          type: 'sign_commitment',
          signedOn: step.on,
          signerName: env.headName,
          signerMemberId: env.headMemberId,
          authorizesAssetCheck: true,
          documentRef: `承诺授权书 ${step.on.replace(/-/g, '')}`,
        },
      };
    case 'verify_at_risk':
    case 'verify_no_risk':
      return {
        actor: village,
        action: {
          type: 'record_verification',
          result: step.kind === 'verify_at_risk' ? 'at_risk' : 'no_risk',
          verifiedOn: step.on,
          verifiers: rng.sample(VERIFIERS, 2),
          findings:
            step.kind === 'verify_at_risk'
              ? '入户核实,家庭存在返贫致贫风险,收支及“两不愁三保障”情况已登记'
              : spec.rejectionReason,
          riskTypes,
        },
      };
    default:
      return laterAction(rng, step, spec, env, episode);
  }
}

/** The steps from the public notice on: objections, the township's and county's decisions, plan, flag, elimination. */
function laterAction(
  rng: Rng,
  step: Dated,
  spec: CaseSpec,
  env: CaseEnv,
  episode: number,
): { action: CaseAction; actor: CaseActor } {
  const { village, township, county } = env.actors;
  const riskTypes = episode > 1 ? spec.remarkRiskTypes : spec.riskTypes;
  switch (step.kind) {
    case 'review_pass':
    case 'review_fail':
      return {
        actor: village,
        action: {
          type: 'record_village_review',
          heldOn: step.on,
          ...votes(rng, step.kind === 'review_pass'),
          minutes: step.elimination
            ? '村两委、村民代表和驻村第一书记评议风险消除'
            : '村两委、村民代表和驻村第一书记评议监测对象',
        },
      };
    case 'notice':
      return {
        actor: village,
        action: {
          type: 'start_public_notice',
          startOn: step.on,
          endOn: addDays(step.on, step.noticeDays!),
          place: '村务公开栏',
        },
      };
    case 'objection':
      return {
        actor: village,
        action: { type: 'record_objection', raisedOn: step.on, content: rng.pick(OBJECTIONS), raisedBy: '村民' },
      };
    case 'resolve':
      return {
        actor: township,
        action: {
          type: 'resolve_objection',
          resolvedOn: step.on,
          resolution: '经乡镇入户复核和部门数据比对,反映情况不属实,异议不成立',
          upheld: false,
        },
      };
    case 'township_approve':
      return { actor: township, action: { type: 'township_review', decision: 'approve' } };
    case 'township_reject':
      return {
        actor: township,
        action: { type: 'township_review', decision: 'reject', opinion: spec.rejectionReason },
      };
    case 'confirm':
      if (step.elimination)
        return { actor: county, action: { type: 'county_approve_elimination', note: '同意风险消除' } };
      return {
        actor: county,
        action: {
          type: 'county_confirm',
          category: spec.category,
          riskTypes: riskTypes.length ? riskTypes : ['other'],
          dataComparisonNote: '经与公安、自然资源、市场监管、车管等部门数据比对,未发现不予纳入情形',
        },
      };
    case 'county_reject':
      return { actor: county, action: { type: 'county_reject', reason: spec.rejectionReason } };
    default:
      return monitoringAction(step, spec, env, episode);
  }
}

/** The steps of monitoring and elimination: the plan, the no-labour flag, the proposal and a rollback. */
function monitoringAction(
  step: Dated,
  spec: CaseSpec,
  env: CaseEnv,
  episode: number,
): { action: CaseAction; actor: CaseActor } {
  const { village, county } = env.actors;
  switch (step.kind) {
    case 'plan':
      return {
        actor: village,
        action: { type: 'record_assistance_plan', planId: env.planId(episode), createdOn: step.on },
      };
    case 'flag':
      return {
        actor: village,
        action: {
          type: 'set_no_labor_flag',
          determinedOn: step.on,
          basis: '经镇村认定,家庭成员均无劳动能力,主要依靠社会保障政策维持基本生活(S3 §三(七))',
        },
      };
    case 'propose':
      return {
        actor: village,
        action: {
          type: 'propose_elimination',
          method: spec.eliminationMethod,
          proposedOn: step.on,
          findings: '家庭人均纯收入稳定超过监测范围,“两不愁三保障”及饮水安全持续巩固,风险已稳定消除',
        },
      };
    case 'rollback':
      return {
        actor: county,
        action: { type: 'rollback_elimination', reason: '回访发现收入不稳定,仍需帮扶,风险消除回退' },
      };
    default:
      throw new Error(`no action for the step ${step.kind}`);
  }
}
