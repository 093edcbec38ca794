import { addDays, assess, chinaDate, DisasterSubtype, RiskType, type HouseholdFacts, type Scope } from '@dixian/core';
import {
  DisasterCreateBody,
  type DisasterDetail,
  type DisasterHouseholdPage,
  type DisasterHouseholdQuery,
  type DisasterList,
  type DisasterOutcome,
  type DisasterScreenResult,
  type DisasterView,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { DB } from '../db/types.js';
import { PolicyBook, policyAt } from '../policies/policy-at.js';
import {
  DisasterRepository,
  type DisasterHouseholdRow,
  type DisasterRow,
} from '../repositories/disaster.repository.js';
import { HouseholdFactsRepository } from '../repositories/household-facts.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { RECORD } from './access.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { discoveryInstant, recordLead } from './lead.service.js';

/**
 * Disasters and emergencies (issue 15 §6; S0 plan two is written for disaster-hit households: 受灾脱贫不稳定户 and
 * 受灾边缘易致贫户 below the line, monitoring content "damaged housing, polluted water", 排访评录测补销). The county
 * records an event over villages of its area (and households a department list names); every affected household
 * is due a visit within the policy's `disaster.visitDays`; each is screened against the monitoring criteria with the
 * disaster as its risk, and one that meets them becomes a lead (基层干部排查 / 灾害受灾排查) unless it is already in
 * the procedure. The screening runs when the disaster is recorded, on request, and after each visit to an affected
 * household (the visit's loss enters the income estimate it records).
 */

/** In the procedure already: identifying, or monitored with its risk not eliminated. */
const IN_PROCEDURE = new Set(['identifying', 'monitoring_unresolved']);

/** A disaster is a county's: it is "in" the area of everyone working inside that county. */
function disasterTarget(scope: Scope, row: DisasterRow) {
  return { regionCode: scope.regionPrefix.startsWith(row.countyCode) ? scope.regionPrefix : row.countyCode };
}

/** The part of the disaster's county a caller's area covers. */
const within = (prefix: string, row: DisasterRow) => (prefix.length > row.countyCode.length ? prefix : row.countyCode);

async function loadDisaster(
  ctx: ServiceContext,
  action: 'disaster.read' | 'disaster.manage',
  id: string,
  db?: Kysely<DB>,
): Promise<DisasterRow> {
  const area = areaOf(ctx);
  return area.load(
    action,
    RECORD.disaster,
    id,
    () => new DisasterRepository(db ?? ctx.store.db).get(id),
    (row) => disasterTarget(area.scope, row),
  );
}

async function toView(repo: DisasterRepository, row: DisasterRow, prefix: string, asOf: string): Promise<DisasterView> {
  return {
    id: row.id,
    countyCode: row.countyCode,
    name: row.name,
    riskType: row.riskType as DisasterView['riskType'],
    disasterSubtype: row.disasterSubtype as DisasterView['disasterSubtype'],
    occurredOn: row.occurredOn,
    visitDueOn: row.visitDueOn,
    note: row.note,
    villages: await repo.villagesOf(row.id),
    screenedAt: row.screenedAt ? row.screenedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    figures: await repo.figures(row, within(prefix, row), asOf),
  };
}

/**
 * The household's facts with the disaster as a risk event (its type, sub-type, date and the listed loss), and the
 * listed loss as a rigid expense (刚性支出, S1 §三(二)) of every income record whose period runs to the disaster's
 * date or later, unless the record already carries a larger one (a visit's estimate records the loss it found).
 */
export function withDisaster(facts: HouseholdFacts, d: DisasterRow, lossFen: number | null): HouseholdFacts {
  const loss = lossFen ?? 0;
  return {
    ...facts,
    incomes: facts.incomes.map((r) =>
      loss > r.disasterLossFen && r.periodEnd >= d.occurredOn ? { ...r, disasterLossFen: loss } : r,
    ),
    riskEvents: [
      ...facts.riskEvents,
      {
        riskType: d.riskType as RiskType,
        disasterSubtype: d.riskType === 'natural_disaster' ? (d.disasterSubtype as DisasterSubtype | null) : null,
        occurredOn: d.occurredOn,
        resolvedOn: null,
        lossFen,
        source: 'disaster',
        note: d.name,
      },
    ],
  };
}

/** What the disaster's lead says (Chinese only, like every lead description; the risk type carries the English). */
function leadDescription(d: DisasterRow): string {
  const kind =
    d.riskType === 'natural_disaster' && d.disasterSubtype
      ? DisasterSubtype.labels[d.disasterSubtype as DisasterSubtype].zh
      : RiskType.labels[d.riskType as RiskType].zh;
  return `${d.occurredOn} ${d.name}（${kind}）受灾户研判：符合监测条件`;
}

/**
 * Screen affected households of one disaster inside the caller's transaction: assess each on `today` with the
 * disaster as its risk under the policy in force for its village; one that meets the criteria and is not in the
 * procedure gets the disaster as a risk event and a lead (once: a second screening keeps the first lead).
 */
export async function screenAffected(
  tx: Tx,
  ctx: ServiceContext,
  d: DisasterRow,
  entries: readonly DisasterHouseholdRow[],
): Promise<DisasterScreenResult> {
  const now = ctx.now();
  const today = chinaDate(now);
  const result = { screened: 0, atRisk: 0, leadsRecorded: 0 };
  if (!entries.length || d.occurredOn > today) return result;
  const byId = new Map(entries.map((e) => [e.householdId, e]));
  const loaded = await new HouseholdFactsRepository(tx.db).load(
    entries.map((e) => e.householdId),
    { regionPrefix: d.countyCode },
    today,
  );
  const book = await PolicyBook.load(tx.db, d.countyCode);
  const repo = new DisasterRepository(tx.db);
  for (const h of loaded) {
    const entry = byId.get(h.id)!;
    const a = assess(withDisaster(h.facts, d, entry.lossFen), book.at(h.regionCode, today), today);
    let outcome: DisasterOutcome;
    let leadId = entry.leadId;
    if (IN_PROCEDURE.has(h.facts.monitoring.status)) outcome = 'already_monitored';
    else if (a.inScope) outcome = 'at_risk';
    else if (a.exclusions.length && a.grounds.length) outcome = 'excluded';
    else outcome = 'not_at_risk';
    if (outcome === 'at_risk' && !leadId) {
      await new HouseholdRepository(tx.db).addRiskEvents([
        {
          householdId: h.id,
          countyCode: h.countyCode,
          riskType: d.riskType,
          disasterSubtype: d.riskType === 'natural_disaster' ? d.disasterSubtype : null,
          occurredOn: d.occurredOn,
          lossFen: entry.lossFen,
          source: 'disaster',
          note: d.name,
          createdBy: staffId(ctx),
          createdAt: now,
        },
      ]);
      const { lead } = await recordLead(tx, ctx, {
        regionCode: h.regionCode,
        householdId: h.id,
        channel: 'cadre_screening',
        subChannel: 'disaster',
        riskTypes: [d.riskType as RiskType],
        description: leadDescription(d),
        discoveredAt: discoveryInstant(today, now),
        createdBy: staffId(ctx),
      });
      leadId = lead.id;
      result.leadsRecorded += 1;
    }
    if (outcome === 'at_risk' || outcome === 'already_monitored') result.atRisk += 1;
    result.screened += 1;
    await repo.setOutcome(d.id, h.id, { screenedOn: today, outcome, category: a.category, leadId });
  }
  return result;
}

/** The villages must be rural villages of the county, the listed households households of it: their rows by number. */
async function checkAffected(
  repo: DisasterRepository,
  county: string,
  villages: readonly string[],
  listed: readonly { householdNo: string }[],
) {
  const rural = new Set(await repo.ruralVillages(county, villages));
  const bad = villages.findIndex((v) => !rural.has(v));
  if (bad >= 0) {
    throw validationFailed([
      { path: `villages.${bad}`, message: `${villages[bad]} 不是本县的行政村 / not a rural village of the county` },
    ]);
  }
  const found = await repo.householdsByNo(county, [...new Set(listed.map((h) => h.householdNo))]);
  const known = new Map(found.map((h) => [h.householdNo, h]));
  const missing = listed.findIndex((h) => !known.has(h.householdNo));
  if (missing >= 0) {
    throw validationFailed([
      {
        path: `households.${missing}.householdNo`,
        message: `本县没有户编号 ${listed[missing]!.householdNo} / no such household in the county`,
      },
    ]);
  }
  return known;
}

/**
 * The households a department names: those an imported 应急 feed matched (with the loss its rows give) and those
 * listed by number; a household its village already brought in takes the listed loss. Returns how many came
 * from the feed.
 */
async function addListed(
  repo: DisasterRepository,
  disasterId: string,
  county: string,
  body: { feedBatchId?: string | undefined; households: { householdNo: string; lossFen?: number | undefined }[] },
  known: Map<string, { id: string; regionCode: string; countyCode: string }>,
): Promise<number> {
  const fed = body.feedBatchId ? await repo.fromEmergencyFeed(county, body.feedBatchId) : [];
  if (!fed) {
    throw validationFailed([
      { path: 'feedBatchId', message: '不是本县的应急受灾名单 / not an emergency feed of the county' },
    ]);
  }
  const rows = [
    ...fed.map((h) => ({ ...h, lossFen: h.lossFen })),
    ...body.households.map((h) => ({ ...known.get(h.householdNo)!, lossFen: h.lossFen ?? null })),
  ];
  for (const h of rows) {
    await repo.upsertListed({
      disasterId,
      householdId: h.id,
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      source: 'list',
      lossFen: h.lossFen,
    });
  }
  return fed.length;
}

/**
 * POST /api/disasters: a county user records a disaster over villages of the county, with households a
 * department list names; the affected households are screened at once.
 */
export async function recordDisaster(ctx: ServiceContext, input: DisasterCreateBody): Promise<DisasterView> {
  const area = areaOf(ctx);
  area.allow('disaster.manage');
  const county = area.scope.regionPrefix.slice(0, 6);
  if (county.length !== 6) {
    throw validationFailed([{ path: 'villages', message: '灾害由县级用户登记 / a county user records a disaster' }]);
  }
  area.place('disaster.manage', { regionCode: county });
  // the route has parsed it; a direct call (the CLI, the seeders, tests) gets the same defaults
  const body = DisasterCreateBody.parse(input);
  const now = ctx.now();
  const today = chinaDate(now);
  if (body.occurredOn > today) {
    throw validationFailed([{ path: 'occurredOn', message: `不能晚于今天 ${today} / cannot be after today` }]);
  }
  const villages = [...new Set(body.villages)];
  for (const v of villages) area.place('disaster.manage', { regionCode: v });
  return ctx.store.transaction(async (tx) => {
    const repo = new DisasterRepository(tx.db);
    const known = await checkAffected(repo, county, villages, body.households);
    const { policy } = await policyAt(tx.db, county, body.occurredOn);
    const row = await repo.insert({
      countyCode: county,
      name: body.name,
      riskType: body.riskType,
      disasterSubtype: body.riskType === 'natural_disaster' ? (body.disasterSubtype ?? null) : null,
      occurredOn: body.occurredOn,
      visitDueOn: addDays(body.occurredOn, policy.disaster.visitDays),
      note: body.note ?? null,
      createdBy: staffId(ctx),
      createdAt: now,
    });
    await repo.insertVillages(row.id, villages);
    await repo.addVillageHouseholds(row.id, villages);
    const fromFeed = await addListed(repo, row.id, county, body, known);
    const screened = await screenAffected(tx, ctx, row, await repo.affected(row.id, county));
    await repo.markScreened(row.id, now);
    await appendAudit(tx, ctx, {
      action: 'disaster.record',
      targetType: 'disaster',
      targetId: row.id,
      regionCode: county,
      after: {
        name: row.name,
        riskType: row.riskType,
        disasterSubtype: row.disasterSubtype,
        occurredOn: row.occurredOn,
        visitDueOn: row.visitDueOn,
        villages,
        listed: body.households.length,
        feedBatchId: body.feedBatchId ?? null,
        fromFeed,
        ...screened,
      },
    });
    return toView(repo, (await repo.get(row.id))!, area.scope.regionPrefix, today);
  });
}

/** GET /api/disasters: the disasters of the caller's county, newest first, counted over the caller's area. */
export async function listDisasters(ctx: ServiceContext): Promise<DisasterList> {
  const scope = areaOf(ctx).list('disaster.read');
  if (!scope) return { items: [] };
  const today = chinaDate(ctx.now());
  const repo = new DisasterRepository(ctx.store.db);
  const rows = await repo.list(scope.regionPrefix);
  return { items: await Promise.all(rows.map((r) => toView(repo, r, scope.regionPrefix, today))) };
}

/** GET /api/disasters/:id: the figures village by village over the caller's area. */
export async function disasterDetail(ctx: ServiceContext, id: string): Promise<DisasterDetail> {
  const row = await loadDisaster(ctx, 'disaster.read', id);
  const prefix = areaOf(ctx).scope.regionPrefix;
  const today = chinaDate(ctx.now());
  const repo = new DisasterRepository(ctx.store.db);
  return {
    disaster: await toView(repo, row, prefix, today),
    villages: await repo.figuresByVillage(row, within(prefix, row), today),
  };
}

/** GET /api/disasters/:id/households: the affected households of the caller's area, by state. */
export async function disasterHouseholds(
  ctx: ServiceContext,
  id: string,
  q: DisasterHouseholdQuery,
): Promise<DisasterHouseholdPage> {
  const row = await loadDisaster(ctx, 'disaster.read', id);
  const scope = areaOf(ctx).list('disaster.read', q.region);
  if (!scope) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { items, total } = await new DisasterRepository(ctx.store.db).households(
    row,
    within(scope.regionPrefix, row),
    q,
  );
  return {
    items: items.map(({ total: _, ...i }) => i as DisasterHouseholdPage['items'][number]),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** POST /api/disasters/:id/screen: screen the affected households again now (after visits, a changed policy). */
export async function screenDisaster(ctx: ServiceContext, id: string): Promise<DisasterScreenResult> {
  return ctx.store.transaction(async (tx) => {
    const row = await loadDisaster(ctx, 'disaster.manage', id, tx.db);
    const repo = new DisasterRepository(tx.db);
    const result = await screenAffected(tx, ctx, row, await repo.affected(row.id, row.countyCode));
    await repo.markScreened(row.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'disaster.screen',
      targetType: 'disaster',
      targetId: row.id,
      regionCode: row.countyCode,
      after: { ...result },
    });
    return result;
  });
}

/**
 * After a visit to a household (inside the visit's transaction): screen it again for every disaster it is
 * affected by, so the loss and the guarantees the visit found count at once. Returns the leads recorded.
 */
export async function screenAfterVisit(tx: Tx, ctx: ServiceContext, householdId: string): Promise<number> {
  const repo = new DisasterRepository(tx.db);
  let leads = 0;
  for (const { disaster, entry } of await repo.ofHousehold(householdId)) {
    leads += (await screenAffected(tx, ctx, disaster, [entry])).leadsRecorded;
  }
  return leads;
}
