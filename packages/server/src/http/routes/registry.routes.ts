import {
  HouseholdExportQuery,
  IdParams,
  RegistryCommitBody,
  RegistryImportBody,
  RegistryImportList,
  RegistryImportQuery,
  RegistryImportView,
  RegistryMappingBody,
  XlsxFile,
} from '@dixian/core/api';
import type { FastifyReply } from 'fastify';
import { XLSX_TYPE } from '../../exports/xlsx-writer.js';
import { commitRegistryImport, undoRegistryImport } from '../../services/registry-commit.service.js';
import { exportRegister, registryTemplate, type RegistryDownload } from '../../services/registry-export.service.js';
import {
  discardRegistryImport,
  getRegistryImport,
  listRegistryImports,
  mapRegistryHeaders,
  uploadRegistry,
} from '../../services/registry-import.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

/** A register workbook is far below this; the whole file is read in memory, never spooled to disk. */
export const REGISTRY_MAX_BYTES = 20 * 1024 * 1024;

function send(reply: FastifyReply, d: RegistryDownload) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', d.contentDisposition)
    .header('cache-control', 'no-store')
    .send(d.body);
}

const tags = ['registry'];

/**
 * Register import and export (issue 14 §4): the template, the register export in the template's sheets, and the
 * import's batches (upload → preview → header mapping → commit → undo). The upload's body is the .xlsx itself,
 * read into memory by the parser below (this plugin only).
 */
export const registryRoutes: RoutePlugin = async (app) => {
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.get(
    '/api/registry/template.xlsx',
    { schema: { tags, summary: '农户档案导入模板 / the register template', response: withErrors({ 200: XlsxFile }) } },
    async (req, reply) => send(reply, await registryTemplate(ctxOf(req))),
  );
  app.get(
    '/api/registry/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出农户档案(户信息、家庭成员、收入) / export the register',
        querystring: HouseholdExportQuery,
        response: withErrors({ 200: XlsxFile }),
      },
    },
    async (req, reply) => send(reply, await exportRegister(ctxOf(req), req.query)),
  );
  importRoutes(app);
};

/** The batches: upload for preview, list, read, map headers, commit, undo. */
function importRoutes(app: RouteApp): void {
  const view = withErrors({ 200: RegistryImportView });
  app.post(
    '/api/registry/imports',
    {
      bodyLimit: REGISTRY_MAX_BYTES,
      schema: {
        tags,
        summary: '上传农户档案文件并预览 / upload a register file for preview',
        description: '请求体为 .xlsx 文件本身,Content-Type: application/octet-stream / the body is the file itself',
        consumes: ['application/octet-stream'],
        querystring: RegistryImportQuery,
        body: RegistryImportBody,
        response: view,
      },
    },
    (req) => uploadRegistry(ctxOf(req), { fileName: req.query.fileName, body: req.body }),
  );
  app.get(
    '/api/registry/imports',
    {
      schema: {
        tags,
        summary: '农户档案导入批次 / register imports',
        response: withErrors({ 200: RegistryImportList }),
      },
    },
    (req) => listRegistryImports(ctxOf(req)),
  );
  app.get(
    '/api/registry/imports/:id',
    { schema: { tags, summary: '导入批次及预览 / an import and its preview', params: IdParams, response: view } },
    (req) => getRegistryImport(ctxOf(req), req.params.id),
  );
  app.post(
    '/api/registry/imports/:id/mapping',
    {
      schema: {
        tags,
        summary: '指定表头对应(本县记住) / map headers (remembered for the county)',
        params: IdParams,
        body: RegistryMappingBody,
        response: view,
      },
    },
    (req) => mapRegistryHeaders(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/registry/imports/:id/commit',
    {
      schema: {
        tags,
        summary: '确认导入(一个事务) / commit the import (one transaction)',
        params: IdParams,
        body: RegistryCommitBody,
        response: view,
      },
    },
    (req) => commitRegistryImport(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/registry/imports/:id/undo',
    { schema: { tags, summary: '撤销整批导入 / undo the import', params: IdParams, response: view } },
    (req) => undoRegistryImport(ctxOf(req), req.params.id),
  );
  app.post(
    '/api/registry/imports/:id/discard',
    {
      schema: {
        tags,
        summary: '放弃未导入的预览,删除暂存行 / discard a preview and its staged rows',
        params: IdParams,
        response: view,
      },
    },
    (req) => discardRegistryImport(ctxOf(req), req.params.id),
  );
}
