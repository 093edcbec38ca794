import {
  PublicApplicationBody,
  PublicApplicationReceipt,
  PublicApplicationStatus,
  PublicRegionList,
  PublicRegionQuery,
  PublicStatusQuery,
  ReceiptParams,
} from '@dixian/core/api';
import type { FastifyRequest } from 'fastify';
import { applicationStatus, submitApplication, type PublicContext } from '../../services/public-application.service.js';
import { publicRegionChildren } from '../../services/public-region.service.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

function publicContext(req: FastifyRequest): PublicContext {
  return { ...req.server.services, requestId: req.id, ip: req.ip };
}

const HOUR = 3_600_000;

/**
 * The public self-application (农户自主申报, S1 §四(二)1): no account, no CSRF token (there is no session to
 * ride on), rate-limited per address: DIXIAN_PUBLIC_APPLICATIONS_PER_HOUR applications and five times as many
 * status look-ups an hour, so neither spam nor guessing receipts at scale gets far.
 */
export const publicRoutes: RoutePlugin = async (app) => {
  const perHour = app.services.config.publicApplicationsPerHour;
  const tags = ['public'];
  app.post(
    '/api/public/applications',
    {
      config: {
        public: true,
        rateLimit: { max: perHour, timeWindow: HOUR, keyGenerator: (req) => `apply:${req.ip}` },
      },
      schema: {
        tags,
        summary: '农户自主申报(无需登录) / self-application, no account needed',
        security: [],
        body: PublicApplicationBody,
        response: withErrors({ 201: PublicApplicationReceipt }),
      },
    },
    async (req, reply) => reply.code(201).send(await submitApplication(publicContext(req), req.body)),
  );
  app.get(
    '/api/public/applications/:receipt',
    {
      config: {
        public: true,
        rateLimit: { max: perHour * 5, timeWindow: HOUR, keyGenerator: (req) => `status:${req.ip}` },
      },
      schema: {
        tags,
        summary: '凭受理编号和身份证号查询申报进度 / application status by receipt and ID number',
        security: [],
        params: ReceiptParams,
        querystring: PublicStatusQuery,
        response: withErrors({ 200: PublicApplicationStatus }),
      },
    },
    (req) => applicationStatus(publicContext(req), req.params.receipt, req.query.idNumber),
  );
  // The village picker of the self-application page: a cascade of a few requests per application.
  app.get(
    '/api/public/regions',
    {
      config: {
        public: true,
        rateLimit: { max: perHour * 30, timeWindow: HOUR, keyGenerator: (req) => `regions:${req.ip}` },
      },
      schema: {
        tags,
        summary: '下级区划(自主申报选择所在村,无需登录) / divisions under a region, for the self-application',
        security: [],
        querystring: PublicRegionQuery,
        response: withErrors({ 200: PublicRegionList }),
      },
    },
    (req) => publicRegionChildren(publicContext(req), req.query.parent),
  );
};
