/**
 * Cases (识别认定 → 监测 → 风险消除, docs/case-procedure.md) behind the API: the list by nearest deadline, the case
 * page, and the steps. Every step checks the role (403), finds the case in the caller's area (404 otherwise,
 * exactly like a missing id), checks the version the client read (409), and then lets core's `transition` decide;
 * ./case-step.ts stores what it decided in the same transaction.
 */
import {
  actionAvailability,
  AppError,
  addDays,
  CASE_ACTION_LABELS,
  caseStepAction,
  CaseStage,
  chinaDate,
  daysBetween,
  deadlineStatus,
  MONITORED_STAGES,
  monitoringStatusOf,
  type CaseAction,
  type EliminationGuardResult,
  type RiskType,
} from '@dixian/core';
import {
  caseActionEndpoint,
  type CaseDetail,
  type CaseListQuery,
  type CasePage,
  type CaseStepType,
  type CaseView,
  type RemarkRiskBody,
  type StartVerificationBody,
} from '@dixian/core/api';
import { CaseRepository, type CaseRow } from '../repositories/case.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { LeadRepository } from '../repositories/lead.repository.js';
import { PlanRepository } from '../repositories/plan.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import { applyStep, fastChannelOf, guardsOf } from './case-step.js';
import { caseActorOf, toCaseState } from './case-state.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { loadHousehold } from './household.service.js';
import { discoveryInstant, recordLead } from './lead.service.js';
import { policyAt } from '../policies/policy-at.js';

function laterEpisode(): AppError {
  return new AppError(
    'invalid_transition',
    {
      zh: '该户已有更新的监测案件，本案件不能再办理此步骤',
      en: 'the household has a later episode; this case takes no further steps',
    },
    [],
    { reason: 'later_episode' },
  );
}

// ---- reads --------------------------------------------------------------------------------------------------

export async function listCases(ctx: ServiceContext, q: CaseListQuery): Promise<CasePage> {
  const area = areaOf(ctx).list('case.read', q.region);
  if (!area) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const today = chinaDate(ctx.now());
  const { items, total } = await new CaseRepository(ctx.store.db).list(areaOf(ctx).scope, {
    ...q,
    regionPrefix: area.regionPrefix,
    today,
    dueBy: q.dueWithinDays !== undefined ? addDays(today, q.dueWithinDays) : undefined,
  });
  return {
    items: items.map((r) => {
      const daysLeft = r.currentDueOn ? daysBetween(today, r.currentDueOn) : null;
      return {
        ...r,
        stage: r.stage as CaseStage,
        category: r.category as CasePage['items'][number]['category'],
        riskTypes: r.riskTypes as CasePage['items'][number]['riskTypes'],
        currentDueKind: r.currentDueKind as CasePage['items'][number]['currentDueKind'],
        discoveredOn: chinaDate(r.discoveredAt),
        daysLeft,
        overdue: daysLeft !== null && daysLeft < 0,
      };
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function toCaseView(r: CaseRow): CaseView {
  const s = toCaseState(r, {
    commitmentOnFile: false,
    openObjections: 0,
    latestReview: null,
    planCreatedOn: null,
    measuresInPlace: 0,
  });
  const { facts: _f, id: _id, ...fields } = s;
  return {
    ...fields,
    id: r.id,
    countyCode: r.countyCode,
    stageLabel: CaseStage.labels[s.stage],
    monitoringStatus: monitoringStatusOf(s.stage),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The case page: the case, its events and side records, where it stands against its deadlines, the elimination
 * guards while the household is monitored, and every step the caller's role may take with whether it is
 * possible now (and why not).
 */
export async function getCaseDetail(ctx: ServiceContext, id: string): Promise<CaseDetail> {
  const db = ctx.store.db;
  const cases = new CaseRepository(db);
  const row = await areaOf(ctx).load('case.read', RECORD.case, id, (scope) => cases.get(scope, id));
  const today = chinaDate(ctx.now());
  const [facts, events, commitment, reviews, notices, later, household, openLead, plan] = await Promise.all([
    cases.facts(row.id),
    cases.events(row.id),
    cases.commitment(row.id),
    cases.reviews(row.id),
    cases.notices(row.id),
    cases.hasLaterEpisode(row),
    householdSummary(ctx, row.householdId),
    new LeadRepository(db).openOfHousehold(row.householdId),
    new PlanRepository(db).firstOfCase(row.id),
  ]);
  const state = toCaseState(row, facts);
  const { policy } = await policyAt(db, row.regionCode, today);
  let guards: EliminationGuardResult | null = null;
  if (MONITORED_STAGES.includes(state.stage)) guards = await guardsOf({ db }, ctx, row.householdId, policy, today);
  const ids = { caseId: row.id, householdId: row.householdId, leadId: openLead?.id ?? null };
  const fastChannel = await fastChannelOf(db, row, policy);
  const actions = caseActions(ctx, state, { today, guards, fastChannel, later, ids });
  return {
    case: toCaseView(row),
    household,
    facts: {
      commitmentOnFile: facts.commitmentOnFile,
      openObjections: facts.openObjections,
      planCreatedOn: facts.planCreatedOn,
      measuresInPlace: facts.measuresInPlace,
    },
    deadlines: deadlineStatus(state, today),
    actions,
    allowedActions: actions.filter((a) => a.allowed).map((a) => a.type),
    guards: guards
      ? { asOf: today, met: guards.met, failedRuleIds: guards.failedRuleIds, explanations: guards.explanations }
      : null,
    policyVersion: policy.versionLabel,
    ...toCaseRecords({ events, commitment, reviews, notices }),
    plan: plan
      ? { id: plan.id, createdOn: plan.createdOn, version: plan.version, measures: Number(plan.measures) }
      : null,
  };
}

/** Every step the caller's role may take on the case, with whether it is possible now and why not. */
function caseActions(
  ctx: ServiceContext,
  state: ReturnType<typeof toCaseState>,
  at: {
    today: string;
    guards: EliminationGuardResult | null;
    /** 绿色通道: the plan may come before the confirmation (a disaster case in identification) */
    fastChannel: boolean;
    later: boolean;
    ids: { caseId: string; householdId: string; leadId: string | null };
  },
): CaseDetail['actions'] {
  const { today, guards, fastChannel, later, ids } = at;
  return actionAvailability(state, caseActorOf(ctx.actor), {
    today,
    ...(guards ? { context: { eliminationGuards: guards } } : {}),
    ...(fastChannel ? { context: { fastChannel } } : {}),
  }).map((a) => {
    const blockedByLater = later && a.type !== 'resolve_objection';
    const allowed = a.allowed && !blockedByLater && caseActionEndpoint(a.type, ids) !== null;
    const refusal = a.refusal;
    return {
      type: a.type,
      label: CASE_ACTION_LABELS[a.type],
      allowed,
      reason: allowed ? null : blockedByLater ? 'later_episode' : (refusal?.reason ?? 'no_lead'),
      message: allowed
        ? null
        : blockedByLater
          ? laterEpisode().text
          : (refusal?.message ?? { zh: '需先登记风险线索', en: 'record a lead first' }),
      endpoint: caseActionEndpoint(a.type, ids),
    };
  });
}

type RecordsOf<K extends 'events' | 'commitment' | 'reviews' | 'notices'> = Awaited<ReturnType<CaseRepository[K]>>;

/** The case's events and side records (commitment, review meetings, notices with their objections) as views. */
function toCaseRecords(r: {
  events: RecordsOf<'events'>;
  commitment: RecordsOf<'commitment'>;
  reviews: RecordsOf<'reviews'>;
  notices: RecordsOf<'notices'>;
}): Pick<CaseDetail, 'events' | 'commitment' | 'reviews' | 'notices'> {
  const { events, commitment, reviews, notices } = r;
  return {
    events: events.map((e) => ({
      seq: e.seq,
      type: e.action,
      fromStage: e.fromStage as CaseStage | null,
      toStage: e.toStage as CaseStage | null,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorRole: e.actorRole as CaseDetail['events'][number]['actorRole'],
      payload: (e.payload ?? {}) as Record<string, unknown>,
    })),
    commitment: commitment
      ? {
          id: commitment.id,
          signedOn: commitment.signedOn,
          signerName: commitment.signerName,
          authorizesAssetCheck: commitment.authorizesAssetCheck,
          documentRef: commitment.documentRef,
        }
      : null,
    reviews: reviews.map((r) => ({
      id: r.id,
      purpose: r.purpose as 'identification' | 'elimination',
      heldOn: r.heldOn,
      attendees: r.attendees,
      votesFor: r.votesFor,
      votesAgainst: r.votesAgainst,
      abstentions: r.abstentions,
      passed: r.votesFor * 2 > r.attendees,
      minutes: r.minutes,
    })),
    notices: notices.map((n) => ({
      id: n.id,
      purpose: n.purpose as 'identification' | 'elimination',
      startOn: n.startOn,
      endOn: n.endOn,
      place: n.place,
      closedOn: n.closedOn,
      objections: n.objections.map((o) => ({
        id: o.id,
        raisedOn: o.raisedOn,
        raisedBy: o.raisedBy,
        content: o.content,
        resolvedOn: o.resolvedOn,
        resolution: o.resolution,
        upheld: o.upheld,
      })),
    })),
  };
}

async function householdSummary(ctx: ServiceContext, householdId: string): Promise<CaseDetail['household']> {
  const db = ctx.store.db;
  const h = await new HouseholdRepository(db).caseSummary(householdId);
  return {
    id: h.id,
    householdNo: h.householdNo,
    headName: h.headName ?? null,
    regionName: await new RegionRepository(db).fullName(h.regionCode),
    monitoringStatus: h.monitoringStatus as CaseDetail['household']['monitoringStatus'],
  };
}

// ---- steps --------------------------------------------------------------------------------------------------

/**
 * POST /api/cases/:id/<step>: one step on an existing case, with the version the client read. Only the
 * household's latest episode moves (an objection to an older notice may still be resolved).
 */
export async function takeCaseStep<T extends CaseStepType>(
  ctx: ServiceContext,
  caseId: string,
  type: T,
  body: { version: number } & Record<string, unknown>,
): Promise<CaseDetail> {
  const action = caseStepAction(type);
  const area = areaOf(ctx);
  area.allow(action);
  const { version, ...fields } = body;
  await ctx.store.transaction(async (tx) => {
    const cases = new CaseRepository(tx.db);
    const row = await area.load(action, RECORD.case, caseId, (scope) => cases.get(scope, caseId));
    if (row.version !== version) throw versionConflict();
    if (type !== 'resolve_objection' && (await cases.hasLaterEpisode(row))) throw laterEpisode();
    const household = await new HouseholdRepository(tx.db).get(area.scope, row.householdId);
    if (!household) throw notFound(RECORD.case);
    await applyStep(tx, ctx, { before: row, action: { type, ...fields } as CaseAction, household });
  });
  return getCaseDetail(ctx, caseId);
}

/**
 * POST /api/leads/:id/start-verification: open the case of the lead's household (立案入户核实). After a rejected
 * case this is the same episode again, linked to it; after an eliminated one it is 风险再标注 (remark_risk), a
 * new episode. A household whose case is still open takes no second case.
 */
export async function startVerification(
  ctx: ServiceContext,
  leadId: string,
  body: StartVerificationBody,
): Promise<CaseDetail> {
  const step = caseStepAction('start_verification');
  const area = areaOf(ctx);
  area.allow(step);
  const caseId = await ctx.store.transaction(async (tx) => {
    const leads = new LeadRepository(tx.db);
    const lead = await area.load(step, RECORD.lead, leadId, (scope) => leads.getForUpdate(scope, leadId));
    if (lead.version !== body.version) throw versionConflict();
    if (lead.status !== 'open') {
      throw new AppError(
        'invalid_transition',
        { zh: '该线索已处理，不能再次立案', en: 'this lead has already been dealt with' },
        [],
        { reason: 'lead_not_open', status: lead.status },
      );
    }
    let householdId = lead.householdId;
    if (!householdId) {
      if (!body.householdId) {
        throw validationFailed([
          {
            path: 'householdId',
            message: '申请人尚未登记农户信息，请先登记农户并指定 / register the household first and name it here',
          },
        ]);
      }
      householdId = body.householdId;
    } else if (body.householdId && body.householdId !== householdId) {
      throw validationFailed([{ path: 'householdId', message: '与线索的农户不一致 / differs from the lead' }]);
    }
    const household = await loadHousehold(ctx, step, householdId, tx.db);
    // two openings of a case for one household must not interleave
    await new HouseholdRepository(tx.db).lockForUpdate(household.id);
    if (!lead.householdId) await new LeadRepository(tx.db).tieToHousehold(lead.id, household);
    const before = (await new CaseRepository(tx.db).latestOfHousehold(household.id)) ?? null;
    const discoveredOn = chinaDate(lead.discoveredAt);
    const riskTypes = (body.riskTypes ?? lead.riskTypes) as RiskType[];
    const common = {
      leadId: lead.id,
      channel: lead.channel,
      ...(lead.subChannel ? { subChannel: lead.subChannel } : {}),
      discoveredOn,
      riskTypes,
    };
    const action = (
      before?.stage === 'eliminated'
        ? { type: 'remark_risk', ...common }
        : { type: 'start_verification', householdId: household.id, regionCode: household.regionCode, ...common }
    ) as CaseAction;
    const { row } = await applyStep(tx, ctx, { before, action, household, discoveredAt: lead.discoveredAt });
    return row.id;
  });
  return getCaseDetail(ctx, caseId);
}

/**
 * POST /api/households/:id/remark-risk (风险再标注, DOMAIN §3.3): a new risk after elimination opens a new episode
 * linked to the eliminated case. `version` is the eliminated case's. The household's open lead is used when it
 * has one (the new risk is usually such a lead); otherwise a lead of the given channel is recorded with it.
 */
export async function remarkRisk(ctx: ServiceContext, householdId: string, body: RemarkRiskBody): Promise<CaseDetail> {
  const step = caseStepAction('remark_risk');
  areaOf(ctx).allow(step);
  const { version, ...fields } = body;
  const today = chinaDate(ctx.now());
  if (fields.discoveredOn > today) {
    throw validationFailed([{ path: 'discoveredOn', message: `不能晚于今天 ${today} / cannot be after today` }]);
  }
  const caseId = await ctx.store.transaction(async (tx) => {
    const household = await loadHousehold(ctx, step, householdId, tx.db);
    await new HouseholdRepository(tx.db).lockForUpdate(household.id);
    const before = await new CaseRepository(tx.db).latestOfHousehold(household.id);
    if (!before || before.stage !== 'eliminated') {
      throw new AppError(
        'invalid_transition',
        {
          zh: '只有风险已消除的农户才能风险再标注',
          en: 'only a household whose risk was eliminated can be re-marked',
        },
        [],
        { reason: 'stage_not_allowed', stage: before?.stage ?? null },
      );
    }
    if (before.version !== version) throw versionConflict();
    const leads = new LeadRepository(tx.db);
    let lead = fields.leadId
      ? await leads.getForUpdate(areaOf(ctx).scope, fields.leadId)
      : await leads.openOfHousehold(household.id);
    if (fields.leadId && (!lead || lead.householdId !== household.id || lead.status !== 'open')) {
      throw validationFailed([
        { path: 'leadId', message: '不是本户待核实的线索 / not an open lead of this household' },
      ]);
    }
    if (!lead) {
      lead = (
        await recordLead(tx, ctx, {
          regionCode: household.regionCode,
          householdId: household.id,
          channel: fields.channel,
          subChannel: fields.subChannel ?? (fields.channel === 'self_application' ? 'written' : 'visit'),
          riskTypes: fields.riskTypes ?? [],
          description: '风险再标注',
          discoveredAt: discoveryInstant(fields.discoveredOn, ctx.now()),
          createdBy: ctx.actor.id,
        })
      ).lead;
    }
    const action = { type: 'remark_risk', ...fields, leadId: lead.id } as CaseAction;
    const { row } = await applyStep(tx, ctx, {
      before,
      action,
      household,
      discoveredAt: discoveryInstant(fields.discoveredOn, ctx.now()),
    });
    return row.id;
  });
  return getCaseDetail(ctx, caseId);
}
