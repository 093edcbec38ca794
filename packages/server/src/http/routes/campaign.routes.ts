import {
  CampaignCheckBody,
  CampaignCheckView,
  CampaignCreateBody,
  CampaignList,
  CampaignPendingPage,
  CampaignPendingQuery,
  CampaignProgress,
  CampaignView,
  IdParams,
} from '@dixian/core/api';
import {
  campaignProgress,
  listCampaigns,
  openCampaign,
  pendingHouseholds,
  recordCheck,
} from '../../services/campaign.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The yearly full screening (年度集中排查, S3 §三(二)). */
export const campaignRoutes: RoutePlugin = async (app) => {
  const tags = ['campaigns'];
  app.get(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: '年度集中排查 / the yearly full screening campaigns',
        response: withErrors({ 200: CampaignList }),
      },
    },
    (req) => listCampaigns(ctxOf(req)),
  );
  app.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: '开展本县年度集中排查 / open the county’s campaign for a window',
        body: CampaignCreateBody,
        response: withErrors({ 201: CampaignView }),
      },
    },
    async (req, reply) => reply.code(201).send(await openCampaign(ctxOf(req), req.body)),
  );
  app.get(
    '/api/campaigns/:id',
    {
      schema: {
        tags,
        summary: '排查进度(按村) / progress village by village',
        params: IdParams,
        response: withErrors({ 200: CampaignProgress }),
      },
    },
    (req) => campaignProgress(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/campaigns/:id/pending',
    {
      schema: {
        tags,
        summary: '尚未排查的农户 / households not yet checked',
        params: IdParams,
        querystring: CampaignPendingQuery,
        response: withErrors({ 200: CampaignPendingPage }),
      },
    },
    (req) => pendingHouseholds(ctxOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/campaigns/:id/checks',
    {
      schema: {
        tags,
        summary: '登记一户的排查结果(发现风险生成线索) / record a household’s check (a risk found becomes a lead)',
        params: IdParams,
        body: CampaignCheckBody,
        response: withErrors({ 201: CampaignCheckView }),
      },
    },
    async (req, reply) => reply.code(201).send(await recordCheck(ctxOf(req), req.params.id, req.body)),
  );
};
