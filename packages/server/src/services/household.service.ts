import { AppError, maskIdNumber, type Action, chinaDate } from '@dixian/core';
import type {
  HouseholdCreateBody,
  HouseholdDetail,
  HouseholdPage,
  HouseholdSearchQuery,
  HouseholdUpdateBody,
  HouseholdView,
  UnmaskBody,
  UnmaskResponse,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit, diff } from '../audit/audit-log.js';
import type { DB } from '../db/types.js';
import { HouseholdDetailRepository } from '../repositories/household-detail.repository.js';
import { HouseholdRepository, type HouseholdRow } from '../repositories/household.repository.js';
import { MemberRepository } from '../repositories/member.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { applyEffectiveOn, checkEffectiveOn } from './effective-day.js';
import { validationFailed, versionConflict } from './errors.js';
import {
  buildTimeline,
  maskForAudit,
  toCaseSummary,
  toHouseholdView,
  toIncomeView,
  toMeasureSummary,
  toMemberView,
  toVisitSummary,
  toWarningSummary,
} from './household-views.js';
import { checkMember, headCountIssue } from './member-rules.js';

/**
 * Load a household for an action: the role must allow the action (403), and the household must exist within
 * the actor's scope (404 otherwise, the same answer for both). Every service that works on a household or on
 * something hanging off it (members, incomes, leads, cases, visits, plans) starts here. Pass `db` inside a
 * transaction (`tx.db`).
 */
export async function loadHousehold(
  ctx: ServiceContext,
  action: Action,
  id: string,
  db: Kysely<DB> = ctx.store.db,
): Promise<HouseholdRow> {
  return areaOf(ctx).load(action, RECORD.household, id, (scope) => new HouseholdRepository(db).get(scope, id));
}

export async function searchHouseholds(ctx: ServiceContext, query: HouseholdSearchQuery): Promise<HouseholdPage> {
  const scope = areaOf(ctx).list('household.read', query.region);
  const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  if (!scope) return empty;
  const { items, total } = await new HouseholdRepository(ctx.store.db).search(areaOf(ctx).scope, {
    ...query,
    regionPrefix: scope.regionPrefix,
  });
  return {
    items: items.map((r) => ({ ...r, headIdNumber: maskIdNumber(r.headIdNumber) }) as HouseholdPage['items'][number]),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * The household page: the household, members, incomes, cases, visits, measures, warnings and the timeline. The
 * same access rule as loadHousehold (role, then scope and region: 404 for both), with the household read in the
 * page's one statement.
 */
export async function getHouseholdDetail(ctx: ServiceContext, id: string): Promise<HouseholdDetail> {
  const page = await areaOf(ctx).load('household.read', RECORD.household, id, (scope) =>
    new HouseholdDetailRepository(ctx.store.db)
      .page(scope, id)
      .then((p) => p && { ...p, regionCode: p.household.regionCode }),
  );
  const { household, regionName, members, incomes, cases, events, visits, photos, measures, warnings, audit } = page;
  return {
    household: toHouseholdView(household, regionName),
    members: members.map((m) => toMemberView(m, chinaDate(ctx.now()))),
    incomes: incomes.map(toIncomeView),
    cases: cases.map(toCaseSummary),
    visits: visits.map((v) => toVisitSummary(v, photos)),
    measures: measures.map(toMeasureSummary),
    warnings: warnings.map(toWarningSummary),
    timeline: buildTimeline({ events, visits, photos, measures, warnings, audit }),
  };
}

/** Register a household with its members (exactly one head) in a village of the caller's area. */
export async function createHousehold(ctx: ServiceContext, body: HouseholdCreateBody): Promise<HouseholdDetail> {
  areaOf(ctx).place('household.create', { regionCode: body.regionCode });
  const region = await new RegionRepository(ctx.store.db).get(body.regionCode);
  if (region?.level !== 'village') {
    throw validationFailed([{ path: 'regionCode', message: `不是村级区划 / not a village: ${body.regionCode}` }]);
  }
  const today = chinaDate(ctx.now());
  const { members, regionCode, householdNo, ...fields } = body;
  const checked = members.map((m, i) => checkMember(m, undefined, today, `members.${i}`));
  const issues = checked.flatMap((c) => c.issues);
  const head = headCountIssue(members.filter((m) => m.relation === 'head').length, true);
  if (head) issues.push(head);
  const ids = checked.map((c) => c.values.idNumber).filter((x): x is string => !!x);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i)
      issues.push({ path: 'members', message: `身份证号重复 / duplicate ID number ${maskIdNumber(id)}` });
  });
  if (issues.length) throw validationFailed(issues, { zh: '农户信息有误', en: 'invalid household' });

  const countyCode = regionCode.slice(0, 6);
  const now = ctx.now();
  const id = await ctx.store.transaction(async (tx) => {
    const households = new HouseholdRepository(tx.db);
    const memberRepo = new MemberRepository(tx.db);
    if (await households.householdNoTaken(householdNo)) {
      throw new AppError(
        'conflict',
        { zh: `户编号 ${householdNo} 已存在`, en: `household number ${householdNo} exists` },
        [{ path: 'householdNo', message: '户编号已存在 / household number exists' }],
      );
    }
    for (const idNumber of ids) await refuseTakenIdNumber(memberRepo, countyCode, idNumber);
    const h = await households.insert({
      ...fields,
      regionCode,
      householdNo,
      countyCode,
      createdAt: now,
      updatedAt: now,
    });
    const inserted = await memberRepo.insert(
      checked.map((c) => ({
        ...c.values,
        name: c.values.name!,
        relation: c.values.relation!,
        sex: c.values.sex!,
        birthDate: c.values.birthDate!,
        householdId: h.id,
        countyCode,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await appendAudit(tx, ctx, {
      action: 'household.create',
      targetType: 'household',
      targetId: h.id,
      regionCode,
      after: {
        householdNo,
        regionCode,
        ...maskForAudit(fields),
        members: inserted.map((m) => ({
          id: m.id,
          name: m.name,
          relation: m.relation,
          idNumber: maskIdNumber(m.idNumber),
        })),
      },
    });
    return h.id;
  });
  return getHouseholdDetail(ctx, id);
}

/** Change a household's facts; the version must be the one last read (409 otherwise). */
export async function updateHousehold(
  ctx: ServiceContext,
  id: string,
  body: HouseholdUpdateBody,
): Promise<HouseholdView> {
  const before = await loadHousehold(ctx, 'household.update', id);
  const { version, effectiveOn: given, ...fields } = body;
  const effectiveOn = checkEffectiveOn(ctx, before, given);
  const changes = diff(before, fields, maskForAudit);
  const regionName = await new RegionRepository(ctx.store.db).fullName(before.regionCode);
  if (!changes) {
    if (version !== before.version) throw versionConflict();
    return toHouseholdView(before, regionName);
  }
  return ctx.store.transaction(async (tx) => {
    await applyEffectiveOn(tx, effectiveOn);
    const after = await new HouseholdRepository(tx.db).updateVersioned(areaOf(ctx).scope, id, version, {
      ...fields,
      updatedAt: ctx.now(),
    });
    if (!after) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'household.update',
      targetType: 'household',
      targetId: id,
      regionCode: after.regionCode,
      before: changes.before,
      after: changes.after,
      ...(effectiveOn ? { detail: { effectiveOn } } : {}),
    });
    return toHouseholdView(after, regionName);
  });
}

/**
 * The clear ID numbers, phones and health details of a household (or of some of its members): a sensitive
 * read, allowed to roles with personal_data.unmask and audited with the reason given.
 */
export async function unmaskHousehold(ctx: ServiceContext, id: string, body: UnmaskBody): Promise<UnmaskResponse> {
  const h = await loadHousehold(ctx, 'personal_data.unmask', id);
  const all = await new MemberRepository(ctx.store.db).ofHousehold(h.id);
  const wanted = body.memberIds ? new Set(body.memberIds) : undefined;
  const members = wanted ? all.filter((m) => wanted.has(m.id)) : all;
  if (wanted && members.length !== wanted.size) throw notFound(RECORD.member);
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'personal_data.unmask',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      detail: {
        reason: body.reason,
        memberIds: members.map((m) => m.id),
        fields: ['idNumber', 'birthDate', 'phone', 'disease'],
      },
    }),
  );
  return {
    household: { phone: h.phone, monitorContactPhone: h.monitorContactPhone },
    members: members.map((m) => ({
      id: m.id,
      idNumber: m.idNumber,
      birthDate: m.birthDate,
      phone: m.phone,
      disease: m.disease,
    })),
  };
}

/** One person is in one household of a county (DOMAIN §8.1); the answer does not say which. */
export async function refuseTakenIdNumber(
  repo: MemberRepository,
  countyCode: string,
  idNumber: string,
  exceptMemberId?: string,
): Promise<void> {
  if (await repo.idNumberTaken(countyCode, idNumber, exceptMemberId)) {
    throw new AppError(
      'conflict',
      {
        zh: `身份证号 ${maskIdNumber(idNumber)} 已登记在其他家庭成员名下`,
        en: `ID number ${maskIdNumber(idNumber)} is already registered`,
      },
      [{ path: 'idNumber', message: '身份证号已登记 / ID number already registered' }],
    );
  }
}
