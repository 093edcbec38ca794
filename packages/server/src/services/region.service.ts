import { isWithin } from '@dixian/core';
import type { RegionDetail, RegionList, RegionListQuery, RegionTree, RegionView } from '@dixian/core/api';
import { RegionRepository, type RegionRow } from '../repositories/region.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';

/**
 * Regions a user may see: everything inside their scope, and the ancestors of the scope (so a village cadre
 * can print "吉林省白山市临江市桦树镇西大川村"), but no sibling areas.
 */
function visible(scope: string, code: string): boolean {
  return isWithin(code, scope) || isWithin(scope, code);
}

function toView(r: RegionRow): RegionView {
  return { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, isRural: r.isRural };
}

/** Children of a region, or the regions under a prefix, as far as the caller's scope reaches. */
export async function listRegions(ctx: ServiceContext, q: RegionListQuery): Promise<RegionList> {
  const area = areaOf(ctx);
  area.allow('region.read');
  const repo = new RegionRepository(ctx.store.db);
  const scope = area.scope.regionPrefix;
  let rows: RegionRow[];
  if (q.parent !== undefined) {
    // Above the scope only the child on the way down to it is shown.
    rows = visible(scope, q.parent) ? (await repo.children(q.parent)).filter((r) => visible(scope, r.code)) : [];
  } else if (q.prefix !== undefined) {
    const prefix = area.list('region.read', q.prefix)?.regionPrefix ?? null;
    rows = prefix === null ? [] : await repo.byPrefix(prefix, q.level);
  } else {
    rows = scope ? await repo.children(scope) : await repo.children(null);
  }
  if (q.level) rows = rows.filter((r) => r.level === q.level);
  return { items: rows.map(toView) };
}

/** The caller's whole area as a flat list (nest by parentCode), with the ancestors of the scope. */
export async function regionTree(ctx: ServiceContext): Promise<RegionTree> {
  const area = areaOf(ctx);
  area.allow('region.read');
  const repo = new RegionRepository(ctx.store.db);
  const scope = area.scope.regionPrefix;
  const ancestors = scope ? (await repo.path(scope)).filter((r) => r.code !== scope) : [];
  // Below county level the whole subtree is small (a county has a few hundred villages); above it, stop at
  // counties so a provincial scope does not ship tens of thousands of villages.
  const nodes =
    scope.length >= 6
      ? await repo.byPrefix(scope, undefined, 20_000)
      : [
          ...(await repo.byPrefix(scope, 'province')),
          ...(await repo.byPrefix(scope, 'prefecture')),
          ...(await repo.byPrefix(scope, 'county')),
        ].sort((a, b) => a.code.localeCompare(b.code));
  return { root: scope, ancestors: ancestors.map(toView), nodes: nodes.map(toView) };
}

export async function getRegion(ctx: ServiceContext, code: string): Promise<RegionDetail> {
  const area = areaOf(ctx);
  area.allow('region.read');
  if (!visible(area.scope.regionPrefix, code)) throw notFound(RECORD.region);
  const repo = new RegionRepository(ctx.store.db);
  const path = await repo.path(code);
  const region = path.find((r) => r.code === code);
  if (!region) throw notFound(RECORD.region);
  return { region: toView(region), path: path.map(toView), fullName: path.map((r) => r.name).join('') };
}
