/**
 * 监测户成员增减 (issue 14 §3): who belongs to a monitored household decides its per-capita income and so its
 * status (S0 plan two 二 note 2: one registration, or living and sharing income together), so while it has an open
 * case a member joins or leaves only by a request the township approves; the member endpoints refuse it
 * (`refuseDirectMemberChange`). A member who leaves stays on the record with the day and the reason, as a member who
 * leaves any household does (member.service `leaveMember`).
 */
import { AppError, chinaDate, maskIdNumber } from '@dixian/core';
import type { ChangeRequestBody, HouseholdSnapshot } from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { DB } from '../db/types.js';
import type { Tx } from '../db/store.js';
import type { HouseholdState } from '../repositories/change-request.repository.js';
import { MemberRepository } from '../repositories/member.repository.js';
import { openEpisodeOf } from '../repositories/open-episode.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { refuseTakenIdNumber } from './household.service.js';
import { checkMember, type CheckedMember } from './member-rules.js';

type Members = Extract<ChangeRequestBody, { kind: 'members' }>;

/** The member endpoints' refusal for a household with an open case: its members change by a request. */
export async function refuseDirectMemberChange(db: Kysely<DB>, householdId: string): Promise<void> {
  if ((await openEpisodeOf(db, householdId))?.kind === 'case') {
    throw new AppError('precondition_failed', {
      zh: '监测户的家庭成员增减须在农户页“申请变更”中提交,经乡镇审批后生效',
      en: 'members of a monitored household join or leave by a change request the township approves',
    });
  }
}

/** The joining members checked (sex and birth date from the ID number), or the issues naming their fields. */
function checkJoins(body: Members, today: string): CheckedMember[] {
  const checked = body.joins.map((m, i) => checkMember(m, undefined, today, `joins.${i}`));
  const issues = checked.flatMap((c) => c.issues);
  const ids = checked.map((c) => c.values.idNumber).filter((x): x is string => !!x);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ path: 'joins', message: `身份证号重复 / duplicate ${maskIdNumber(id)}` });
  });
  if (issues.length) throw validationFailed(issues, { zh: '成员信息有误', en: 'invalid member' });
  return checked;
}

/** Check a members request against the household and give the household after it. */
export async function afterMembers(
  ctx: ServiceContext,
  state: HouseholdState,
  before: HouseholdSnapshot,
  body: Members,
): Promise<HouseholdSnapshot[]> {
  if (!state.openCase) {
    throw new AppError('precondition_failed', {
      zh: '该户没有在办的监测案件,家庭成员可直接在农户页修改',
      en: 'the household has no open case: change its members directly',
    });
  }
  const today = chinaDate(ctx.now());
  const present = new Map(state.members.map((m) => [m.id, m]));
  const issues = body.leaves.flatMap((l, i) => {
    const m = present.get(l.memberId);
    if (!m) return [{ path: `leaves.${i}.memberId`, message: '不是该户现有成员 / not a current member' }];
    if (m.relation === 'head') return [{ path: `leaves.${i}.memberId`, message: '户主不能迁出 / the head stays' }];
    if (l.leftOn > today) return [{ path: `leaves.${i}.leftOn`, message: '不能晚于今天 / not after today' }];
    return [];
  });
  if (issues.length) throw validationFailed(issues);
  const checked = checkJoins(body, today);
  const repo = new MemberRepository(ctx.store.db);
  for (const c of checked) if (c.values.idNumber) await refuseTakenIdNumber(repo, state.countyCode, c.values.idNumber);
  const leaving = new Set(body.leaves.map((l) => l.memberId));
  const joined = body.joins.map((m, i) => ({ id: `new-${i + 1}`, name: m.name, relation: m.relation }));
  return [{ ...before, members: [...before.members.filter((m) => !leaving.has(m.id)), ...joined] }];
}

/** Apply an approved members request in the approver's transaction. */
export async function applyMembers(
  tx: Tx,
  ctx: ServiceContext,
  state: HouseholdState,
  body: Members,
  bump: () => Promise<void>,
): Promise<void> {
  const now = ctx.now();
  const repo = new MemberRepository(tx.db);
  const checked = checkJoins(body, chinaDate(now));
  for (const c of checked) if (c.values.idNumber) await refuseTakenIdNumber(repo, state.countyCode, c.values.idNumber);
  const inserted = await repo.insert(
    checked.map((c) => ({
      ...c.values,
      name: c.values.name!,
      relation: c.values.relation!,
      sex: c.values.sex!,
      birthDate: c.values.birthDate!,
      householdId: state.id,
      countyCode: state.countyCode,
      createdAt: now,
      updatedAt: now,
    })),
  );
  for (const l of body.leaves) {
    const stored = await repo.get(state.id, l.memberId);
    if (!stored || stored.leftOn) throw versionConflict();
    const left = { leftOn: l.leftOn, leftReason: l.reason, registeredHere: false, livesAndShares: false };
    if (!(await repo.updateVersioned(state.id, l.memberId, stored.version, { ...left, updatedAt: now }))) {
      throw versionConflict();
    }
  }
  await bump();
  await appendAudit(tx, ctx, {
    action: 'household.members',
    targetType: 'household',
    targetId: state.id,
    regionCode: state.regionCode,
    before: { members: state.members.map((m) => m.id) },
    after: {
      joined: inserted.map((m) => ({
        id: m.id,
        name: m.name,
        relation: m.relation,
        idNumber: maskIdNumber(m.idNumber),
      })),
      left: body.leaves,
    },
    detail: { caseId: state.openCase?.id ?? null },
  });
}
