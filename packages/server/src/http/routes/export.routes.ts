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
  ExportFileView,
  XlsxFile,
} from '@dixian/core/api';
import {
  exportCases,
  exportChanges,
  exportDeadlines,
  exportLeads,
  exportWarnings,
} from '../../services/export-casework.service.js';
import { exportHouseholds, exportNotice, exportVisitsDue } from '../../services/export-households.service.js';
import { exportAssistance, exportLedger } from '../../services/export-ledgers.service.js';
import { ctxOf } from '../context.js';
import { sendExport } from '../export-reply.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/**
 * Excel exports of every list, with the list's own filters (GET …/export.xlsx). Streamed as they are written, or
 * written in the background for the 下载中心 with `Prefer: respond-async` (export-reply.ts); every export is audited;
 * personal data masked unless asked for in clear by a role that may see it (with a reason).
 */
export const exportRoutes: RoutePlugin = async (app) => {
  const tags = ['exports'];
  const response = withErrors({ 200: XlsxFile, 202: ExportFileView });
  app.get(
    '/api/households/export.xlsx',
    { schema: { tags, summary: '导出农户名单 / export households', querystring: HouseholdExportQuery, response } },
    async (req, reply) => sendExport(req, reply, await exportHouseholds(ctxOf(req), req.query)),
  );
  app.get(
    '/api/leads/export.xlsx',
    { schema: { tags, summary: '导出风险线索 / export leads', querystring: LeadExportQuery, response } },
    async (req, reply) => sendExport(req, reply, await exportLeads(ctxOf(req), req.query)),
  );
  app.get(
    '/api/cases/export.xlsx',
    { schema: { tags, summary: '导出案件 / export cases', querystring: CaseExportQuery, response } },
    async (req, reply) => sendExport(req, reply, await exportCases(ctxOf(req), req.query)),
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
    async (req, reply) => sendExport(req, reply, await exportVisitsDue(ctxOf(req), req.query)),
  );
  app.get(
    '/api/deadlines/export.xlsx',
    { schema: { tags, summary: '导出时限清单 / export deadlines', querystring: DeadlineExportQuery, response } },
    async (req, reply) => sendExport(req, reply, await exportDeadlines(ctxOf(req), req.query)),
  );
  app.get(
    '/api/warnings/export.xlsx',
    {
      schema: { tags, summary: '导出部门预警 / export department warnings', querystring: WarningExportQuery, response },
    },
    async (req, reply) => sendExport(req, reply, await exportWarnings(ctxOf(req), req.query)),
  );
  app.get(
    '/api/ledgers/export.xlsx',
    { schema: { tags, summary: '导出专项整治台账 / export the ledgers', querystring: LedgerExportQuery, response } },
    async (req, reply) => sendExport(req, reply, await exportLedger(ctxOf(req), req.query)),
  );
  app.get(
    '/api/notices/export.xlsx',
    { schema: { tags, summary: '导出村级公示 / export a village notice', querystring: NoticeExportQuery, response } },
    async (req, reply) => sendExport(req, reply, await exportNotice(ctxOf(req), req.query)),
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
    async (req, reply) => sendExport(req, reply, await exportAssistance(ctxOf(req), req.query)),
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
    async (req, reply) => sendExport(req, reply, await exportChanges(ctxOf(req), req.query)),
  );
};
