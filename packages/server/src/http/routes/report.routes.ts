import type { FastifyReply } from 'fastify';
import { Report, ReportParams, ReportQuery, XlsxFile } from '@dixian/core/api';
import { z } from 'zod';
import { reportPdf, noCjkFont, pdfFont } from '../../exports/report-pdf.js';
import { reportWorkbook } from '../../exports/report-workbook.js';
import { attachment, XLSX_TYPE } from '../../exports/xlsx-writer.js';
import { buildReport, reportForExport } from '../../services/reports/report.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

function sendFile(reply: FastifyReply, type: string, disposition: string, body: Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', disposition)
    .header('cache-control', 'no-store')
    .send(body);
}

const PdfFile = z.string().describe('a PDF document (application/pdf)');

/** The monthly and year-end reports of a county or township (issue 17 §5): JSON, a workbook and a PDF. */
export const reportRoutes: RoutePlugin = async (app) => {
  const tags = ['reports'];
  app.get(
    '/api/reports/:period',
    {
      schema: {
        tags,
        summary: '月度/年度统计报告 / the monthly or year-end report',
        params: ReportParams,
        querystring: ReportQuery,
        response: withErrors({ 200: Report }),
      },
    },
    (req) => buildReport(ctxOf(req), req.params.period, req.query),
  );
  app.get(
    '/api/reports/:period/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出统计报告 Excel / the report as a workbook',
        params: ReportParams,
        querystring: ReportQuery,
        response: withErrors({ 200: XlsxFile }),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const r = await reportForExport(ctx, req.params.period, req.query, 'xlsx');
      const body = await reportWorkbook(r, ctx.actor.username);
      const name = attachment(`${r.region.name}${r.title}.xlsx`, `report-${r.region.code}-${r.period}.xlsx`);
      return sendFile(reply, XLSX_TYPE, name, body);
    },
  );
  app.get(
    '/api/reports/:period/report.pdf',
    {
      schema: {
        tags,
        summary: '统计报告 PDF(可打印) / the report as a printable PDF',
        params: ReportParams,
        querystring: ReportQuery,
        response: withErrors({ 200: PdfFile }),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // no font, no file: refused before anything is audited
      const r = await reportForExport(ctx, req.params.period, req.query, 'pdf', () => {
        if (!pdfFont()) throw noCjkFont();
      });
      const body = await reportPdf(r, ctx.actor.username);
      const name = attachment(`${r.region.name}${r.title}.pdf`, `report-${r.region.code}-${r.period}.pdf`);
      return sendFile(reply, 'application/pdf', name, body);
    },
  );
};
