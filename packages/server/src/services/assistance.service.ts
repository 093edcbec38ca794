import {
  AppError,
  approvalLevelOf,
  AssistanceEndReason,
  chinaDate,
  decisionLevel,
  isReturnedToPoverty,
  dibaoGracePeriod,
  dibaoTopUpFen,
  levelSuffices,
  singlePersonGround,
  SocialAssistanceKind,
  tekunGround,
  type AssistanceMemberFacts,
  type DibaoDeductionClaim,
  type DibaoIncomeAssessment,
  type ErrorIssue,
  type ResolvedPolicy,
  type SelfCareLevel,
} from '@dixian/core';
import type {
  AssistanceApplyBody,
  AssistanceCaseView,
  AssistanceDecisionBody,
  AssistanceEndBody,
  AssistanceFilter,
  AssistanceGraceBody,
  AssistanceListQuery,
  AssistancePage,
  AssistanceSatisfactionBody,
  TempReliefLedger,
  TempReliefLedgerQuery,
} from '@dixian/core/api';
import type { Updateable } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { SocialAssistanceCase } from '../db/types.js';
import { AssistanceRepository, type AssistanceRow } from '../repositories/assistance.repository.js';
import { MemberRepository, type MemberRow } from '../repositories/member.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { dibaoIncomeOf } from './dibao-income.service.js';
import { paymentFieldsOf, reliefStagesOf } from './assistance-stages.js';
import { integrityBar, listEndedCase } from './integrity.service.js';
import { loadHousehold } from './household.service.js';
import { PolicyBook, policyAt, policyOf, type RegionalPolicy } from '../policies/policy-at.js';

const CASE = { zh: '救助案件', en: 'assistance case' };

/** The lowest level that may decide a case under the policies in force (S2 §三(二)). */
function requiredLevel(r: AssistanceRow, policies: readonly RegionalPolicy[]): 'township' | 'county' {
  return decisionLevel(
    r.kind as 'dibao' | 'tekun' | 'temp_relief',
    r.amountFen,
    policyOf(policies, r.regionCode).policy,
    isReturnedToPoverty(r),
  ).required;
}

export function toAssistanceView(
  r: AssistanceRow,
  today: string,
  policies: readonly RegionalPolicy[],
): AssistanceCaseView {
  return {
    id: r.id,
    householdId: r.householdId,
    householdNo: r.householdNo,
    headName: r.headName,
    regionCode: r.regionCode,
    regionName: r.regionName,
    kind: r.kind as AssistanceCaseView['kind'],
    classification: r.classification as AssistanceCaseView['classification'],
    reliefKind: r.reliefKind as AssistanceCaseView['reliefKind'],
    status: r.status as AssistanceCaseView['status'],
    appliedOn: r.appliedOn,
    decidedOn: r.decidedOn,
    approvalLevel: r.approvalLevel as AssistanceCaseView['approvalLevel'],
    requiredLevel: requiredLevel(r, policies),
    insuredMemberIds: r.insuredMemberIds,
    peopleCount: r.peopleCount,
    perCapitaIncomeFen: r.perCapitaIncomeFen,
    standardFen: r.standardFen,
    monthlyAmountFen: r.monthlyAmountFen,
    selfCare: r.selfCare as AssistanceCaseView['selfCare'],
    careAllowanceFen: r.careAllowanceFen,
    amountFen: r.amountFen,
    cause: r.cause,
    reliefFirst: r.reliefFirst,
    satisfaction: r.satisfaction as AssistanceCaseView['satisfaction'],
    graceMonths: r.graceMonths,
    graceStartOn: r.graceStartOn,
    graceEndOn: r.graceEndOn,
    graceIncomeFen: r.graceIncomeFen,
    deductionClaims: (r.deductionClaims ?? []) as AssistanceCaseView['deductionClaims'],
    pledgeSignedOn: r.pledgeSignedOn,
    incomeAssessment: (r.incomeAssessment ?? null) as AssistanceCaseView['incomeAssessment'],
    inGrace: r.status === 'approved' && !!r.graceStartOn && r.graceStartOn <= today && (r.graceEndOn ?? '') >= today,
    ...paymentFieldsOf(r),
    reviewDueOn: r.reviewDueOn,
    endedOn: r.endedOn,
    endReason: r.endReason,
    endNote: r.endNote,
    decisionNote: r.decisionNote,
    decidedBy: r.decidedBy,
    createdAt: new Date(r.createdAt).toISOString(),
    version: r.version,
  };
}

/** The policies in force over a scope today, read once per request. */
async function policiesOver(ctx: ServiceContext, prefix: string, day: string): Promise<RegionalPolicy[]> {
  return (await PolicyBook.load(ctx.store.db)).across(prefix, day);
}

/** GET /api/assistance: cases of the caller's area, newest application first. */
export async function listAssistance(ctx: ServiceContext, q: AssistanceListQuery): Promise<AssistancePage> {
  const scope = areaOf(ctx).list('assistance.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const { rows, total } = await new AssistanceRepository(ctx.store.db).list(
    scope,
    { ...q, asOf },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  const policies = await policiesOver(ctx, scope.regionPrefix, asOf);
  return { ...empty, items: rows.map((r) => toAssistanceView(r, asOf, policies)), total };
}

/** Every case of a filter, page by page, for the export. */
export async function* walkAssistance(
  ctx: ServiceContext,
  f: AssistanceFilter,
  batch = 2000,
): AsyncGenerator<AssistanceCaseView[]> {
  const scope = areaOf(ctx).list('assistance.read', f.region);
  const asOf = reportDay(ctx, f.asOf);
  if (!scope) return;
  const repo = new AssistanceRepository(ctx.store.db);
  const policies = await policiesOver(ctx, scope.regionPrefix, asOf);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await repo.exportPage(scope, { ...f, asOf }, after, batch);
    if (!rows.length) return;
    yield rows.map((r) => toAssistanceView(r, asOf, policies));
    after = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

export async function getAssistance(ctx: ServiceContext, id: string): Promise<AssistanceCaseView> {
  const r = await areaOf(ctx).load('assistance.read', CASE, id, (scope) =>
    new AssistanceRepository(ctx.store.db).get(scope, id),
  );
  const today = chinaDate(ctx.now());
  return toAssistanceView(r, today, await policiesOver(ctx, r.regionCode, today));
}

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

function checkDay(path: string, day: string, notBefore: string | null, today: string): ErrorIssue[] {
  if (day > today) return [{ path, message: `日期不能晚于今天 / ${path} cannot be after today (${today})` }];
  if (notBefore && day < notBefore) {
    return [{ path, message: `日期不能早于 ${notBefore} / ${path} cannot be before ${notBefore}` }];
  }
  return [];
}

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

async function loadCase(ctx: ServiceContext, action: 'assistance.apply' | 'assistance.decide', id: string) {
  return areaOf(ctx).load(action, CASE, id, (scope) => new AssistanceRepository(ctx.store.db).get(scope, id));
}

function wrongStatus(r: AssistanceRow, want: string): AppError {
  return new AppError('invalid_transition', {
    zh: `案件状态为“${r.status}”,此操作需要“${want}”`,
    en: `the case is ${r.status}; this needs it ${want}`,
  });
}

/** The standard and the monthly amount of an approved 低保 or 特困 case (DOMAIN §4.7, S2 §二(一)2–3). */
function monthlyTerms(
  r: AssistanceRow,
  body: AssistanceDecisionBody,
  policy: ResolvedPolicy,
  assessment: DibaoIncomeAssessment | null,
): Updateable<SocialAssistanceCase> {
  const standard = body.standardFen ?? r.standardFen ?? policy.dibao.ruralMonthlyFen;
  const patch: Updateable<SocialAssistanceCase> = { standardFen: standard };
  if (r.kind === 'dibao') {
    if (assessment) patch.incomeAssessment = JSON.stringify(assessment);
    if (r.classification === 'rigid_expense' && assessment && !assessment.expenditureType) {
      throw notExpenditureType(assessment, policy);
    }
    const income = body.perCapitaIncomeFen ?? r.perCapitaIncomeFen;
    if (income == null && body.monthlyAmountFen == null) {
      throw validationFailed([
        {
          path: 'perCapitaIncomeFen',
          message: '请填写核定的家庭人均收入或月保障金额 / give the income found or the monthly amount',
        },
      ]);
    }
    // DOMAIN §4.7: 低保 is for incomes below the standard; 支出型 and 单人户 are the exceptions S2 §二(一)2–3 makes
    if (income != null && r.classification === 'dibao' && income >= standard * 12) {
      throw new AppError('precondition_failed', {
        zh: '家庭人均收入不低于低保标准,不符合低保条件(可按支出型或单人户申请)',
        en: 'per-capita income is not below the 低保 standard (apply as expenditure-type or single-person instead)',
      });
    }
    patch.perCapitaIncomeFen = income ?? null;
    const monthly =
      body.monthlyAmountFen ??
      dibaoTopUpFen({ standardMonthlyFen: standard, perCapitaIncomeFen: income ?? 0, insuredCount: r.peopleCount });
    if (monthly <= 0) {
      throw validationFailed([
        { path: 'monthlyAmountFen', message: '请填写月保障金额 / the monthly amount is needed' },
      ]);
    }
    patch.monthlyAmountFen = monthly;
  } else {
    if (!body.monthlyAmountFen) {
      throw validationFailed([
        { path: 'monthlyAmountFen', message: '请填写月供养金额 / the monthly amount is needed' },
      ]);
    }
    // S2 §二(一)4 自理能力评估: the care allowance of the level, per person, on top of the basic support
    const level = r.selfCare as SelfCareLevel | null;
    const care = body.careAllowanceFen ?? (level ? policy.tekun.careMonthlyFen[level] : 0);
    patch.careAllowanceFen = level || body.careAllowanceFen != null ? care : null;
    patch.monthlyAmountFen = body.monthlyAmountFen + care * r.peopleCount;
  }
  return patch;
}

/**
 * 支出型 needs rigid spending beyond what the family can bear (S2 二(一)3 一是): income above the standard before that
 * spending, below it after, and at most the policy's multiple of it. The figures go with the refusal.
 */
function notExpenditureType(a: DibaoIncomeAssessment, policy: ResolvedPolicy): AppError {
  const per = (fen: number) => (fen / 100).toFixed(2);
  const multiple = policy.dibao.income.expenditureMaxIncomeMultiple;
  return new AppError(
    'precondition_failed',
    {
      zh:
        `不符合支出型低保条件:扣除刚性支出前人均收入${per(a.perCapitaBeforeRigidFen)}元,扣除后${per(a.perCapitaFen)}元,` +
        `低保标准${per(a.standardAnnualFen)}元/年;须扣除前不低于标准、不高于标准的${multiple}倍,扣除后低于标准`,
      en:
        `not expenditure-type 低保: per-capita income ¥${per(a.perCapitaBeforeRigidFen)} before rigid spending, ` +
        `¥${per(a.perCapitaFen)} after, standard ¥${per(a.standardAnnualFen)} a year; it must be at or above the ` +
        `standard (and at most ${multiple}×) before, and below it after`,
    },
    [],
    {
      perCapitaBeforeRigidFen: a.perCapitaBeforeRigidFen,
      perCapitaFen: a.perCapitaFen,
      standardAnnualFen: a.standardAnnualFen,
    },
  );
}

/** Store a change, keep the household's flags in step, and audit both, in one transaction. */
async function save(
  ctx: ServiceContext,
  r: AssistanceRow,
  version: number,
  patch: Updateable<SocialAssistanceCase>,
  audit: { action: string; detail?: unknown },
  also?: (tx: Tx) => Promise<void>,
): Promise<AssistanceCaseView> {
  await ctx.store.transaction(async (tx) => {
    const repo = new AssistanceRepository(tx.db);
    if (!(await repo.updateVersioned(r.id, version, { ...patch, updatedAt: ctx.now() }))) throw versionConflict();
    await also?.(tx);
    const flags = r.kind === 'temp_relief' ? null : await repo.syncHouseholdFlags(r.householdId, ctx.now());
    await appendAudit(tx, ctx, {
      action: audit.action,
      targetType: 'social_assistance_case',
      targetId: r.id,
      regionCode: r.regionCode,
      before: { status: r.status },
      after: { status: patch.status ?? r.status },
      detail: { ...(audit.detail as object), ...(flags ? { householdFlags: flags } : {}) },
    });
  });
  return getAssistance(ctx, r.id);
}

/** The level the decision needs, refused when the decider's is lower or 一事一议 has no justification. */
function levelToDecide(
  r: AssistanceRow,
  amountFen: number | null,
  level: 'township' | 'county',
  note: string | null | undefined,
  policy: ResolvedPolicy,
) {
  const need = decisionLevel(r.kind as 'dibao' | 'tekun' | 'temp_relief', amountFen, policy, isReturnedToPoverty(r));
  if (!levelSuffices(level, need.required)) {
    throw new AppError(
      'precondition_failed',
      { zh: `${need.why.zh},请报县级审批`, en: `${need.why.en}; refer it to the county` },
      [],
      { requiredLevel: need.required },
    );
  }
  if (need.aboveCap && !note) {
    throw validationFailed([
      {
        path: 'note',
        message: '超过单次救助上限,须写明一事一议的理由 / above the cap: give the case-by-case justification',
      },
    ]);
  }
  return need;
}

/**
 * POST /api/assistance/:id/decision: approve or reject an application. S2 §三(二): the township confirms 低保 and
 * temporary assistance up to its limit; 特困 and larger amounts need the county; above the per-case cap the county
 * decides case by case with a written justification (S0 plan one §二 一事一议).
 */
export async function decideAssistance(
  ctx: ServiceContext,
  id: string,
  body: AssistanceDecisionBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.decide', id);
  if (r.status !== 'applied') throw wrongStatus(r, 'applied');
  const today = chinaDate(ctx.now());
  const issues = checkDay('decidedOn', body.decidedOn, r.appliedOn, today);
  if (issues.length) throw validationFailed(issues);
  const level = approvalLevelOf(ctx.actor.role)!;
  const policy = (await policyAt(ctx.store.db, r.regionCode, body.decidedOn)).policy;
  if (body.decision === 'reject') {
    if (!body.note) throw validationFailed([{ path: 'note', message: '请写明不予批准的理由 / give the reason' }]);
    return save(
      ctx,
      r,
      body.version,
      {
        status: 'rejected',
        decidedOn: body.decidedOn,
        decidedBy: ctx.actor.id,
        approvalLevel: level,
        decisionNote: body.note,
      },
      { action: 'assistance.reject', detail: { note: body.note } },
    );
  }
  const amountFen = r.kind === 'temp_relief' ? (body.amountFen ?? r.amountFen) : null;
  const need = levelToDecide(r, amountFen, level, body.note, policy);
  const patch: Updateable<SocialAssistanceCase> = {
    status: 'approved',
    decidedOn: body.decidedOn,
    decidedBy: ctx.actor.id,
    approvalLevel: level,
    decisionNote: body.note ?? null,
    reviewDueOn: body.reviewDueOn ?? null,
  };
  if (r.kind === 'temp_relief') {
    patch.amountFen = amountFen;
    patch.reliefStages = reliefStagesOf(r, body.stages, amountFen!, body.decidedOn, policy);
  } else {
    const assessment =
      r.kind === 'dibao'
        ? await dibaoIncomeOf(
            ctx,
            ctx.store.db,
            { id: r.householdId, regionCode: r.regionCode },
            body.decidedOn,
            (r.deductionClaims ?? []) as unknown as DibaoDeductionClaim[],
          )
        : null;
    Object.assign(patch, monthlyTerms(r, body, policy, assessment));
  }
  return save(ctx, r, body.version, patch, {
    action: 'assistance.approve',
    detail: {
      level,
      requiredLevel: need.required,
      amountFen,
      stages: body.stages?.length ?? 0,
      monthlyAmountFen: patch.monthlyAmountFen ?? null,
      careAllowanceFen: patch.careAllowanceFen ?? null,
    },
  });
}

/**
 * POST /api/assistance/:id/grace: the income of a 低保 household rose (S2 §二(一)1). Above the standard and at most
 * `grace.maxMultiple` times it, a grace period of `minMonths`..`maxMonths` begins the next month; at or below the
 * standard nothing changes; above the limit the case is to be ended instead.
 */
export async function graceAssistance(
  ctx: ServiceContext,
  id: string,
  body: AssistanceGraceBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.decide', id);
  if (r.kind !== 'dibao') {
    throw new AppError('precondition_failed', { zh: '渐退只适用于低保', en: 'a grace period applies to 低保 only' });
  }
  if (r.status !== 'approved') throw wrongStatus(r, 'approved');
  if (r.graceStartOn) {
    throw new AppError('invalid_transition', {
      zh: `已在渐退期(${r.graceStartOn} 至 ${r.graceEndOn})`,
      en: `already in a grace period (${r.graceStartOn} to ${r.graceEndOn})`,
    });
  }
  const issues = checkDay('assessedOn', body.assessedOn, r.decidedOn, chinaDate(ctx.now()));
  if (issues.length) throw validationFailed(issues);
  const policy: ResolvedPolicy = (await policyAt(ctx.store.db, r.regionCode, body.assessedOn)).policy;
  // "超过当年低保标准" (S2 二(一)1): the standard of the area on the day of the review, not the one approved with
  const standard = policy.dibao.ruralMonthlyFen;
  const g = dibaoGracePeriod(
    {
      perCapitaIncomeFen: body.perCapitaIncomeFen,
      standardMonthlyFen: standard,
      from: body.assessedOn,
      months: body.months ?? null,
    },
    policy.dibao.grace,
  );
  if (g.outcome === 'invalid') throw validationFailed([{ path: g.path, message: g.message }]);
  if (g.outcome === 'stay') {
    throw new AppError(
      'precondition_failed',
      {
        zh: '收入未超过低保标准,继续享受低保,无需渐退',
        en: 'income is not above the standard: the household stays on 低保',
      },
      [],
      { standardAnnualFen: g.standardAnnualFen },
    );
  }
  if (g.outcome === 'exit') {
    throw new AppError(
      'precondition_failed',
      {
        zh: `收入超过低保标准的${policy.dibao.grace.maxMultiple}倍,不适用渐退,应办理退出`,
        en: `income is above ${policy.dibao.grace.maxMultiple}× the standard: no grace period, end the case instead`,
      },
      [],
      { limitFen: g.limitFen, reason: g.reason },
    );
  }
  return save(
    ctx,
    r,
    body.version,
    { graceMonths: g.months, graceStartOn: g.startOn, graceEndOn: g.endOn, graceIncomeFen: body.perCapitaIncomeFen },
    { action: 'assistance.grace', detail: { ...g, perCapitaIncomeFen: body.perCapitaIncomeFen } },
  );
}

/**
 * POST /api/assistance/:id/end: a 低保 or 特困 case ends. After a grace period, the day after it; obtained by deception,
 * the household is also put on the integrity list (S2 §二(三)12: 记入信用档案, 停止社会救助).
 */
export async function endAssistance(
  ctx: ServiceContext,
  id: string,
  body: AssistanceEndBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.decide', id);
  if (r.kind === 'temp_relief') {
    throw new AppError('precondition_failed', {
      zh: '临时救助是一次性救助,无需退出',
      en: 'temporary assistance is one-off',
    });
  }
  if (r.status !== 'approved') throw wrongStatus(r, 'approved');
  const issues = checkDay('endedOn', body.endedOn, r.decidedOn, chinaDate(ctx.now()));
  if (body.reason === 'grace_period_ended' && !(r.graceEndOn && body.endedOn > r.graceEndOn)) {
    issues.push({
      path: 'reason',
      message: r.graceEndOn
        ? `渐退期至 ${r.graceEndOn},须在其后退出 / the grace period runs to ${r.graceEndOn}`
        : '该案件没有渐退期 / the case has no grace period',
    });
  }
  if ((body.reason === 'other' || body.reason === 'integrity_violation') && !body.note) {
    issues.push({ path: 'note', message: '请说明情况 / describe what happened' });
  }
  if (issues.length) throw validationFailed(issues);
  return save(
    ctx,
    r,
    body.version,
    {
      status: 'ended',
      endedOn: body.endedOn,
      endReason: body.reason,
      endNote: body.note ?? null,
      endedBy: ctx.actor.id,
    },
    { action: 'assistance.end', detail: { reason: body.reason, label: AssistanceEndReason.labels[body.reason].zh } },
    // the 失信 record is written with the end, in its transaction: a stale version writes neither
    body.reason === 'integrity_violation' ? (tx) => listEndedCase(tx, ctx, r, body) : undefined,
  );
}

/** POST /api/assistance/:id/satisfaction: the follow-up of an approved temporary assistance (S0 plan one §二). */
export async function recordSatisfaction(
  ctx: ServiceContext,
  id: string,
  body: AssistanceSatisfactionBody,
): Promise<AssistanceCaseView> {
  const r = await loadCase(ctx, 'assistance.apply', id);
  if (r.kind !== 'temp_relief') {
    throw new AppError('precondition_failed', {
      zh: '满意度只记录于临时救助',
      en: 'satisfaction is recorded for temporary assistance',
    });
  }
  if (r.status !== 'approved') throw wrongStatus(r, 'approved');
  return save(
    ctx,
    r,
    body.version,
    { satisfaction: body.satisfaction },
    {
      action: 'assistance.satisfaction',
      detail: { satisfaction: body.satisfaction },
    },
  );
}

/** GET /api/assistance/temp-relief-ledger: S0 plan one §二's township ledger (numbers, causes, satisfaction). */
export async function tempReliefLedger(ctx: ServiceContext, q: TempReliefLedgerQuery): Promise<TempReliefLedger> {
  const scope = areaOf(ctx).list('assistance.read', q.region);
  if (q.from > q.to) throw validationFailed([{ path: 'to', message: '止日不能早于起日 / to is before from' }]);
  if (!scope) throw notFound(RECORD.region);
  const regions = new RegionRepository(ctx.store.db);
  const region = scope.regionPrefix ? await regions.get(scope.regionPrefix) : undefined;
  const children = await regions.children(scope.regionPrefix || null);
  const childLength = children[0]?.code.length ?? null;
  const { counts, causes } = await new AssistanceRepository(ctx.store.db).tempReliefLedger(
    scope,
    q.from,
    q.to,
    childLength,
  );
  const line = (child: string | null, isTotal: boolean) => {
    const c = counts.find((x) => (isTotal ? x.isTotal : !x.isTotal && x.child === child));
    return {
      cases: c?.cases ?? 0,
      people: c?.people ?? 0,
      amountFen: c?.amountFen ?? 0,
      emergency: c?.emergency ?? 0,
      expense: c?.expense ?? 0,
      reliefFirst: c?.reliefFirst ?? 0,
      countyDecided: c?.countyDecided ?? 0,
      satisfaction: {
        satisfied: c?.satisfied ?? 0,
        basically_satisfied: c?.basicallySatisfied ?? 0,
        dissatisfied: c?.dissatisfied ?? 0,
        unknown: c?.unknown ?? 0,
      },
      causes: causes
        .filter((x) => (isTotal ? x.isTotal : !x.isTotal && x.child === child))
        .map((x) => ({ cause: x.cause, cases: x.cases })),
    };
  };
  return {
    region: region ? { code: region.code, name: region.name } : { code: '', name: '全国' },
    from: q.from,
    to: q.to,
    total: line(null, true),
    rows: children.map((c) => ({ code: c.code, name: c.name, ...line(c.code, false) })),
  };
}
