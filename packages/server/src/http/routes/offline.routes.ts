import { OfflinePage, OfflineQuery } from '@dixian/core/api';
import { offlineHouseholds } from '../../services/offline.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The offline field app (issue 18): what goes to the phone. */
export const offlineRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/offline/households',
    {
      schema: {
        tags: ['offline'],
        summary: "下载本辖区农户到手机(分页,可增量) / the area's households for the phone, in pages, or what changed",
        querystring: OfflineQuery,
        response: withErrors({ 200: OfflinePage }),
      },
    },
    (req) => offlineHouseholds(ctxOf(req), req.query),
  );
};
