/**
 * Assistance plans and measures (一户一策, S3 §三(五); S1 §五). Creating a case's plan takes the case's
 * record_assistance_plan step in the same transaction, so the plan's existence and the closing of the 10-day
 * deadline cannot disagree. Measures follow core's catalogue (kind and usual department per type) and status
 * changes (planned → implementing → done, or stopped); a measure in place counts for the elimination guards.
 */
import {
  AppError,
  canChangeMeasureStatus,
  caseStepAction,
  chinaDate,
  defaultMeasureDepartment,
  isWithin,
  MEASURE_STATUS_NEXT,
  MeasureStatus,
  measureCategoryOf,
  IDENTIFICATION_STAGES,
  MONITORED_STAGES,
  type CaseStage,
  type MeasureType,
} from '@dixian/core';
import type {
  MeasureCreateBody,
  MeasureStatusBody,
  MeasureUpdateBody,
  MeasureView,
  PlanCreateBody,
  PlanUpdateBody,
  PlanView,
} from '@dixian/core/api';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit, diff } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { DB } from '../db/types.js';
import { UserRepository } from '../repositories/user.repository.js';
import { CaseRepository } from '../repositories/case.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { PlanRepository, type MeasureRow, type PlanRow } from '../repositories/plan.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import { applyStep } from './case-step.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';

function toMeasureView(m: MeasureRow): MeasureView {
  return {
    id: m.id,
    planId: m.planId,
    householdId: m.householdId,
    category: m.category as MeasureView['category'],
    type: m.type as MeasureView['type'],
    subType: m.subType,
    department: m.department as MeasureView['department'],
    description: m.description,
    startOn: m.startOn,
    endOn: m.endOn,
    amountFen: m.amountFen,
    status: m.status as MeasureView['status'],
    updatedAt: m.updatedAt.toISOString(),
    version: m.version,
  };
}

function toPlanView(p: PlanRow, measures: MeasureRow[]): PlanView {
  return {
    id: p.id,
    caseId: p.caseId,
    householdId: p.householdId,
    regionCode: p.regionCode,
    createdOn: p.createdOn,
    riskTypes: p.riskTypes as PlanView['riskTypes'],
    contactUserId: p.contactUserId,
    note: p.note,
    planDueOn: p.planDueOn,
    withinDeadline: p.planDueOn ? p.createdOn <= p.planDueOn : null,
    measures: measures.map(toMeasureView),
    version: p.version,
  };
}

/** The cadre responsible for the plan must exist and cover the household's village (帮扶责任人). */
async function checkContact(db: Kysely<DB>, userId: string, regionCode: string): Promise<void> {
  const u = await new UserRepository(db).scopeOfUser(userId);
  if (!u || u.disabled || !isWithin(regionCode, u.scopeCode)) {
    throw validationFailed([
      { path: 'contactUserId', message: '联系人须为负责本村的在用账号 / must be an active user covering this village' },
    ]);
  }
}

function measureRows(
  ms: readonly MeasureCreateBody[],
  plan: { id: string; householdId: string; countyCode: string },
  now: Date,
) {
  return ms.map((m) => ({
    planId: plan.id,
    householdId: plan.householdId,
    countyCode: plan.countyCode,
    category: measureCategoryOf(m.type),
    type: m.type,
    subType: m.subType ?? null,
    department: m.department ?? defaultMeasureDepartment(m.type),
    description: m.description ?? null,
    startOn: m.startOn ?? null,
    endOn: m.endOn ?? null,
    amountFen: m.amountFen ?? null,
    status: 'planned',
    updatedAt: now,
  }));
}

/**
 * POST /api/cases/:id/plan: the plan of a monitored case (with its first measures), recorded as the case's
 * record_assistance_plan step: a second plan, or a plan dated before the confirmation, is refused by the machine.
 */
export async function createPlan(ctx: ServiceContext, caseId: string, body: PlanCreateBody): Promise<PlanView> {
  const area = areaOf(ctx);
  area.allow('plan.write');
  const step = caseStepAction('record_assistance_plan');
  area.allow(step);
  const scope = area.scope;
  const planId = await ctx.store.transaction(async (tx) => {
    const cases = new CaseRepository(tx.db);
    const c = await area.load('plan.write', RECORD.case, caseId, (s) => cases.get(s, caseId));
    area.require(step, c, RECORD.case, caseId);
    if (c.version !== body.version) throw versionConflict();
    const household = await new HouseholdRepository(tx.db).get(scope, c.householdId);
    if (!household) throw notFound(RECORD.case);
    if (body.contactUserId) await checkContact(tx.db, body.contactUserId, c.regionCode);
    const id = randomUUID();
    const createdOn = body.createdOn ?? chinaDate(ctx.now());
    await applyStep(tx, ctx, {
      before: c,
      action: { type: 'record_assistance_plan', planId: id, createdOn },
      household,
    });
    const now = ctx.now();
    await new PlanRepository(tx.db).insert({
      id,
      caseId: c.id,
      householdId: c.householdId,
      countyCode: c.countyCode,
      createdOn,
      riskTypes: body.riskTypes ?? c.riskTypes,
      contactUserId: body.contactUserId ?? null,
      note: body.note ?? null,
    });
    const measures = await new PlanRepository(tx.db).insertMeasures(
      measureRows(body.measures, { id, householdId: c.householdId, countyCode: c.countyCode }, now),
    );
    await appendAudit(tx, ctx, {
      action: 'plan.create',
      targetType: 'household',
      targetId: c.householdId,
      regionCode: c.regionCode,
      after: {
        planId: id,
        caseId: c.id,
        createdOn,
        riskTypes: body.riskTypes ?? c.riskTypes,
        contactUserId: body.contactUserId ?? null,
        measures: measures.map((m) => ({ id: m.id, type: m.type, department: m.department })),
      },
    });
    return id;
  });
  return getPlan(ctx, planId);
}

/** A plan the actor may do `action` on, or the plan's not-found (missing and out-of-area alike). */
async function loadPlan(
  ctx: ServiceContext,
  action: 'case.read' | 'plan.write',
  id: string,
  db: Kysely<DB> = ctx.store.db,
): Promise<PlanRow> {
  return areaOf(ctx).load(action, RECORD.plan, id, (scope) => new PlanRepository(db).get(scope, id));
}

export async function getPlan(ctx: ServiceContext, id: string): Promise<PlanView> {
  const p = await loadPlan(ctx, 'case.read', id);
  return toPlanView(p, await new PlanRepository(ctx.store.db).measures(p.id));
}

export async function updatePlan(ctx: ServiceContext, id: string, body: PlanUpdateBody): Promise<PlanView> {
  const { version, ...fields } = body;
  await ctx.store.transaction(async (tx) => {
    const p = await loadPlan(ctx, 'plan.write', id, tx.db);
    if (fields.contactUserId) await checkContact(tx.db, fields.contactUserId, p.regionCode);
    const changes = diff(p as unknown as Record<string, unknown>, fields);
    const after = await new PlanRepository(tx.db).updateVersioned(id, version, fields);
    if (!after) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'plan.update',
      targetType: 'household',
      targetId: p.householdId,
      regionCode: p.regionCode,
      before: changes?.before ?? null,
      after: changes?.after ?? null,
      detail: { planId: id },
    });
  });
  return getPlan(ctx, id);
}

async function audited(
  tx: Tx,
  ctx: ServiceContext,
  p: PlanRow,
  action: string,
  detail: Record<string, unknown>,
  before: unknown = null,
  after: unknown = null,
) {
  await appendAudit(tx, ctx, {
    action,
    targetType: 'household',
    targetId: p.householdId,
    regionCode: p.regionCode,
    before,
    after,
    detail: { planId: p.id, ...detail },
  });
}

/**
 * New measures only while the household is monitored (elimination aside), or while a case whose plan came first
 * through the green channel (issue 15 §6) is still in identification: a plan exists then only that way.
 */
function requireMonitored(p: PlanRow): void {
  if (
    !MONITORED_STAGES.includes(p.caseStage as CaseStage) &&
    !IDENTIFICATION_STAGES.includes(p.caseStage as CaseStage)
  ) {
    throw new AppError('precondition_failed', {
      zh: '案件已不在监测帮扶中，不能新增帮扶措施',
      en: 'the case is no longer monitored; no new measure can be added',
    });
  }
}

export async function addMeasure(ctx: ServiceContext, planId: string, body: MeasureCreateBody): Promise<MeasureView> {
  return ctx.store.transaction(async (tx) => {
    const p = await loadPlan(ctx, 'plan.write', planId, tx.db);
    requireMonitored(p);
    const [m] = await new PlanRepository(tx.db).insertMeasures(measureRows([body], p, ctx.now()));
    await audited(tx, ctx, p, 'measure.create', { measureId: m!.id }, null, {
      type: m!.type,
      category: m!.category,
      department: m!.department,
      startOn: m!.startOn,
      endOn: m!.endOn,
      amountFen: m!.amountFen,
    });
    return toMeasureView(m!);
  });
}

export async function updateMeasure(
  ctx: ServiceContext,
  planId: string,
  measureId: string,
  body: MeasureUpdateBody,
): Promise<MeasureView> {
  const { version, ...fields } = body;
  return ctx.store.transaction(async (tx) => {
    const p = await loadPlan(ctx, 'plan.write', planId, tx.db);
    const plans = new PlanRepository(tx.db);
    const m = await plans.measure(p.id, measureId);
    if (!m) throw notFound(RECORD.measure);
    const startOn = fields.startOn === undefined ? m.startOn : fields.startOn;
    const endOn = fields.endOn === undefined ? m.endOn : fields.endOn;
    if (startOn && endOn && endOn < startOn) {
      throw validationFailed([{ path: 'endOn', message: '结束日不能早于开始日 / endOn must not be before startOn' }]);
    }
    const patch = { ...fields, ...(fields.type ? { category: measureCategoryOf(fields.type as MeasureType) } : {}) };
    const changes = diff(m as unknown as Record<string, unknown>, patch);
    const after = await plans.updateMeasureVersioned(p.id, m.id, version, { ...patch, updatedAt: ctx.now() });
    if (!after) throw versionConflict();
    await audited(tx, ctx, p, 'measure.update', { measureId }, changes?.before ?? null, changes?.after ?? null);
    return toMeasureView(after);
  });
}

/** A measure still planned may be deleted; one that was started stays on record and is stopped instead. */
export async function deleteMeasure(ctx: ServiceContext, planId: string, measureId: string, version: number) {
  await ctx.store.transaction(async (tx) => {
    const p = await loadPlan(ctx, 'plan.write', planId, tx.db);
    const plans = new PlanRepository(tx.db);
    const m = await plans.measure(p.id, measureId);
    if (!m) throw notFound(RECORD.measure);
    if (m.status !== 'planned') {
      throw new AppError(
        'precondition_failed',
        {
          zh: `措施已${MeasureStatus.labels[m.status as MeasureStatus]?.zh ?? m.status}，不能删除，请改为终止`,
          en: `the measure is ${m.status}; stop it instead of deleting it`,
        },
        [{ path: 'status', message: m.status }],
      );
    }
    if (!(await plans.deleteMeasureVersioned(p.id, m.id, version))) throw versionConflict();
    await audited(tx, ctx, p, 'measure.delete', { measureId }, { type: m.type, status: m.status });
  });
}

/**
 * POST /api/plans/:id/measures/:measureId/status. Starting a measure dates its start (when not set); finishing
 * or stopping it dates its end (when not set). The day may not lie in the future.
 */
export async function changeMeasureStatus(
  ctx: ServiceContext,
  planId: string,
  measureId: string,
  body: MeasureStatusBody,
): Promise<MeasureView> {
  const today = chinaDate(ctx.now());
  const on = body.on ?? today;
  if (on > today) throw validationFailed([{ path: 'on', message: `不能晚于今天 ${today} / cannot be after today` }]);
  return ctx.store.transaction(async (tx) => {
    const p = await loadPlan(ctx, 'plan.write', planId, tx.db);
    const plans = new PlanRepository(tx.db);
    const m = await plans.measure(p.id, measureId);
    if (!m) throw notFound(RECORD.measure);
    const from = m.status as MeasureStatus;
    if (!canChangeMeasureStatus(from, body.status)) {
      throw new AppError(
        'invalid_transition',
        {
          zh: `措施不能从「${MeasureStatus.labels[from].zh}」改为「${MeasureStatus.labels[body.status].zh}」`,
          en: `a measure cannot go from ${from} to ${body.status} (allowed: ${MEASURE_STATUS_NEXT[from].join(', ') || 'none'})`,
        },
        [{ path: 'status', message: `${from} → ${body.status}` }],
      );
    }
    const patch = {
      status: body.status,
      ...(body.status === 'implementing' && !m.startOn ? { startOn: on } : {}),
      ...((body.status === 'done' || body.status === 'stopped') && !m.endOn ? { endOn: on } : {}),
      updatedAt: ctx.now(),
    };
    const after = await plans.updateMeasureVersioned(p.id, m.id, body.version, patch);
    if (!after) throw versionConflict();
    await audited(
      tx,
      ctx,
      p,
      'measure.status',
      { measureId, on },
      { status: from },
      { status: body.status, startOn: after.startOn, endOn: after.endOn },
    );
    return toMeasureView(after);
  });
}
