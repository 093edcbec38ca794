/** Feed batches: read in the actor's area, and undone whole while nobody has worked them (issue 12 #11). */
import { AppError } from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import { FeedRepository, type FeedBatchRecord, type UndoBlocker } from '../repositories/feed.repository.js';
import { WarningRepository } from '../repositories/warning.repository.js';
import { areaOf } from './area.js';
import type { FeedServiceContext } from './context.js';
import { NOT_YOURS } from './feed.service.js';

const BATCH = { zh: '导入批次', en: 'feed batch' };

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
    if (current?.status !== 'done') throw nothingToUndo(current);
    const blockers = await feeds.undoBlockers(batchId);
    if (blockers.length) throw workedOn(blockers);
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

/** The refusal of an undo of a batch that is not done (importing, failed, undone already, or gone). */
function nothingToUndo(current: FeedBatchRecord | undefined): AppError {
  return new AppError('precondition_failed', {
    zh: `该批次状态为"${BATCH_STATUS_ZH[current?.status ?? 'failed']}",无可撤销的内容`,
    en: `the batch is ${current?.status ?? 'gone'}: there is nothing to undo`,
  });
}

/** The refusal of an undo when someone has worked the batch's warnings or leads: every reason, by row. */
function workedOn(blockers: readonly UndoBlocker[]): AppError {
  return new AppError(
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
