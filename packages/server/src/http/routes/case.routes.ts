import { CASE_ACTION_LABELS } from '@dixian/core';
import {
  CaseDetail,
  CaseListQuery,
  CasePage,
  CASE_STEP_TYPES,
  caseStepBody,
  caseStepPath,
  IdParams,
  RemarkRiskBody,
} from '@dixian/core/api';
import { getCaseDetail, listCases, remarkRisk, takeCaseStep } from '../../services/case.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/**
 * Cases: the list by nearest deadline, the case page, and one endpoint per step of the procedure
 * (`POST /api/cases/:id/<step>`, the action type with '-' for '_'), each with the step's body and the version.
 */
export const caseRoutes: RoutePlugin = async (app) => {
  const tags = ['cases'];
  app.get(
    '/api/cases',
    {
      schema: {
        tags,
        summary: '监测案件(按最近时限排序) / cases, nearest deadline first',
        querystring: CaseListQuery,
        response: withErrors({ 200: CasePage }),
      },
    },
    (req) => listCases(ctxOf(req), req.query),
  );
  app.get(
    '/api/cases/:id',
    {
      schema: {
        tags,
        summary: '案件详情、可办理步骤、时限和风险消除条件 / a case with its steps, deadlines and guards',
        params: IdParams,
        response: withErrors({ 200: CaseDetail }),
      },
    },
    (req) => getCaseDetail(ctxOf(req), req.params.id),
  );
  for (const type of CASE_STEP_TYPES) {
    const label = CASE_ACTION_LABELS[type];
    app.post(
      `/api/cases/:id/${caseStepPath(type)}`,
      {
        schema: {
          tags,
          summary: `${label.zh} / ${label.en}`,
          params: IdParams,
          body: caseStepBody(type),
          response: withErrors({ 200: CaseDetail }),
        },
      },
      (req) => takeCaseStep(ctxOf(req), req.params.id, type, req.body as { version: number }),
    );
  }
  app.post(
    '/api/households/:id/remark-risk',
    {
      schema: {
        tags: [...tags, 'households'],
        summary: '风险再标注(风险已消除后出现新风险) / re-mark a new risk after elimination',
        params: IdParams,
        body: RemarkRiskBody,
        response: withErrors({ 201: CaseDetail }),
      },
    },
    async (req, reply) => reply.code(201).send(await remarkRisk(ctxOf(req), req.params.id, req.body)),
  );
};
