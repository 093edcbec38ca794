import { AppError, maskIdNumber, chinaDate } from '@dixian/core';
import type { MemberCreateBody, MemberLeaveBody, MemberUpdateBody, MemberView } from '@dixian/core/api';
import { appendAudit, diff } from '../audit/audit-log.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { MemberRepository, type MemberRow } from '../repositories/member.repository.js';
import { notFound, RECORD } from './access.js';
import type { ServiceContext } from './context.js';
import { applyEffectiveOn, checkEffectiveOn } from './effective-day.js';
import { validationFailed, versionConflict } from './errors.js';
import { loadHousehold, refuseTakenIdNumber } from './household.service.js';
import { maskForAudit, toMemberView } from './household-views.js';
import { refuseDirectMemberChange } from './change-members.js';
import { checkMember, headCountIssue } from './member-rules.js';

/**
 * Members of a household (DOMAIN §2.3). Changes are audited against the household, so its timeline shows
 * them. A household never has two heads, and its head cannot be deleted (make another member head first by
 * changing the old head's relation).
 */

function headRefused(): AppError {
  return new AppError(
    'precondition_failed',
    {
      zh: '每户只能有一名户主',
      en: 'a household has only one head',
    },
    [{ path: 'relation', message: '每户只能有一名户主 / a household has only one head' }],
  );
}

export async function createMember(
  ctx: ServiceContext,
  householdId: string,
  body: MemberCreateBody,
): Promise<MemberView> {
  const h = await loadHousehold(ctx, 'member.write', householdId);
  await refuseDirectMemberChange(ctx.store.db, h.id);
  const { values, issues } = checkMember(body, undefined, chinaDate(ctx.now()), '');
  if (issues.length) throw validationFailed(issues, { zh: '成员信息有误', en: 'invalid member' });
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const repo = new MemberRepository(tx.db);
    const existing = await repo.ofHousehold(h.id);
    if (
      headCountIssue(existing.filter((m) => m.relation === 'head').length + (values.relation === 'head' ? 1 : 0), false)
    ) {
      throw headRefused();
    }
    if (values.idNumber) await refuseTakenIdNumber(repo, h.countyCode, values.idNumber);
    const [m] = await repo.insert([
      {
        ...values,
        name: body.name,
        relation: body.relation,
        sex: values.sex!,
        birthDate: values.birthDate!,
        householdId: h.id,
        countyCode: h.countyCode,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await new HouseholdRepository(tx.db).touch(h.id, now);
    await appendAudit(tx, ctx, {
      action: 'member.create',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      after: maskForAudit({ ...values, id: m!.id }),
      detail: { memberId: m!.id },
    });
    return toMemberView(m!, chinaDate(now));
  });
}

export async function updateMember(
  ctx: ServiceContext,
  householdId: string,
  memberId: string,
  body: MemberUpdateBody,
): Promise<MemberView> {
  const h = await loadHousehold(ctx, 'member.write', householdId);
  const { version, effectiveOn: given, ...input } = body;
  const effectiveOn = checkEffectiveOn(ctx, h, given);
  const stored = await new MemberRepository(ctx.store.db).get(h.id, memberId);
  if (!stored) throw notFound(RECORD.member);
  const { values, issues } = checkMember(input, stored, chinaDate(ctx.now()), '');
  if (issues.length) throw validationFailed(issues, { zh: '成员信息有误', en: 'invalid member' });
  const changes = diff(stored, values, maskForAudit);
  if (!changes) {
    if (version !== stored.version) throw versionConflict();
    return toMemberView(stored, chinaDate(ctx.now()));
  }
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    await applyEffectiveOn(tx, effectiveOn);
    const repo = new MemberRepository(tx.db);
    if (values.relation === 'head' && stored.relation !== 'head') {
      const heads = (await repo.ofHousehold(h.id)).filter((m) => m.relation === 'head').length;
      if (headCountIssue(heads + 1, false)) throw headRefused();
    }
    if (values.idNumber && values.idNumber !== stored.idNumber) {
      await refuseTakenIdNumber(repo, h.countyCode, values.idNumber, stored.id);
    }
    const after = await repo.updateVersioned(h.id, memberId, version, { ...values, updatedAt: now });
    if (!after) throw versionConflict();
    await new HouseholdRepository(tx.db).touch(h.id, now);
    await appendAudit(tx, ctx, {
      action: 'member.update',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      before: changes.before,
      after: changes.after,
      detail: { memberId, ...(effectiveOn ? { effectiveOn } : {}) },
    });
    return toMemberView(after, chinaDate(now));
  });
}

export async function deleteMember(
  ctx: ServiceContext,
  householdId: string,
  memberId: string,
  version: number,
): Promise<void> {
  const h = await loadHousehold(ctx, 'member.write', householdId);
  const stored = await new MemberRepository(ctx.store.db).get(h.id, memberId);
  if (!stored) throw notFound(RECORD.member);
  await refuseDirectMemberChange(ctx.store.db, h.id);
  if (stored.relation === 'head') {
    throw new AppError('precondition_failed', {
      zh: '不能删除户主,请先变更户主',
      en: 'the head cannot be deleted; make another member head first',
    });
  }
  await ctx.store.transaction(async (tx) => {
    if (!(await new MemberRepository(tx.db).deleteVersioned(h.id, memberId, version))) throw versionConflict();
    await new HouseholdRepository(tx.db).touch(h.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'member.delete',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      before: { id: stored.id, name: stored.name, relation: stored.relation, idNumber: maskIdNumber(stored.idNumber) },
      detail: { memberId },
    });
  });
}

/**
 * POST /api/households/:id/members/:memberId/leave: a member marries out or moves away (issue 14 §1). The member
 * stays on the household's record with the day and the reason, and is no longer registered here nor living and
 * sharing income, so the rules stop counting them (S0 二 note 2). The head leaves only after another member is head.
 */
export async function leaveMember(
  ctx: ServiceContext,
  householdId: string,
  memberId: string,
  body: MemberLeaveBody,
): Promise<MemberView> {
  const h = await loadHousehold(ctx, 'member.write', householdId);
  const stored = await new MemberRepository(ctx.store.db).get(h.id, memberId);
  if (!stored) throw notFound(RECORD.member);
  await refuseDirectMemberChange(ctx.store.db, h.id);
  const today = chinaDate(ctx.now());
  const refusal = leaveRefusal(stored, body.leftOn, today);
  if (refusal) throw refusal;
  const now = ctx.now();
  return ctx.store.transaction(async (tx) => {
    const after = await new MemberRepository(tx.db).updateVersioned(h.id, memberId, body.version, {
      leftOn: body.leftOn,
      leftReason: body.reason,
      registeredHere: false,
      livesAndShares: false,
      updatedAt: now,
    });
    if (!after) throw versionConflict();
    await new HouseholdRepository(tx.db).touch(h.id, now);
    await appendAudit(tx, ctx, {
      action: 'member.leave',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      before: { registeredHere: stored.registeredHere, livesAndShares: stored.livesAndShares },
      after: { leftOn: body.leftOn, leftReason: body.reason, registeredHere: false, livesAndShares: false },
      detail: { memberId, name: stored.name, note: body.note ?? null },
    });
    return toMemberView(after, today);
  });
}

/** Why a member cannot leave on that day: the head, someone already gone, or a day in the future or before birth. */
function leaveRefusal(m: MemberRow, leftOn: string, today: string): AppError | undefined {
  if (m.relation === 'head') {
    return new AppError('precondition_failed', {
      zh: '户主不能迁出,请先变更户主',
      en: 'the head cannot leave; make another member head first',
    });
  }
  if (m.leftOn || m.deceasedOn) {
    return new AppError('precondition_failed', {
      zh: `${m.name}已${m.leftOn ? '迁出' : '去世'},不能再次迁出`,
      en: `${m.name} has already ${m.leftOn ? 'left' : 'died'}`,
    });
  }
  if (leftOn > today || leftOn < m.birthDate) {
    return validationFailed([
      { path: 'leftOn', message: `应在出生日期与今天(${today})之间 / between the birth date and today` },
    ]);
  }
  return undefined;
}
