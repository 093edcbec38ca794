/**
 * What a change request does to the registry (issue 14 §3): the household as it would be after the change (for the
 * decider's side-by-side view) and the change itself, applied in the approver's transaction.
 *
 * - 分户 (split): the members chosen move to a new household (new household number) in the same village; the
 *   original keeps its head, its income records and its case: "a monitored household's case follows its members",
 *   and the head with the rest of the family is the household that was monitored. The registry unit is the
 *   household of one registration or of people living and sharing income together (S0 plan two 二 note 2), so the
 *   part that left is a household of its own: if it came from a monitored household, a lead 分户后研判 opens for
 *   it through the lead service (verification and the 15 days from the policy, S3 §三(四)), so it is assessed on
 *   its own facts rather than inheriting the old household's status.
 * - 合户 (merge): see change-merge.ts; 监测户成员增减 (members of a monitored household): change-members.ts.
 * - 迁移 (move): the household, its open case and its open lead move to the other village of the same county;
 *   visits, notices and other history stay where they happened.
 * - 类别 (category): the monitored household's category and its open case's category change.
 */
import { AppError, type MonitoringCategory, type RiskType } from '@dixian/core';
import type { ChangeRequestBody, HouseholdSnapshot } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import { ChangeRequestRepository, type HouseholdState } from '../repositories/change-request.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { areaOf } from './area.js';
import { afterMembers, applyMembers } from './change-members.js';
import { afterMerge, applyMerge, checkMerge } from './change-merge.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { recordLead } from './lead.service.js';
import { WarningRepository } from '../repositories/warning.repository.js';

/** The household as the decider sees it. */
export function snapshotOf(s: HouseholdState): HouseholdSnapshot {
  return {
    householdId: s.id,
    householdNo: s.householdNo,
    regionCode: s.regionCode,
    regionName: s.regionName,
    monitoringStatus: s.monitoringStatus as HouseholdSnapshot['monitoringStatus'],
    monitoringCategory: (s.monitoringCategory ?? null) as HouseholdSnapshot['monitoringCategory'],
    caseStage: (s.openCase?.stage ?? null) as HouseholdSnapshot['caseStage'],
    members: s.members.map((m) => ({ ...m, relation: m.relation as HouseholdSnapshot['members'][number]['relation'] })),
    isNew: false,
    isClosed: false,
  };
}

/** What the decider compares: whether the household is still as it was when the change was asked for. */
export function fingerprint(s: HouseholdSnapshot): string {
  return JSON.stringify([
    s.householdNo,
    s.regionCode,
    s.monitoringStatus,
    s.monitoringCategory,
    s.caseStage,
    s.members.map((m) => [m.id, m.name, m.relation]),
  ]);
}

/** Check a request against the household's state and give the households after it (or refuse, naming the field). */
export async function afterChange(
  ctx: ServiceContext,
  state: HouseholdState,
  body: ChangeRequestBody,
  other?: HouseholdState,
): Promise<HouseholdSnapshot[]> {
  const before = snapshotOf(state);
  if (body.kind === 'merge') {
    await checkMerge(ctx, state, other!, body);
    return afterMerge(before, snapshotOf(other!), body);
  }
  if (body.kind === 'split') {
    const leaving = new Map(body.members.map((m) => [m.memberId, m.relation]));
    const present = new Set(state.members.map((m) => m.id));
    const issues = body.members.flatMap((m, i) =>
      present.has(m.memberId)
        ? []
        : [{ path: `members.${i}.memberId`, message: '不是该户现有成员 / not a current member of the household' }],
    );
    if (issues.length) throw validationFailed(issues);
    const head = state.members.find((m) => m.relation === 'head');
    if (head && leaving.has(head.id)) {
      throw validationFailed([{ path: 'members', message: '原户户主不能分出,原户保留户主 / the head stays' }]);
    }
    if (await new HouseholdRepository(ctx.store.db).householdNoTaken(body.newHouseholdNo)) {
      throw validationFailed([{ path: 'newHouseholdNo', message: '户编号已存在 / household number exists' }]);
    }
    const staying = { ...before, members: before.members.filter((m) => !leaving.has(m.id)) };
    const split: HouseholdSnapshot = {
      ...before,
      householdId: null,
      householdNo: body.newHouseholdNo,
      monitoringStatus: 'not_monitored',
      monitoringCategory: null,
      caseStage: null,
      members: before.members.filter((m) => leaving.has(m.id)).map((m) => ({ ...m, relation: leaving.get(m.id)! })),
      isNew: true,
    };
    return [staying, split];
  }
  if (body.kind === 'move') {
    const region = await new RegionRepository(ctx.store.db).get(body.targetRegionCode);
    if (region?.level !== 'village' || body.targetRegionCode === state.regionCode) {
      throw validationFailed([{ path: 'targetRegionCode', message: '应为另一个村 / another village' }]);
    }
    if (body.targetRegionCode.slice(0, 6) !== state.countyCode) {
      throw validationFailed([
        { path: 'targetRegionCode', message: '跨县迁移须由两县办理转出转入 / a move to another county is a transfer' },
      ]);
    }
    return [{ ...before, regionCode: region.code, regionName: region.name }];
  }
  if (body.kind === 'members') return afterMembers(ctx, state, before, body);
  if (!state.openCase) {
    throw new AppError('precondition_failed', {
      zh: '该户不是在监测的监测对象,不能变更监测对象类别',
      en: 'only a household being monitored has a category to change',
    });
  }
  if (body.category === state.monitoringCategory) {
    throw validationFailed([{ path: 'category', message: '与现有类别相同 / the same as now' }]);
  }
  return [{ ...before, monitoringCategory: body.category }];
}

export interface Applied {
  resultHouseholdId: string | null;
}

/** Apply an approved change in the approver's transaction (the request is already checked to be current). */
export async function applyChange(
  tx: Tx,
  ctx: ServiceContext,
  state: HouseholdState,
  payload: ChangeRequestBody,
  other?: HouseholdState,
): Promise<Applied> {
  if (payload.kind === 'merge') return applyMerge(tx, ctx, state, other!, payload);
  const households = new HouseholdRepository(tx.db);
  const scope = areaOf(ctx).scope;
  const now = ctx.now();
  // the household's version moves with every applied change, so requests asked against it become stale
  const bump = async (patch: Parameters<HouseholdRepository['updateVersioned']>[3]) => {
    if (!(await households.updateVersioned(scope, state.id, state.version, { ...patch, updatedAt: now }))) {
      throw versionConflict();
    }
  };
  const audit = (action: string, before: unknown, after: unknown, detail?: Record<string, unknown>) =>
    appendAudit(tx, ctx, {
      action,
      targetType: 'household',
      targetId: state.id,
      regionCode: state.regionCode,
      before: before as Record<string, unknown>,
      after: after as Record<string, unknown>,
      ...(detail ? { detail } : {}),
    });
  if (payload.kind === 'split') return applySplit(tx, ctx, state, payload, bump);
  if (payload.kind === 'members') {
    await applyMembers(tx, ctx, state, payload, () => bump({}));
    return { resultHouseholdId: null };
  }
  const repo = new ChangeRequestRepository(tx.db);
  if (payload.kind === 'move') {
    await bump({ regionCode: payload.targetRegionCode });
    await repo.moveOpenRecords(state.id, payload.targetRegionCode, now);
    await audit('household.move', { regionCode: state.regionCode }, { regionCode: payload.targetRegionCode });
    return { resultHouseholdId: null };
  }
  await bump({ monitoringCategory: payload.category });
  if (state.openCase) await repo.setCaseCategory(state.openCase.id, payload.category, now);
  await audit(
    'household.category',
    { monitoringCategory: state.monitoringCategory },
    { monitoringCategory: payload.category satisfies MonitoringCategory },
    state.openCase ? { caseId: state.openCase.id } : undefined,
  );
  return { resultHouseholdId: null };
}

async function applySplit(
  tx: Tx,
  ctx: ServiceContext,
  state: HouseholdState,
  payload: Extract<ChangeRequestBody, { kind: 'split' }>,
  bump: (patch: { updatedAt?: Date }) => Promise<void>,
): Promise<Applied> {
  const households = new HouseholdRepository(tx.db);
  if (await households.householdNoTaken(payload.newHouseholdNo)) {
    throw new AppError('conflict', {
      zh: `户编号 ${payload.newHouseholdNo} 已被使用,请退回申请并重新填写`,
      en: `household number ${payload.newHouseholdNo} is taken`,
    });
  }
  const original = await households.get(areaOf(ctx).scope, state.id);
  if (!original) throw versionConflict();
  const now = ctx.now();
  const created = await households.insert({
    regionCode: original.regionCode,
    countyCode: original.countyCode,
    householdNo: payload.newHouseholdNo,
    naturalVillage: original.naturalVillage,
    address: original.address,
    householdType: original.householdType,
    liftedYear: original.liftedYear,
    createdAt: now,
    updatedAt: now,
  });
  await new ChangeRequestRepository(tx.db).moveMembers(created.id, payload.members, now);
  await bump({});
  const leaving = payload.members.map((m) => m.memberId);
  // the lead's lock before the audit chain's, the order every lead takes them in (else an import could deadlock)
  if (state.monitoringStatus !== 'not_monitored' || state.openCase) {
    await new WarningRepository(tx.client).lockForLead(created.id);
  }
  await appendAudit(tx, ctx, {
    action: 'household.split',
    targetType: 'household',
    targetId: state.id,
    regionCode: state.regionCode,
    before: { members: state.members.map((m) => m.id) },
    after: { members: state.members.map((m) => m.id).filter((id) => !leaving.includes(id)) },
    detail: { newHouseholdId: created.id, newHouseholdNo: created.householdNo, memberIds: leaving },
  });
  await appendAudit(tx, ctx, {
    action: 'household.create',
    targetType: 'household',
    targetId: created.id,
    regionCode: created.regionCode,
    after: { householdNo: created.householdNo, regionCode: created.regionCode, splitFrom: state.id },
    detail: { memberIds: leaving },
  });
  if (state.monitoringStatus !== 'not_monitored' || state.openCase) {
    await recordLead(tx, ctx, {
      regionCode: created.regionCode,
      householdId: created.id,
      channel: 'cadre_screening',
      subChannel: 'household_split',
      description: `由监测户 ${state.householdNo} 分户而来,需按本户情况单独研判`,
      riskTypes: (state.riskTypes.length ? state.riskTypes : ['other']) as RiskType[],
      discoveredAt: now,
      createdBy: ctx.actor.id,
    });
  }
  return { resultHouseholdId: created.id };
}
