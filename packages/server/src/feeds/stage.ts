/**
 * From rows of cells to normalised feed rows: find the header (per sheet, below title rows), normalise every data
 * row with the core, and count. A generator of batches (one per source batch: an await per row would cost more
 * than normalising it), so the consumer pulls rows at its own pace and memory stays flat.
 */
import {
  AppError,
  cellText,
  departmentMismatch,
  FeedRowNormaliser,
  FileFitMonitor,
  findHeader,
  likelyDepartment,
  Department,
  HEADER_SCAN_ROWS,
  type Cell,
  type FeedRowResult,
  type FeedSpec,
} from '@dixian/core';
import type { SourceRow } from './source.js';

export interface StageStats {
  sheet: string | null;
  headerRow: number | null;
  columns: { letter: string; header: string; field: string }[];
  ignoredHeaders: string[];
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  rowsSkipped: number;
  notices: number;
  errors: number;
  skippedSheets: string[];
}

export function emptyStats(): StageStats {
  return {
    sheet: null,
    headerRow: null,
    columns: [],
    ignoredHeaders: [],
    rowsTotal: 0,
    rowsValid: 0,
    rowsInvalid: 0,
    rowsSkipped: 0,
    notices: 0,
    errors: 0,
    skippedSheets: [],
  };
}

/**
 * Normalised rows of one file, in batches. Throws AppError('validation_failed') with the problems when no sheet
 * has a usable header; row problems never throw, they travel with the row.
 */
export async function* stageRows(
  source: AsyncIterable<SourceRow[]>,
  spec: FeedSpec,
  opts: { receivedOn: string; today: string },
  stats: StageStats,
): AsyncGenerator<FeedRowResult[]> {
  let sheet: string | undefined;
  let head: SourceRow[] = [];
  let normaliser: FeedRowNormaliser | undefined;
  let done = false;
  /** file-level problems with the row they are about (the row that came closest to a header), when there is one */
  const problemsBySheet: { message: string; row?: number }[] = [];
  let out: FeedRowResult[] = [];
  const fit = new FileFitMonitor(spec);
  /** the first rows looked at for a header (to say whose file it looks like when none fits) */
  const scanned: Cell[][] = [];

  const add = (row: SourceRow): void => stageRow(normaliser!, row, stats, fit, out);
  const tryHeader = (): boolean => {
    const found = readHeader(head, sheet, spec, opts, stats, problemsBySheet);
    if (found) normaliser = found;
    return !!found;
  };

  let sheetFailed = false;
  for await (const rowBatch of source) {
    for (const row of rowBatch) {
      if (done) {
        // only the first sheet with a header is imported; later sheets are named in the report
        if (row.sheet !== sheet && !stats.skippedSheets.includes(row.sheet)) stats.skippedSheets.push(row.sheet);
        continue;
      }
      if (row.sheet !== sheet) {
        if (!normaliser && !sheetFailed && head.length && tryHeader()) {
          for (const r of head) if (r.rowNo > stats.headerRow!) add(r);
        }
        if (normaliser) {
          done = true;
          stats.skippedSheets.push(row.sheet);
          continue;
        }
        if (sheet !== undefined) stats.skippedSheets.push(sheet);
        sheet = row.sheet;
        head = [];
        sheetFailed = false;
      }
      if (normaliser) {
        add(row);
        continue;
      }
      if (sheetFailed) continue;
      if (row.cells.every((c) => cellText(c) === '') && !head.length) continue;
      head.push(row);
      if (scanned.length < HEADER_SCAN_ROWS) scanned.push(row.cells);
      if (head.length < HEADER_SCAN_ROWS) continue;
      if (tryHeader()) {
        for (const r of head) if (r.rowNo > stats.headerRow!) add(r);
      } else {
        sheetFailed = true;
      }
      head = [];
    }
    if (out.length >= 1000) {
      yield out;
      out = [];
    }
  }
  if (!normaliser && !sheetFailed && head.length && tryHeader()) {
    for (const r of head) if (r.rowNo > stats.headerRow!) add(r);
  }
  const verdict = fit.verdict();
  if (verdict) throw wrongDepartment(verdict, stats.headerRow ?? 1);
  if (out.length) yield out;
  if (!normaliser) throw noHeader(spec, scanned, problemsBySheet);
}

/** A file that belongs to another department (issue 12 #11): refused whole, nothing stored. */
export function wrongDepartment(problem: string, row: number): AppError {
  return new AppError(
    'validation_failed',
    {
      zh: `文件与所选部门不符:${problem.split(' / ')[0]}`,
      en: `the file does not fit the department: ${problem.split(' / ')[1] ?? ''}`,
    },
    [{ row, message: problem }],
  );
}

/**
 * The rows `stageRows` reads a CSV's header from: HEADER_SCAN_ROWS of them from the first that is not blank
 * (fewer when `rows` ends first). With `headerOf`, the same header as `stageRows` finds, for a file parsed in blocks.
 */
export function headRows(rows: readonly SourceRow[]): SourceRow[] {
  const first = rows.findIndex((r) => !r.cells.every((c) => cellText(c) === ''));
  return first === -1 ? [] : rows.slice(first, first + HEADER_SCAN_ROWS);
}

/** The normaliser of a CSV's head rows and the header's place in `stats`; null when they hold no header. */
export function headerOf(
  head: SourceRow[],
  spec: FeedSpec,
  opts: { receivedOn: string; today: string },
  stats: StageStats,
): FeedRowNormaliser | null {
  return readHeader(head, '', spec, opts, stats, []);
}

/** One row normalised and counted; a blank or footer row is skipped. */
function stageRow(
  normaliser: FeedRowNormaliser,
  row: SourceRow,
  stats: StageStats,
  fit: FileFitMonitor,
  out: FeedRowResult[],
): void {
  countRow(normaliser.normalise(row.rowNo, row.cells), row, stats, fit, out);
}

/** A row's result counted (null: skipped as blank or footer), and kept in `out` when it is data. */
export function countRow(
  r: FeedRowResult | null,
  row: SourceRow,
  stats: StageStats,
  fit: FileFitMonitor,
  out: FeedRowResult[],
): void {
  if (!r) {
    stats.rowsSkipped++;
    return;
  }
  if (row.garbled) {
    r.issues.push({
      column: null,
      field: null,
      problem: '含无法识别的字符(文件编码有误?) / contains characters that could not be decoded (wrong encoding?)',
      severity: 'notice',
    });
  }
  stats.rowsTotal++;
  fit.observe(r.detail);
  if (r.valid) stats.rowsValid++;
  else stats.rowsInvalid++;
  for (const i of r.issues) {
    if (i.severity === 'error') stats.errors++;
    else stats.notices++;
  }
  out.push(r);
}

/** The header of a sheet's first rows, bound to the department's columns; the problems when there is none. */
function readHeader(
  head: SourceRow[],
  sheet: string | undefined,
  spec: FeedSpec,
  opts: { receivedOn: string; today: string },
  stats: StageStats,
  problemsBySheet: { message: string; row?: number }[],
): FeedRowNormaliser | null {
  const found = findHeader(
    head.map((r) => r.cells),
    spec,
  );
  if (!found.ok) {
    const row = found.closestIndex !== null ? head[found.closestIndex]?.rowNo : undefined;
    problemsBySheet.push(
      ...found.problems.map((p) => ({ message: sheet ? `[${sheet}] ${p}` : p, ...(row ? { row } : {}) })),
    );
    return null;
  }
  // issue 12 #11: another department's file is refused before any row is read
  const headerRows = head.slice(found.lastHeaderIndex + 1 - found.rowsSpanned, found.lastHeaderIndex + 1);
  const mismatch = departmentMismatch(
    spec,
    headerRows.map((r) => r.cells),
  );
  if (mismatch) throw wrongDepartment(mismatch, head[found.lastHeaderIndex]!.rowNo);
  const columns = found.columns;
  const normaliser = new FeedRowNormaliser(spec, columns, opts);
  stats.sheet = sheet || null;
  stats.headerRow = head[found.lastHeaderIndex]!.rowNo;
  stats.columns = columns.map((c) => ({ letter: c.letter, header: c.header, field: c.field.key }));
  stats.ignoredHeaders = found.ignored;
  return normaliser;
}

/** No sheet had a usable header: the problems, and whose data the headers look like. */
function noHeader(spec: FeedSpec, scanned: Cell[][], problemsBySheet: { message: string; row?: number }[]): AppError {
  const likely = likelyDepartment(scanned);
  const looksLike =
    likely && likely.department !== spec.department
      ? [
          `表头更像${Department.labels[likely.department].zh}的数据(${likely.headers.join('、')}) / the headers look like ${Department.labels[likely.department].en} data`,
        ]
      : [];
  return new AppError('validation_failed', { zh: '文件中没有可识别的表头', en: 'no usable header row in the file' }, [
    ...(problemsBySheet.length ? problemsBySheet : [{ message: '文件没有数据 / the file has no rows' }]),
    ...looksLike.map((message) => ({ message })),
  ]);
}
