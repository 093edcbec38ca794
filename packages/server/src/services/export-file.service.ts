/**
 * Background exports, the 下载中心 (issue 19 §2): a county's list of 300,000 households is an Excel file of tens of
 * megabytes that takes seconds of CPU to write, and at the month's start several officers ask at once. Asked for
 * in the background (`Prefer: respond-async`), an export is checked and audited as a direct one, answered at once,
 * and written later: one at a time per server process, so the pages the village cadres wait on keep the other
 * core. The file is sealed with the field keys (it holds names) and kept a day for its requester only.
 * An export with personal data in clear is never kept: the route answers it at once instead.
 */
import type { ExportFileList, ExportFileView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { ExportFileRepository, type ExportFileRow } from '../repositories/export-file.repository.js';
import { fileKeyIdOf } from '../security/field-cipher.js';
import { openBytes, sealBytes } from '../security/field-keys.js';
import type { ServiceContext } from './context.js';
import { notFound } from './access.js';
import type { ExportDownload } from './export.service.js';

/** How long a file is kept for its requester. */
export const EXPORT_FILE_HOURS = 24;
/** A queued or running export whose server has not beaten for this long has stopped (a restart): failed. */
const STALE_SECONDS = 180;
const HEARTBEAT_MS = 30_000;
const FILE = { zh: '导出文件', en: 'export file' };

/** The exports of this process, written one after another. */
let line: Promise<void> = Promise.resolve();
const pending = new Set<Promise<void>>();

/** Wait for this process's background exports (tests, and a server stopping). */
export async function settleExports(): Promise<void> {
  while (pending.size) await Promise.allSettled([...pending]);
}

export function toExportFileView(r: ExportFileRow): ExportFileView {
  return {
    id: r.id,
    list: r.list,
    title: r.title,
    fileName: r.fileName,
    status: r.status as ExportFileView['status'],
    sizeBytes: r.sizeBytes,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt.toISOString(),
  };
}

/** Record the export as queued and put it in this process's line; answers the queued file. */
export async function queueExport(ctx: ServiceContext, d: ExportDownload): Promise<ExportFileView> {
  if (d.unmasked) throw new Error('an export in clear is never kept');
  const now = ctx.now();
  const repo = new ExportFileRepository(ctx.store.db);
  const row = await repo.insert({
    createdBy: ctx.actor.id,
    list: d.list,
    title: d.title,
    fileName: d.fileName,
    asciiName: d.asciiName,
    regionCode: d.regionCode,
    at: now,
    expiresAt: new Date(now.getTime() + EXPORT_FILE_HOURS * 3_600_000),
  });
  const job = line.then(() => write(ctx, row.id, d));
  line = job;
  pending.add(job);
  void job.finally(() => pending.delete(job));
  track(ctx, row.id, job);
  return toExportFileView(row);
}

/** Write one export to memory, seal it and store it; a failure is recorded on the file, never thrown. */
async function write(ctx: ServiceContext, id: string, d: ExportDownload): Promise<void> {
  const repo = new ExportFileRepository(ctx.store.db);
  try {
    await repo.running(id, ctx.now());
    const chunks: Buffer[] = [];
    for await (const chunk of d.open()) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    await repo.finish(id, sealBytes(bytes), bytes.length, ctx.now());
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await repo.fail(id, `生成失败 / failed: ${message}`, ctx.now()).catch(() => undefined);
  }
}

/**
 * This process's files in line, queued or being written: their heartbeat is kept fresh every HEARTBEAT_MS, so a
 * file waiting behind a long export is not taken for one whose server stopped.
 */
const inLine = new Map<string, ServiceContext>();
let beating: NodeJS.Timeout | undefined;

function track(ctx: ServiceContext, id: string, job: Promise<void>): void {
  inLine.set(id, ctx);
  beating ??= setInterval(() => {
    for (const [fileId, c] of inLine)
      void new ExportFileRepository(c.store.db).heartbeat(fileId, c.now()).catch(() => undefined);
  }, HEARTBEAT_MS).unref();
  void job.finally(() => {
    inLine.delete(id);
    if (!inLine.size && beating) {
      clearInterval(beating);
      beating = undefined;
    }
  });
}

/** GET /api/export-files: the user's own files of the last day, newest first. */
export async function listExportFiles(ctx: ServiceContext): Promise<ExportFileList> {
  const repo = new ExportFileRepository(ctx.store.db);
  const now = ctx.now();
  await repo.failStale(
    new Date(now.getTime() - STALE_SECONDS * 1000),
    '服务器重启，导出中断，请重新导出 / the server restarted while writing; export again',
    now,
  );
  return { items: (await repo.listOf(ctx.actor.id, 100)).map(toExportFileView) };
}

export async function getExportFile(ctx: ServiceContext, id: string): Promise<ExportFileView> {
  const row = await new ExportFileRepository(ctx.store.db).get(id, ctx.actor.id);
  if (!row) throw notFound(FILE);
  return toExportFileView(row);
}

/** GET /api/export-files/{id}/file: the file, opened; audited like the export it came from. */
export async function downloadExportFile(
  ctx: ServiceContext,
  id: string,
): Promise<{ row: ExportFileRow; bytes: Buffer }> {
  const repo = new ExportFileRepository(ctx.store.db);
  const row = await repo.get(id, ctx.actor.id);
  const sealed = row?.status === 'ready' ? await repo.content(id, ctx.actor.id) : undefined;
  const bytes = sealed ? openBytes(sealed) : undefined;
  if (!row || !bytes) throw notFound(FILE);
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'export_file.download',
      targetType: 'export_file',
      targetId: id,
      regionCode: row.regionCode,
      detail: { list: row.list, fileName: row.fileName, sizeBytes: row.sizeBytes },
    }),
  );
  return { row, bytes };
}

/** DELETE /api/export-files/{id}: the requester removes the file before it expires (audited). */
export async function deleteExportFile(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const repo = new ExportFileRepository(tx.db);
    const row = await repo.get(id, ctx.actor.id);
    if (!row || !(await repo.delete(id, ctx.actor.id))) throw notFound(FILE);
    await appendAudit(tx, ctx, {
      action: 'export_file.delete',
      targetType: 'export_file',
      targetId: id,
      regionCode: row.regionCode,
      detail: { list: row.list, fileName: row.fileName },
    });
  });
}

/** How many stored files each key sealed (`dixian keys retire` refuses a key that still opens one). */
export async function exportFileKeyCounts(store: ServiceContext['store']): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const head of await new ExportFileRepository(store.db).heads()) {
    const id = fileKeyIdOf(head);
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** The export-files job: files past their day are deleted (a cheap indexed delete, every tick). */
export function purgeExportFiles(ctx: { store: ServiceContext['store']; now: () => Date }): Promise<number> {
  return new ExportFileRepository(ctx.store.db).purge(ctx.now());
}
