import {
  FeedBatchDetail,
  FeedBatchList,
  FeedBatchListQuery,
  FeedIdParams,
  FeedRowsPage,
  FeedRowsQuery,
  FeedTemplateParams,
  FeedUndoResult,
  FeedUploadBody,
  FeedUploadQuery,
  FeedUploadResult,
  XlsxFile,
} from '@dixian/core/api';
import type { FastifyReply } from 'fastify';
import { XLSX_TYPE } from '../../exports/xlsx-writer.js';
import {
  feedReportDownload,
  feedTemplateDownload,
  getFeedBatch,
  listFeedBatches,
  listFeedRows,
  undoFeed,
  uploadFeed,
  type FeedDownload,
} from '../../services/feed-api.service.js';
import { sweepStaleTempDirs } from '../../feeds/temp.js';
import { ctxOf } from '../context.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

function send(reply: FastifyReply, d: FeedDownload) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', d.contentDisposition)
    .header('cache-control', 'no-store')
    .send(d.stream);
}

const tags = ['feeds'];

/**
 * Department feeds (issue 5 §1–2): upload a file, the batches, what became of each row, the validation report and
 * the templates. The upload's body is the file itself (application/octet-stream): the parser below hands the
 * request stream to the service untouched, which writes it to a temporary file with its own size limit
 * (`DIXIAN_FEED_MAX_MB`), so a large file is never held in memory. The parser is registered in this plugin only.
 */
export const feedRoutes: RoutePlugin = async (app) => {
  // uploads and spools a killed process left behind go at start, not only at the next import (issue 12 #8)
  sweepStaleTempDirs(undefined, { legacy: true });
  app.addContentTypeParser('application/octet-stream', (_req, payload, done) => done(null, payload));

  feedBatchRoutes(app);
  oneBatchRoutes(app);
};

/** Upload, the list of batches and the templates. */
function feedBatchRoutes(app: RouteApp): void {
  const maxBytes = app.services.config.feedMaxBytes;
  app.post(
    '/api/feeds',
    {
      bodyLimit: maxBytes,
      schema: {
        tags,
        summary: '上传部门数据文件 / upload a department file',
        description:
          '请求体为文件本身(CSV 或 .xlsx),Content-Type: application/octet-stream / the body is the file itself',
        consumes: ['application/octet-stream'],
        querystring: FeedUploadQuery,
        body: FeedUploadBody,
        response: withErrors({ 200: FeedUploadResult }),
      },
    },
    async (req) => {
      const declared = req.headers['content-length'];
      return uploadFeed(ctxOf(req), {
        department: req.query.department,
        fileName: req.query.fileName,
        countyCode: req.query.countyCode,
        body: req.body,
        declaredBytes: declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined,
        maxBytes,
      });
    },
  );
  app.get(
    '/api/feeds',
    {
      schema: {
        tags,
        summary: '部门数据导入批次 / feed batches',
        querystring: FeedBatchListQuery,
        response: withErrors({ 200: FeedBatchList }),
      },
    },
    (req) => listFeedBatches(ctxOf(req), req.query),
  );
  app.get(
    '/api/feeds/templates/:department.xlsx',
    {
      schema: {
        tags,
        summary: '部门推送模板 / a department’s template',
        params: FeedTemplateParams,
        response: withErrors({ 200: XlsxFile }),
      },
    },
    async (req, reply) => send(reply, await feedTemplateDownload(ctxOf(req), req.params.department)),
  );
}

/** One batch: read it, its rows, its report, undo it. */
function oneBatchRoutes(app: RouteApp): void {
  app.get(
    '/api/feeds/:id',
    {
      schema: {
        tags,
        summary: '导入批次详情 / a feed batch',
        params: FeedIdParams,
        response: withErrors({ 200: FeedBatchDetail }),
      },
    },
    (req) => getFeedBatch(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/feeds/:id/rows',
    {
      schema: {
        tags,
        summary: '逐条处理结果 / what became of each row',
        params: FeedIdParams,
        querystring: FeedRowsQuery,
        response: withErrors({ 200: FeedRowsPage }),
      },
    },
    (req) => listFeedRows(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/feeds/:id/report.xlsx',
    {
      schema: {
        tags,
        summary: '校验报告 / the validation report',
        params: FeedIdParams,
        response: withErrors({ 200: XlsxFile }),
      },
    },
    async (req, reply) => send(reply, await feedReportDownload(ctxOf(req), req.params.id)),
  );
  app.post(
    '/api/feeds/:id/undo',
    {
      schema: {
        tags,
        summary: '撤销本批 / undo a whole batch',
        description:
          '删除本批的预警和本批新建且尚无人处理的线索;已有人处理的,整批拒绝(422)并说明原因 / removes the batch’s warnings and the leads it opened when nobody has worked them; otherwise 422 with the reasons',
        params: FeedIdParams,
        response: withErrors({ 200: FeedUndoResult }),
      },
    },
    (req) => undoFeed(ctxOf(req), req.params.id),
  );
}
