/**
 * What a feed parse makes and how its threads talk (issue 5 §1, §5; issue 19 §5): the job, the chunks of COPY
 * text (each row's feed_row line, its match columns still open, and the valid rows' ids), the issues spool, and
 * the messages between the main thread and the parser threads. Shared by the whole-file parse (parse.ts) and the
 * parse in blocks (blocks.ts, block-parse.ts).
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppError, type Cell, type Department, type FeedIssue, type FeedRowResult, type FitTally } from '@dixian/core';
import { idIndex, sealField } from '../security/field-keys.js';
import { SEALED_DETAIL_KEYS } from '../security/sealed-columns.js';
import type { SourceInfo } from './source.js';
import type { StageStats } from './stage.js';

export interface ParseJob {
  file: string;
  department: Department;
  /** format, encoding and delimiter, probed by the caller (`probeSource`) */
  info: SourceInfo;
  sheet?: string | undefined;
  receivedOn: string;
  today: string;
  batchId: string;
  /** an empty directory for the spool files (the caller removes it) */
  spoolDir: string;
  /** the issues spool itself, when the caller holds it (`holdFile`); else made in spoolDir */
  issuesFile?: string;
}

export interface ParseOutcome {
  info: SourceInfo;
  stats: StageStats;
  /** feed_issue lines, in ISSUE_COLUMNS order */
  issuesFile: string;
}

/** Columns of each row line; the line then ends in `dedupe_key \t valid(1|0)`, closed by `Splicer`. */
export const ROW_SPOOL_COLUMNS = [
  'batch_id',
  'row_no',
  'id_number',
  'id_number_index',
  'person_name',
  'region_hint',
  'signal_type',
  'metric_fen',
  'metric_value',
  'event_date',
  'detail',
] as const;
/** What `Splicer` appends: the columns that depend on the match. */
export const MATCH_COLUMNS = ['dedupe_key', 'member_id', 'household_id', 'outcome'] as const;
export const ISSUE_COLUMNS = ['batch_id', 'row_no', 'column_name', 'field', 'problem', 'severity'] as const;
/** The valid rows' row numbers, ID numbers' blind indexes and names, in row order: what the match reads. */
export interface SegmentIds {
  rowNo: number[];
  index: string[];
  name: (string | null)[];
}

// ------------------------------------------------------------------------------------------------
// COPY text

const SPECIAL = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NULL = '\\N';

/** A free-text value in COPY text format; most need no escaping, so one regex test decides. */
function text(s: string | null): string {
  if (s === null) return NULL;
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

function json(v: unknown): string {
  // JSON.stringify escapes control characters itself; only its backslashes need doubling for COPY
  const s = JSON.stringify(v);
  return s.includes('\\') ? s.replace(/\\/g, '\\\\') : s;
}

const num = (n: number | null) => (n === null ? NULL : String(n));

/** The department's detail with the values that name a person or their health sealed. */
function sealedDetail(detail: FeedRowResult['detail']): unknown {
  let out: Record<string, unknown> | undefined;
  for (const k of SEALED_DETAIL_KEYS) {
    const v = (detail as Record<string, unknown>)[k];
    if (typeof v === 'string') (out ??= { ...detail })[k] = sealField(v);
  }
  return out ?? detail;
}

// The ID number reaches the spool file and feed_row sealed, with its blind index beside it; the index is made
// once a row (an HMAC is a third of a row's sealing cost) and also stands for the number in the dedupe key.
function rowLine(batchId: string, r: FeedRowResult, index: string | null): string {
  const id = r.idNumber ? `${sealField(r.idNumber)}\t${index}` : `${NULL}\t${NULL}`;
  const dedupe =
    r.dedupeKey && r.idNumber && index ? r.dedupeKey.replace(`|${r.idNumber}|`, `|${index}|`) : r.dedupeKey;
  return `${batchId}\t${r.rowNo}\t${id}\t${text(r.personName)}\t${text(r.regionHint)}\t${
    r.signal ?? NULL
  }\t${num(r.metricFen)}\t${num(r.metricValue)}\t${r.eventDate ?? NULL}\t${json(sealedDetail(r.detail))}\t${text(dedupe)}\t${
    r.valid ? '1' : '0'
  }\n`;
}

/** A feed_issue line (ISSUE_COLUMNS). */
export function issueLine(batchId: string, rowNo: number, i: FeedIssue): string {
  return `${batchId}\t${rowNo}\t${text(i.column)}\t${text(i.field)}\t${text(i.problem)}\t${i.severity}\n`;
}

/** A COPY text file in chunks that end at line ends (PGlite loads whole blobs; a cut line would break one). */
export async function* lineChunks(file: string): AsyncGenerator<Buffer> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buf = rest.length ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    const end = buf.lastIndexOf(10) + 1;
    if (end) yield buf.subarray(0, end);
    rest = buf.subarray(end);
  }
  if (rest.length) throw new Error(`${file} ends inside a line`);
}

/** Text appended to a file in ~1 MB writes. */
export class Spool {
  private buf = '';
  private readonly fd: number;
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.buf) fs.writeSync(this.fd, this.buf);
    this.buf = '';
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** A batch of parsed rows: the valid rows' ID_COLUMNS as arrays, and every row's line (ROW_SPOOL_COLUMNS …). */
export interface ParsedChunk {
  ids: SegmentIds;
  rows: string;
  /** how many lines `rows` holds */
  count: number;
  /** feed_issue lines of these rows, when the parse sends them with the rows (a file parsed in blocks) */
  issues?: string;
}

/** Where parsed chunks go; may return a promise to slow the parser down (back-pressure). */
export type ChunkSink = (chunk: ParsedChunk) => void | Promise<void>;

/** Parsing progress: data rows read so far and bytes of the file consumed. */
export interface ParseProgress {
  rows: number;
  bytes: number;
}

/** Normalised rows as a chunk: each row's feed_row line, the valid rows' ids; their problems to `issue`. */
export function encodeBatch(
  batchId: string,
  batch: readonly FeedRowResult[],
  issue: (line: string) => void,
): ParsedChunk {
  const ids: SegmentIds = { rowNo: [], index: [], name: [] };
  let rows = '';
  for (const r of batch) {
    const index = idIndex(r.idNumber);
    rows += rowLine(batchId, r, index);
    for (const i of r.issues) issue(issueLine(batchId, r.rowNo, i));
    if (r.valid && index !== null) {
      ids.rowNo.push(r.rowNo);
      ids.index.push(index);
      ids.name.push(r.personName);
    }
  }
  return { ids, rows, count: batch.length };
}

/** A parse under way: its chunks (consumed once, by the match and COPY) and its outcome. */
export interface ParseRun {
  chunks: AsyncIterable<ParsedChunk>;
  done: Promise<ParseOutcome>;
  /** stop parsing (the import failed elsewhere); safe to call after the end */
  cancel(): Promise<void>;
}

/** Whole records of a file: the `index`-th block, whose first record is the file's row `firstRowNo`. */
export interface Block {
  index: number;
  firstRowNo: number;
  bytes: Uint8Array;
}

/** A block's counts (the StageStats that add up) and its rows' fit, for the main thread to sum. */
export type BlockCounts = Pick<
  StageStats,
  'rowsTotal' | 'rowsValid' | 'rowsInvalid' | 'rowsSkipped' | 'notices' | 'errors'
> & { fit: FitTally };

/** Carried-down values: what a block carries on, and what it takes over from the blocks before. */
export type CarryEntries = [string, Cell][];

/** What the worker thread posts (parse-worker.ts). */
export type WorkerMessage =
  | { type: 'chunk'; chunk: ParsedChunk }
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'done'; outcome: ParseOutcome }
  | { type: 'error'; error: SerialisedError };

/** What a block parser posts (parse-worker.ts with `head`, for blocks.ts). */
export type BlockWorkerMessage =
  | { type: 'ready' }
  | { type: 'block-chunk'; index: number; chunk: ParsedChunk }
  | { type: 'block-done'; index: number; counts: BlockCounts }
  | { type: 'carry-out'; index: number; out: CarryEntries; needIn: boolean }
  | { type: 'error'; error: SerialisedError };
/** What the parent posts a block parser. */
export type BlockParentMessage =
  { type: 'block'; block: Block } | { type: 'carry-in'; index: number; entries: CarryEntries } | { type: 'end' };

interface SerialisedError {
  name: string;
  message: string;
  code?: string;
  text?: { zh: string; en: string };
  issues?: AppError['issues'];
}

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof AppError) {
    return { name: 'AppError', message: err.message, code: err.code, text: err.text, issues: err.issues };
  }
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) };
}

export function deserialiseError(e: SerialisedError): Error {
  if (e.name === 'AppError' && e.code && e.text) return new AppError(e.code as AppError['code'], e.text, e.issues);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** A parser thread (parse-worker.ts), given `workerData`. */
export function parserThread(workerData: unknown): Worker {
  return new Worker(new URL('./parse-worker.mjs', import.meta.url), {
    workerData,
    // the thread loads TypeScript through tsx itself; the parent's loaders (vitest, tsx) do not carry over
    execArgv: process.execArgv.filter((a) => a.startsWith('--cpu-prof') || a.startsWith('--max-old-space-size')),
  });
}
