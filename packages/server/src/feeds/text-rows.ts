/**
 * Text rows of a CSV file: decoding, rows numbered as the department sees them, and the unclosed-quote error.
 * Apart from source.ts so a parser thread working on blocks (block-parse.ts) loads no spreadsheet library.
 */
import { AppError, columnLetter, type Cell } from '@dixian/core';
import iconv from 'iconv-lite';
import type { CsvUnclosedQuote } from './csv.js';

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface SourceRow {
  /** sheet name for .xlsx, '' for CSV */
  sheet: string;
  /** 1-based row number as the department sees it in Excel (CSV: the record number) */
  rowNo: number;
  cells: Cell[];
  /** some text of the row could not be decoded (U+FFFD): the file's encoding is probably not what it seems */
  garbled?: boolean;
}

export const ICONV_NAME: Record<TextEncoding, string> = {
  'utf-8': 'utf8',
  gb18030: 'gb18030',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
};

/**
 * A streaming decoder: Node's own TextDecoder (ICU; ~9× faster than iconv-lite for GB18030 on this machine), or
 * iconv-lite where the Node build lacks the encoding (small-icu builds).
 */
export function streamDecoder(encoding: TextEncoding): { write(b: Buffer): string; end(): string } {
  try {
    const td = new TextDecoder(encoding, { ignoreBOM: false });
    return { write: (b) => td.decode(b, { stream: true }), end: () => td.decode() };
  } catch {
    const d = iconv.getDecoder(ICONV_NAME[encoding]);
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
}

/** A block of whole records decoded at once; only the file's first block may start with a BOM to strip. */
export function decodeBlock(bytes: Uint8Array, encoding: TextEncoding, first: boolean): string {
  try {
    return new TextDecoder(encoding, { ignoreBOM: !first }).decode(bytes);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return iconv.decode(Buffer.from(bytes), ICONV_NAME[encoding], { stripBOM: first });
  }
}

export const GARBLED = '\uFFFD';

/** Split records as rows numbered from `firstRowNo`; `checkGarbled` when their text holds U+FFFD. */
export function rowsOf(cellRows: string[][], firstRowNo: number, checkGarbled: boolean): SourceRow[] {
  const out: SourceRow[] = new Array(cellRows.length);
  for (let i = 0; i < cellRows.length; i++) {
    const cells = cellRows[i]!;
    const row: SourceRow = { sheet: '', rowNo: firstRowNo + i, cells };
    // only chunks that contain U+FFFD pay for a per-row look
    if (checkGarbled && cells.some((c) => c.includes(GARBLED))) row.garbled = true;
    out[i] = row;
  }
  return out;
}

/**
 * A quote opened and never closed, as the error an officer reads with its row and column: everything after it
 * would be one cell, so the file is refused rather than imported with its later rows silently missing (issue 12 #10).
 */
export function unclosedQuote(e: CsvUnclosedQuote): AppError {
  const column = columnLetter(e.field);
  return new AppError(
    'validation_failed',
    {
      zh: `第${e.record}行${column}列的引号(")没有闭合,其后各行无法读取:请在Excel中修正该单元格后重新导出`,
      en: `the quote (") in row ${e.record}, column ${column} is never closed, so the rows after it cannot be read: fix that cell and export again`,
    },
    [{ row: e.record, column, message: '引号未闭合 / unclosed quote' }],
  );
}
