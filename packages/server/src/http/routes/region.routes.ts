import { RegionCodeParams, RegionDetail, RegionList, RegionListQuery, RegionTree } from '@dixian/core/api';
import { getRegion, listRegions, regionTree } from '../../services/region.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The region tree, as far as the caller's area reaches. */
export const regionRoutes: RoutePlugin = async (app) => {
  const tags = ['regions'];
  app.get(
    '/api/regions',
    {
      schema: {
        tags,
        summary: '下级区划或前缀下的区划 / children of a region, or regions under a prefix',
        querystring: RegionListQuery,
        response: withErrors({ 200: RegionList }),
      },
    },
    (req) => listRegions(ctxOf(req), req.query),
  );
  app.get(
    '/api/regions/tree',
    {
      schema: {
        tags,
        summary: '本人辖区区划树 / the caller’s area as a tree',
        response: withErrors({ 200: RegionTree }),
      },
    },
    (req) => regionTree(ctxOf(req)),
  );
  app.get(
    '/api/regions/:code',
    {
      schema: {
        tags,
        summary: '区划及其上级 / a region and its path',
        params: RegionCodeParams,
        response: withErrors({ 200: RegionDetail }),
      },
    },
    (req) => getRegion(ctxOf(req), req.params.code),
  );
};
