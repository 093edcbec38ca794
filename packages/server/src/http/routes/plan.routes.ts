import {
  IdParams,
  MeasureCreateBody,
  MeasureParams,
  MeasureStatusBody,
  MeasureUpdateBody,
  MeasureView,
  OkBody,
  PlanCreateBody,
  PlanUpdateBody,
  PlanView,
  VersionQuery,
} from '@dixian/core/api';
import {
  addMeasure,
  changeMeasureStatus,
  createPlan,
  deleteMeasure,
  getPlan,
  updateMeasure,
  updatePlan,
} from '../../services/plan.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

const tags = ['plans'];

/** Assistance plans (一户一策, S3 §三(五)) and their measures (S1 §五). */
export const planRoutes: RoutePlugin = async (app) => {
  planRecordRoutes(app);
  measureRoutes(app);
};

/** The plan of a case: create, read, change. */
function planRecordRoutes(app: RouteApp): void {
  app.post(
    '/api/cases/:id/plan',
    {
      schema: {
        tags: [...tags, 'cases'],
        summary: '制定帮扶计划(关闭10天时限) / draw up the assistance plan (closes the 10-day deadline)',
        params: IdParams,
        body: PlanCreateBody,
        response: withErrors({ 201: PlanView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createPlan(ctxOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: '帮扶计划及措施 / a plan with its measures',
        params: IdParams,
        response: withErrors({ 200: PlanView }),
      },
    },
    (req) => getPlan(ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/plans/:id',
    {
      schema: {
        tags,
        summary: '修改帮扶计划(需版本号) / update a plan (with its version)',
        params: IdParams,
        body: PlanUpdateBody,
        response: withErrors({ 200: PlanView }),
      },
    },
    (req) => updatePlan(ctxOf(req), req.params.id, req.body),
  );
}

/** The measures of a plan and their status. */
function measureRoutes(app: RouteApp): void {
  app.post(
    '/api/plans/:id/measures',
    {
      schema: {
        tags,
        summary: '新增帮扶措施 / add a measure',
        params: IdParams,
        body: MeasureCreateBody,
        response: withErrors({ 201: MeasureView }),
      },
    },
    async (req, reply) => reply.code(201).send(await addMeasure(ctxOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/plans/:id/measures/:measureId',
    {
      schema: {
        tags,
        summary: '修改帮扶措施(需版本号) / update a measure (with its version)',
        params: MeasureParams,
        body: MeasureUpdateBody,
        response: withErrors({ 200: MeasureView }),
      },
    },
    (req) => updateMeasure(ctxOf(req), req.params.id, req.params.measureId, req.body),
  );
  app.delete(
    '/api/plans/:id/measures/:measureId',
    {
      schema: {
        tags,
        summary: '删除未实施的帮扶措施 / delete a measure not yet started',
        params: MeasureParams,
        querystring: VersionQuery,
        response: withErrors({ 200: OkBody }),
      },
    },
    async (req) => {
      await deleteMeasure(ctxOf(req), req.params.id, req.params.measureId, req.query.version);
      return { ok: true as const };
    },
  );
  app.post(
    '/api/plans/:id/measures/:measureId/status',
    {
      schema: {
        tags,
        summary: '措施状态: 实施、完成、终止 / start, finish or stop a measure',
        params: MeasureParams,
        body: MeasureStatusBody,
        response: withErrors({ 200: MeasureView }),
      },
    },
    (req) => changeMeasureStatus(ctxOf(req), req.params.id, req.params.measureId, req.body),
  );
}
