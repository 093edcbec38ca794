import { ExportFileList, ExportFileView, IdParams, XlsxFile } from '@dixian/core/api';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { XLSX_TYPE, attachment } from '../../exports/xlsx-writer.js';
import {
  deleteExportFile,
  downloadExportFile,
  getExportFile,
  listExportFiles,
  settleExports,
} from '../../services/export-file.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

const tags = ['exports'];

function sendFile(
  reply: FastifyReply,
  { row, bytes }: { row: { fileName: string; asciiName: string }; bytes: Buffer },
) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', attachment(row.fileName, row.asciiName))
    .header('cache-control', 'no-store')
    .send(bytes);
}

/**
 * The 下载中心: the background exports a user asked for (`Prefer: respond-async` on an …/export.xlsx), each seen
 * and fetched by its requester only. Closing the app waits for the exports being written.
 */
export const exportFileRoutes: RoutePlugin = async (app) => {
  app.addHook('onClose', settleExports);
  app.get(
    '/api/export-files',
    { schema: { tags, summary: '下载中心 / my background exports', response: withErrors({ 200: ExportFileList }) } },
    (req) => listExportFiles(ctxOf(req)),
  );
  app.get(
    '/api/export-files/:id',
    {
      schema: {
        tags,
        summary: '后台导出的状态 / a background export',
        params: IdParams,
        response: withErrors({ 200: ExportFileView }),
      },
    },
    (req) => getExportFile(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/export-files/:id/file',
    {
      schema: {
        tags,
        summary: '下载后台导出的文件 / download a background export',
        params: IdParams,
        response: withErrors({ 200: XlsxFile }),
      },
    },
    async (req, reply) => sendFile(reply, await downloadExportFile(ctxOf(req), req.params.id)),
  );
  app.delete(
    '/api/export-files/:id',
    {
      schema: {
        tags,
        summary: '删除后台导出的文件 / delete a background export',
        params: IdParams,
        response: withErrors({ 204: z.null() }),
      },
    },
    async (req, reply) => {
      await deleteExportFile(ctxOf(req), req.params.id);
      return reply.code(204).send(null);
    },
  );
};
