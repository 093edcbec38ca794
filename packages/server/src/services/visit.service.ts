/**
 * Visits (走访, S3 §三(二): "每月对脱贫户、监测对象走访不少于1次…每次走访和排查后,要如实、及时纪实…上报存在风险情况").
 * A visit is recorded against the household and moves its last-visit day; what it found wrong — a new risk, or a
 * failed guarantee of 两不愁三保障 and safe water — is written as the household's risk events (the facts the
 * assessment and the elimination guards read) and reported as a cadre-screening lead (S1 §四(二)2), attached to
 * the lead or case already open.
 */
import { chinaDate, endOfMonth, netIncomeFen, RiskType } from '@dixian/core';
import type {
  VisitCreateBody,
  VisitCreated,
  VisitDuePage,
  VisitDueQuery,
  VisitPage,
  VisitView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import { HouseholdRepository, type HouseholdRow } from '../repositories/household.repository.js';
import { LeadRepository } from '../repositories/lead.repository.js';
import { VisitRepository, type VisitRow } from '../repositories/visit.repository.js';
import { VisitPhotoRepository } from '../repositories/visit-photo.repository.js';
import { visitIntervalsOf } from '../repositories/visit-due.sql.js';
import { visitDueSource } from './rollup.service.js';
import { areaOf } from './area.js';
import { SYSTEM_ACTOR, type ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { PolicyBook } from '../policies/policy-at.js';
import { loadHousehold } from './household.service.js';
import { recordVisitIncome } from './income.service.js';
import { screenAfterVisit } from './disaster.service.js';
import { discoveryInstant, recordLead, toLeadView } from './lead.service.js';
import { evidenceOf, type VisitPhotoRow } from './visit-evidence.js';
import { checkLocation } from './visit-location.js';

/** The risk a failed guarantee stands for (两不愁三保障 and water; S1 §三(二), S3 §三(一)). */
const GUARANTEE_RISKS = {
  foodClothingOk: { risk: 'other', zh: '吃穿', en: 'food and clothing' },
  educationOk: { risk: 'school_dropout', zh: '义务教育', en: 'compulsory education' },
  medicalOk: { risk: 'other', zh: '基本医疗', en: 'basic medical care' },
  housingOk: { risk: 'housing_unsafe', zh: '住房安全', en: 'safe housing' },
  waterOk: { risk: 'water_unsafe', zh: '饮水安全', en: 'safe water' },
} as const satisfies Record<string, { risk: RiskType; zh: string; en: string }>;

export function toVisitView(v: VisitRow, photos: readonly VisitPhotoRow[] = []): VisitView {
  return {
    ...evidenceOf(v, photos),
    id: v.id,
    householdId: v.householdId,
    regionCode: v.regionCode,
    visitedOn: v.visitedOn,
    method: v.method as VisitView['method'],
    visitorId: v.visitorId,
    incomeChange: v.incomeChange as VisitView['incomeChange'],
    estimatedAnnualIncomeFen: v.estimatedAnnualIncomeFen,
    foodClothingOk: v.foodClothingOk,
    educationOk: v.educationOk,
    medicalOk: v.medicalOk,
    housingOk: v.housingOk,
    waterOk: v.waterOk,
    newRisks: v.newRisks as VisitView['newRisks'],
    note: v.note,
    createdAt: v.createdAt.toISOString(),
  };
}

/** POST /api/households/:id/visits. */
export async function createVisit(
  ctx: ServiceContext,
  householdId: string,
  body: VisitCreateBody,
): Promise<VisitCreated> {
  const now = ctx.now();
  const today = chinaDate(now);
  if (body.visitedOn > today) {
    throw validationFailed([{ path: 'visitedOn', message: `不能晚于今天 ${today} / cannot be after today` }]);
  }
  const location = checkLocation(body.location, body.visitedOn, now);
  const failed = (Object.keys(GUARANTEE_RISKS) as (keyof typeof GUARANTEE_RISKS)[]).filter((k) => !body[k]);
  const risks = [...new Set<RiskType>([...body.newRisks, ...failed.map((k) => GUARANTEE_RISKS[k].risk)])];
  const { visit, leadId } = await ctx.store.transaction(async (tx) => {
    const h = await loadHousehold(ctx, 'visit.create', householdId, tx.db);
    const visitor = ctx.actor.id === SYSTEM_ACTOR.id ? null : ctx.actor.id;
    const visit = await new VisitRepository(tx.db).insert({
      householdId: h.id,
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      visitorId: visitor,
      visitedOn: body.visitedOn,
      method: body.method,
      incomeChange: body.incomeChange ?? null,
      estimatedAnnualIncomeFen: body.estimatedAnnualIncomeFen ?? (body.income ? netIncomeFen(body.income) : null),
      foodClothingOk: body.foodClothingOk,
      educationOk: body.educationOk,
      medicalOk: body.medicalOk,
      housingOk: body.housingOk,
      waterOk: body.waterOk,
      newRisks: body.newRisks,
      note: body.note ?? null,
      latitude: location?.latitude ?? null,
      longitude: location?.longitude ?? null,
      accuracyM: location?.accuracyM ?? null,
      locatedAt: location ? new Date(location.capturedAt) : null,
      createdAt: now,
    });
    if (body.income) await recordVisitIncome(tx, ctx, h, body.visitedOn, body.income);
    if (!h.lastVisitOn || h.lastVisitOn < body.visitedOn) {
      await new HouseholdRepository(tx.db).setColumns(h.id, { lastVisitOn: body.visitedOn, updatedAt: now });
    }
    const leadId = risks.length
      ? await leadFromVisit(tx, ctx, { household: h, body, risks, failed, visitor, now })
      : null;
    // an affected household of a recorded disaster is screened again with what the visit found (issue 15 §6)
    await screenAfterVisit(tx, ctx, h.id);
    // Audited last: a lead recorded above takes the import's lock (WarningRepository.lock) and then the county's
    // audit chain lock, as POST /api/leads does; auditing the visit first took them in the other order, and
    // concurrent visits and leads deadlocked (bench/load). Last also holds the chain, which serialises every
    // audited write of the county, for the shortest time.
    await appendAudit(tx, ctx, {
      action: 'visit.create',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      after: {
        visitId: visit.id,
        visitedOn: visit.visitedOn,
        method: visit.method,
        newRisks: visit.newRisks,
        failedGuarantees: failed,
        located: location !== null,
      },
    });
    return { visit, leadId };
  });
  const lead = leadId ? await new LeadRepository(ctx.store.db).get(areaOf(ctx).scope, leadId) : undefined;
  return { visit: toVisitView(visit), lead: lead ? toLeadView(lead, today) : null };
}

/** A visit that found a risk records the risk events and a lead (S3 §三(二)): the lead's id. */
async function leadFromVisit(
  tx: Tx,
  ctx: ServiceContext,
  v: {
    household: HouseholdRow;
    body: VisitCreateBody;
    risks: RiskType[];
    failed: (keyof typeof GUARANTEE_RISKS)[];
    visitor: string | null;
    now: Date;
  },
): Promise<string> {
  const { household: h, body, risks, failed, visitor, now } = v;
  const found = [
    ...body.newRisks.map((r) => RiskType.labels[r].zh),
    ...failed.map((k) => `${GUARANTEE_RISKS[k].zh}未保障`),
  ];
  await new HouseholdRepository(tx.db).addRiskEvents(
    risks.map((risk) => ({
      householdId: h.id,
      countyCode: h.countyCode,
      riskType: risk,
      occurredOn: body.visitedOn,
      source: 'visit',
      note: body.note ?? null,
      createdBy: visitor,
      createdAt: now,
    })),
  );
  const { lead } = await recordLead(tx, ctx, {
    regionCode: h.regionCode,
    householdId: h.id,
    channel: 'cadre_screening',
    subChannel: 'visit',
    riskTypes: risks,
    // a lead's description is one text, read in Chinese lists and exports: Chinese only (the risk types carry
    // the English through their labels)
    description: `${body.visitedOn} 走访发现：${found.join('；')}${body.note ? `（${body.note}）` : ''}`,
    discoveredAt: discoveryInstant(body.visitedOn, now),
    createdBy: ctx.actor.id,
  });
  return lead.id;
}

/** GET /api/households/:id/visits, newest first. */
export async function listVisits(
  ctx: ServiceContext,
  householdId: string,
  q: { page: number; pageSize: number },
): Promise<VisitPage> {
  const h = await loadHousehold(ctx, 'household.read', householdId);
  const { items, total } = await new VisitRepository(ctx.store.db).ofHousehold(h.id, q.page, q.pageSize);
  const photos = await new VisitPhotoRepository(ctx.store.db).ofVisits(items.map((v) => v.id));
  return { items: items.map((v) => toVisitView(v, photos)), total, page: q.page, pageSize: q.pageSize };
}

/**
 * GET /api/visits/due?month=: the lifted and monitored households of the caller's area due for a visit by the
 * end of the month, or already overdue (highlighted, first), under the visit rhythm of each region's policy.
 */
export async function visitsDue(ctx: ServiceContext, q: VisitDueQuery): Promise<VisitDuePage> {
  const listed = areaOf(ctx).list('household.read', q.region);
  const today = chinaDate(ctx.now());
  const month = q.month ?? today.slice(0, 7);
  const scope = areaOf(ctx).scope;
  const regionPrefix = listed?.regionPrefix ?? null;
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize, month, asOf: today, overdueCount: 0 };
  if (regionPrefix === null) return empty;
  const db = ctx.store.db;
  const book = await PolicyBook.load(db);
  const intervals = book.across(regionPrefix, today).map((p) => visitIntervalsOf(p.prefix, p.policy));
  const source = await visitDueSource(
    ctx.store,
    ctx.config.rollupMinHouseholds,
    { ...scope, regionPrefix },
    today,
    book,
  );
  const filter = {
    source,
    regionPrefix,
    today,
    dueBy: endOfMonth(`${month}-01`),
    overdueOnly: q.overdueOnly,
    sort: q.sort,
    intervals,
    page: q.page,
    pageSize: q.pageSize,
  };
  const visits = new VisitRepository(db);
  const rows = await visits.due(scope, filter);
  const counts = rows[0] ?? (await visits.dueCounts(scope, filter));
  return {
    items: rows.map((r) => ({
      householdId: r.householdId,
      householdNo: r.householdNo,
      headName: r.headName,
      regionCode: r.regionCode,
      regionName: r.regionName,
      householdType: r.householdType as VisitDuePage['items'][number]['householdType'],
      monitoringStatus: r.monitoringStatus as VisitDuePage['items'][number]['monitoringStatus'],
      lifted: r.lifted,
      monitored: r.monitored,
      socialAssistance: r.socialAssistance,
      pairedPartyMember: r.pairedPartyMember,
      lastVisitOn: r.lastVisitOn,
      dueOn: r.dueOn,
      overdue: r.overdue,
    })),
    total: counts.total,
    page: q.page,
    pageSize: q.pageSize,
    month,
    asOf: today,
    overdueCount: counts.overdueCount,
    rollupAt: source.kind === 'rollup' ? source.builtAt.toISOString() : null,
  };
}
