import {
  RectificationCampaignBody,
  RectificationCampaignList,
  RectificationCampaignQuery,
  RectificationCampaignView,
} from '@dixian/core/api';
import { listRectificationCampaigns, openRectificationCampaign } from '../../services/rectification.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The special rectification campaign and its phases (S3 §四). */
export const rectificationRoutes: RoutePlugin = async (app) => {
  const tags = ['ledgers'];
  app.get(
    '/api/rectification-campaigns',
    {
      schema: {
        tags,
        summary: '专项整治阶段及进度 / the rectification campaign’s phases and progress',
        querystring: RectificationCampaignQuery,
        response: withErrors({ 200: RectificationCampaignList }),
      },
    },
    (req) => listRectificationCampaigns(ctxOf(req), req.query),
  );
  app.post(
    '/api/rectification-campaigns',
    {
      schema: {
        tags,
        summary: '开展专项整治(阶段及时间) / open the rectification campaign with its phases',
        body: RectificationCampaignBody,
        response: withErrors({ 201: RectificationCampaignView }),
      },
    },
    async (req, reply) => reply.code(201).send(await openRectificationCampaign(ctxOf(req), req.body)),
  );
};
