import type { PublicRegionList } from '@dixian/core/api';
import { RegionRepository } from '../repositories/region.repository.js';
import type { PublicContext } from './public-application.service.js';

/**
 * The self-application's village picker (GET /api/public/regions): the children of a region, provinces when no
 * parent is given. Villages are listed only when rural (a 社区 applies through its 街道, and the application
 * refuses it). Names and codes of divisions are public; nothing else is shown.
 */
export async function publicRegionChildren(ctx: PublicContext, parent: string | undefined): Promise<PublicRegionList> {
  const rows = await new RegionRepository(ctx.store.db).children(parent ?? null);
  return {
    items: rows
      .filter((r) => r.level !== 'village' || r.isRural)
      .map((r) => ({ code: r.code, name: r.name, level: r.level })),
  };
}
