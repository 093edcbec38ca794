/**
 * Department feed import (issue 5 §1–2; S1 §四(二)3; DOMAIN §6): one file in, every row staged and matched in
 * set-based SQL, warnings raised under the policy of each household's region, and leads opened on the household's
 * village or warnings attached to what is already open. All in one transaction: a failure leaves no rows, only a
 * 'failed' batch record saying why; the same file again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  addDays,
  AppError,
  chinaDate,
  Department,
  FEED_DEPARTMENTS,
  feedSpec,
  isWithin,
  type Actor,
  type Department as DepartmentCode,
} from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import type { Store, Tx } from '../db/store.js';
import { SYSTEM_ACTOR } from './context.js';
import {
  issueLine,
  lineChunks,
  runParse,
  type ParsedChunk,
  type ParseOutcome,
  type ParseProgress,
  type SegmentIds,
} from '../feeds/parse.js';
import { probeSource, sha256File, type SourceInfo, type TextEncoding } from '../feeds/source.js';
import { Splicer } from '../feeds/splice.js';
import { holdFile, makeTempDir, removeTempDir } from '../feeds/temp.js';
import { emptyStats, type StageStats } from '../feeds/stage.js';
import { PolicyBook } from '../policies/policy-at.js';
import { FeedRepository, type FeedBatchRecord, type UndoBlocker } from '../repositories/feed.repository.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { WarningRepository, type PolicyPartition } from '../repositories/warning.repository.js';
import { areaOf } from './area.js';

/** What the feed services need: the store, who is acting, and the clock (receipt time starts the 15 days). */
export interface FeedServiceContext {
  store: Store;
  actor: Actor;
  now: () => Date;
  /** the request an import is audited under (HTTP); null for the CLI */
  requestId?: string | null;
  /** mask ID numbers whatever the role (HTTP answers: a clear read needs the audited unmask) */
  maskPersonalData?: boolean;
}

export interface ImportFeedInput {
  department: string;
  /** path of the uploaded or given file */
  file: string;
  /** the name the department gave the file (defaults to the path's base name) */
  fileName?: string | undefined;
  /** 6-digit county the feed is for; defaults to the actor's county scope */
  countyCode?: string | undefined;
  /** override encoding detection for CSV */
  encoding?: TextEncoding | undefined;
  /** import this sheet of an .xlsx (default: the first with a header) */
  sheet?: string | undefined;
  /** the new batch's id (default: a fresh one), so a caller can follow the import before it commits */
  batchId?: string | undefined;
  /** parse on a worker thread (default: when the file is over WORKER_THRESHOLD_BYTES) */
  worker?: boolean | undefined;
  /** called as each phase ends (the CLI and the benchmark print the timings) */
  onPhase?: ((phase: ImportPhase) => void) | undefined;
  /** rows and bytes read while the file is parsed */
  onProgress?: ((p: ParseProgress) => void) | undefined;
}

/**
 * Phases of an import, in order: `parsed` (the file read and normalised, and, overlapping it segment by segment,
 * its rows matched and stored), `stored` (the row problems written), `warnings`, `leads` (attached or opened),
 * `done` (committed).
 */
export const IMPORT_PHASES = ['parsed', 'stored', 'warnings', 'leads', 'done'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/**
 * Rows matched and stored per segment, while the parser reads the next: small enough that the parse and the
 * database overlap for most of the file, large enough that a statement's round trip is a small part of it.
 */
const SEGMENT_ROWS = 25_000;

/** Everything the import learned, stored in feed_batch.stats and shown in the report. */
export interface FeedImportStats extends StageStats {
  source: SourceInfo;
  outsideScope: number;
  issuesSaved: number;
  warningsCreated: number;
  duplicates: number;
  attachedToCase: number;
  attachedToLead: number;
  leadsCreated: number;
  policies: { prefix: string; version: string }[];
  receivedOn: string;
}

export interface ImportFeedResult {
  batch: FeedBatchRecord;
  /** true when this very file had been imported before: nothing was changed */
  alreadyImported: boolean;
}

export function requireDepartment(code: string): DepartmentCode {
  const spec = feedSpec(code);
  if (!spec) {
    throw new AppError(
      'validation_failed',
      { zh: `未知的部门代码"${code}"`, en: `unknown department code "${code}"` },
      [{ path: 'department', message: `可用 / one of: ${FEED_DEPARTMENTS.join(', ')}` }],
    );
  }
  return spec.department;
}

const NOT_YOURS = { zh: '无权为该部门或地区导入数据', en: 'you may not import data for this department or area' };
const BATCH = { zh: '导入批次', en: 'feed batch' };

/** The county a feed is for: the one asked for (inside the actor's scope) or the actor's own county. */
function feedCounty(actor: Actor, requested: string | undefined): string | null {
  if (requested !== undefined) {
    if (!/^\d{6}$/.test(requested)) {
      throw new AppError('validation_failed', { zh: '县级区划代码应为6位', en: 'a county code has 6 digits' }, [
        { path: 'county', message: requested },
      ]);
    }
    if (!isWithin(requested, actor.scopeCode)) throw new AppError('forbidden', NOT_YOURS);
    return requested;
  }
  return actor.scopeCode.length === 6 ? actor.scopeCode : null;
}

/** Policy partitions of the matched counties: each county, minus the townships and villages with their own. */
function partitionsFor(counties: string[], prefixes: string[]): PolicyPartition[] {
  const out: PolicyPartition[] = [];
  for (const county of counties) {
    const subs = [...new Set(prefixes.filter((p) => p.length > 6 && p.startsWith(county)))];
    for (const prefix of [county, ...subs]) {
      out.push({ prefix, exclude: subs.filter((s) => s.length > prefix.length && s.startsWith(prefix)) });
    }
  }
  return out;
}

/**
 * Import one department file. Row problems go to the report and never stop the import; a file-level problem (no
 * header, unreadable, unknown department) throws AppError('validation_failed') naming what and where.
 */
export async function importFeed(ctx: FeedServiceContext, input: ImportFeedInput): Promise<ImportFeedResult> {
  const department = requireDepartment(input.department);
  const countyCode = feedCounty(ctx.actor, input.countyCode);
  const target = { regionCode: countyCode ?? ctx.actor.scopeCode, department };
  areaOf(ctx).place('feed.upload', target, NOT_YOURS);

  const receivedAt = ctx.now();
  const receivedOn = chinaDate(receivedAt);
  const sha256 = await sha256File(input.file);
  const fileName = input.fileName ?? path.basename(input.file);
  const existing = await ctx.store.transaction((tx) => FeedRepository.in(tx).findBatch(department, sha256));
  if (existing?.status === 'done') return { batch: existing, alreadyImported: true };

  const info = probeSource(input.file, { encoding: input.encoding });
  const batchFacts = {
    department,
    countyCode,
    fileName,
    sha256,
    format: info.format,
    encoding: info.encoding,
    // the system actor (CLI) is not a stored user
    uploadedBy: isUuid(ctx.actor.id) && ctx.actor.id !== SYSTEM_ACTOR.id ? ctx.actor.id : null,
    receivedAt,
  };
  let stage = emptyStats();
  const scopePrefix = countyCode ?? ctx.actor.scopeCode;
  const spoolDir = makeTempDir('feed');
  // the spool holds names and ID numbers: a file with no name, gone with the process whatever ends it
  const issuesSpool = holdFile(spoolDir, 'issues.copy');

  const run: ImportRun = { ctx, input, department, countyCode, scopePrefix, receivedAt, receivedOn, info, spoolDir };
  try {
    const batchId = await ctx.store.transaction(async (tx) => {
      const feeds = FeedRepository.in(tx);
      if (existing?.status === 'failed' || existing?.status === 'undone') await feeds.deleteFailedBatch(existing.id);
      const id = await feeds.insertBatch({ ...batchFacts, id: input.batchId ?? randomUUID() });
      await feeds.tuneForBulk(ctx.store.kind);
      const parsed = await parseAndMatch(tx, run, id, issuesSpool.path);
      stage = parsed.stats;
      input.onPhase?.('parsed');
      const stored = await storeIssues(tx, id, parsed);
      input.onPhase?.('stored');
      const raised = await raiseWarnings(tx, run, id);
      await finish(tx, run, id, { ...stored, ...raised, stage, fileName, sha256 });
      return id;
    });
    input.onPhase?.('done');
    const batch = await ctx.store.transaction((tx) => FeedRepository.in(tx).batchInScope(batchId, ''));
    return { batch: batch!, alreadyImported: false };
  } catch (err) {
    const message = failureText(err);
    // The transaction rolled back: record the failure (no rows) so the department sees it; a retry replaces it.
    await ctx.store
      .transaction((tx) => FeedRepository.in(tx).recordFailure(batchFacts, message, { ...stage, source: info }))
      .catch(() => undefined);
    throw err;
  } finally {
    issuesSpool.release();
    removeTempDir(spoolDir);
  }
}

/** Why an import failed, as the batch keeps it: the message and, for a refused file, each problem with its row. */
function failureText(err: unknown): string {
  if (!(err instanceof AppError)) return err instanceof Error ? err.message : String(err);
  const lines = err.issues.map((i) => `${i.row ? `第${i.row}行 ` : ''}${i.column ? `${i.column}列 ` : ''}${i.message}`);
  return [err.message, ...lines].join('\n');
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** A batch the actor may read (its county scope; a department officer only their department's). */
export async function getBatch(ctx: FeedServiceContext, batchId: string): Promise<FeedBatchRecord> {
  const area = areaOf(ctx);
  const { regionPrefix, department } = area.scope;
  const batch = await ctx.store.transaction((tx) =>
    FeedRepository.in(tx).batchInScope(batchId, regionPrefix, department),
  );
  const target = batch && { regionCode: batch.countyCode ?? '', department: batch.department };
  area.require('warning.read', target, BATCH, batchId);
  return batch!;
}

export async function listBatches(
  ctx: FeedServiceContext,
  opts: { department?: string | undefined; limit?: number } = {},
): Promise<FeedBatchRecord[]> {
  const area = areaOf(ctx);
  area.allow('warning.read');
  const dept = area.scope.department ?? opts.department;
  return ctx.store.transaction((tx) =>
    FeedRepository.in(tx).listBatches(area.scope.regionPrefix, dept, Math.min(opts.limit ?? 50, 500)),
  );
}

/** What an undo removed. */
export interface UndoFeedResult {
  batch: FeedBatchRecord;
  warningsRemoved: number;
  leadsRemoved: number;
}

const UNDO_REASON: Record<UndoBlocker['reason'], string> = {
  warning_worked: '预警已核实或已反馈 / the warning has been verified or fed back',
  lead_worked: '线索已有人处理(已核实、转为案件或有其他线索并入) / the lead has been worked on',
  relied_on_by_later_batch:
    '之后的推送依赖此预警(未重复预警),请先撤销之后的批次 / a later feed relies on this warning: undo that batch first',
};

/**
 * Undo a whole batch (issue 12 #11: a file imported as the wrong department): remove its warnings and the leads
 * it opened, when nobody has worked any of them yet; otherwise refuse with every reason (precondition_failed),
 * changing nothing. The batch stays, marked `undone` (its rows and problems remain for the record); the same file
 * may then be imported again. Audited as `feed.undo`.
 */
export async function undoFeedBatch(ctx: FeedServiceContext, batchId: string): Promise<UndoFeedResult> {
  areaOf(ctx).allow('feed.upload');
  const batch = await getBatch(ctx, batchId);
  areaOf(ctx).place('feed.upload', { regionCode: batch.countyCode ?? '', department: batch.department }, NOT_YOURS);
  const result = await ctx.store.transaction(async (tx) => {
    const feeds = FeedRepository.in(tx);
    // the import's lock: no import attaches to these leads while they go
    await new WarningRepository(tx.client).lock();
    const current = await feeds.batchInScope(batchId, '');
    if (current?.status !== 'done') {
      throw new AppError('precondition_failed', {
        zh: `该批次状态为"${BATCH_STATUS_ZH[current?.status ?? 'failed']}",无可撤销的内容`,
        en: `the batch is ${current?.status ?? 'gone'}: there is nothing to undo`,
      });
    }
    const blockers = await feeds.undoBlockers(batchId);
    if (blockers.length) {
      throw new AppError(
        'precondition_failed',
        {
          zh: '本批无法撤销:部分预警或线索已有人处理',
          en: 'this batch cannot be undone: some of its warnings or leads have been worked on',
        },
        blockers.map((b) => ({
          ...(b.rowNo !== null ? { row: b.rowNo } : {}),
          message: `${b.personName ?? ''} ${UNDO_REASON[b.reason]}`.trim(),
        })),
      );
    }
    const at = ctx.now();
    const removed = await feeds.undoBatch(batchId, { at: at.toISOString(), by: ctx.actor.id });
    await appendAudit(
      tx,
      { actor: ctx.actor, requestId: ctx.requestId ?? null, now: ctx.now },
      {
        action: 'feed.undo',
        targetType: 'feed_batch',
        targetId: batchId,
        regionCode: batch.countyCode ?? ctx.actor.scopeCode,
        detail: {
          department: batch.department,
          fileName: batch.fileName,
          sha256: batch.fileSha256,
          warningsRemoved: removed.warnings,
          leadsRemoved: removed.leads,
        },
      },
    );
    return removed;
  });
  const after = await ctx.store.transaction((tx) => FeedRepository.in(tx).batchInScope(batchId, ''));
  return { batch: after!, warningsRemoved: result.warnings, leadsRemoved: result.leads };
}

const BATCH_STATUS_ZH: Record<FeedBatchRecord['status'], string> = {
  staging: '导入中',
  done: '已完成',
  failed: '失败',
  undone: '已撤销',
};

/** What the phases of one import share. */
interface ImportRun {
  ctx: FeedServiceContext;
  input: ImportFeedInput;
  department: Department;
  countyCode: string | null;
  scopePrefix: string;
  receivedAt: Date;
  receivedOn: string;
  info: ReturnType<typeof probeSource>;
  spoolDir: string;
}

/**
 * 1. Parse (on a worker for large files) and, segment by segment while the parser reads on, match each segment to
 * the registry and COPY its rows into feed_row with their match spliced in. The registry's name where the file gives
 * another for the same ID number becomes a notice.
 */
async function parseAndMatch(tx: Tx, run: ImportRun, id: string, issuesFile: string) {
  const { input, department, info, receivedOn } = run;
  const feeds = FeedRepository.in(tx);
  const parse = runParse(
    {
      file: input.file,
      department,
      info,
      sheet: input.sheet,
      receivedOn,
      today: receivedOn,
      batchId: id,
      spoolDir: run.spoolDir,
      issuesFile,
    },
    { worker: input.worker, onProgress: input.onProgress },
  );
  const splicer = new Splicer();
  let names = '';
  let segment: ParsedChunk[] = [];
  let rows = 0;
  const store = async () => {
    const ids: SegmentIds = { rowNo: [], index: [], name: [] };
    for (const c of segment) {
      for (let i = 0; i < c.ids.rowNo.length; i++) {
        ids.rowNo.push(c.ids.rowNo[i]!);
        ids.index.push(c.ids.index[i]!);
        ids.name.push(c.ids.name[i]!);
      }
    }
    const matches = await feeds.matchSegment(run.scopePrefix, ids);
    for (const m of matches) {
      // a notice where the name differs from the registry's for the same ID number
      if (m.inScope && m.registeredName !== null) {
        names += issueLine(id, m.rowNo, {
          column: null,
          field: 'person_name',
          problem: `姓名与登记不符(登记为"${m.registeredName}") / the name differs from the registry`,
          severity: 'notice',
        });
      }
    }
    const blocks = segment.map((c) => c.rows);
    segment = [];
    rows = 0;
    await feeds.loadRows(tx, splicer.splice(blocks, matches));
  };
  try {
    for await (const chunk of parse.chunks) {
      segment.push(chunk);
      rows += chunk.count;
      if (rows >= SEGMENT_ROWS) await store();
    }
    if (segment.length) await store();
    const parsed = await parse.done;
    return { ...parsed, match: splicer.counts, names };
  } catch (err) {
    await parse.cancel();
    throw err;
  }
}

/** 2. The row problems, the name notices after them, by COPY. */
async function storeIssues(tx: Tx, id: string, parsed: ParseOutcome & { match: Splicer['counts']; names: string }) {
  const feeds = FeedRepository.in(tx);
  if (parsed.names) fs.appendFileSync(parsed.issuesFile, parsed.names);
  const issuesSaved = await feeds.loadIssues(tx, id, lineChunks(parsed.issuesFile));
  await feeds.analyzeRows();
  return { match: parsed.match, issuesSaved };
}

/** 3. Warnings under each region's policy on the day received, attached to open work or opening leads. */
async function raiseWarnings(tx: Tx, run: ImportRun, id: string) {
  const { department, receivedOn, receivedAt, input } = run;
  const feeds = FeedRepository.in(tx);
  const warnings = new WarningRepository(tx.client);
  await warnings.lock();
  const records = await new PolicyRepository(tx.db).all();
  const partitions = partitionsFor(
    await feeds.matchedCounties(id, run.scopePrefix),
    records.map((r) => r.regionPrefix),
  );
  const book = new PolicyBook(records);
  const resolved = partitions.map((p) => ({ p, policy: book.at(p.prefix, receivedOn) }));
  let created = 0;
  for (const { p, policy } of resolved) {
    created += await warnings.generate(
      id,
      department,
      p,
      policy.warnings,
      addDays(receivedOn, policy.deadlines.verificationDays),
    );
  }
  input.onPhase?.('warnings');
  const attached = await warnings.attachToOpen(id);
  let leadsCreated = 0;
  for (const { p, policy } of resolved) {
    const r = await warnings.createLeads(
      id,
      department,
      Department.labels[department].zh,
      p,
      receivedAt,
      addDays(receivedOn, policy.deadlines.verificationDays),
      addDays(receivedOn, policy.deadlines.identificationDays),
    );
    leadsCreated += r.leads;
  }
  input.onPhase?.('leads');
  return { created, attached, leadsCreated, resolved, duplicates: await warnings.duplicatesOf(id) };
}

/** 4. The batch's figures, and who imported what (issue 5 §1): the file by name and hash, and what it did. */
async function finish(
  tx: Tx,
  run: ImportRun,
  id: string,
  r: Awaited<ReturnType<typeof storeIssues>> &
    Awaited<ReturnType<typeof raiseWarnings>> & { stage: StageStats; fileName: string; sha256: string },
): Promise<void> {
  const { ctx, department, countyCode, scopePrefix } = run;
  const { stage, match, created, attached, leadsCreated } = r;
  const stats: FeedImportStats = {
    ...stage,
    source: run.info,
    outsideScope: match.outsideScope,
    issuesSaved: r.issuesSaved,
    warningsCreated: created,
    duplicates: r.duplicates,
    attachedToCase: attached.toCase,
    attachedToLead: attached.toLead,
    leadsCreated,
    policies: r.resolved.map(({ p, policy }) => ({ prefix: p.prefix, version: policy.versionLabel })),
    receivedOn: run.receivedOn,
  };
  const unmatched = match.unmatched + match.outsideScope;
  const { rowsTotal: total, rowsValid: valid, rowsInvalid: invalid } = stage;
  await FeedRepository.in(tx).finishBatch(
    id,
    { total, valid, invalid, matched: match.matched, unmatched, warnings: created },
    stats,
  );
  await appendAudit(
    tx,
    { actor: ctx.actor, requestId: ctx.requestId ?? null, now: ctx.now },
    {
      action: 'feed.import',
      targetType: 'feed_batch',
      targetId: id,
      regionCode: countyCode ?? scopePrefix,
      detail: {
        department,
        fileName: r.fileName,
        sha256: r.sha256,
        rows: total,
        valid,
        invalid,
        matched: match.matched,
        unmatched,
        warnings: created,
        leads: leadsCreated,
        attached: attached.toCase + attached.toLead,
      },
    },
  );
}
