/**
 * What goes to the village cadre's phone (issue 18 §1, §5): the households of the caller's own area, in pages by
 * id, masked as the household page masks them; with `since`, only the households where something the phone holds
 * changed. The first page also lists every household id of the area (so the phone drops the ones that left), the
 * policy the phone explains, and is audited once as `offline.download` (who took what to a device).
 */
import {
  chinaDate,
  endOfMonth,
  incomeRecordInForce,
  isCountedMember,
  maskIdNumber,
  netIncomeFen,
  perCapitaFen,
  type IncomeRecordFacts,
} from '@dixian/core';
import type { OfflineHousehold, OfflinePage, OfflineQuery } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { PolicyBook } from '../policies/policy-at.js';
import { groupBy, incomeInput } from '../repositories/household-facts.repository.js';
import {
  OfflineRepository,
  type OfflineHouseholdRow,
  type OfflineIncomeRow,
} from '../repositories/offline.repository.js';
import { visitIntervalsOf } from '../repositories/visit-due.sql.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

type Policy = OfflinePage['policy'];

export async function offlineHouseholds(ctx: ServiceContext, q: OfflineQuery): Promise<OfflinePage> {
  const area = areaOf(ctx);
  const scope = area.list('household.read')!;
  const watermark = ctx.now();
  const since = q.since === undefined ? null : new Date(q.since);
  if (since && (Number.isNaN(since.getTime()) || since.getTime() > watermark.getTime() + 5 * 60_000)) {
    throw validationFailed([
      { path: 'querystring.since', message: '应为上次下载的水位时间 / the watermark of a download' },
    ]);
  }
  const today = chinaDate(watermark);
  const book = await PolicyBook.load(ctx.store.db);
  const intervals = book.across(scope.regionPrefix, today).map((p) => visitIntervalsOf(p.prefix, p.policy));
  const repo = new OfflineRepository(ctx.store.db);
  const first = q.after === undefined;
  const found = await repo.pageIds(scope, { since, after: q.after ?? null, limit: q.limit });
  const ids = found.ids.slice(0, q.limit);
  const total = found.total;
  const rows = await repo.households(scope, ids, { today, intervals });
  const incomes = groupBy(await repo.incomes(ids));
  const dueBy = endOfMonth(today);
  const page: OfflinePage = {
    watermark: watermark.toISOString(),
    scopeCode: scope.regionPrefix,
    households: rows.map((r) => toOfflineHousehold(r, dueBy, latestIncome(r, incomes.get(r.id) ?? [], today))),
    // a full last page says so: no empty page after it
    next: found.ids.length > q.limit ? ids.at(-1)! : null,
    allIds: first ? await repo.allIds(scope) : null,
    policy: first ? policyFor(book, scope.regionPrefix, today) : null,
    total,
  };
  if (first) {
    await ctx.store.transaction((tx) =>
      appendAudit(tx, ctx, {
        action: 'offline.download',
        targetType: 'region',
        targetId: scope.regionPrefix,
        regionCode: scope.regionPrefix,
        detail: { households: total, since: q.since ?? null, areaHouseholds: page.allIds!.length },
      }),
    );
  }
  return page;
}

/** The monitoring line and visit interval in force for the area today; nulls where no policy applies. */
function policyFor(book: PolicyBook, prefix: string, today: string): Policy {
  try {
    const p = book.at(prefix, today);
    return {
      monitoringLineFen: p.monitoringIncomeLineFen,
      visitMonths: Math.min(p.visits.liftedHouseholdMonths, p.visits.monitoredHouseholdMonths),
      effectiveFrom:
        p.sources
          .map((s) => s.effectiveFrom)
          .sort()
          .at(-1) ?? null,
    };
  } catch {
    return { monitoringLineFen: null, visitMonths: null, effectiveFrom: null };
  }
}

/**
 * The income the desk shows: the record in force today (core incomeRecordInForce: period ended, later end, kind
 * rank, …), per person of the members counted today (core isCountedMember), not the record's own head count.
 */
function latestIncome(
  r: OfflineHouseholdRow,
  rows: OfflineIncomeRow[],
  today: string,
): OfflineHousehold['latestIncome'] {
  const record = incomeRecordInForce(rows.map(incomeInput) as IncomeRecordFacts[], today);
  if (!record) return null;
  const net = netIncomeFen(record);
  const people = r.members.filter((m) => isCountedMember(m, today)).length;
  return { periodEnd: record.periodEnd, netFen: net, perCapitaFen: people > 0 ? perCapitaFen(net, people) : null };
}

function toOfflineHousehold(
  r: OfflineHouseholdRow,
  dueBy: string,
  latestIncome: OfflineHousehold['latestIncome'],
): OfflineHousehold {
  return {
    id: r.id,
    householdNo: r.householdNo,
    regionCode: r.regionCode,
    regionName: r.regionName ?? '',
    headName: r.headName,
    householdType: r.householdType as OfflineHousehold['householdType'],
    monitoringStatus: r.monitoringStatus as OfflineHousehold['monitoringStatus'],
    monitoringCategory: r.monitoringCategory as OfflineHousehold['monitoringCategory'],
    riskTypes: r.riskTypes as OfflineHousehold['riskTypes'],
    lastVisitOn: r.lastVisitOn,
    // the visits-due list's own rule: listed when due by the end of the month, or overdue (never visited: no day)
    visitDueOn: r.dueOn && r.dueOn <= dueBy ? r.dueOn : null,
    visitOverdue: r.overdue ?? false,
    naturalVillage: r.naturalVillage,
    address: r.address,
    housingStructure: r.housingStructure as OfflineHousehold['housingStructure'],
    housingSafetyGrade: r.housingSafetyGrade as OfflineHousehold['housingSafetyGrade'],
    drinkingWaterSafe: r.drinkingWaterSafe,
    waterIssue: r.waterIssue,
    pairedPartyMember: r.pairedPartyMember,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
    members: r.members.map((m) => ({
      id: m.id,
      name: m.name,
      relation: m.relation,
      sex: m.sex,
      birthYear: m.birthYear,
      idNumber: maskIdNumber(m.idNumber),
      health: m.health,
      laborAbility: m.laborAbility,
      inHousehold: m.inHousehold,
    })),
    latestIncome,
    openCase: r.openCase && {
      ...r.openCase,
      stage: r.openCase.stage as NonNullable<OfflineHousehold['openCase']>['stage'],
    },
    measures: r.measures.map((m) => ({
      ...m,
      type: m.type as OfflineHousehold['measures'][number]['type'],
      status: m.status as OfflineHousehold['measures'][number]['status'],
    })),
  };
}
