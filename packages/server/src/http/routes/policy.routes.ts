import {
  PolicyCreateBody,
  PolicyHistory,
  PolicyHistoryQuery,
  PolicyRecordView,
  PolicyResolvedQuery,
  PolicyResolvedView,
} from '@dixian/core/api';
import { createPolicy, policyHistory, resolvedPolicy } from '../../services/policy.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Policy: the resolved policy of a region on a date, its history, and new versions (county administrators). */
export const policyRoutes: RoutePlugin = async (app) => {
  const tags = ['policies'];
  app.get(
    '/api/policies/resolved',
    {
      schema: {
        tags,
        summary: '某地某日适用的政策 / the policy in force for a region on a date',
        querystring: PolicyResolvedQuery,
        response: withErrors({ 200: PolicyResolvedView }),
      },
    },
    (req) => resolvedPolicy(ctxOf(req), req.query),
  );
  app.get(
    '/api/policies',
    {
      schema: {
        tags,
        summary: '政策版本历史 / policy records and versions',
        querystring: PolicyHistoryQuery,
        response: withErrors({ 200: PolicyHistory }),
      },
    },
    (req) => policyHistory(ctxOf(req), req.query),
  );
  app.post(
    '/api/policies',
    {
      schema: {
        tags,
        summary: '发布新版本政策 / publish a new policy version',
        body: PolicyCreateBody,
        response: withErrors({ 201: PolicyRecordView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createPolicy(ctxOf(req), req.body)),
  );
};
