import {
  IdParams,
  IntegrityCreateBody,
  IntegrityListQuery,
  IntegrityPage,
  IntegrityRecoveredBody,
  IntegrityRemoveBody,
  IntegrityView,
} from '@dixian/core/api';
import {
  addToIntegrityList,
  getIntegrity,
  listIntegrity,
  recordRecovery,
  removeFromIntegrityList,
} from '../../services/integrity.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

const tags = ['integrity'];

/** The 失信 list (S0 plan one 三; S2 §二(三)12). */
export const integrityRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/integrity',
    {
      schema: {
        tags,
        summary: '失信人员名单 / the integrity list',
        querystring: IntegrityListQuery,
        response: withErrors({ 200: IntegrityPage }),
      },
    },
    (req) => listIntegrity(ctxOf(req), req.query),
  );
  app.post(
    '/api/integrity',
    {
      schema: {
        tags,
        summary: '列入失信人员名单(同时停止救助) / put on the integrity list, stopping assistance',
        body: IntegrityCreateBody,
        response: withErrors({ 201: IntegrityView }),
      },
    },
    async (req, reply) => reply.code(201).send(await addToIntegrityList(ctxOf(req), req.body)),
  );
  app.get(
    '/api/integrity/:id',
    {
      schema: {
        tags,
        summary: '失信记录 / one integrity record',
        params: IdParams,
        response: withErrors({ 200: IntegrityView }),
      },
    },
    (req) => getIntegrity(ctxOf(req), req.params.id),
  );
  app.post(
    '/api/integrity/:id/recovered',
    {
      schema: {
        tags,
        summary: '登记退回的非法所得 / record money returned',
        params: IdParams,
        body: IntegrityRecoveredBody,
        response: withErrors({ 200: IntegrityView }),
      },
    },
    (req) => recordRecovery(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/integrity/:id/remove',
    {
      schema: {
        tags,
        summary: '移出失信名单 / remove from the list',
        params: IdParams,
        body: IntegrityRemoveBody,
        response: withErrors({ 200: IntegrityView }),
      },
    },
    (req) => removeFromIntegrityList(ctxOf(req), req.params.id, req.body),
  );
};
