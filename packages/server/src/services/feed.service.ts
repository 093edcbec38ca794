/**
 * Department feed import (issue 5 §1–2; S1 §四(二)3; DOMAIN §6): one file in, every row staged and matched in
 * set-based SQL, warnings raised under the policy of each household's region, and leads opened on the household's
 * village or warnings attached to what is already open. All in one transaction: a failure leaves no rows, only a
 * 'failed' batch record saying why; the same file again changes nothing. The phases are in feed-pipeline.ts; reading
 * and undoing batches in feed-batches.service.ts.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError, chinaDate, FEED_DEPARTMENTS, feedSpec, isWithin, type Actor, type Department } from '@dixian/core';
import { probeSource, sha256File } from '../feeds/source.js';
import { holdFile, makeTempDir, removeTempDir } from '../feeds/temp.js';
import { emptyStats } from '../feeds/stage.js';
import { FeedRepository, type FeedBatchRecord } from '../repositories/feed.repository.js';
import { areaOf } from './area.js';
import { SYSTEM_ACTOR, type FeedServiceContext } from './context.js';
import {
  finish,
  parseAndMatch,
  raiseWarnings,
  storeIssues,
  type ImportFeedInput,
  type ImportRun,
} from './feed-pipeline.js';

export interface ImportFeedResult {
  batch: FeedBatchRecord;
  /** true when this very file had been imported before: nothing was changed */
  alreadyImported: boolean;
}

/** The department a feed code names, refused (validation_failed) with the codes there are. */
export function requireDepartment(code: string): Department {
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

/** The refusal of an import or undo outside the actor's department or area. */
export const NOT_YOURS = {
  zh: '无权为该部门或地区导入数据',
  en: 'you may not import data for this department or area',
};

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

/** A stored user's id (the system actor's is not one). */
function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
