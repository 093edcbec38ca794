/**
 * Department feeds over HTTP (issue 5 §1–2; S1 §四(二)3): the upload streamed to a temporary file and imported,
 * the batches and what became of each row, the validation report and the templates as downloads. The import
 * itself is `importFeed` (feed.service.ts); this file adds what an HTTP caller needs around it: the access check
 * before a byte is stored, the size limit while the body streams, and answers with ID numbers always masked.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  AppError,
  CaseStage,
  Department,
  fenToYuan,
  LeadStatus,
  WarningStatus,
  WarningVerificationResult,
  type Actor,
  type Department as DepartmentCode,
} from '@dixian/core';
import type { FeedBatchDetail, FeedBatchView, FeedRowsPage, FeedUndoResult, FeedUploadResult } from '@dixian/core/api';
import { attachment } from '../exports/xlsx-writer.js';
import { writeFeedReport, writeFeedTemplate } from '../feeds/report.js';
import { holdFile, makeTempDir, removeTempDir, withTempDir, type HeldFile } from '../feeds/temp.js';
import { FeedRepository, type FeedBatchRecord } from '../repositories/feed.repository.js';
import type { FeedServiceContext, ServiceContext } from './context.js';
import { getBatch, listBatches, undoFeedBatch } from './feed-batches.service.js';
import type { FeedImportStats } from './feed-pipeline.js';
import { importFeed, requireDepartment } from './feed.service.js';
import { listBatchOutcomes } from './warning.service.js';
import { areaOf } from './area.js';

/** Problems shown with a batch; the report has every one. */
const PROBLEMS_SHOWN = 200;

function feedCtx(ctx: ServiceContext): FeedServiceContext {
  return { store: ctx.store, actor: ctx.actor, now: ctx.now, requestId: ctx.requestId, maskPersonalData: true };
}

/** The county an actor works in (a department officer's, a county officer's); their scope when above county. */
function countyOf(actor: Actor): string {
  return actor.scopeCode.length >= 6 ? actor.scopeCode.slice(0, 6) : actor.scopeCode;
}

const NOT_YOURS = { zh: '无权查看或导入部门数据', en: 'you may not read or import department feeds' };

/**
 * Feed batches are county records: readable by county-level holders of `warning.read` (a department officer:
 * their own department's). Township and village users see the warnings that concern them in the warnings inbox.
 */
function requireFeedReader(actor: Actor): void {
  areaOf({ actor }).place(
    'warning.read',
    { regionCode: countyOf(actor), department: actor.department ?? null },
    NOT_YOURS,
  );
}

function tooLarge(maxBytes: number): AppError {
  const mb = Math.floor(maxBytes / (1024 * 1024));
  return new AppError('payload_too_large', {
    zh: `文件超过${mb} MB,请拆分后分批上传`,
    en: `the file is over ${mb} MB: split it and upload the parts`,
  });
}

/** The batch as the API shows it: counts from the row and the import's facts from its stats. */
export function batchView(b: FeedBatchRecord): FeedBatchView {
  const s = b.stats as Partial<FeedImportStats>;
  const num = (v: number | undefined) => (typeof v === 'number' ? v : 0);
  return {
    id: b.id,
    department: b.department as DepartmentCode,
    countyCode: b.countyCode,
    fileName: b.fileName,
    fileSha256: b.fileSha256,
    format: b.format,
    encoding: b.encoding,
    status: b.status,
    error: b.error,
    uploadedBy: b.uploadedBy,
    startedAt: new Date(b.startedAt).toISOString(),
    finishedAt: b.finishedAt ? new Date(b.finishedAt).toISOString() : null,
    receivedOn: s.receivedOn ?? null,
    headerRow: s.headerRow ?? null,
    ignoredHeaders: s.ignoredHeaders ?? [],
    rowsTotal: b.rowsTotal,
    rowsValid: b.rowsValid,
    rowsInvalid: b.rowsInvalid,
    rowsSkipped: num(s.rowsSkipped),
    rowsMatched: b.rowsMatched,
    rowsUnmatched: b.rowsUnmatched,
    outsideScope: num(s.outsideScope),
    errors: num(s.errors),
    notices: num(s.notices),
    warningsCreated: b.warningsCreated,
    duplicates: num(s.duplicates),
    leadsCreated: num(s.leadsCreated),
    attachedToCase: num(s.attachedToCase),
    attachedToLead: num(s.attachedToLead),
  };
}

/** The body a request carried when it is not a byte stream (no body, or one a JSON parser read): refused. */
function notAFile(): AppError {
  return new AppError(
    'bad_request',
    {
      zh: '请求体应为文件本身(Content-Type: application/octet-stream)',
      en: 'the request body must be the file itself (Content-Type: application/octet-stream)',
    },
    [{ path: 'body', message: '缺少文件内容 / no file in the request body' }],
  );
}

function isByteStream(body: unknown): body is Readable {
  return body instanceof Readable || (typeof body === 'object' && body !== null && 'pipe' in body && 'on' in body);
}

/**
 * Copy the request body to `file`, refusing it past `maxBytes`. The body is read by events, not piped with
 * pipeline(): on a refusal the rest is drained instead of the socket being destroyed, so the 413 reaches the client.
 * Every stream's 'error' is handled from the moment it exists and the promise settles only once the file is closed,
 * so removing the directory afterwards cannot make an unhandled stream error (issue 12 #1).
 */
function spool(body: Readable, file: string, maxBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let failure: Error | null = null;
    const out = fs.createWriteStream(file, { mode: 0o600 });
    const settle = () => (failure ? reject(failure) : resolve(bytes));
    out.on('error', (err) => fail(err));
    // 'close' comes after the descriptor is released, whichever way the write stream ends
    out.on('close', settle);
    const fail = (err: unknown) => {
      if (failure) return;
      failure = err instanceof Error ? err : new Error(String(err));
      body.unpipe(out);
      body.resume();
      out.destroy();
    };
    body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) fail(tooLarge(maxBytes));
    });
    body.on('error', fail);
    body.on('close', () => {
      if (!body.readableEnded) fail(new AppError('bad_request', { zh: '上传中断', en: 'the upload was interrupted' }));
    });
    body.pipe(out);
  });
}

export interface FeedUploadInput {
  department: string;
  fileName: string;
  countyCode?: string | undefined;
  /** the request body: the file's bytes */
  body: unknown;
  /** the Content-Length the client declared, when it did (refused at once when over the limit) */
  declaredBytes?: number | undefined;
  maxBytes: number;
}

/**
 * POST /api/feeds: check that the actor may import this department's file for the county before storing anything,
 * stream the body to a temporary file, import it (audited as `feed.import`), and remove the file.
 */
export async function uploadFeed(ctx: ServiceContext, input: FeedUploadInput): Promise<FeedUploadResult> {
  const department = requireDepartment(input.department);
  const county = input.countyCode ?? countyOf(ctx.actor);
  areaOf(ctx).place(
    'feed.upload',
    { regionCode: county, department },
    { zh: '无权为该部门或地区导入数据', en: 'you may not import data for this department or area' },
  );
  if (!isByteStream(input.body)) throw notAFile();
  if (input.declaredBytes !== undefined && input.declaredBytes > input.maxBytes) {
    input.body.resume();
    throw tooLarge(input.maxBytes);
  }
  const body = input.body;
  return withTempDir('upload', async (dir) => {
    // the uploaded file has no name on disk: a killed server leaves nothing of it (issue 12 #8)
    const held = holdFile(dir, 'upload');
    try {
      await spool(body, held.path, input.maxBytes);
      const r = await importFeed(feedCtx(ctx), {
        department,
        file: held.path,
        fileName: input.fileName,
        countyCode: input.countyCode,
      });
      return { batch: batchView(r.batch), alreadyImported: r.alreadyImported };
    } finally {
      held.release();
    }
  });
}

/**
 * POST /api/feeds/:id/undo (issue 12 #11): remove the batch's warnings and the leads it opened that nobody has
 * worked; 422 with every reason when something cannot be undone. Audited as `feed.undo`.
 */
export async function undoFeed(ctx: ServiceContext, id: string): Promise<FeedUndoResult> {
  const r = await undoFeedBatch(feedCtx(ctx), id);
  return { batch: batchView(r.batch), warningsRemoved: r.warningsRemoved, leadsRemoved: r.leadsRemoved };
}

/** GET /api/feeds: the batches of the actor's county, newest first (a department officer: their department's). */
export async function listFeedBatches(
  ctx: ServiceContext,
  q: { department?: string | undefined; limit?: number },
): Promise<{ items: FeedBatchView[] }> {
  requireFeedReader(ctx.actor);
  const rows = await listBatches(feedCtx(ctx), { department: q.department, limit: q.limit ?? 50 });
  return { items: rows.map(batchView) };
}

/** GET /api/feeds/:id: the batch, its first problems by row and column, and its warnings by status. */
export async function getFeedBatch(ctx: ServiceContext, id: string): Promise<FeedBatchDetail> {
  requireFeedReader(ctx.actor);
  const outcomes = await listBatchOutcomes(feedCtx(ctx), id, { page: 1, pageSize: 1 });
  const issues = await ctx.store.transaction((tx) => FeedRepository.in(tx).firstIssues(id, PROBLEMS_SHOWN));
  return {
    batch: batchView(outcomes.batch),
    problems: issues.rows.map((i) => ({
      rowNo: i.rowNo > 0 ? i.rowNo : null,
      column: i.columnName,
      severity: i.severity === 'notice' ? 'notice' : 'error',
      problem: i.problem,
    })),
    problemsTotal: issues.total,
    statusCounts: outcomes.statusCounts,
  };
}

/** A code's zh/en label; an unknown code is shown as itself rather than hidden. */
function labelOf(labels: Record<string, { zh: string; en: string }>, code: string | null) {
  if (code === null) return null;
  return labels[code] ?? { zh: code, en: code };
}

/** GET /api/feeds/:id/rows: what became of each row (S1 §四(二)3), ID numbers masked. */
export async function listFeedRows(
  ctx: ServiceContext,
  id: string,
  q: { page: number; pageSize: number },
): Promise<FeedRowsPage> {
  requireFeedReader(ctx.actor);
  const r = await listBatchOutcomes(feedCtx(ctx), id, q);
  return {
    items: r.rows.map((row) => ({
      rowNo: row.rowNo,
      personName: row.personName,
      idNumber: row.idNumber,
      outcome: row.outcome,
      signalType: row.signalType,
      noSignal: row.noSignal,
      warningId: row.warningId,
      warnedEarlier: row.warningId !== null && row.warningBatchId !== id,
      warningStatus: row.warningStatus as FeedRowsPage['items'][number]['warningStatus'],
      verificationResult: row.verificationResult as FeedRowsPage['items'][number]['verificationResult'],
      verificationReason: row.verificationReason,
      verifiedOn: row.verifiedOn,
      fedBackOn: row.fedBackOn,
      verifyDueOn: row.verifyDueOn,
      leadId: row.leadId,
      leadStatus: row.leadStatus as FeedRowsPage['items'][number]['leadStatus'],
      identificationDueOn: row.identificationDueOn,
      caseId: row.caseId,
      caseStage: row.caseStage as FeedRowsPage['items'][number]['caseStage'],
      regionCode: row.regionCode,
      amountYuan: row.metricFen === null ? null : fenToYuan(row.metricFen),
      labels: {
        warningStatus: labelOf(WarningStatus.labels, row.warningStatus),
        verificationResult: labelOf(WarningVerificationResult.labels, row.verificationResult),
        leadStatus: labelOf(LeadStatus.labels, row.leadStatus),
        caseStage: labelOf(CaseStage.labels, row.caseStage),
      },
    })),
    total: r.batch.rowsTotal,
    page: r.page,
    pageSize: r.pageSize,
  };
}

/** A file written to a temporary folder, streamed once and then removed. */
export interface FeedDownload {
  contentDisposition: string;
  stream: Readable;
}

function streamAndRemove(file: HeldFile, dir: string, fileName: string, asciiName: string): FeedDownload {
  const stream = fs.createReadStream(file.path);
  const done = () => {
    file.release();
    removeTempDir(dir);
  };
  // the stream holds the file open on its own: releasing ours now leaves it only as long as the download lasts
  stream.once('open', () => file.release());
  stream.on('close', done);
  // a download the client abandoned still removes its file; the error itself is Fastify's to log
  stream.on('error', done);
  return { contentDisposition: attachment(fileName, asciiName), stream };
}

/** GET /api/feeds/:id/report.xlsx: summary, problems by row and column, unmatched people, every row's outcome. */
export async function feedReportDownload(ctx: ServiceContext, id: string): Promise<FeedDownload> {
  requireFeedReader(ctx.actor);
  const batch = await getBatch(feedCtx(ctx), id);
  const dir = makeTempDir('report');
  try {
    // the report names people: a file with no name on disk, like the import's spools
    const file = holdFile(dir, 'report.xlsx');
    await writeFeedReport(feedCtx(ctx), batch.id, file.path);
    const base = batch.fileName.replace(/\.[^.]*$/, '');
    return streamAndRemove(file, dir, `${base}-校验报告.xlsx`, `feed-report-${batch.id.slice(0, 8)}.xlsx`);
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
}

/** GET /api/feeds/templates/:department.xlsx: the department's template (a department officer: their own). */
export async function feedTemplateDownload(ctx: ServiceContext, department: string): Promise<FeedDownload> {
  const dept = requireDepartment(department);
  areaOf(ctx).place('feed.upload', { regionCode: countyOf(ctx.actor), department: dept }, NOT_YOURS);
  const dir = makeTempDir('template');
  try {
    const file = holdFile(dir, 'template.xlsx');
    await writeFeedTemplate(dept, file.path);
    const label = Department.labels[dept].zh;
    return streamAndRemove(file, dir, `${label}推送模板.xlsx`, `feed-template-${dept}.xlsx`);
  } catch (err) {
    removeTempDir(dir);
    throw err;
  }
}
