/**
 * Reading a department file as rows of cells, streaming: CSV in UTF-8, GBK/GB18030 or UTF-16 (detected), or
 * .xlsx through exceljs's streaming reader. Memory does not grow with the number of rows (for .xlsx, apart from
 * the workbook's shared-strings table, which Excel keeps for the whole file).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { AppError, type Cell } from '@dixian/core';
import chardet from 'chardet';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CsvSplitter, CsvUnclosedQuote, detectDelimiter } from './csv.js';
import {
  GARBLED,
  ICONV_NAME,
  rowsOf,
  streamDecoder,
  unclosedQuote,
  type SourceRow,
  type TextEncoding,
} from './text-rows.js';

export type { SourceRow, TextEncoding } from './text-rows.js';

export type FeedFormat = 'csv' | 'xlsx';

export interface SourceInfo {
  format: FeedFormat;
  encoding: TextEncoding | null;
  /** what chardet guessed, kept for the report when the file was not UTF-8 */
  detected?: { name: string; confidence: number } | undefined;
  delimiter?: string | undefined;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** SHA-256 of the file's bytes: the same file imported twice is recognised before anything is read. */
export async function sha256File(file: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The first `bytes` of a file (fewer when it is shorter). */
export function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** .xlsx by its zip signature, the old binary .xls refused with advice, anything else read as text. */
export function detectFormat(file: string): FeedFormat {
  const head = readHead(file, 8);
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (head.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new AppError('validation_failed', {
      zh: '不支持旧版 .xls 文件,请在Excel中另存为 .xlsx 或 CSV',
      en: 'old .xls files are not supported: save as .xlsx or CSV in Excel',
    });
  }
  if (!head.length) throw new AppError('validation_failed', { zh: '文件为空', en: 'the file is empty' });
  return 'csv';
}

/**
 * The text encoding: a BOM decides; otherwise bytes that are valid UTF-8 are UTF-8, and anything else is read
 * as GB18030 (a superset of GBK and GB2312), which is what Chinese Excel saves "CSV" as. chardet's guess is
 * recorded, not trusted: on short samples it calls GBK text Big5, EUC-KR or windows-1252.
 */
export function detectEncoding(sample: Buffer): {
  encoding: TextEncoding;
  bom: number;
  detected?: { name: string; confidence: number };
} {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  try {
    // stream: true so a character cut by the end of the sample is not an error
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    // chardet is slow; 64 KiB is plenty for a guess that is only recorded
    const guess = chardet.analyse(sample.subarray(0, 64 * 1024))[0];
    return {
      encoding: 'gb18030',
      bom: 0,
      ...(guess ? { detected: { name: guess.name, confidence: guess.confidence } } : {}),
    };
  }
}

/** A department file's format and, for text, its encoding and delimiter (reads the first 256 KiB). */
export function probeSource(file: string, opts: { encoding?: TextEncoding | undefined } = {}): SourceInfo {
  const format = detectFormat(file);
  if (format === 'xlsx') return { format, encoding: null };
  const head = readHead(file, 256 * 1024);
  const det = detectEncoding(head);
  const encoding = opts.encoding ?? det.encoding;
  const sampleText = iconv.decode(head.subarray(det.bom), ICONV_NAME[encoding]);
  const delimiter = detectDelimiter(sampleText);
  return { format, encoding, detected: det.detected, delimiter };
}

/** How far the reader has got: bytes of the file read so far (a progress bar's numerator). */
export interface ReadProgress {
  bytes: number;
}

/**
 * Open a department file: its format and encoding (probed, or as probed before), and its rows as an async
 * iterable.
 */
export function openSource(
  file: string,
  opts: {
    encoding?: TextEncoding | undefined;
    sheet?: string | undefined;
    info?: SourceInfo | undefined;
    progress?: ReadProgress | undefined;
  } = {},
): { info: SourceInfo; rows: AsyncIterable<SourceRow[]> } {
  const info = opts.info ?? probeSource(file, opts);
  const progress = opts.progress ?? { bytes: 0 };
  if (info.format === 'xlsx') return { info, rows: xlsxRows(file, opts.sheet, progress) };
  return { info, rows: csvRows(file, info.encoding!, info.delimiter ?? ',', progress) };
}

/** Rows come in batches (one per read chunk): an async step per row would cost more than parsing it. */
async function* csvRows(
  file: string,
  encoding: TextEncoding,
  delimiter: string,
  progress: ReadProgress,
): AsyncGenerator<SourceRow[]> {
  const decoder = streamDecoder(encoding);
  const splitter = new CsvSplitter(delimiter);
  let rowNo = 1;
  // a row may start in the previous chunk, whose undecodable tail it then carries
  let carried = false;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    progress.bytes += (chunk as Buffer).length;
    const text = decoder.write(chunk as Buffer);
    const garbled = text.includes(GARBLED);
    const rows = splitter.push(text);
    if (rows.length) {
      yield rowsOf(rows, rowNo, garbled || carried);
      rowNo += rows.length;
    }
    carried = garbled;
  }
  let tail: string[][];
  try {
    tail = [...splitter.push(decoder.end()), ...splitter.end()];
  } catch (err) {
    if (err instanceof CsvUnclosedQuote) throw unclosedQuote(err);
    throw err;
  }
  if (tail.length) yield rowsOf(tail, rowNo, true);
}

type ExcelValue = ExcelJS.CellValue;

/** An exceljs cell value as text, number, boolean or date: rich text joined, formulas by their result. */
export function excelCell(v: ExcelValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return excelCell(v.result as ExcelValue);
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return String(v);
}

/**
 * exceljs's streaming reader fails ("reading 'sheets'") on a valid workbook whose zip stores a worksheet after the
 * shared strings but before xl/workbook.xml, as some tools write it (and exceljs's own writer now and then).
 */
const isWorkbookOrderFailure = (err: unknown) => err instanceof TypeError && /reading 'sheets'/.test(err.message);

async function* xlsxRows(file: string, sheet: string | undefined, progress: ReadProgress): AsyncGenerator<SourceRow[]> {
  let yielded = false;
  try {
    try {
      for await (const batch of xlsxStreamRows(file, sheet, progress)) {
        yielded = true;
        yield batch;
      }
    } catch (err) {
      // It fails at the first worksheet, before any row: the file is then read whole instead (memory grows with it).
      if (yielded || !isWorkbookOrderFailure(err)) throw err;
      yield* xlsxWholeRows(file, sheet, progress);
    }
  } catch (err) {
    throw damagedXlsx(err);
  }
}

/**
 * What the zip and XML readers throw on a cut or corrupt workbook (FILE_ENDED, invalid signature, unexpected end
 * of XML …) is no message for a department: it becomes a file-level refusal (issue 12 #12). AppErrors pass.
 */
function damagedXlsx(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new AppError(
    'validation_failed',
    {
      zh: '文件已损坏或不完整(.xlsx无法读取):请在Excel中重新保存或导出后再上传',
      en: 'the file is damaged or incomplete (the .xlsx cannot be read): save or export it again and upload it',
    },
    [{ message: `文件已损坏或不完整 / file damaged or incomplete (${detail})` }],
  );
}

/** The rows of an .xlsx read whole (exceljs's non-streaming reader), in the streaming reader's batches. */
async function* xlsxWholeRows(
  file: string,
  sheet: string | undefined,
  progress: ReadProgress,
): AsyncGenerator<SourceRow[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  progress.bytes = fs.statSync(file).size;
  for (const ws of wb.worksheets) {
    if (sheet && ws.name !== sheet) continue;
    yield* batchedRows(
      ws.name,
      (function* () {
        for (let n = 1; n <= ws.rowCount; n++) {
          const row = ws.findRow(n);
          if (row) yield row;
        }
      })(),
    );
  }
}

/** A worksheet's rows as source rows, in batches (an await per row would cost more than reading it). */
async function* batchedRows(
  sheet: string,
  rows: AsyncIterable<ExcelJS.Row> | Iterable<ExcelJS.Row>,
): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  for await (const row of rows) {
    const values = row.values as ExcelValue[];
    // exceljs arrays are 1-based: index 0 is empty
    const cells: Cell[] = [];
    for (let c = 1; c < values.length; c++) cells.push(excelCell(values[c]));
    const r: SourceRow = { sheet, rowNo: row.number, cells };
    if (cells.some((c) => typeof c === 'string' && c.includes(GARBLED))) r.garbled = true;
    batch.push(r);
    if (batch.length >= 1000) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

async function* xlsxStreamRows(
  file: string,
  sheet: string | undefined,
  progress: ReadProgress,
): AsyncGenerator<SourceRow[]> {
  // exceljs reads the zip itself: progress counts the bytes of the stream handed to it
  const input = fs.createReadStream(file);
  input.on('data', (c) => (progress.bytes += c.length));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    // styles tell date cells from numbers
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let index = 0;
  for await (const ws of reader) {
    index++;
    const name = (ws as unknown as { name?: string }).name ?? `Sheet${index}`;
    if (sheet && name !== sheet) {
      // the stream must still be read past this sheet
      for await (const _row of ws) void _row;
      continue;
    }
    yield* batchedRows(name, ws as AsyncIterable<ExcelJS.Row>);
  }
}
