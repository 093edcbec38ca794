/**
 * A streaming CSV splitter (RFC 4180: quoted fields, doubled quotes, CR/LF/CRLF line ends, newlines inside
 * quotes), one pass of charCodeAt over the text. Written here rather than using csv-parse, which needs ~11 s of CPU
 * for a million feed rows where this needs ~2 (bench/reports/import.md).
 * Lenient where departments' files are sloppy: text after a closing quote is kept, rows may have any number of
 * fields. Not lenient about a quote that is never closed: it would swallow every later row into one cell, so the
 * file ends in a `CsvUnclosedQuote` naming the record and field where the quote opened (issue 12 #10).
 */

/** A quoted field still open at the end of the file: `record` (1-based, as counted by the splitter) and `field`. */
export class CsvUnclosedQuote extends Error {
  constructor(
    readonly record: number,
    /** 0-based field index */
    readonly field: number,
  ) {
    super(`unclosed quote in record ${record}, field ${field + 1}`);
    this.name = 'CsvUnclosedQuote';
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvSplitter {
  private rest = '';
  private readonly delim: number;
  /** records returned so far (for the position of an unclosed quote) */
  private records = 0;
  /** records found by the current split() before the one being read */
  private pending = 0;

  /** `recordsBefore`: records of the file before this text (a block of a file parsed in parts), for positions */
  constructor(delimiter = ',', recordsBefore = 0) {
    if (delimiter.length !== 1) throw new Error('CSV delimiter must be one character');
    this.delim = delimiter.charCodeAt(0);
    this.records = recordsBefore;
  }

  /** Complete records found in the text so far; a record cut by the chunk boundary waits for the next chunk. */
  push(chunk: string): string[][] {
    return this.split(this.rest + chunk, false);
  }

  /** The last record, when the file does not end with a line break. */
  end(): string[][] {
    const text = this.rest;
    this.rest = '';
    return text ? this.split(text, true) : [];
  }

  /** Where the record parsed last ends (set by `record`; a field saves allocating a result object per row). */
  private next = 0;

  private split(text: string, final: boolean): string[][] {
    const out: string[][] = [];
    let pos = 0;
    while (pos < text.length) {
      this.pending = out.length;
      const fields = this.record(text, pos, final);
      if (!fields) break;
      out.push(fields);
      pos = this.next;
    }
    this.rest = pos < text.length ? text.slice(pos) : '';
    this.records += out.length;
    return out;
  }

  /** One record from `pos`, or null when it is cut by the end of the text (and more text may come). */
  private record(text: string, pos: number, final: boolean): string[] | null {
    const n = text.length;
    const d = this.delim;
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        // quoted field: up to the closing quote, "" standing for one quote
        let value = '';
        let start = i + 1;
        for (;;) {
          const q = text.indexOf('"', start);
          if (q === -1) {
            if (!final) return null;
            throw new CsvUnclosedQuote(this.records + this.pending + 1, fields.length);
          }
          if (q + 1 >= n && !final) return null; // cannot tell "" from a closing quote yet
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1);
            start = q + 2;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        // lenient: text between the closing quote and the delimiter is kept
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        fields.push(k > i ? value + text.slice(i, k) : value);
        i = k;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        fields.push(text.slice(i, k));
        i = k;
      }
      if (i >= n) {
        if (!final) return null;
        this.next = n;
        return fields;
      }
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) return null; // a CRLF may be cut between the chunks
        i++;
        if (i < n && text.charCodeAt(i) === LF) i++;
      } else {
        i++;
      }
      this.next = i;
      return fields;
    }
  }
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** a quote inside a quoted field: closing it, or the first of a doubled quote */
const QUOTE_SEEN = 3;
/** a CR just ended a record; an LF right after it belongs to the same line end */
const AFTER_CR = 4;

/**
 * CsvSplitter's state machine on a file's bytes, without making strings: where records end, so a file can be cut
 * into blocks of whole records that threads parse side by side, each knowing its first record's number. Exact for
 * UTF-8 and GB18030 with a delimiter below 0x40: no byte of a multi-byte character can be a quote, CR, LF or such
 * a delimiter, and the decoders never swallow an ASCII byte.
 */
export class RecordScanner {
  private state = FIELD_START;
  private readonly delim: number;

  constructor(delimiter: string) {
    const d = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || d >= 0x40)
      throw new Error(`delimiter ${JSON.stringify(delimiter)} cannot be scanned`);
    this.delim = d;
  }

  /**
   * Scans the next bytes of the file (the state carries over from the bytes before). Returns the records ended in
   * them, and `cut`: the position just after the last LF that ended a record (-1 when none), with the records
   * ended up to it: a block may end there.
   */
  scan(buf: Uint8Array): { records: number; cut: number; recordsAtCut: number } {
    const d = this.delim;
    let state = this.state;
    let records = 0;
    let cut = -1;
    let recordsAtCut = 0;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i]!;
      if (state === QUOTED) {
        if (c === QUOTE) state = QUOTE_SEEN;
        continue;
      }
      if (state === AFTER_CR) {
        state = FIELD_START;
        if (c === LF) {
          cut = i + 1;
          recordsAtCut = records;
          continue;
        }
      }
      if (c === LF) {
        records++;
        state = FIELD_START;
        cut = i + 1;
        recordsAtCut = records;
      } else if (c === CR) {
        records++;
        state = AFTER_CR;
      } else if (c === d) {
        state = FIELD_START;
      } else if (state === QUOTE_SEEN) {
        state = c === QUOTE ? QUOTED : UNQUOTED;
      } else if (state === FIELD_START) {
        state = c === QUOTE ? QUOTED : UNQUOTED;
      }
    }
    this.state = state;
    return { records, cut, recordsAtCut };
  }
}

/** The delimiter of a text file: the candidate that splits the first lines most consistently. */
export function detectDelimiter(sample: string): string {
  const lines = sample
    .split(/\r\n|\n|\r/)
    .slice(0, 30)
    .filter((l) => l.trim());
  let best = ',';
  let bestScore = 0;
  for (const cand of [',', '\t', ';', '|']) {
    const counts = lines.map((l) => l.split(cand).length - 1);
    // a title row has none; the header and data rows agree
    const max = Math.max(0, ...counts);
    const agreeing = counts.filter((c) => c === max).length;
    const score = max > 0 ? agreeing * max : 0;
    if (score > bestScore) {
      best = cand;
      bestScore = score;
    }
  }
  return best;
}
