/**
 * What became of the records a department sent (issue 5 §2; S1 §四(二)3: "及时将核实确定的监测对象名单反馈各行业部门"):
 * for each row of a batch, whether it was usable and matched, whether it raised a warning (or repeated one
 * already raised), and where that warning stands: its lead, its case and the case's stage.
 */
import { maskIdNumber } from '@dixian/core';
import { warningReadModels, type RowOutcome } from '../repositories/warning.repository.js';
import type { FeedServiceContext } from './context.js';
import { getBatch } from './feed-batches.service.js';
import type { FeedBatchRecord } from '../repositories/feed.repository.js';
import { areaOf } from './area.js';

export interface BatchOutcomes {
  batch: FeedBatchRecord;
  page: number;
  pageSize: number;
  /** warnings of this batch's rows by status (received, lead_created, attached, verified_…) */
  statusCounts: Record<string, number>;
  rows: RowOutcome[];
}

/** ID numbers are masked unless the actor's role may see them (department officers may not). */
export function maskOutcome(ctx: FeedServiceContext, row: RowOutcome): RowOutcome {
  return !ctx.maskPersonalData && areaOf(ctx).may('personal_data.unmask')
    ? row
    : { ...row, idNumber: maskIdNumber(row.idNumber) };
}

export async function listBatchOutcomes(
  ctx: FeedServiceContext,
  batchId: string,
  opts: { page?: number; pageSize?: number } = {},
): Promise<BatchOutcomes> {
  const batch = await getBatch(ctx, batchId);
  const page = Math.max(1, Math.trunc(opts.page ?? 1));
  const pageSize = Math.min(500, Math.max(1, Math.trunc(opts.pageSize ?? 50)));
  return ctx.store.transaction(async (tx) => {
    const rows = await warningReadModels.outcomesPage(tx.client, batch.id, (page - 1) * pageSize, pageSize);
    const statusCounts = await warningReadModels.statusCounts(tx.client, batch.id);
    return { batch, page, pageSize, statusCounts, rows: rows.map((r) => maskOutcome(ctx, r)) };
  });
}
