import { EIGHT_POINTS, type EightPointId, type EightPointProblem, type Scope } from '@dixian/core';
import type {
  EightPointHousehold,
  EightPointHouseholdPage,
  EightPointHouseholdsQuery,
  EightPointsQuery,
  EightPointsReport,
} from '@dixian/core/api';
import { EightPointsRepository, type ShortHouseholdRow } from '../../repositories/eight-points.repository.js';
import { RegionRepository } from '../../repositories/region.repository.js';
import { areaOf, reportDay } from '../area.js';
import type { ServiceContext } from '../context.js';
import { countDataQualityFindings } from '../data-quality.service.js';
import { assembleRows, childLength, pointSettings, type PointSettings } from './figures.js';

/**
 * The eight inspection points (S3 §三) over an area: each point's figure for every child region (townships of a
 * county, villages of a township) and the area as a whole, one set-based statement per point; and the households
 * short of a point, page by page. Inspectors, county officers and township officers, each within their area.
 */
export async function eightPointsReport(ctx: ServiceContext, q: EightPointsQuery): Promise<EightPointsReport> {
  const asOf = reportDay(ctx, q.asOf);
  const area = areaOf(ctx);
  const scope = area.list('supervision.read', q.region) ?? area.scope;
  const s = await pointSettings(ctx, scope, asOf);
  const len = childLength(scope.regionPrefix);
  const repo = new EightPointsRepository(ctx.store.db);
  const byPoint = new Map<EightPointId, Map<string, { denominator: number; met: number }>>();
  for (const p of EIGHT_POINTS) {
    const rows =
      p.id === 'data_accuracy'
        ? await repo.countAmong(scope, len, [...(await countDataQualityFindings(ctx.store.db, scope, asOf)).keys()])
        : await repo.figures(p.id, s, len);
    byPoint.set(p.id, new Map(rows.map((r) => [r.code, { denominator: r.denominator, met: r.met }])));
  }
  const awareness = new Map((await repo.awareness(scope, len, s.yearStart, asOf)).map((a) => [a.code, a] as const));
  const regions = new RegionRepository(ctx.store.db);
  const children = scope.regionPrefix.length >= 12 ? [] : (await regions.children(scope.regionPrefix)).map((r) => r);
  const self = await regions.get(scope.regionPrefix);
  const { total, rows } = assembleRows(
    children.length ? children : self ? [self] : [],
    { code: scope.regionPrefix, name: self?.name ?? null },
    byPoint,
    awareness,
    s,
  );
  return { asOf, year: Number(asOf.slice(0, 4)), total, rows };
}

/** The households short of one point (the rows with problems), within the caller's area. */
async function shortOf(
  ctx: ServiceContext,
  point: EightPointId,
  s: PointSettings,
  page: { limit: number; offset: number },
  householdIds?: readonly string[],
): Promise<{ rows: ShortHouseholdRow[]; total: number }> {
  const repo = new EightPointsRepository(ctx.store.db);
  if (point !== 'data_accuracy') return repo.shortHouseholds(point, s, page, householdIds);
  const found = await countDataQualityFindings(ctx.store.db, s.scope, s.asOf);
  const ids = householdIds ? householdIds.filter((id) => found.has(id)) : [...found.keys()];
  const r = await repo.householdsAmong(s.scope, ids, page);
  return { total: r.total, rows: r.rows.map((h) => ({ ...h, problems: found.get(h.householdId) ?? [] })) };
}

export async function shortHouseholds(
  ctx: ServiceContext,
  point: EightPointId,
  scope: Scope,
  asOf: string,
  page: { limit: number; offset: number },
  householdIds?: readonly string[],
): Promise<{ rows: ShortHouseholdRow[]; total: number }> {
  return shortOf(ctx, point, await pointSettings(ctx, scope, asOf), page, householdIds);
}

/** GET /api/supervision/eight-points/:point/households */
export async function eightPointHouseholds(
  ctx: ServiceContext,
  point: EightPointId,
  q: EightPointHouseholdsQuery,
): Promise<EightPointHouseholdPage> {
  const scope = areaOf(ctx).list('supervision.read', q.region);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const asOf = reportDay(ctx, q.asOf);
  const { rows, total } = await shortHouseholds(ctx, point, scope, asOf, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const items: EightPointHousehold[] = rows.map((r) => ({
    householdId: r.householdId,
    householdNo: r.householdNo,
    headName: r.headName,
    regionCode: r.regionCode,
    regionName: r.regionName,
    problems: r.problems as EightPointProblem[],
  }));
  return { ...empty, items, total };
}
