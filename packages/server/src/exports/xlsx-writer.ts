import { once } from 'node:events';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import ExcelJS from 'exceljs';

/**
 * Lists as .xlsx, written with exceljs's streaming writer: rows are committed as they arrive, batch by batch, so an
 * export of any length keeps memory flat. Columns have Chinese headers; ID numbers and other codes are written as
 * text so Excel keeps every digit.
 */

/** Excel's row limit per sheet; longer lists continue on a second sheet. */
export const SHEET_ROWS = 1_048_000;

export type CellValue = string | number | boolean | null | undefined;

export interface ExportColumn<T> {
  /** the Chinese header */
  header: string;
  value: (row: T) => CellValue;
  width?: number;
  /** keep as text (ID numbers, codes, household numbers) */
  text?: boolean;
}

export interface ExportSheet<T> {
  name: string;
  /** lines above the header: what the list is, its filters, when and by whom it was exported */
  preamble?: string[];
  columns: ExportColumn<T>[];
}

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

/**
 * Start writing a workbook and hand back the stream to send. A failure midway destroys the stream, so the client
 * sees a broken download rather than a file that looks complete.
 */
export function xlsxStream<T>(sheet: ExportSheet<T>, batches: AsyncIterable<readonly T[]>): Readable {
  const out = new PassThrough();
  writeXlsx(sheet, batches, out).catch((err: unknown) =>
    out.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return out;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A Content-Disposition header for a Chinese file name (RFC 6266 / 5987), with an ASCII fallback. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
