/** An application for social assistance (低保, 特困, 临时救助), taken in the village or township. */
import {
  AppError,
  chinaDate,
  singlePersonGround,
  SocialAssistanceKind,
  tekunGround,
  type AssistanceMemberFacts,
  type ErrorIssue,
  type ResolvedPolicy,
} from '@dixian/core';
import type { AssistanceApplyBody, AssistanceCaseView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { AssistanceRepository } from '../repositories/assistance.repository.js';
import { MemberRepository, type MemberRow } from '../repositories/member.repository.js';
import { policyAt } from '../policies/policy-at.js';
import { getAssistance } from './assistance.service.js';
import { checkDay } from './assistance-step.js';
import type { ServiceContext } from './context.js';
import { dibaoIncomeOf } from './dibao-income.service.js';
import { validationFailed } from './errors.js';
import { loadHousehold } from './household.service.js';
import { integrityBar } from './integrity.service.js';

/**
 * POST /api/assistance: an application for 低保, 特困 or temporary assistance, taken in the village or township.
 * The covered members must belong to the household; a single-person 低保 covers one member of S2 §二(一)2's groups;
 * 特困 covers members of S2 §二(一)4's (minors up to `tekunMinorAgeLimit`). One 低保 and one 特困 case at a time.
 */
export async function applyAssistance(ctx: ServiceContext, body: AssistanceApplyBody): Promise<AssistanceCaseView> {
  const h = await loadHousehold(ctx, 'assistance.apply', body.householdId);
  const today = chinaDate(ctx.now());
  const policy = (await policyAt(ctx.store.db, h.regionCode, body.appliedOn)).policy;
  const members = await new MemberRepository(ctx.store.db).ofHousehold(h.id);
  const insured = body.insuredMemberIds ?? [];
  const issues = applicationIssues(body, members, policy, today);
  if (issues.length) throw validationFailed(issues, { zh: '救助申请有误', en: 'invalid application' });

  const repo = new AssistanceRepository(ctx.store.db);
  // 低保: the income assessed from the register as of the application (S2 二(一)3), kept with the claims
  const assessment =
    body.kind === 'dibao' ? await dibaoIncomeOf(ctx, ctx.store.db, h, body.appliedOn, body.deductionClaims) : null;
  // S2 §二(三)12: a household on the 失信 list gets no social assistance until it is removed
  const barred = await integrityBar(ctx.store.db, h.id);
  if (barred) throw barred;
  if (body.kind !== 'temp_relief' && (await repo.active(h.id, body.kind))) {
    throw new AppError('conflict', {
      zh: `该户已有在办的${SocialAssistanceKind.labels[body.kind].zh}`,
      en: `the household already has a ${body.kind} case in progress`,
    });
  }
  const now = ctx.now();
  const id = await ctx.store.transaction(async (tx) => {
    const id = await new AssistanceRepository(tx.db).insert({
      householdId: h.id,
      countyCode: h.countyCode,
      kind: body.kind,
      classification: body.kind === 'temp_relief' ? null : body.classification,
      reliefKind: body.kind === 'temp_relief' ? body.reliefKind : null,
      status: 'applied',
      appliedOn: body.appliedOn,
      insuredMemberIds: insured,
      perCapitaIncomeFen: body.kind === 'dibao' ? (body.perCapitaIncomeFen ?? assessment!.perCapitaFen) : null,
      deductionClaims: JSON.stringify(body.kind === 'dibao' ? body.deductionClaims : []),
      incomeAssessment: assessment ? JSON.stringify(assessment) : null,
      standardFen: body.kind === 'temp_relief' ? null : policy.dibao.ruralMonthlyFen,
      amountFen: body.kind === 'temp_relief' ? body.amountFen : null,
      reliefFirst: body.kind === 'temp_relief' ? body.reliefFirst : false,
      cause: body.cause,
      pledgeSignedOn: body.appliedOn,
      selfCare: body.kind === 'tekun' ? body.selfCare : null,
      createdBy: ctx.actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, ctx, {
      action: 'assistance.apply',
      targetType: 'social_assistance_case',
      targetId: id,
      regionCode: h.regionCode,
      after: body,
    });
    return id;
  });
  return getAssistance(ctx, id);
}

/** What is wrong with an application: its day, the members insured, and the grounds of a single-person or 特困 case. */
function applicationIssues(
  body: AssistanceApplyBody,
  members: MemberRow[],
  policy: ResolvedPolicy,
  today: string,
): ErrorIssue[] {
  const issues: ErrorIssue[] = checkDay('appliedOn', body.appliedOn, null, today);
  const insured = body.insuredMemberIds ?? [];
  const living = new Map(members.filter((m) => !m.deceasedOn).map((m) => [m.id, m]));
  insured.forEach((id, i) => {
    if (!living.has(id)) {
      issues.push({
        path: `insuredMemberIds.${i}`,
        message: '不是该户的在世成员 / not a living member of this household',
      });
    }
  });
  if (new Set(insured).size !== insured.length) {
    issues.push({ path: 'insuredMemberIds', message: '成员重复 / a member is listed twice' });
  }
  if (!issues.length && body.kind === 'dibao' && body.classification === 'single_person') {
    const m = living.get(insured[0]!)!;
    if (insured.length !== 1) {
      issues.push({ path: 'insuredMemberIds', message: '单人户只纳入一人 / a single-person 低保 covers one member' });
    } else if (!singlePersonGround(facts(m), body.appliedOn, policy.inclusion.elderlyAge)) {
      issues.push({
        path: 'insuredMemberIds.0',
        message:
          '单人户限成年重度残疾人、重特大疾病患者、老年人或未成年人(S2 §二(一)2) / a single-person 低保 is for an adult with severe disability or serious illness, an elderly person or a minor',
      });
    }
  }
  if (!issues.length && body.kind === 'tekun') {
    insured.forEach((id, i) => {
      const ground = tekunGround(facts(living.get(id)!), body.appliedOn, {
        elderlyAge: policy.inclusion.elderlyAge,
        tekunMinorAgeLimit: policy.dibao.tekunMinorAgeLimit,
      });
      if (!ground) {
        issues.push({
          path: `insuredMemberIds.${i}`,
          message: `特困供养限${policy.inclusion.elderlyAge}岁以上老年人、无劳动能力者或未满${policy.dibao.tekunMinorAgeLimit}周岁的未成年人(S2 §二(一)4) / 特困 support is for the elderly, people without labour capacity, or minors under ${policy.dibao.tekunMinorAgeLimit}`,
        });
      }
    });
  }
  return issues;
}

/** What the grounds of a single-person or 特困 case read of a member. */
function facts(m: MemberRow): AssistanceMemberFacts {
  return {
    birthDate: m.birthDate,
    healthStatus: m.healthStatus as AssistanceMemberFacts['healthStatus'],
    disabilityGrade: m.disabilityGrade,
    disabilityCategory: m.disabilityCategory as AssistanceMemberFacts['disabilityCategory'],
    laborCapacity: m.laborCapacity as AssistanceMemberFacts['laborCapacity'],
    deceasedOn: m.deceasedOn,
  };
}
