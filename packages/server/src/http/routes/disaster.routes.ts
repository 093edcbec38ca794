import {
  DisasterCreateBody,
  DisasterDetail,
  DisasterHouseholdPage,
  DisasterHouseholdQuery,
  DisasterList,
  DisasterScreenResult,
  DisasterView,
  IdParams,
} from '@dixian/core/api';
import {
  disasterDetail,
  disasterHouseholds,
  listDisasters,
  recordDisaster,
  screenDisaster,
} from '../../services/disaster.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Disasters and emergencies (灾害与突发事件, issue 15 §6). */
export const disasterRoutes: RoutePlugin = async (app) => {
  const tags = ['disasters'];
  app.get(
    '/api/disasters',
    {
      schema: {
        tags,
        summary: '灾害与突发事件 / disasters and emergencies',
        response: withErrors({ 200: DisasterList }),
      },
    },
    (req) => listDisasters(ctxOf(req)),
  );
  app.post(
    '/api/disasters',
    {
      schema: {
        tags,
        summary: '登记灾害或突发事件(受灾户即时研判) / record a disaster (its households are screened at once)',
        body: DisasterCreateBody,
        response: withErrors({ 201: DisasterView }),
      },
    },
    async (req, reply) => reply.code(201).send(await recordDisaster(ctxOf(req), req.body)),
  );
  app.get(
    '/api/disasters/:id',
    {
      schema: {
        tags,
        summary: '受灾情况(按村) / affected, visited, at risk, monitored and helped by village',
        params: IdParams,
        response: withErrors({ 200: DisasterDetail }),
      },
    },
    (req) => disasterDetail(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/disasters/:id/households',
    {
      schema: {
        tags,
        summary: '受灾农户 / the affected households',
        params: IdParams,
        querystring: DisasterHouseholdQuery,
        response: withErrors({ 200: DisasterHouseholdPage }),
      },
    },
    (req) => disasterHouseholds(ctxOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/disasters/:id/screen',
    {
      schema: {
        tags,
        summary: '重新研判受灾农户 / screen the affected households again',
        params: IdParams,
        response: withErrors({ 200: DisasterScreenResult }),
      },
    },
    (req) => screenDisaster(ctxOf(req), req.params.id),
  );
};
