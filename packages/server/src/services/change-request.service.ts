/**
 * Changes that need approval (变更, issue 14 §3; as OpenSPP's change requests): the village asks for a split, a move
 * or a category change of a household; the township (the county for a move between townships: the decider's area
 * must cover both villages) approves or refuses it with a reason. Nobody decides their own request. The request
 * keeps the household before and after the change, which the decider compares side by side; a request whose
 * household changed since (members, village, status, category, open case, or its version) cannot be approved and
 * is refused with a reason instead. Every step is audited on the household, so its timeline shows them.
 */
import { AppError } from '@dixian/core';
import type {
  ChangeApproveBody,
  ChangeRefuseBody,
  ChangeRequestExportQuery,
  ChangeRequestBody,
  ChangeRequestItem,
  ChangeRequestListQuery,
  ChangeRequestPage,
  ChangeRequestView,
  HouseholdSnapshot,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import {
  ChangeRequestRepository,
  type ChangeRequestRow,
  type HouseholdState,
} from '../repositories/change-request.repository.js';
import { pageWindow } from '../repositories/scope.js';
import { RECORD } from './access.js';
import { afterChange, applyChange, fingerprint, snapshotOf } from './change-apply.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { applyEffectiveOn, checkEffectiveOn } from './effective-day.js';
import { versionConflict } from './errors.js';
import { loadHousehold } from './household.service.js';

function toItem(r: ChangeRequestRow): ChangeRequestItem {
  return {
    id: r.id,
    kind: r.kind as ChangeRequestItem['kind'],
    status: r.status as ChangeRequestItem['status'],
    householdId: r.householdId,
    householdNo: r.householdNo,
    otherHouseholdId: r.otherHouseholdId,
    headName: r.headName ?? null,
    regionCode: r.regionCode,
    regionName: r.regionName ?? null,
    targetRegionCode: r.targetRegionCode,
    targetRegionName: r.targetRegionName ?? null,
    note: r.note,
    effectiveOn: (r.payload as { effectiveOn?: string }).effectiveOn ?? null,
    requestedBy: r.requestedByName ?? null,
    requestedAt: r.requestedAt.toISOString(),
    decidedBy: r.decidedByName ?? null,
    decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
    reason: r.reason,
    resultHouseholdId: r.resultHouseholdId,
    version: r.version,
  };
}

/** Has the household (or the one a merge closes) changed since the request was made? */
function isStale(r: ChangeRequestRow, states: Households): boolean {
  const before = r.before as HouseholdSnapshot[];
  const changed = (s: HouseholdState | undefined, version: number | null, b: HouseholdSnapshot | undefined) =>
    !s || s.closedOn !== null || s.version !== version || !b || fingerprint(b) !== fingerprint(snapshotOf(s));
  if (changed(states.state, r.householdVersion, before[0])) return true;
  return r.otherHouseholdId !== null && changed(states.other, r.otherHouseholdVersion, before[1]);
}

interface Households {
  state: HouseholdState | undefined;
  other?: HouseholdState | undefined;
}

/** The household of a request and, for a merge, the other one, as they are now. */
async function statesOf(repo: ChangeRequestRepository, r: Pick<ChangeRequestRow, 'householdId' | 'otherHouseholdId'>) {
  return {
    state: await repo.state(r.householdId),
    other: r.otherHouseholdId ? await repo.state(r.otherHouseholdId) : undefined,
  };
}

function closedRefused(): AppError {
  return new AppError('precondition_failed', {
    zh: '该户已合并到其他户(已注销),不能再申请变更',
    en: 'the household has been merged into another',
  });
}

/** POST /api/change-requests: ask for a change of a household in the caller's area. */
export async function requestChange(ctx: ServiceContext, body: ChangeRequestBody): Promise<ChangeRequestView> {
  const h = await loadHousehold(ctx, 'change.request', body.householdId);
  const o = body.kind === 'merge' ? await loadHousehold(ctx, 'change.request', body.otherHouseholdId) : undefined;
  const repo = new ChangeRequestRepository(ctx.store.db);
  const state = (await repo.state(h.id))!;
  const other = o ? await repo.state(o.id) : undefined;
  if (state.closedOn || other?.closedOn) throw closedRefused();
  // checked now (not after today, not before either household was registered) and applied on approval
  checkEffectiveOn(ctx, h, body.effectiveOn);
  if (o) checkEffectiveOn(ctx, o, body.effectiveOn);
  const after = await afterChange(ctx, state, body, other);
  const before = other ? [snapshotOf(state), snapshotOf(other)] : [snapshotOf(state)];
  const { householdId, note, ...payload } = body;
  const now = ctx.now();
  const id = await ctx.store.transaction(async (tx) => {
    const txRepo = new ChangeRequestRepository(tx.db);
    if ((await txRepo.pendingOf(householdId)) || (other && (await txRepo.pendingOf(other.id)))) {
      throw new AppError('conflict', {
        zh: '该户已有待审批的变更申请,请等待审批结果',
        en: 'the household already has a change request waiting for a decision',
      });
    }
    const id = await txRepo.insert({
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      kind: body.kind,
      householdId,
      householdVersion: state.version,
      targetRegionCode: body.kind === 'move' ? body.targetRegionCode : null,
      otherHouseholdId: other?.id ?? null,
      otherHouseholdVersion: other?.version ?? null,
      payload: JSON.stringify(payload),
      before: JSON.stringify(before),
      after: JSON.stringify(after),
      note,
      requestedBy: ctx.actor.id,
      requestedAt: now,
    });
    await appendAudit(tx, ctx, {
      action: 'change.request',
      targetType: 'household',
      targetId: householdId,
      regionCode: h.regionCode,
      after: payload,
      detail: { changeRequestId: id, note },
    });
    return id;
  });
  return getChange(ctx, id);
}

/** GET /api/change-requests: the requests of the caller's area, newest first. */
export async function listChanges(ctx: ServiceContext, q: ChangeRequestListQuery): Promise<ChangeRequestPage> {
  const scope = areaOf(ctx).list('change.request', q.region);
  if (!scope) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { rows, total } = await new ChangeRequestRepository(ctx.store.db).list(
    scope,
    q,
    pageWindow(q.page, q.pageSize),
  );
  return { items: rows.map(toItem), total, page: q.page, pageSize: q.pageSize };
}

/** The requests of an export's filters, batch by batch (keyset by id). */
export async function* walkChanges(
  ctx: ServiceContext,
  f: ChangeRequestExportQuery,
  batch = 2000,
): AsyncGenerator<ChangeRequestItem[]> {
  const scope = areaOf(ctx).list('change.request', f.region);
  if (!scope) return;
  const repo = new ChangeRequestRepository(ctx.store.db);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await repo.exportPage(scope, f, after, batch);
    if (!rows.length) return;
    yield rows.map(toItem);
    after = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

async function loadRequest(ctx: ServiceContext, action: 'change.request' | 'change.decide', id: string) {
  return areaOf(ctx).load(action, RECORD.changeRequest, id, (scope) =>
    new ChangeRequestRepository(ctx.store.db).get(scope, id),
  );
}

/** GET /api/change-requests/:id: the request with the household before and after, side by side. */
export async function getChange(ctx: ServiceContext, id: string): Promise<ChangeRequestView> {
  const r = await loadRequest(ctx, 'change.request', id);
  const pending = r.status === 'pending';
  const states = pending ? await statesOf(new ChangeRequestRepository(ctx.store.db), r) : { state: undefined };
  const area = areaOf(ctx);
  const mayDecide =
    pending &&
    r.requestedBy !== ctx.actor.id &&
    area.may('change.decide', { regionCode: r.regionCode }) &&
    [r.targetRegionCode, r.otherRegionCode].every((c) => !c || area.may('change.decide', { regionCode: c }));
  return {
    ...toItem(r),
    before: r.before as HouseholdSnapshot[],
    after: r.after as HouseholdSnapshot[],
    stale: pending && isStale(r, states),
    mayDecide,
    mayWithdraw: pending,
  };
}

/**
 * POST /api/change-requests/:id/withdraw: the village takes back a request nobody has decided yet (撤回): anyone who
 * may ask for changes of the household's village (the request is the village's, not one person's); audited with who.
 */
export async function withdrawChange(
  ctx: ServiceContext,
  id: string,
  body: ChangeApproveBody,
): Promise<ChangeRequestView> {
  const r = await loadRequest(ctx, 'change.request', id);
  if (r.status !== 'pending') {
    throw new AppError('conflict', { zh: '该申请已办结,不能撤回', en: 'the request has been decided or withdrawn' });
  }
  await ctx.store.transaction(async (tx) => {
    // not a decision: no decider and no decision time (the audit keeps who withdrew it)
    const patch = { status: 'withdrawn' };
    if (!(await new ChangeRequestRepository(tx.db).decide(id, body.version, patch))) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'change.withdraw',
      targetType: 'household',
      targetId: r.householdId,
      regionCode: r.regionCode,
      before: { status: 'pending' },
      after: { status: 'withdrawn' },
      detail: { changeRequestId: id, kind: r.kind },
    });
  });
  return getChange(ctx, id);
}

/** Load a pending request for a decision by someone other than its requester, in an area covering both villages. */
async function forDecision(ctx: ServiceContext, id: string, version: number): Promise<ChangeRequestRow> {
  const r = await loadRequest(ctx, 'change.decide', id);
  if (r.targetRegionCode) {
    areaOf(ctx).place(
      'change.decide',
      { regionCode: r.targetRegionCode },
      { zh: '迁入村不在您的管辖范围内,跨乡镇迁移由县级审批', en: 'the village moved to is outside your area' },
    );
  }
  if (r.otherRegionCode) {
    areaOf(ctx).place(
      'change.decide',
      { regionCode: r.otherRegionCode },
      { zh: '被并入户不在您的管辖范围内,跨乡镇合户由县级审批', en: 'the other household is outside your area' },
    );
  }
  if (r.status !== 'pending') {
    throw new AppError('conflict', { zh: '该申请已审批,不能再次审批', en: 'the request has been decided' });
  }
  if (r.version !== version) throw versionConflict();
  if (r.requestedBy === ctx.actor.id) {
    throw new AppError('forbidden', { zh: '不能审批本人提交的申请', en: 'you cannot decide your own request' });
  }
  return r;
}

/** POST /api/change-requests/:id/approve: apply the change, in one transaction with the decision. */
export async function approveChange(
  ctx: ServiceContext,
  id: string,
  body: ChangeApproveBody,
): Promise<ChangeRequestView> {
  const r = await forDecision(ctx, id, body.version);
  await ctx.store.transaction(async (tx) => {
    const repo = new ChangeRequestRepository(tx.db);
    const states = await statesOf(repo, r);
    const { state, other } = states;
    if (!state || isStale(r, states)) {
      throw new AppError('precondition_failed', {
        zh: '提交申请后该户信息已有变化(成员、所在村、类别或案件),不能按原申请批准,请退回后重新申请',
        en: 'the household has changed since the request; refuse it and ask again',
      });
    }
    const payload = { kind: r.kind, ...(r.payload as object) } as ChangeRequestBody;
    // the facts change from the day the request gave (a move last week, approved today)
    await applyEffectiveOn(tx, payload.effectiveOn);
    const applied = await applyChange(tx, ctx, state, payload, other);
    const now = ctx.now();
    if (
      !(await repo.decide(id, body.version, {
        status: 'approved',
        decidedBy: ctx.actor.id,
        decidedAt: now,
        ...applied,
      }))
    ) {
      throw versionConflict();
    }
    await appendAudit(tx, ctx, {
      action: 'change.approve',
      targetType: 'household',
      targetId: r.householdId,
      regionCode: r.regionCode,
      before: { status: 'pending' },
      after: { status: 'approved' },
      detail: { changeRequestId: id, kind: r.kind, ...applied },
    });
  });
  return getChange(ctx, id);
}

/** POST /api/change-requests/:id/refuse: 退回, with the reason. */
export async function refuseChange(
  ctx: ServiceContext,
  id: string,
  body: ChangeRefuseBody,
): Promise<ChangeRequestView> {
  const r = await forDecision(ctx, id, body.version);
  await ctx.store.transaction(async (tx) => {
    const patch = { status: 'refused', decidedBy: ctx.actor.id, decidedAt: ctx.now(), reason: body.reason };
    if (!(await new ChangeRequestRepository(tx.db).decide(id, body.version, patch))) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'change.refuse',
      targetType: 'household',
      targetId: r.householdId,
      regionCode: r.regionCode,
      before: { status: 'pending' },
      after: { status: 'refused', reason: body.reason },
      detail: { changeRequestId: id, kind: r.kind },
    });
  });
  return getChange(ctx, id);
}
