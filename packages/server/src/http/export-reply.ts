import type { FastifyReply, FastifyRequest } from 'fastify';
import { XLSX_TYPE } from '../exports/xlsx-writer.js';
import { queueExport } from '../services/export-file.service.js';
import type { ExportDownload } from '../services/export.service.js';
import { ctxOf } from './context.js';

/** RFC 7240: the client would rather have 202 and fetch the result later (as FHIR's bulk export asks). */
function wantsAsync(req: FastifyRequest): boolean {
  const prefer = req.headers.prefer;
  return (Array.isArray(prefer) ? prefer.join(',') : (prefer ?? ''))
    .split(/[,;]/)
    .some((p) => p.trim() === 'respond-async');
}

/**
 * Answer an export: queued for the 下载中心 (202, the file's record, `Content-Location` to poll) when the client
 * prefers it, else the file streamed as it is written. An export in clear is never kept, so it is always streamed
 * (a server may ignore a preference, RFC 7240 §2).
 */
export async function sendExport(req: FastifyRequest, reply: FastifyReply, d: ExportDownload) {
  if (wantsAsync(req) && !d.unmasked) {
    const file = await queueExport(ctxOf(req), d);
    return reply
      .code(202)
      .header('preference-applied', 'respond-async')
      .header('content-location', `/api/export-files/${file.id}`)
      .send(file);
  }
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', d.contentDisposition)
    .header('cache-control', 'no-store')
    .send(d.open());
}
