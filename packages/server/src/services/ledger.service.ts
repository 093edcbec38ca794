import {
  AppError,
  chinaDate,
  isWithin,
  ledgerActions,
  ledgerStep,
  ScreeningFinding,
  type LedgerEvidenceEntry,
  type LedgerItemState,
  type LedgerItemStatus,
} from '@dixian/core';
import type {
  LedgerActionBody,
  LedgerCreateBody,
  LedgerFilter,
  LedgerItemView,
  LedgerListQuery,
  LedgerPage,
  LedgerRaiseBody,
  LedgerRaiseResult,
  LedgerUpdateBody,
} from '@dixian/core/api';
import { ScreeningRunRepository } from '../screening/runs.js';
import { appendAudit } from '../audit/audit-log.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { LedgerRepository, type LedgerItemRow } from '../repositories/ledger.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { UserRepository } from '../repositories/user.repository.js';
import { notFound } from './access.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';

const ITEM = { zh: '台账事项', en: 'ledger item' };
const RUN = { zh: '排查批次', en: 'screening run' };

/** Which ledger an item's parent must be in: issues hang under a screening task, rectifications under an issue. */
const PARENT_LEDGER = {
  screening_task: null,
  suspected_issue: 'screening_task',
  rectification: 'suspected_issue',
} as const;

function stateOf(r: LedgerItemRow): LedgerItemState {
  return {
    status: r.status as LedgerItemStatus,
    plan: r.plan,
    ownerId: r.ownerId,
    deadline: r.deadline,
    evidence: evidenceOf(r.evidence),
    rectification: r.rectification,
    rectifiedBy: r.rectifiedBy,
    rectifiedOn: r.rectifiedOn,
    verificationNote: r.verificationNote,
    verifiedBy: r.verifiedBy,
    verifiedOn: r.verifiedOn,
    closeNote: r.closeNote,
    closedBy: r.closedBy,
    closedOn: r.closedOn,
    openChildren: r.openChildren,
  };
}

function evidenceOf(json: unknown): LedgerEvidenceEntry[] {
  if (!Array.isArray(json)) return [];
  return json.map((e: Record<string, unknown>) => ({
    description: String(e.description ?? ''),
    ref: (e.ref as string | null | undefined) ?? null,
    addedBy: (e.addedBy as string | null | undefined) ?? null,
    addedOn: (e.addedOn as string | null | undefined) ?? null,
  }));
}

export function toLedgerView(ctx: ServiceContext, r: LedgerItemRow, today: string): LedgerItemView {
  const state = stateOf(r);
  return {
    id: r.id,
    ledger: r.ledger as LedgerItemView['ledger'],
    area: r.area as LedgerItemView['area'],
    countyCode: r.countyCode,
    regionCode: r.regionCode,
    regionName: r.regionName,
    householdId: r.householdId,
    householdNo: r.householdNo,
    headName: r.headName,
    sourceRunId: r.sourceRunId,
    sourceFinding: (ScreeningFinding.values as readonly string[]).includes(r.sourceFinding ?? '')
      ? (r.sourceFinding as LedgerItemView['sourceFinding'])
      : null,
    parentItemId: r.parentItemId,
    openChildren: r.openChildren,
    title: r.title,
    description: r.description,
    plan: r.plan,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    deadline: r.deadline,
    overdue: r.status !== 'closed' && !!r.deadline && r.deadline < today,
    status: state.status,
    evidence: state.evidence,
    rectification: r.rectification,
    rectifiedBy: r.rectifiedBy,
    rectifiedOn: r.rectifiedOn,
    verificationNote: r.verificationNote,
    verifiedBy: r.verifiedBy,
    verifiedOn: r.verifiedOn,
    closeNote: r.closeNote,
    closedBy: r.closedBy,
    closedOn: r.closedOn,
    createdBy: r.createdBy,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
    version: r.version,
    actions: areaOf(ctx).may('ledger.write', { regionCode: r.regionCode }) ? ledgerActions(state, ctx.actor.id) : [],
  };
}

/** GET /api/ledgers: the items of the caller's area (a township sees its own), open deadlines first. */
export async function listLedger(ctx: ServiceContext, q: LedgerListQuery): Promise<LedgerPage> {
  const scope = areaOf(ctx).list('ledger.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize, counts: {} };
  if (!scope) return empty;
  const { rows, total, counts } = await new LedgerRepository(ctx.store.db).list(
    scope,
    { ...q, asOf },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { ...empty, items: rows.map((r) => toLedgerView(ctx, r, asOf)), total, counts };
}

/** Every item of a filter, page by page, for the export. */
export async function* walkLedger(
  ctx: ServiceContext,
  f: LedgerFilter,
  batch = 2000,
): AsyncGenerator<LedgerItemView[]> {
  const scope = areaOf(ctx).list('ledger.read', f.region);
  const asOf = reportDay(ctx, f.asOf);
  if (!scope) return;
  const repo = new LedgerRepository(ctx.store.db);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await repo.exportPage(scope, { ...f, asOf }, after, batch);
    if (!rows.length) return;
    yield rows.map((r) => toLedgerView(ctx, r, asOf));
    after = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

export async function getLedgerItem(ctx: ServiceContext, id: string): Promise<LedgerItemView> {
  const r = await areaOf(ctx).load('ledger.read', ITEM, id, (scope) =>
    new LedgerRepository(ctx.store.db).get(scope, id),
  );
  return toLedgerView(ctx, r, chinaDate(ctx.now()));
}

/** The person responsible must be an active user whose area contains the item or lies inside it. */
export async function checkOwner(
  ctx: ServiceContext,
  ownerId: string | null | undefined,
  regionCode: string,
): Promise<void> {
  if (!ownerId) return;
  const owner = await new UserRepository(ctx.store.db).get({ regionPrefix: '' }, ownerId);
  if (!owner || owner.disabled || !(isWithin(regionCode, owner.scopeCode) || isWithin(owner.scopeCode, regionCode))) {
    throw validationFailed([
      {
        path: 'ownerId',
        message: '责任人须为本辖区的在用账号 / the person responsible must be an active user of this area',
      },
    ]);
  }
}

/** POST /api/ledgers: a new item in one of the three ledgers, for one of the eight areas (S3 §三, §五). */
export async function createLedgerItem(ctx: ServiceContext, body: LedgerCreateBody): Promise<LedgerItemView> {
  areaOf(ctx).place('ledger.write', { regionCode: body.regionCode });
  const scope = areaOf(ctx).scope;
  const region = await new RegionRepository(ctx.store.db).get(body.regionCode);
  if (!region || body.regionCode.length < 6) {
    throw validationFailed([
      { path: 'regionCode', message: `须为县、乡镇或村的区划代码 / a county, township or village: ${body.regionCode}` },
    ]);
  }
  const issues: { path: string; message: string }[] = [];
  if (body.householdId) {
    const h = await new HouseholdRepository(ctx.store.db).get(scope, body.householdId);
    if (!h || !isWithin(h.regionCode, body.regionCode)) {
      issues.push({ path: 'householdId', message: '农户不在该区划内 / the household is not in this region' });
    }
  }
  const want = PARENT_LEDGER[body.ledger];
  if (body.parentItemId) {
    const parent = await new LedgerRepository(ctx.store.db).get(scope, body.parentItemId);
    if (!parent || !want || parent.ledger !== want || !isWithin(body.regionCode, parent.regionCode)) {
      issues.push({
        path: 'parentItemId',
        message: want
          ? `上级事项须为本辖区内的${want === 'screening_task' ? '排查任务' : '疑似问题'} / the parent must be a ${want} item covering this region`
          : '排查任务没有上级事项 / a screening task has no parent',
      });
    }
  }
  if (issues.length) throw validationFailed(issues);
  await checkOwner(ctx, body.ownerId, body.regionCode);
  const now = ctx.now();
  const id = await ctx.store.transaction(async (tx) => {
    const id = await new LedgerRepository(tx.db).insert({
      ledger: body.ledger,
      area: body.area,
      countyCode: body.regionCode.slice(0, 6),
      regionCode: body.regionCode,
      householdId: body.householdId ?? null,
      parentItemId: body.parentItemId ?? null,
      title: body.title,
      description: body.description ?? null,
      plan: body.plan ?? null,
      ownerId: body.ownerId ?? null,
      deadline: body.deadline ?? null,
      status: 'open',
      createdBy: ctx.actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, ctx, {
      action: 'ledger.create',
      targetType: 'ledger_item',
      targetId: id,
      regionCode: body.regionCode,
      after: body,
    });
    return id;
  });
  return getLedgerItem(ctx, id);
}

async function loadForWrite(ctx: ServiceContext, id: string): Promise<LedgerItemRow> {
  return areaOf(ctx).load('ledger.write', ITEM, id, (scope) => new LedgerRepository(ctx.store.db).get(scope, id));
}

/** PATCH /api/ledgers/:id: title, description, plan, owner, deadline or area of an item not yet closed. */
export async function updateLedgerItem(
  ctx: ServiceContext,
  id: string,
  body: LedgerUpdateBody,
): Promise<LedgerItemView> {
  const before = await loadForWrite(ctx, id);
  if (before.status === 'closed') {
    throw new AppError('precondition_failed', { zh: '已销号的事项不能修改', en: 'a closed item cannot be changed' });
  }
  const { version, ...fields } = body;
  await checkOwner(ctx, fields.ownerId, before.regionCode);
  const changed = Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => v !== undefined && v !== before[k as keyof LedgerItemRow]),
  );
  await ctx.store.transaction(async (tx) => {
    const ok = await new LedgerRepository(tx.db).updateVersioned(areaOf(ctx).scope, id, version, {
      ...changed,
      updatedAt: ctx.now(),
    });
    if (!ok) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'ledger.update',
      targetType: 'ledger_item',
      targetId: id,
      regionCode: before.regionCode,
      before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof LedgerItemRow]])),
      after: changed,
    });
  });
  return getLedgerItem(ctx, id);
}

/**
 * POST /api/ledgers/:id/actions: start, record the rectification, verify, close (销号). The rules are core's
 * `ledgerStep` (S3 §五): verification and close-out by someone other than the rectifier, close-out only verified,
 * with evidence and nothing open under the item.
 */
export async function ledgerItemAction(
  ctx: ServiceContext,
  id: string,
  body: LedgerActionBody,
): Promise<LedgerItemView> {
  const before = await loadForWrite(ctx, id);
  const today = chinaDate(ctx.now());
  if (body.action === 'start') await checkOwner(ctx, body.ownerId, before.regionCode);
  const r = ledgerStep(stateOf(before), body, ctx.actor.id, today);
  if (!r.ok) {
    throw new AppError(
      r.code,
      r.message,
      r.path ? [{ path: `body.${r.path}`, message: `${r.message.zh} / ${r.message.en}` }] : [],
    );
  }
  const s = r.state;
  await ctx.store.transaction(async (tx) => {
    const ok = await new LedgerRepository(tx.db).updateVersioned(areaOf(ctx).scope, id, body.version, {
      status: s.status,
      plan: s.plan,
      ownerId: s.ownerId,
      deadline: s.deadline,
      evidence: JSON.stringify(s.evidence),
      rectification: s.rectification,
      rectifiedBy: s.rectifiedBy,
      rectifiedOn: s.rectifiedOn,
      verificationNote: s.verificationNote,
      verifiedBy: s.verifiedBy,
      verifiedOn: s.verifiedOn,
      closeNote: s.closeNote,
      closedBy: s.closedBy,
      closedOn: s.closedOn,
      updatedAt: ctx.now(),
    });
    if (!ok) throw versionConflict();
    const { version: _v, ...detail } = body;
    await appendAudit(tx, ctx, {
      action: `ledger.${body.action}`,
      targetType: 'ledger_item',
      targetId: id,
      regionCode: before.regionCode,
      before: { status: before.status },
      after: { status: s.status },
      detail,
    });
  });
  return getLedgerItem(ctx, id);
}

/**
 * POST /api/ledgers/from-screening: the suspected-issue ledger (疑似问题台账) filled from a screening run's findings in
 * the caller's area (应纳未纳 → inclusion, 应消未消 → elimination, 应标未标 → no-labour flag, 走访逾期 → visits), one
 * item per household and finding while an earlier one is still open.
 */
export async function raiseFromScreening(ctx: ServiceContext, body: LedgerRaiseBody): Promise<LedgerRaiseResult> {
  const area = areaOf(ctx);
  area.allow('ledger.write');
  const scope = area.scope;
  const r = await ctx.store.transaction((tx) => new ScreeningRunRepository(tx.client).statusOf(body.runId));
  if (!r || !(isWithin(r.scopeCode, scope.regionPrefix) || isWithin(scope.regionPrefix, r.scopeCode)))
    throw notFound(RUN);
  if (r.status !== 'done') {
    throw new AppError('precondition_failed', { zh: '排查尚未完成', en: 'the screening run has not finished' });
  }
  if (body.parentItemId) {
    const parent = await new LedgerRepository(ctx.store.db).get(scope, body.parentItemId);
    if (!parent || parent.ledger !== 'screening_task') {
      throw validationFailed([
        {
          path: 'parentItemId',
          message: '上级事项须为本辖区的排查任务 / the parent must be a screening task of your area',
        },
      ]);
    }
  }
  const findings = body.findings ?? [...ScreeningFinding.values];
  return ctx.store.transaction(async (tx) => {
    const out = await new LedgerRepository(tx.db).raiseFromScreening({
      scope,
      runId: body.runId,
      findings,
      deadline: body.deadline ?? null,
      parentItemId: body.parentItemId ?? null,
      householdIds: body.householdIds ?? null,
      createdBy: ctx.actor.id,
      at: ctx.now(),
    });
    const byArea: Record<string, number> = {};
    for (const c of out.created) byArea[c.area] = (byArea[c.area] ?? 0) + 1;
    const result = { created: out.created.length, alreadyOpen: out.considered - out.created.length, byArea };
    await appendAudit(tx, ctx, {
      action: 'ledger.raise_from_screening',
      targetType: 'screening_run',
      targetId: body.runId,
      regionCode: scope.regionPrefix,
      detail: {
        ...result,
        findings,
        householdIds: body.householdIds ?? null,
        itemIds: out.created.map((c) => c.id),
      },
    });
    return result;
  });
}
