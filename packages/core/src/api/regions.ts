/** Region tree contracts. Users see their own area and the ancestors that name it. */
import { z } from 'zod';
import { RegionCode } from './common.js';

const Level = z.enum(['province', 'prefecture', 'county', 'township', 'village']);

export const RegionView = z
  .object({
    code: z.string(),
    name: z.string(),
    level: Level,
    parentCode: z.string().nullable(),
    isRural: z.boolean(),
  })
  .meta({ id: 'Region' });
export type RegionView = z.infer<typeof RegionView>;

/** GET /api/regions: children of `parent`, or everything under `prefix` (optionally of one level). */
export const RegionListQuery = z.object({
  parent: RegionCode.optional(),
  prefix: RegionCode.optional(),
  level: Level.optional(),
});
export type RegionListQuery = z.infer<typeof RegionListQuery>;

export const RegionList = z.object({ items: z.array(RegionView) });
export type RegionList = z.infer<typeof RegionList>;

/**
 * GET /api/regions/tree: the caller's area as a flat list ordered by code (nest by parentCode), with the
 * ancestors of the scope so the UI can print full names.
 */
export const RegionTree = z.object({
  root: z.string(),
  ancestors: z.array(RegionView),
  nodes: z.array(RegionView),
});
export type RegionTree = z.infer<typeof RegionTree>;

export const RegionCodeParams = z.object({ code: RegionCode });

/** GET /api/regions/:code: the region and its path from the province down. */
export const RegionDetail = z.object({ region: RegionView, path: z.array(RegionView), fullName: z.string() });
export type RegionDetail = z.infer<typeof RegionDetail>;
