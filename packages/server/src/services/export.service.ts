/**
 * The Excel exports of the lists (GET …/export.xlsx): each is checked, audited and started here (`startExport`); the
 * columns and rows of each list are in export-households, export-casework, export-ledgers and
 * export-screening.service.ts, the cell texts in export-texts.ts.
 */
import type { Readable } from 'node:stream';
import { chinaDate, type Action } from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import { attachment, xlsxStream, type ExportSheet } from '../exports/xlsx-writer.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { cst, CST, filterText } from './export-texts.js';

/**
 * A download checked and audited, ready to write: its names, and `open` to start writing it (at once for a direct
 * download, when its turn comes for a background one, export-file.service.ts).
 */
export interface ExportDownload {
  list: string;
  title: string;
  fileName: string;
  asciiName: string;
  regionCode: string | null;
  /** personal data in clear: never kept on the server, always answered at once */
  unmasked: boolean;
  contentDisposition: string;
  open: () => Readable;
}

/** Rows a walk reads at a time. */
export const BATCH = 1000;
/**
 * Walks that re-run their whole query for every batch (a list read by offset, the deadline union) take larger
 * batches: a county's case export read 25 pages of 1,000, each sorting every case again (6 s of PostgreSQL CPU
 * under bench/load); 10,000 rows of a batch are a few megabytes.
 */
export const RERUN_BATCH = 10_000;

/**
 * Check, audit and start one export: the list's read action (and personal_data.unmask for clear values) first, so a
 * refusal is an ordinary error answer; then one audit record with the filters; then the stream.
 */
export async function startExport<T>(
  ctx: ServiceContext,
  p: {
    list: string;
    title: string;
    action: Action;
    filters: Record<string, unknown>;
    region?: string | null | undefined;
    unmask?: boolean | undefined;
    reason?: string | undefined;
    sheet: Omit<ExportSheet<T>, 'preamble'>;
    rows: () => AsyncIterable<readonly T[]>;
  },
): Promise<ExportDownload> {
  const gateway = areaOf(ctx);
  const listed = gateway.list(p.action, p.region);
  if (p.unmask) gateway.allow('personal_data.unmask');
  const where = (listed ?? gateway.scope).regionPrefix;
  const now = ctx.now();
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: `export.${p.list}`,
      targetType: 'export',
      targetId: p.list,
      regionCode: where || null,
      detail: { filters: p.filters, unmasked: !!p.unmask, ...(p.unmask ? { reason: p.reason } : {}) },
    }),
  );
  // the day and time in China, as officers count them (a UTC stamp would be 8 hours behind)
  const stamp = chinaDate(now);
  const area = where ? ((await new RegionRepository(ctx.store.db).get(where))?.name ?? `区划 ${where}`) : '全国';
  const preamble = [
    p.title,
    `导出时间：${cst(now)}${CST}  导出人：${ctx.actor.username}  范围：${area}`,
    `筛选条件：${filterText(p.filters)}`,
    p.unmask ? `含明文个人信息，仅限工作使用（理由：${p.reason}）` : '个人信息已脱敏',
  ];
  const fileName = `${p.title}-${stamp}.xlsx`;
  const asciiName = `${p.list}-${stamp}.xlsx`;
  return {
    list: p.list,
    title: p.title,
    fileName,
    asciiName,
    regionCode: where || null,
    unmasked: !!p.unmask,
    contentDisposition: attachment(fileName, asciiName),
    open: () => xlsxStream({ ...p.sheet, preamble }, p.rows()),
  };
}

/** Pages of a paged list service, until a short page. */
export async function* pages<T>(
  fetch: (page: number, pageSize: number) => Promise<{ items: T[] }>,
): AsyncGenerator<T[]> {
  for (let page = 1; ; page++) {
    const { items } = await fetch(page, RERUN_BATCH);
    if (items.length) yield items;
    if (items.length < RERUN_BATCH) return;
  }
}
