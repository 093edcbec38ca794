import {
  AssistanceExportQuery,
  ChangeRequestExportQuery,
  CaseExportQuery,
  DeadlineExportQuery,
  HouseholdExportQuery,
  LeadExportQuery,
  LedgerExportQuery,
  NoticeExportQuery,
  VisitDueExportQuery,
  WarningExportQuery,
  XlsxFile,
} from '@dixian/core/api';
import type { FastifyReply } from 'fastify';
import { XLSX_TYPE } from '../../exports/xlsx-writer.js';
import {
  exportCases,
  exportChanges,
  exportDeadlines,
  exportLeads,
  exportWarnings,
} from '../../services/export-casework.service.js';
import { exportHouseholds, exportNotice, exportVisitsDue } from '../../services/export-households.service.js';
import { exportAssistance, exportLedger } from '../../services/export-ledgers.service.js';
import type { ExportDownload } from '../../services/export.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

function send(reply: FastifyReply, d: ExportDownload) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', d.contentDisposition)
    .header('cache-control', 'no-store')
    .send(d.stream);
}

/**
 * Excel exports of every list, with the list's own filters (GET …/export.xlsx). Streamed as they are written; every
 * export is audited; personal data masked unless asked for in clear by a role that may see it (with a reason).
 */
export const exportRoutes: RoutePlugin = async (app) => {
  const tags = ['exports'];
  const response = withErrors({ 200: XlsxFile });
  app.get(
    '/api/households/export.xlsx',
    { schema: { tags, summary: '导出农户名单 / export households', querystring: HouseholdExportQuery, response } },
    async (req, reply) => send(reply, await exportHouseholds(ctxOf(req), req.query)),
  );
  app.get(
    '/api/leads/export.xlsx',
    { schema: { tags, summary: '导出风险线索 / export leads', querystring: LeadExportQuery, response } },
    async (req, reply) => send(reply, await exportLeads(ctxOf(req), req.query)),
  );
  app.get(
    '/api/cases/export.xlsx',
    { schema: { tags, summary: '导出案件 / export cases', querystring: CaseExportQuery, response } },
    async (req, reply) => send(reply, await exportCases(ctxOf(req), req.query)),
  );
  app.get(
    '/api/visits/due/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出应走访农户 / export households due a visit',
        querystring: VisitDueExportQuery,
        response,
      },
    },
    async (req, reply) => send(reply, await exportVisitsDue(ctxOf(req), req.query)),
  );
  app.get(
    '/api/deadlines/export.xlsx',
    { schema: { tags, summary: '导出时限清单 / export deadlines', querystring: DeadlineExportQuery, response } },
    async (req, reply) => send(reply, await exportDeadlines(ctxOf(req), req.query)),
  );
  app.get(
    '/api/warnings/export.xlsx',
    {
      schema: { tags, summary: '导出部门预警 / export department warnings', querystring: WarningExportQuery, response },
    },
    async (req, reply) => send(reply, await exportWarnings(ctxOf(req), req.query)),
  );
  app.get(
    '/api/ledgers/export.xlsx',
    { schema: { tags, summary: '导出专项整治台账 / export the ledgers', querystring: LedgerExportQuery, response } },
    async (req, reply) => send(reply, await exportLedger(ctxOf(req), req.query)),
  );
  app.get(
    '/api/notices/export.xlsx',
    { schema: { tags, summary: '导出村级公示 / export a village notice', querystring: NoticeExportQuery, response } },
    async (req, reply) => send(reply, await exportNotice(ctxOf(req), req.query)),
  );
  app.get(
    '/api/assistance/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出社会救助名单 / export social-assistance cases',
        querystring: AssistanceExportQuery,
        response,
      },
    },
    async (req, reply) => send(reply, await exportAssistance(ctxOf(req), req.query)),
  );
  app.get(
    '/api/change-requests/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出变更申请 / export change requests',
        querystring: ChangeRequestExportQuery,
        response,
      },
    },
    async (req, reply) => send(reply, await exportChanges(ctxOf(req), req.query)),
  );
};
