import {
  IdParams,
  VisitCreateBody,
  VisitCreated,
  VisitDuePage,
  VisitDueQuery,
  VisitListQuery,
  VisitPage,
} from '@dixian/core/api';
import { createVisit, listVisits, visitsDue } from '../../services/visit.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Visits (走访, S3 §三(二)): recording one, a household's visits, and who is due this month. */
export const visitRoutes: RoutePlugin = async (app) => {
  const tags = ['visits'];
  app.get(
    '/api/visits/due',
    {
      schema: {
        tags,
        summary: '本月应走访和逾期未走访的脱贫户、监测户 / lifted and monitored households due or overdue for a visit',
        querystring: VisitDueQuery,
        response: withErrors({ 200: VisitDuePage }),
      },
    },
    (req) => visitsDue(ctxOf(req), req.query),
  );
  app.post(
    '/api/households/:id/visits',
    {
      schema: {
        tags: [...tags, 'households'],
        summary: '登记走访(发现风险自动生成线索) / record a visit (a risk found becomes a lead)',
        params: IdParams,
        body: VisitCreateBody,
        response: withErrors({ 201: VisitCreated }),
      },
    },
    async (req, reply) => reply.code(201).send(await createVisit(ctxOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/households/:id/visits',
    {
      schema: {
        tags: [...tags, 'households'],
        summary: '农户的走访记录 / visits of a household',
        params: IdParams,
        querystring: VisitListQuery,
        response: withErrors({ 200: VisitPage }),
      },
    },
    (req) => listVisits(ctxOf(req), req.params.id, req.query),
  );
};
