import {
  BulkRaiseResult,
  DeadlineRaiseBody,
  EightPointHouseholdPage,
  EightPointHouseholdsQuery,
  EightPointParams,
  EightPointRaiseBody,
  EightPointTasksBody,
  EightPointsQuery,
  EightPointsReport,
  ResponsibleList,
  ResponsibleQuery,
} from '@dixian/core/api';
import { raiseFromDeadlines, raiseFromPoint, responsibleCandidates } from '../../services/bulk-raise.service.js';
import { createPointTasks } from '../../services/point-tasks.service.js';
import { eightPointHouseholds, eightPointsReport } from '../../services/eight-points/eight-points.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The eight inspection points (S3 §三) and bulk raising into the suspected-problem ledger (S3 §五). */
export const supervisionRoutes: RoutePlugin = async (app) => {
  const tags = ['supervision'];
  app.get(
    '/api/supervision/eight-points',
    {
      schema: {
        tags,
        summary: '八项重点整治内容:按下级区划统计 / the eight inspection points by child region',
        querystring: EightPointsQuery,
        response: withErrors({ 200: EightPointsReport }),
      },
    },
    (req) => eightPointsReport(ctxOf(req), req.query),
  );
  app.get(
    '/api/supervision/eight-points/:point/households',
    {
      schema: {
        tags,
        summary: '未达标农户 / the households short of a point',
        params: EightPointParams,
        querystring: EightPointHouseholdsQuery,
        response: withErrors({ 200: EightPointHouseholdPage }),
      },
    },
    (req) => eightPointHouseholds(ctxOf(req), req.params.point, req.query),
  );
  app.post(
    '/api/supervision/eight-points/tasks',
    {
      schema: {
        tags,
        summary: '未达标的下级区划生成排查任务台账 / a screening task per child region and point short of its target',
        body: EightPointTasksBody,
        response: withErrors({ 200: BulkRaiseResult }),
      },
    },
    (req) => createPointTasks(ctxOf(req), req.body),
  );
  app.post(
    '/api/supervision/eight-points/:point/raise',
    {
      schema: {
        tags,
        summary: '未达标农户批量列入疑似问题台账 / raise the short households into the suspected-problem ledger',
        params: EightPointParams,
        body: EightPointRaiseBody,
        response: withErrors({ 200: BulkRaiseResult }),
      },
    },
    (req) => raiseFromPoint(ctxOf(req), req.params.point, req.body),
  );
  app.post(
    '/api/deadlines/raise',
    {
      schema: {
        tags,
        summary: '逾期事项批量列入疑似问题台账 / raise overdue deadlines into the suspected-problem ledger',
        body: DeadlineRaiseBody,
        response: withErrors({ 200: BulkRaiseResult }),
      },
    },
    (req) => raiseFromDeadlines(ctxOf(req), req.body),
  );
  app.get(
    '/api/supervision/responsible',
    {
      schema: {
        tags,
        summary: '可指定的责任人 / the staff who may be made responsible for the area’s items',
        querystring: ResponsibleQuery,
        response: withErrors({ 200: ResponsibleList }),
      },
    },
    (req) => responsibleCandidates(ctxOf(req), req.query),
  );
};
