import {
  ChangeApproveBody,
  ChangeRefuseBody,
  ChangeRequestBody,
  ChangeRequestListQuery,
  ChangeRequestPage,
  ChangeRequestView,
  IdParams,
} from '@dixian/core/api';
import {
  approveChange,
  getChange,
  listChanges,
  refuseChange,
  withdrawChange,
  requestChange,
} from '../../services/change-request.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

const tags = ['change-requests'];

/** Changes that need approval: 分户, 迁移, 变更类别 (issue 14 §3). */
export const changeRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/change-requests',
    {
      schema: {
        tags,
        summary: '变更申请 / change requests',
        querystring: ChangeRequestListQuery,
        response: withErrors({ 200: ChangeRequestPage }),
      },
    },
    (req) => listChanges(ctxOf(req), req.query),
  );
  app.post(
    '/api/change-requests',
    {
      schema: {
        tags,
        summary: '申请分户、迁移或变更类别 / ask for a split, a move or a category change',
        body: ChangeRequestBody,
        response: withErrors({ 201: ChangeRequestView }),
      },
    },
    async (req, reply) => reply.code(201).send(await requestChange(ctxOf(req), req.body)),
  );
  app.get(
    '/api/change-requests/:id',
    {
      schema: {
        tags,
        summary: '变更申请(变更前后对照) / a change request, before and after',
        params: IdParams,
        response: withErrors({ 200: ChangeRequestView }),
      },
    },
    (req) => getChange(ctxOf(req), req.params.id),
  );
  app.post(
    '/api/change-requests/:id/approve',
    {
      schema: {
        tags,
        summary: '批准变更申请(在同一事务中执行) / approve and apply',
        params: IdParams,
        body: ChangeApproveBody,
        response: withErrors({ 200: ChangeRequestView }),
      },
    },
    (req) => approveChange(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/change-requests/:id/refuse',
    {
      schema: {
        tags,
        summary: '退回变更申请(须说明理由) / refuse, with the reason',
        params: IdParams,
        body: ChangeRefuseBody,
        response: withErrors({ 200: ChangeRequestView }),
      },
    },
    (req) => refuseChange(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/change-requests/:id/withdraw',
    {
      schema: {
        tags,
        summary: "撤回本人提交、尚未审批的变更申请 / withdraw one's own pending request",
        params: IdParams,
        body: ChangeApproveBody,
        response: withErrors({ 200: ChangeRequestView }),
      },
    },
    (req) => withdrawChange(ctxOf(req), req.params.id, req.body),
  );
};
