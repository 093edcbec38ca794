import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { writeOnThread, type PlainSheet } from './xlsx-thread.js';
import type { ExportSheet } from './xlsx-types.js';

/**
 * Lists as .xlsx, written with exceljs's streaming writer: rows are committed as they arrive, batch by batch, so an
 * export of any length keeps memory flat. Columns have Chinese headers; ID numbers and other codes are written as
 * text so Excel keeps every digit.
 */

/** Excel's row limit per sheet; longer lists continue on a second sheet. */
export const SHEET_ROWS = 1_048_000;

export type { CellValue, ExportColumn, ExportSheet } from './xlsx-types.js';

const YIELD_ROWS = 200;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

function startSheet<T>(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheet: ExportSheet<T>, part: number) {
  const ws = wb.addWorksheet(part === 1 ? sheet.name : `${sheet.name}${part}`, {
    views: [{ state: 'frozen', ySplit: (sheet.preamble?.length ?? 0) + 1 }],
  });
  ws.columns = sheet.columns.map((c) => ({
    width: c.width ?? Math.max(10, c.header.length * 2 + 2),
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  for (const line of sheet.preamble ?? []) ws.addRow([line]).commit();
  const head = ws.addRow(sheet.columns.map((c) => c.header));
  head.font = { bold: true };
  head.eachCell((cell) => (cell.fill = HEADER_FILL));
  head.commit();
  return ws;
}

/**
 * Write the batches into one sheet (continued on further sheets past Excel's limit) of a workbook streamed to
 * `out`; resolves with the number of rows written once the file is complete.
 */
export async function writeXlsx<T>(
  sheet: ExportSheet<T>,
  batches: AsyncIterable<readonly T[]>,
  out: Writable,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'dixian';
  let part = 1;
  let ws = startSheet(wb, sheet, part);
  let inSheet = 0;
  let n = 0;
  for await (const batch of batches) {
    for (const row of batch) {
      if (inSheet === SHEET_ROWS) {
        ws.commit();
        ws = startSheet(wb, sheet, ++part);
        inSheet = 0;
      }
      ws.addRow(sheet.columns.map((c) => c.value(row) ?? null)).commit();
      inSheet++;
      n++;
      // a row costs about 0.1 ms of the one event loop: let the other requests in every few hundred, or a county's
      // export holds every cadre's page for seconds (bench/reports/load.md)
      if (n % YIELD_ROWS === 0) await yieldToLoop();
    }
    // a slow reader holds the next batch back, so memory stays flat whatever the client's speed
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  ws.commit();
  await wb.commit();
  return n;
}

/** A first batch at least this long (a list that fills a page of its walk) is written on a worker thread. */
export const WORKER_MIN_ROWS = 1000;

/**
 * Start writing a workbook and hand back the stream to send. A long list (its first batch of WORKER_MIN_ROWS or
 * more) is written on a worker thread, so the API's event loop stays free for the other users; a short one here,
 * without a thread's start-up. A failure midway destroys the stream, so the client sees a broken download rather
 * than a file that looks complete.
 */
export function xlsxStream<T>(
  sheet: ExportSheet<T>,
  batches: AsyncIterable<readonly T[]>,
  opts: { worker?: boolean } = {},
): Readable {
  const out = new PassThrough();
  const write = async () => {
    const it = batches[Symbol.asyncIterator]();
    const first = await it.next();
    const all = (async function* () {
      if (!first.done) yield first.value;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    })();
    const long = !first.done && first.value.length >= WORKER_MIN_ROWS;
    if (opts.worker ?? long) await writeInWorker(sheet, all, out);
    else await writeXlsx(sheet, all, out);
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

/** The thread's side of `xlsxStream`: cell values computed here (they may need this thread's keys), bytes back. */
async function writeInWorker<T>(sheet: ExportSheet<T>, batches: AsyncIterable<readonly T[]>, out: Writable) {
  const plain: PlainSheet = { ...sheet, columns: sheet.columns.map(({ value: _v, ...c }) => c) };
  const cells = (async function* () {
    for await (const batch of batches) yield batch.map((row) => sheet.columns.map((c) => c.value(row) ?? null));
  })();
  await writeOnThread(plain, cells, out);
  out.end();
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition header for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
