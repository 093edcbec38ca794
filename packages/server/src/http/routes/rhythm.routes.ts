import {
  HalfMonthQuery,
  HalfMonthReportBody,
  HalfMonthView,
  IdParams,
  RhythmCompleteBody,
  RhythmMonthView,
  RhythmQuery,
  RhythmTaskView,
} from '@dixian/core/api';
import { halfMonthStatus, reportHalfMonth } from '../../services/halfmonth.service.js';
import { completeRhythmTask, listRhythm } from '../../services/rhythm.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The monthly seven steps (S0 plan two 五) and the half-monthly warning lists (S1 §四(二)1–2). */
export const rhythmRoutes: RoutePlugin = async (app) => {
  const tags = ['rhythm'];
  app.get(
    '/api/rhythm/tasks',
    {
      schema: {
        tags,
        summary: '每月七步工作任务与进度 / the month’s seven-step tasks and progress',
        querystring: RhythmQuery,
        response: withErrors({ 200: RhythmMonthView }),
      },
    },
    (req) => listRhythm(ctxOf(req), req.query),
  );
  app.post(
    '/api/rhythm/tasks/:id/complete',
    {
      schema: {
        tags,
        summary: '标记步骤完成 / mark a step done',
        params: IdParams,
        body: RhythmCompleteBody,
        response: withErrors({ 200: RhythmTaskView }),
      },
    },
    (req) => completeRhythmTask(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/halfmonth',
    {
      schema: {
        tags,
        summary: '半月报报送情况 / who reported for the half month',
        querystring: HalfMonthQuery,
        response: withErrors({ 200: HalfMonthView }),
      },
    },
    (req) => halfMonthStatus(ctxOf(req), req.query),
  );
  app.post(
    '/api/halfmonth/reports',
    {
      schema: {
        tags,
        summary: '报送半月预警名单(可零报告) / report the half-month warning list (empty: zero report)',
        body: HalfMonthReportBody,
        response: withErrors({ 200: HalfMonthView }),
      },
    },
    (req) => reportHalfMonth(ctxOf(req), req.body),
  );
};
