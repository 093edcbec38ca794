import {
  HouseholdScreeningView,
  IdParams,
  ScreeningCompareQuery,
  ScreeningComparison,
  ScreeningResultExportQuery,
  ScreeningResultPage,
  ScreeningResultQuery,
  ScreeningRunBody,
  ScreeningRunList,
  ScreeningRunListQuery,
  ScreeningRunView,
  ExportFileView,
  XlsxFile,
} from '@dixian/core/api';
import { exportScreeningResults } from '../../services/export-screening.service.js';
import {
  householdScreening,
  screeningComparison,
  screeningResults,
  screeningRun,
  screeningRunList,
  settleScreeningRuns,
  startScreeningRun,
} from '../../services/screening-views.service.js';
import { ctxOf } from '../context.js';
import { sendExport } from '../export-reply.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

const tags = ['screening'];

/**
 * Screening over HTTP (issue 5 §3): run, list, a run's findings with their explanations, Excel, the comparison of
 * two runs, and one household's latest findings.
 *
 * POST /api/screening/runs records the run, starts it and answers 202 with the run `running`; the client polls
 * GET /api/screening/runs/:id until it is `done` or `failed`. Measured on the demo county (220681, 20,000
 * households, PGlite, this 2-core machine shared with other work; docs/ARCHITECTURE.md "Screening over HTTP"): the
 * run took minutes, far beyond an HTTP request and a phone's patience, and even unloaded the benchmark's rate (800
 * households/s on PGlite, bench/reports/screening.md) means about 25 s. Started-and-polled also survives a closed
 * browser tab; the run row is written first and marked failed (audited) on error, runs of one scope are refused
 * while one is under way, and closing the app waits for the runs it started.
 */
export const screeningRoutes: RoutePlugin = async (app) => {
  app.addHook('onClose', settleScreeningRuns);
  screeningRunRoutes(app);
  screeningResultRoutes(app);
};

/** Runs: start, list, read. */
function screeningRunRoutes(app: RouteApp): void {
  app.post(
    '/api/screening/runs',
    {
      schema: {
        tags,
        summary: '开展排查(应纳未纳、应消未消、应标未标、走访逾期) / run a screening of your area',
        body: ScreeningRunBody,
        response: withErrors({ 202: ScreeningRunView }),
      },
    },
    async (req, reply) => reply.code(202).send(await startScreeningRun(ctxOf(req), req.body)),
  );
  app.get(
    '/api/screening/runs',
    {
      schema: {
        tags,
        summary: '排查批次(本辖区的计数) / screening runs with the counts of your area',
        querystring: ScreeningRunListQuery,
        response: withErrors({ 200: ScreeningRunList }),
      },
    },
    (req) => screeningRunList(ctxOf(req), req.query),
  );
  app.get(
    '/api/screening/runs/:id',
    {
      schema: {
        tags,
        summary: '排查批次 / a screening run',
        params: IdParams,
        response: withErrors({ 200: ScreeningRunView }),
      },
    },
    (req) => screeningRun(ctxOf(req), req.params.id),
  );
}

/** What a run found: results, their export, two runs compared, one household explained. */
function screeningResultRoutes(app: RouteApp): void {
  app.get(
    '/api/screening/runs/:id/results',
    {
      schema: {
        tags,
        summary: '排查结果及其解释 / the findings of a run, each explained',
        params: IdParams,
        querystring: ScreeningResultQuery,
        response: withErrors({ 200: ScreeningResultPage }),
      },
    },
    (req) => screeningResults(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/screening/runs/:id/results/export.xlsx',
    {
      schema: {
        tags: [...tags, 'exports'],
        summary: '导出排查结果 / export the findings of a run',
        params: IdParams,
        querystring: ScreeningResultExportQuery,
        response: withErrors({ 200: XlsxFile, 202: ExportFileView }),
      },
    },
    async (req, reply) => sendExport(req, reply, await exportScreeningResults(ctxOf(req), req.params.id, req.query)),
  );
  app.get(
    '/api/screening/compare',
    {
      schema: {
        tags,
        summary: '两次排查的比较：新增、离开及原因 / two runs compared: who entered, who left, and why',
        querystring: ScreeningCompareQuery,
        response: withErrors({ 200: ScreeningComparison }),
      },
    },
    (req) => screeningComparison(ctxOf(req), req.query),
  );
  app.get(
    '/api/households/:id/screening',
    {
      schema: {
        tags,
        summary: '农户最近一次排查结论及原因 / the latest findings of a household and why',
        params: IdParams,
        response: withErrors({ 200: HouseholdScreeningView }),
      },
    },
    (req) => householdScreening(ctxOf(req), req.params.id),
  );
}
