/**
 * 合户 (merge, issue 14 §3): every member of the other household joins this one (with a relation to its head), and
 * the other household is closed, not deleted: its record, incomes and closed cases stay, it says where its members
 * went, and it leaves the registry's lists, the screening and the visits due. "A monitored household's case follows
 * its members": when only the other household has an open case, the case (with its plan, measures and open lead)
 * moves to this household, which takes the case's monitoring flags; when both have one, the merge is refused until
 * one is closed (two procedures cannot run for one household). A household with social assistance in progress is
 * not merged either: the assistance is decided for a household and its insured members first.
 */
import { AppError, chinaDate } from '@dixian/core';
import type { ChangeRequestBody, HouseholdSnapshot } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import { ChangeRequestRepository, type HouseholdState } from '../repositories/change-request.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';

type Merge = Extract<ChangeRequestBody, { kind: 'merge' }>;

/** Refuse a merge the rules do not allow (both households checked as they are now). */
export async function checkMerge(
  ctx: ServiceContext,
  state: HouseholdState,
  other: HouseholdState,
  body: Merge,
): Promise<void> {
  if (other.id === state.id) {
    throw validationFailed([{ path: 'otherHouseholdId', message: '不能与本户合户 / the same household' }]);
  }
  if (other.countyCode !== state.countyCode) {
    throw validationFailed([{ path: 'otherHouseholdId', message: '只能与本县农户合户 / a household of this county' }]);
  }
  if (state.openCase && other.openCase) {
    throw new AppError('precondition_failed', {
      zh: '两户均有在办的监测案件,不能合户;请先办结其中一户的案件',
      en: 'both households have an open case; close one first',
    });
  }
  if (await new ChangeRequestRepository(ctx.store.db).hasActiveAssistance(other.id)) {
    throw new AppError('precondition_failed', {
      zh: '被并入户有正在办理或享受中的社会救助,请先办理救助变更或终止',
      en: 'the other household has social assistance in progress',
    });
  }
  const current = new Set(other.members.map((m) => m.id));
  const given = new Set(body.members.map((m) => m.memberId));
  if (current.size !== given.size || [...current].some((id) => !given.has(id))) {
    throw validationFailed([
      { path: 'members', message: '须列出被并入户的全部现有成员 / every current member of the other household' },
    ]);
  }
}

/** The household after the merge, and the other one closed. */
export function afterMerge(
  before: HouseholdSnapshot,
  otherBefore: HouseholdSnapshot,
  body: Merge,
): HouseholdSnapshot[] {
  const relation = new Map(body.members.map((m) => [m.memberId, m.relation]));
  const carrier = before.caseStage || !otherBefore.caseStage ? before : otherBefore;
  const joined: HouseholdSnapshot = {
    ...before,
    monitoringStatus: carrier.monitoringStatus,
    monitoringCategory: carrier.monitoringCategory,
    caseStage: carrier.caseStage,
    members: [...before.members, ...otherBefore.members.map((m) => ({ ...m, relation: relation.get(m.id)! }))],
  };
  const closed: HouseholdSnapshot = {
    ...otherBefore,
    monitoringStatus: otherBefore.caseStage ? 'not_monitored' : otherBefore.monitoringStatus,
    caseStage: null,
    members: [],
    isClosed: true,
  };
  return [joined, closed];
}

/** Apply an approved merge in the approver's transaction. */
export async function applyMerge(
  tx: Tx,
  ctx: ServiceContext,
  state: HouseholdState,
  other: HouseholdState,
  payload: Merge,
): Promise<{ resultHouseholdId: string | null }> {
  const households = new HouseholdRepository(tx.db);
  const repo = new ChangeRequestRepository(tx.db);
  const scope = areaOf(ctx).scope;
  const now = ctx.now();
  await repo.moveMembers(state.id, payload.members, now);
  const caseMoved = other.openCase && !state.openCase ? other.openCase.id : null;
  let flags = {};
  if (caseMoved) {
    await repo.moveCase(caseMoved, other.id, state.id, state.regionCode, now);
    flags = await repo.monitoringFlags(other.id);
  }
  if (!(await households.updateVersioned(scope, state.id, state.version, { ...flags, updatedAt: now }))) {
    throw versionConflict();
  }
  const closing = { closedOn: chinaDate(now), mergedIntoId: state.id, updatedAt: now };
  const closed = await households.updateVersioned(scope, other.id, other.version, {
    ...closing,
    ...(caseMoved ? { monitoringStatus: 'not_monitored' } : {}),
  });
  if (!closed) throw versionConflict();
  const memberIds = payload.members.map((m) => m.memberId);
  await appendAudit(tx, ctx, {
    action: 'household.merge',
    targetType: 'household',
    targetId: state.id,
    regionCode: state.regionCode,
    before: { members: state.members.map((m) => m.id) },
    after: { members: [...state.members.map((m) => m.id), ...memberIds], ...flags },
    detail: { otherHouseholdId: other.id, otherHouseholdNo: other.householdNo, memberIds, caseMoved },
  });
  await appendAudit(tx, ctx, {
    action: 'household.close',
    targetType: 'household',
    targetId: other.id,
    regionCode: other.regionCode,
    before: { closedOn: null, members: memberIds },
    after: { closedOn: closing.closedOn, mergedIntoId: state.id, members: [] },
    detail: { reason: 'merged', caseMoved },
  });
  return { resultHouseholdId: null };
}
