import {
  IdParams,
  PolicyDraftBody,
  PolicyDraftList,
  PolicyDraftPublishBody,
  PolicyDraftView,
  PolicyRecordView,
  ScenarioHouseholdPage,
  ScenarioHouseholdQuery,
  ScenarioList,
  ScenarioListQuery,
  ScenarioRunBody,
  ScenarioView,
} from '@dixian/core/api';
import { z } from 'zod';
import {
  createDraft,
  deleteDraft,
  getDraft,
  listDrafts,
  publishDraft,
  updateDraft,
} from '../../services/scenario-draft.service.js';
import { exportScenario } from '../../services/scenario-export.service.js';
import {
  getScenario,
  listScenarios,
  scenarioHouseholds,
  settleScenarios,
  startScenario,
} from '../../services/scenario.service.js';
import { ctxOf } from '../context.js';
import { sendExport } from '../export-reply.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

const tags = ['scenarios'];

/**
 * Policy drafts and scenarios (issue 20 §1). POST /api/scenarios records the scenario and answers 202 with it
 * `running`; the page polls GET /api/scenarios/:id (households done of total) until it is `done` or `failed`.
 * Closing the app waits for the scenarios it started.
 */
export const scenarioRoutes: RoutePlugin = async (app) => {
  app.addHook('onClose', settleScenarios);
  draftRoutes(app);
  runRoutes(app);
};

function draftRoutes(app: RouteApp): void {
  app.get(
    '/api/policy-drafts',
    { schema: { tags, summary: '政策草案 / policy drafts', response: withErrors({ 200: PolicyDraftList }) } },
    (req) => listDrafts(ctxOf(req)),
  );
  app.post(
    '/api/policy-drafts',
    {
      schema: {
        tags,
        summary: '新建政策草案(不生效) / draft a policy version, not in force',
        body: PolicyDraftBody,
        response: withErrors({ 201: PolicyDraftView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createDraft(ctxOf(req), req.body)),
  );
  app.get(
    '/api/policy-drafts/:id',
    {
      schema: {
        tags,
        summary: '政策草案 / a policy draft',
        params: IdParams,
        response: withErrors({ 200: PolicyDraftView }),
      },
    },
    (req) => getDraft(ctxOf(req), req.params.id),
  );
  app.put(
    '/api/policy-drafts/:id',
    {
      schema: {
        tags,
        summary: '修改政策草案 / change a policy draft',
        params: IdParams,
        body: PolicyDraftBody,
        response: withErrors({ 200: PolicyDraftView }),
      },
    },
    (req) => updateDraft(ctxOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/policy-drafts/:id',
    {
      schema: {
        tags,
        summary: '删除政策草案及其测算 / delete a draft and its scenarios',
        params: IdParams,
        response: withErrors({ 204: z.null() }),
      },
    },
    async (req, reply) => {
      await deleteDraft(ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/policy-drafts/:id/publish',
    {
      schema: {
        tags,
        summary: '草案转为正式政策版本 / put a draft in force as a new policy version',
        params: IdParams,
        body: PolicyDraftPublishBody,
        response: withErrors({ 201: PolicyRecordView }),
      },
    },
    async (req, reply) => reply.code(201).send(await publishDraft(ctxOf(req), req.params.id, req.body)),
  );
}

function runRoutes(app: RouteApp): void {
  app.post(
    '/api/scenarios',
    {
      schema: {
        tags,
        summary: '按草案测算 / run a draft over an area as a scenario',
        body: ScenarioRunBody,
        response: withErrors({ 202: ScenarioView }),
      },
    },
    async (req, reply) => reply.code(202).send(await startScenario(ctxOf(req), req.body)),
  );
  app.get(
    '/api/scenarios',
    {
      schema: {
        tags,
        summary: '政策模拟测算 / scenarios',
        querystring: ScenarioListQuery,
        response: withErrors({ 200: ScenarioList }),
      },
    },
    (req) => listScenarios(ctxOf(req), req.query),
  );
  app.get(
    '/api/scenarios/:id',
    {
      schema: {
        tags,
        summary: '测算结果汇总与进度 / a scenario, its progress and summary',
        params: IdParams,
        response: withErrors({ 200: ScenarioView }),
      },
    },
    (req) => getScenario(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/scenarios/:id/households',
    {
      schema: {
        tags,
        summary: '测算涉及的农户及原因 / the households a scenario moves, with reasons',
        params: IdParams,
        querystring: ScenarioHouseholdQuery,
        response: withErrors({ 200: ScenarioHouseholdPage }),
      },
    },
    (req) => scenarioHouseholds(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/scenarios/:id/export.xlsx',
    {
      schema: {
        tags: [...tags, 'exports'],
        summary: '导出测算农户 / export a scenario’s households',
        params: IdParams,
        querystring: ScenarioHouseholdQuery.pick({ change: true, township: true }),
      },
    },
    async (req, reply) => sendExport(req, reply, await exportScenario(ctxOf(req), req.params.id, req.query)),
  );
}
