/**
 * One step of the case procedure, stored: the core state machine decides (`transition`), this module writes what
 * it decided — the case, its events, the side-table rows the event carries (commitment, review meeting, notice,
 * objection), the household's national-system flags, the lead — and the audit record, all in the caller's
 * transaction, so a step is stored whole or not at all.
 */
import {
  AppError,
  chinaDate,
  evaluateEliminationGuards,
  refusalToAppError,
  transition,
  type CaseAction,
  type CaseContext,
  type CaseEvent,
  type EliminationGuardResult,
  type HouseholdType,
  type ResolvedPolicy,
  chinaDayStart,
  IDENTIFICATION_STAGES,
  type CaseStage,
} from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { CaseRepository, type CaseRow } from '../repositories/case.repository.js';
import { HouseholdFactsRepository } from '../repositories/household-facts.repository.js';
import { HouseholdRepository, type HouseholdRow } from '../repositories/household.repository.js';
import { LeadRepository } from '../repositories/lead.repository.js';
import { caseActorOf, caseColumns, householdFlags, toCaseState } from './case-state.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { policyAt } from '../policies/policy-at.js';

export interface StepInput {
  /** the case the step is taken on; for an opening (start_verification, remark_risk) the household's latest */
  before: CaseRow | null;
  action: CaseAction;
  household: HouseholdRow;
  /** the instant an opened case was discovered (the lead's) */
  discoveredAt?: Date;
}

export interface StepResult {
  /** the case after the step (the new one when the step opened a case) */
  row: CaseRow;
  events: CaseEvent[];
  opened: boolean;
}

const OPENING = new Set(['start_verification', 'remark_risk']);
const NEEDS_GUARDS = new Set(['propose_elimination', 'county_approve_elimination']);

/** The eight elimination guards on a day, from the household's facts as stored (elimination.ts). */
export async function guardsOf(
  tx: Pick<Tx, 'db'>,
  ctx: ServiceContext,
  householdId: string,
  policy: ResolvedPolicy,
  day: string,
): Promise<EliminationGuardResult> {
  const loaded = await new HouseholdFactsRepository(tx.db).loadOne(householdId, areaOf(ctx).scope, day);
  if (!loaded) throw new AppError('not_found', { zh: '农户不存在', en: 'household not found' });
  return evaluateEliminationGuards(loaded.facts, policy, day);
}

type Moved = Extract<ReturnType<typeof transition>, { ok: true }>;

/** The case row after the step: inserted when the step opened it, else updated against the version read (409). */
async function storeCase(
  cases: CaseRepository,
  r: Moved,
  at: {
    before: CaseRow | null | undefined;
    household: StepInput['household'];
    discoveredAt?: Date | undefined;
    policyId: string | null;
    now: Date;
  },
): Promise<CaseRow> {
  const { before, household: h, now } = at;
  if (r.opened) {
    return cases.insert({
      ...caseColumns(r.state),
      stage: r.state.stage,
      householdId: h.id,
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      leadId: r.state.leadId,
      previousCaseId: r.state.previousCaseId,
      episode: r.state.episode,
      discoveredAt: at.discoveredAt ?? chinaDayStart(r.state.discoveredOn),
      policyId: at.policyId,
      createdAt: now,
      updatedAt: now,
    });
  }
  const updated = await cases.updateVersioned(before!.id, before!.version, { ...caseColumns(r.state), updatedAt: now });
  if (!updated) throw versionConflict();
  return updated;
}

/** The step's events, numbered after the case's last. */
async function storeEvents(cases: CaseRepository, row: CaseRow, r: Moved, now: Date): Promise<void> {
  const seq = r.opened ? 1 : await cases.nextEventSeq(row.id);
  await cases.insertEvents(
    r.events.map((e, i) => ({
      caseId: row.id,
      countyCode: row.countyCode,
      seq: seq + i,
      action: e.type,
      fromStage: e.fromStage,
      toStage: e.toStage,
      actorId: e.actorId,
      actorRole: e.actorRole,
      at: now,
      payload: JSON.stringify(e.payload),
    })),
  );
}

/**
 * 绿色通道 (issue 15 §6; W12, W43): a case in identification that came from, or was joined by, a disaster lead
 * (sub-channel `disaster`), under a policy whose disaster.fastChannel is on. Such a case may record its assistance
 * plan first (先行帮扶); every statutory step still follows.
 */
export async function fastChannelOf(
  db: Kysely<DB>,
  c: { id: string; leadId: string | null; stage: string },
  policy: Pick<ResolvedPolicy, 'disaster'>,
): Promise<boolean> {
  if (!policy.disaster.fastChannel || !IDENTIFICATION_STAGES.includes(c.stage as CaseStage)) return false;
  return new LeadRepository(db).caseHasSubChannel(c, 'disaster');
}

/** Take one step and store everything it changes. Throws the machine's refusal as an AppError. */
export async function applyStep(tx: Tx, ctx: ServiceContext, input: StepInput): Promise<StepResult> {
  const { before, action, household: h } = input;
  const cases = new CaseRepository(tx.db);
  const now = ctx.now();
  const today = chinaDate(now);
  const opening = OPENING.has(action.type);
  // An opened case keeps the deadlines of the policy in force when its lead was discovered (the lead's own).
  const policyDay = 'discoveredOn' in action ? action.discoveredOn : today;
  const { policy, policyId } = await policyAt(tx.db, h.regionCode, policyDay);
  const state = before ? toCaseState(before, await cases.facts(before.id)) : null;
  const context: CaseContext = {
    householdType: h.householdType as HouseholdType,
    ...(NEEDS_GUARDS.has(action.type) ? { eliminationGuards: await guardsOf(tx, ctx, h.id, policy, today) } : {}),
    ...(action.type === 'record_assistance_plan' && before
      ? { fastChannel: await fastChannelOf(tx.db, before, policy) }
      : {}),
  };
  const r = transition(state, action, caseActorOf(ctx.actor), now, policy, context);
  if (!r.ok) throw refusalToAppError(r);

  const row = await storeCase(cases, r, { before, household: h, discoveredAt: input.discoveredAt, policyId, now });
  await storeEvents(cases, row, r, now);
  for (const e of r.events) await writeSideRows(cases, row, action, e);

  await new HouseholdRepository(tx.db).setColumns(h.id, {
    ...householdFlags(
      r.state,
      r.events.map((e) => e.type),
      h,
    ),
    updatedAt: now,
  });

  const leads = new LeadRepository(tx.db);
  if (r.opened && row.leadId) await leads.convert(row.leadId, row.id, now);
  if (action.type === 'record_verification' && action.result === 'no_risk' && row.leadId) {
    await leads.dismiss(row.leadId, action.findings, now);
  }

  const { type: _t, ...fields } = action;
  await appendAudit(tx, ctx, {
    action: `case.${action.type}`,
    targetType: 'monitoring_case',
    targetId: row.id,
    regionCode: row.regionCode,
    before: before && !opening ? { stage: before.stage, version: before.version } : null,
    after: { stage: row.stage, version: row.version },
    detail: {
      householdId: h.id,
      events: r.events.map((e) => e.type),
      fields,
      ...(opening && before ? { previousCaseId: before.id } : {}),
      ...(context.eliminationGuards
        ? { guards: { met: context.eliminationGuards.met, failed: context.eliminationGuards.failedRuleIds } }
        : {}),
      policy: policy.versionLabel,
    },
  });
  return { row, events: r.events, opened: r.opened };
}

/** The rows an event carries into the side tables (docs/case-procedure.md "Using it"). */
async function writeSideRows(cases: CaseRepository, c: CaseRow, a: CaseAction, e: CaseEvent): Promise<void> {
  const purpose = (e.payload.purpose as string | undefined) ?? 'identification';
  switch (e.type) {
    case 'commitment_signed':
      if (a.type !== 'sign_commitment') return;
      if (a.signerMemberId && !(await cases.isMemberOf(c.householdId, a.signerMemberId))) {
        throw validationFailed([{ path: 'signerMemberId', message: '不是本户成员 / not a member of this household' }]);
      }
      await cases.insertCommitment({
        caseId: c.id,
        countyCode: c.countyCode,
        signedOn: a.signedOn,
        signerName: a.signerName,
        signerMemberId: a.signerMemberId ?? null,
        authorizesAssetCheck: a.authorizesAssetCheck,
        documentRef: a.documentRef ?? null,
      });
      return;
    case 'village_review_passed':
    case 'village_review_failed':
      if (a.type !== 'record_village_review') return;
      await cases.insertReview({
        caseId: c.id,
        countyCode: c.countyCode,
        purpose,
        heldOn: a.heldOn,
        attendees: a.attendees,
        votesFor: a.votesFor,
        votesAgainst: a.votesAgainst,
        abstentions: a.abstentions,
        minutes: a.minutes ?? null,
      });
      return;
    case 'public_notice_started':
      if (a.type !== 'start_public_notice') return;
      await cases.insertNotice({
        caseId: c.id,
        countyCode: c.countyCode,
        regionCode: c.regionCode,
        purpose,
        startOn: a.startOn,
        endOn: a.endOn,
        place: a.place,
      });
      return;
    case 'objection_recorded': {
      if (a.type !== 'record_objection') return;
      const notice = await cases.latestNotice(c.id, purpose);
      if (!notice) {
        throw new AppError('precondition_failed', {
          zh: '案件没有公示记录，无法登记异议',
          en: 'the case has no notice on file to object to',
        });
      }
      await cases.insertObjection({
        noticeId: notice.id,
        countyCode: c.countyCode,
        raisedOn: a.raisedOn,
        content: a.content,
        raisedBy: a.raisedBy ?? null,
      });
      await cases.closeNotice(notice.id, a.raisedOn);
      return;
    }
    case 'objection_resolved': {
      if (a.type !== 'resolve_objection') return;
      const open = await cases.openObjections(c.id);
      const target = a.objectionId ? open.find((o) => o.id === a.objectionId) : open[0];
      if (!target) {
        throw validationFailed([
          { path: 'objectionId', message: '不是本案件未办结的异议 / not an open objection of this case' },
        ]);
      }
      await cases.resolveObjection(target.id, { resolvedOn: a.resolvedOn, resolution: a.resolution, upheld: a.upheld });
      return;
    }
    default:
      return;
  }
}
