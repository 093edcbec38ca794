/**
 * A streaming CSV splitter (RFC 4180: quoted fields, doubled quotes, CR/LF/CRLF line ends, newlines inside
 * quotes). Written here rather than using csv-parse because the import must reach half the rate of PostgreSQL's
 * own COPY: on this machine csv-parse needs ~11 s for a million feed rows, COPY ~5 s (bench/reports/import.md).
 * Lenient where departments' files are sloppy: text after a closing quote is kept, an unterminated quote runs to
 * the end of the file, rows may have any number of fields.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvSplitter {
  private rest = '';
  private readonly delim: number;

  constructor(delimiter = ',') {
    if (delimiter.length !== 1) throw new Error('CSV delimiter must be one character');
    this.delim = delimiter.charCodeAt(0);
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

  private split(text: string, final: boolean): string[][] {
    const out: string[][] = [];
    const delim = String.fromCharCode(this.delim);
    let pos = 0;
    // Fast path: a line without quotes is split natively; quoted lines go through the state machine.
    let nextQuote = text.indexOf('"');
    while (pos < text.length) {
      const eol = text.indexOf('\n', pos);
      if (eol === -1) {
        if (!final && text.indexOf('\r', pos) === -1) break;
      } else {
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
        const end = eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
        const cr = text.indexOf('\r', pos);
        if (cr === -1 || cr >= end) {
          if (nextQuote === -1 || nextQuote > eol) {
            out.push(text.slice(pos, end).split(delim));
            pos = eol + 1;
            continue;
          }
          const fields = quotedLine(text.slice(pos, end), delim);
          if (fields) {
            out.push(fields);
            pos = eol + 1;
            continue;
          }
        }
      }
      const r = this.record(text, pos, final);
      if (!r) break;
      out.push(r.fields);
      pos = r.next;
    }
    this.rest = pos < text.length ? text.slice(pos) : '';
    return out;
  }

  private record(text: string, pos: number, final: boolean): { fields: string[]; next: number } | null {
    const n = text.length;
    const d = this.delim;
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (i < n && text.charCodeAt(i) === QUOTE) {
        let value = '';
        let start = i + 1;
        let j = start;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) {
            if (!final) return null;
            value += text.slice(start);
            i = n;
            break;
          }
          if (q + 1 >= n && !final) return null; // cannot tell "" from a closing quote yet
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(start, q + 1);
            j = q + 2;
            start = j;
            continue;
          }
          value += text.slice(start, q);
          i = q + 1;
          break;
        }
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === d || c === LF || c === CR) break;
          k++;
        }
        if (k > i) value += text.slice(i, k);
        i = k;
        fields.push(value);
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
      if (i >= n) return final ? { fields, next: n } : null;
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) return null;
        i++;
        if (i < n && text.charCodeAt(i) === LF) i++;
      } else {
        i++;
      }
      return { fields, next: i };
    }
  }
}

/**
 * A line with quotes whose every quoted field closes on the same line ("12,345.00" amounts): split natively and
 * re-join the pieces a quoted delimiter cut. null when a field spans lines or is malformed (the state machine
 * then reads it).
 */
function quotedLine(line: string, delim: string): string[] | null {
  const parts = line.split(delim);
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let f = parts[i]!;
    if (f.charCodeAt(0) !== QUOTE) {
      if (f.includes('"')) return null;
      out.push(f);
      continue;
    }
    while (countQuotes(f) % 2 === 1) {
      if (++i >= parts.length) return null; // the quote closes on a later line
      f += delim + parts[i]!;
    }
    if (f.length < 2 || f.charCodeAt(f.length - 1) !== QUOTE) return null; // text after the closing quote
    const inner = f.slice(1, -1);
    // an inner quote must be doubled
    if (/(^|[^"])"("")*([^"]|$)/.test(inner)) return null;
    out.push(inner.includes('""') ? inner.replace(/""/g, '"') : inner);
  }
  return out;
}

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i !== -1; i = s.indexOf('"', i + 1)) n++;
  return n;
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
