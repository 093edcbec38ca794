/**
 * Finding the header row of a department's file: below one or two title rows ("2024年3月临江市医保高额费用预警名单"),
 * possibly spread over two rows when a group header is merged across columns ("医疗费用" over 总费用 | 报销 | 自付).
 */
import type { Cell } from './values.js';
import { normaliseHeader } from './values.js';
import type { FeedSpec, FieldDef } from './fields.js';

export interface ColumnBinding {
  field: FieldDef;
  /** 0-based column index */
  index: number;
  /** spreadsheet column letter, A, B, … AA */
  letter: string;
  /** the header as written in the file */
  header: string;
}

export interface HeaderFound {
  ok: true;
  /** 0-based index, within the scanned rows, of the last header row (data starts after it) */
  lastHeaderIndex: number;
  rowsSpanned: 1 | 2;
  columns: ColumnBinding[];
  /** headers in the file that no field claims (shown in the report) */
  ignored: string[];
}

export interface HeaderMissing {
  ok: false;
  problems: string[];
  /** 0-based index of the row that came closest to a header (the problems are about it), or null when none did */
  closestIndex: number | null;
}

/** How many leading rows are searched for the header. */
export const HEADER_SCAN_ROWS = 20;

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function synonymIndex(spec: FeedSpec): Map<string, FieldDef> {
  const m = new Map<string, FieldDef>();
  for (const field of spec.fields) {
    for (const name of [field.zh, field.key, ...field.synonyms]) {
      const k = normaliseHeader(name);
      if (!m.has(k)) m.set(k, field);
    }
  }
  return m;
}

function bind(headers: string[], index: Map<string, FieldDef>) {
  const columns: ColumnBinding[] = [];
  const seen = new Set<string>();
  const ignored: string[] = [];
  headers.forEach((h, i) => {
    if (!h) return;
    const field = index.get(normaliseHeader(h));
    // the first column wins when two headers mean the same field (e.g. 序号 tables with 姓名 twice)
    if (field && !seen.has(field.key)) {
      seen.add(field.key);
      columns.push({ field, index: i, letter: columnLetter(i), header: h });
    } else {
      ignored.push(h);
    }
  });
  return { columns, ignored };
}

const text = (c: Cell) => (c === null || c === undefined ? '' : c instanceof Date ? '' : String(c).trim());

/** Which required fields and one-of groups a set of columns still lacks. */
export function missingColumns(spec: FeedSpec, columns: readonly ColumnBinding[]): string[] {
  const have = new Set(columns.map((c) => c.field.key));
  const problems: string[] = [];
  for (const field of spec.fields) {
    if (field.required && !have.has(field.key)) {
      problems.push(`缺少必填列"${field.zh}" / missing required column "${field.zh}" (${field.en})`);
    }
  }
  for (const group of spec.oneOf ?? []) {
    if (!group.some((k) => have.has(k))) {
      const names = group.map((k) => spec.fields.find((x) => x.key === k)?.zh ?? k);
      problems.push(
        `至少需要以下一列: ${names.join('、')} / at least one of these columns is needed: ${names.join(', ')}`,
      );
    }
  }
  return problems;
}

/**
 * Find the header among the first rows: the row (or pair of rows, the lower one naming the columns under a merged
 * group header) that names the most known fields, at least two, and leaves no required column missing.
 */
export function findHeader(rows: readonly (readonly Cell[])[], spec: FeedSpec): HeaderFound | HeaderMissing {
  const index = synonymIndex(spec);
  let best: (HeaderFound & { score: number }) | undefined;
  const limit = Math.min(rows.length, HEADER_SCAN_ROWS);
  for (let i = 0; i < limit; i++) {
    const upper = rows[i]!.map(text);
    const candidates: { headers: string[]; last: number; span: 1 | 2 }[] = [{ headers: upper, last: i, span: 1 }];
    if (i + 1 < rows.length) {
      const lower = rows[i + 1]!.map(text);
      const width = Math.max(upper.length, lower.length);
      const merged = Array.from({ length: width }, (_, c) => {
        const lo = lower[c] ?? '';
        return lo && index.has(normaliseHeader(lo)) ? lo : upper[c] || lo;
      });
      candidates.push({ headers: merged, last: i + 1, span: 2 });
    }
    let singleScore = 0;
    for (const cand of candidates) {
      const { columns, ignored } = bind(cand.headers, index);
      const score = columns.length;
      if (cand.span === 1) singleScore = score;
      // two rows only when the upper one really adds names (a title row above a header adds none)
      const lowerAlone = cand.span === 2 ? bind(rows[i + 1]!.map(text), index).columns.length : 0;
      if (cand.span === 2 && (score <= singleScore || score <= lowerAlone)) continue;
      if (score < 2 || missingColumns(spec, columns).length) continue;
      if (!best || score > best.score) {
        best = { ok: true, lastHeaderIndex: cand.last, rowsSpanned: cand.span, columns, ignored, score };
      }
    }
  }
  if (best) {
    const { score: _score, ...found } = best;
    return found;
  }
  // Explain against the row that came closest, so the department sees which column is missing.
  let closest: ColumnBinding[] = [];
  let closestIndex: number | null = null;
  for (let i = 0; i < limit; i++) {
    const { columns } = bind(rows[i]!.map(text), index);
    if (columns.length > closest.length) {
      closest = columns;
      closestIndex = i;
    }
  }
  const expected = spec.fields.filter((f) => f.required).map((f) => f.zh);
  const problems =
    closest.length >= 2
      ? missingColumns(spec, closest)
      : [
          `前${HEADER_SCAN_ROWS}行中未找到表头行(应包含: ${expected.join('、')}) / no header row in the first ${HEADER_SCAN_ROWS} rows (expected columns such as ${expected.join(', ')})`,
        ];
  return { ok: false, problems, closestIndex: closest.length >= 2 ? closestIndex : null };
}

/** A data row that repeats the header (printed lists repeat it on every page). */
export function isRepeatedHeader(cells: readonly Cell[], columns: readonly ColumnBinding[]): boolean {
  let same = 0;
  for (const c of columns) if (normaliseHeader(cells[c.index] as Cell) === normaliseHeader(c.header)) same++;
  return same >= 2;
}
