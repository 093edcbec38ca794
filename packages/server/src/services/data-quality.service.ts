import {
  DATA_QUALITY_RULE_BY_ID,
  DATA_QUALITY_RULES,
  citeSource,
  evaluateDataQuality,
  isValidIdNumber,
  isWithin,
  maskName,
  type Scope,
} from '@dixian/core';
import type {
  DataQualityHouseholdPage,
  DataQualityHouseholdsQuery,
  DataQualityQuery,
  DataQualityRaiseBody,
  DataQualitySummary,
  LedgerRaiseResult,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { DB } from '../db/types.js';
import { policyAt, PolicyBook } from '../policies/policy-at.js';
import { DataQualityRepository, type DqFindingRow } from '../repositories/data-quality.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { LedgerRepository, type SuspectedIssueInput } from '../repositories/ledger.repository.js';
import { notFound, RECORD } from './access.js';
import { validationFailed } from './errors.js';
import { areaOf, reportDay } from './area.js';
import { staffId, type ServiceContext } from './context.js';

/**
 * Data quality (issue 17 §2, S3 §三(八) 系统数据是否精准详实): the rules of core `data-quality/` evaluated set-based
 * over an area, each household under its own village's policy.
 */

/**
 * Each household under the policy of its own region, as the screening does: one statement per policy in force
 * across the scope (`PolicyBook.across`: the scope's own and each more specific one inside it), each leaving out the
 * regions a more specific policy covers.
 */
async function findings(db: Kysely<DB>, scope: Scope, asOf: string, householdIds?: readonly string[]) {
  const policies = (await PolicyBook.load(db)).across(scope.regionPrefix, asOf);
  const repo = new DataQualityRepository(db);
  const rows: DqFindingRow[] = [];
  for (const p of policies) {
    const exceptPrefixes = policies
      .filter((o) => o.prefix.length > p.prefix.length && isWithin(o.prefix, p.prefix))
      .map((o) => o.prefix);
    const q = { scope: { ...scope, regionPrefix: p.prefix }, asOf, policy: p.policy, exceptPrefixes };
    rows.push(...(await repo.findings({ ...q, householdIds: householdIds ?? null })));
  }
  return withCheckDigits(rows, await repo.residentIds(scope, asOf, householdIds ?? null), asOf);
}

const MEMBER_WITHOUT_ID = 'S3.3.8.member_without_id';

/** The members whose ID number fails its check (GB 11643) join the SQL findings, as core's rule finds them. */
function withCheckDigits(
  rows: DqFindingRow[],
  ids: readonly { householdId: string; regionCode: string; idNumber: string }[],
  asOf: string,
): DqFindingRow[] {
  const byHousehold = new Map(rows.map((r) => [r.householdId, r]));
  for (const m of ids) {
    if (isValidIdNumber(m.idNumber, asOf)) continue;
    const row = byHousehold.get(m.householdId);
    if (!row) {
      const fresh = { householdId: m.householdId, regionCode: m.regionCode, ruleIds: [MEMBER_WITHOUT_ID] };
      byHousehold.set(m.householdId, fresh);
      rows.push(fresh);
    } else if (!row.ruleIds.includes(MEMBER_WITHOUT_ID)) {
      row.ruleIds = DATA_QUALITY_RULES.map((u) => u.id).filter(
        (id) => id === MEMBER_WITHOUT_ID || row.ruleIds.includes(id),
      );
    }
  }
  return rows;
}

/**
 * The households of a scope with data-quality findings on a day, each with the ids of the rules that found a problem
 * (catalogue order). Used by the eight points' point 8 (data accuracy) and the 数据质量 page.
 */
export async function countDataQualityFindings(
  db: Kysely<DB>,
  scope: Scope,
  asOf: string,
): Promise<Map<string /*householdId*/, string[] /*ruleIds*/>> {
  const rows = await findings(db, scope, asOf);
  return new Map(rows.map((r) => [r.householdId, r.ruleIds]));
}

/** Core's verdict for one household under its village's policy (the list's explanations; the agreement test's reference). */
export async function dataQualityOfHousehold(db: Kysely<DB>, householdId: string, asOf: string) {
  const repo = new DataQualityRepository(db);
  const [h] = await repo.households([householdId]);
  if (!h) throw notFound(RECORD.household);
  const policy = (await policyAt(db, h.regionCode, asOf)).policy;
  return evaluateDataQuality(await repo.factsOf(householdId, asOf), policy, asOf);
}

function areaScope(ctx: ServiceContext, action: 'ledger.read' | 'ledger.write', region?: string | null): Scope {
  const scope = areaOf(ctx).list(action, region);
  if (scope === null) throw notFound(RECORD.region);
  return scope;
}

function knownRule(ruleId: string) {
  const u = DATA_QUALITY_RULE_BY_ID.get(ruleId);
  if (!u) {
    throw validationFailed([{ path: 'rule', message: `未知的数据质量规则 / unknown data-quality rule: ${ruleId}` }]);
  }
  return u;
}

/** GET /api/supervision/data-quality: households with each finding, by rule and child region. */
export async function dataQualitySummary(ctx: ServiceContext, q: DataQualityQuery): Promise<DataQualitySummary> {
  const scope = areaScope(ctx, 'ledger.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  const regions = new RegionRepository(ctx.store.db);
  const region = scope.regionPrefix ? await regions.get(scope.regionPrefix) : undefined;
  if (scope.regionPrefix && !region) throw notFound(RECORD.region);
  const children = await regions.children(scope.regionPrefix || null);
  const childLength = children[0]?.code.length ?? null;
  const rows = await findings(ctx.store.db, scope, asOf);
  return {
    region: { code: scope.regionPrefix, name: region?.name ?? '全国' },
    asOf,
    children: children.map((c) => ({ code: c.code, name: c.name })),
    households: rows.length,
    rules: DATA_QUALITY_RULES.map((u) => {
      const byRegion: Record<string, number> = {};
      let households = 0;
      for (const r of rows) {
        if (!r.ruleIds.includes(u.id)) continue;
        households++;
        if (childLength) {
          const c = r.regionCode.slice(0, childLength);
          byRegion[c] = (byRegion[c] ?? 0) + 1;
        }
      }
      return { ruleId: u.id, source: u.source, label: u.label, explain: u.explain, households, byRegion };
    }),
  };
}

/** GET /api/supervision/data-quality/households: one rule's households, a page at a time, each explained. */
export async function dataQualityHouseholds(
  ctx: ServiceContext,
  q: DataQualityHouseholdsQuery,
): Promise<DataQualityHouseholdPage> {
  const scope = areaScope(ctx, 'ledger.read', q.region);
  const rule = knownRule(q.rule);
  const asOf = reportDay(ctx, q.asOf);
  const repo = new DataQualityRepository(ctx.store.db);
  const hit = (await findings(ctx.store.db, scope, asOf)).filter((r) => r.ruleIds.includes(rule.id));
  const info = new Map((await repo.households(hit.map((r) => r.householdId))).map((h) => [h.householdId, h]));
  const sorted = hit
    .map((r) => ({ r, h: info.get(r.householdId)! }))
    .sort((a, b) => a.h.regionCode.localeCompare(b.h.regionCode) || a.h.householdNo.localeCompare(b.h.householdNo));
  const slice = sorted.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const items = [];
  for (const { r, h } of slice) {
    const v = await dataQualityOfHousehold(ctx.store.db, r.householdId, asOf);
    const e = v.explanations.find((x) => x.ruleId === rule.id)!;
    items.push({
      householdId: r.householdId,
      householdNo: h.householdNo,
      regionCode: h.regionCode,
      headName: h.headName ? maskName(h.headName) : null,
      ruleIds: r.ruleIds,
      message: e.message,
    });
  }
  return { items, total: sorted.length, page: q.page, pageSize: q.pageSize };
}

/**
 * POST /api/ledgers/from-data-quality: a suspected issue (S3 §五 二, area 系统数据精准) per household and chosen rule,
 * none while one for the same rule is still open.
 */
export async function raiseFromDataQuality(
  ctx: ServiceContext,
  body: DataQualityRaiseBody,
): Promise<LedgerRaiseResult> {
  const scope = areaScope(ctx, 'ledger.write', body.region);
  const rules = body.ruleIds.map(knownRule);
  const asOf = reportDay(ctx, body.asOf);
  const rows: DqFindingRow[] = await findings(ctx.store.db, scope, asOf, body.householdIds);
  const repo = new DataQualityRepository(ctx.store.db);
  const info = new Map((await repo.households(rows.map((r) => r.householdId))).map((h) => [h.householdId, h]));
  const items: SuspectedIssueInput[] = [];
  for (const r of rows) {
    const chosen = rules.filter((u) => r.ruleIds.includes(u.id));
    if (chosen.length === 0) continue;
    const v = await dataQualityOfHousehold(ctx.store.db, r.householdId, asOf);
    for (const u of chosen) {
      const m = v.explanations.find((e) => e.ruleId === u.id)!.message;
      items.push({
        householdId: r.householdId,
        area: 'data_quality',
        sourceFinding: `dq:${u.id}`,
        title: `${u.label.zh}:户编号 ${info.get(r.householdId)?.householdNo ?? ''}`,
        description: `${m.zh}(${citeSource(u.source).zh}) / ${m.en}`,
      });
    }
  }
  return ctx.store.transaction(async (tx) => {
    const created = await new LedgerRepository(tx.db).raiseItems(items, {
      deadline: body.deadline ?? null,
      createdBy: staffId(ctx),
      at: ctx.now(),
    });
    const result = {
      created: created.length,
      alreadyOpen: items.length - created.length,
      byArea: (created.length ? { data_quality: created.length } : {}) as Record<string, number>,
    };
    await appendAudit(tx, ctx, {
      action: 'ledger.raise_from_data_quality',
      targetType: 'region',
      targetId: scope.regionPrefix,
      regionCode: scope.regionPrefix,
      detail: {
        ...result,
        ruleIds: body.ruleIds,
        asOf,
        householdIds: body.householdIds ?? null,
        itemIds: created.map((c) => c.id),
      },
    });
    return result;
  });
}
