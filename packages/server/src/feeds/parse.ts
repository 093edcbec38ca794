/**
 * The Node side of a feed import (issue 5 §1, §5): read, decode, split and normalise a department file and encode
 * what the database needs as COPY text, so PostgreSQL parses each value once. Two outputs:
 *
 * - chunks (streamed to the caller while parsing, about a thousand rows each): the valid rows' `row_no,
 *   id_number_index, person_name` (`ids`), which the caller matches to the registry a segment at a time, and
 *   every row's feed_row line (`rows`), the match-dependent columns still open (`Splicer` closes them once the
 *   segment's match is known, and the segment's rows reach feed_row by COPY);
 * - the issues spool (a temporary file): feed_issue lines.
 *
 * Large files are parsed on a worker thread (`runParse`) while the main thread matches and COPYs the segments
 * parsed before, so the parse and PostgreSQL work on both cores at once; memory stays flat because at most
 * MAX_IN_FLIGHT chunks wait between the two.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, feedSpec, type Department, type FeedIssue, type FeedRowResult } from '@dixian/core';
import { idIndex, keyringData, sealField } from '../security/field-keys.js';
import { SEALED_DETAIL_KEYS } from '../security/sealed-columns.js';
import { openSource, type ReadProgress, type SourceInfo } from './source.js';
import { emptyStats, stageRows, type StageStats } from './stage.js';

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
class Spool {
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
}

/** Where parsed chunks go; may return a promise to slow the parser down (back-pressure). */
export type ChunkSink = (chunk: ParsedChunk) => void | Promise<void>;

/** Parsing progress: data rows read so far and bytes of the file consumed. */
export interface ParseProgress {
  rows: number;
  bytes: number;
}

/**
 * Parse one file: ids and rows to `sink` in chunks, issues to a spool file. Throws AppError('validation_failed')
 * for a file-level problem (no header, .xls, empty).
 */
export async function parseFeedFile(
  job: ParseJob,
  sink: ChunkSink,
  onProgress?: (p: ParseProgress) => void,
): Promise<ParseOutcome> {
  const spec = feedSpec(job.department);
  if (!spec) throw new Error(`unknown department ${job.department}`);
  const read: ReadProgress = { bytes: 0 };
  const source = openSource(job.file, { info: job.info, sheet: job.sheet, progress: read });
  const stats = emptyStats();
  const issuesFile = job.issuesFile ?? path.join(job.spoolDir, 'issues.copy');
  const issues = new Spool(issuesFile);
  try {
    for await (const batch of stageRows(source.rows, spec, job, stats)) {
      const ids: SegmentIds = { rowNo: [], index: [], name: [] };
      let rows = '';
      for (const r of batch) {
        const index = idIndex(r.idNumber);
        rows += rowLine(job.batchId, r, index);
        for (const i of r.issues) issues.write(issueLine(job.batchId, r.rowNo, i));
        if (r.valid && index !== null) {
          ids.rowNo.push(r.rowNo);
          ids.index.push(index);
          ids.name.push(r.personName);
        }
      }
      if (batch.length) await sink({ ids, rows, count: batch.length });
      onProgress?.({ rows: stats.rowsTotal + stats.rowsSkipped, bytes: read.bytes });
    }
  } finally {
    issues.close();
  }
  return { info: source.info, stats, issuesFile };
}

// ------------------------------------------------------------------------------------------------
// Running the parser inline or on a worker thread

/** Files above this size are parsed on a worker thread (its start-up, ~0.3 s, is not worth it for small ones). */
export const WORKER_THRESHOLD_BYTES = 4 * 1024 * 1024;
/**
 * Chunks (about 1,000 rows each, ~1 MB as a string) the parser may have in flight before it waits for the main
 * thread to take them: room for a whole segment (SEGMENT_ROWS in feed.service.ts) to be parsed while the one
 * before is matched and stored, so the two cores work at once, and no more (96 measured a larger peak heap).
 */
const MAX_IN_FLIGHT = 40;

/** A parse under way: its chunks (consumed once, by the match and COPY) and its outcome. */
export interface ParseRun {
  chunks: AsyncIterable<ParsedChunk>;
  done: Promise<ParseOutcome>;
  /** stop parsing (the import failed elsewhere); safe to call after the end */
  cancel(): Promise<void>;
}

/** A single-consumer queue between the parser and the COPY. */
class ChunkQueue<T> {
  private items: T[] = [];
  private ended = false;
  private error: unknown = null;
  private wake: (() => void) | null = null;
  private space: (() => void) | null = null;
  private cancelled = false;
  constructor(
    private readonly limit: number,
    private readonly onTake: () => void = () => {},
  ) {}
  push(item: T): Promise<void> | void {
    if (this.cancelled) throw new Error('feed import cancelled');
    this.items.push(item);
    this.wake?.();
    if (this.items.length >= this.limit) return new Promise<void>((r) => (this.space = r));
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  /** the consumer gave up: release a waiting producer, whose next push throws */
  cancel(): void {
    this.cancelled = true;
    this.items = [];
    const s = this.space;
    this.space = null;
    s?.();
  }
  fail(err: unknown): void {
    this.error = err;
    this.ended = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length) {
        const item = this.items.shift()!;
        this.onTake();
        if (this.items.length < this.limit) {
          const s = this.space;
          this.space = null;
          s?.();
        }
        yield item;
        continue;
      }
      if (this.error) throw this.error;
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}

/** What the worker thread posts (parse-worker.ts). */
export type WorkerMessage =
  | { type: 'chunk'; chunk: ParsedChunk }
  | { type: 'progress'; progress: ParseProgress }
  | { type: 'done'; outcome: ParseOutcome }
  | { type: 'error'; error: SerialisedError };

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

function deserialiseError(e: SerialisedError): Error {
  if (e.name === 'AppError' && e.code && e.text) return new AppError(e.code as AppError['code'], e.text, e.issues);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

/** Parse `job` on a worker thread when asked (or when the file is large), else on this thread. */
export function runParse(
  job: ParseJob,
  opts: { worker?: boolean | undefined; onProgress?: ((p: ParseProgress) => void) | undefined } = {},
): ParseRun {
  const useWorker = opts.worker ?? fs.statSync(job.file).size > WORKER_THRESHOLD_BYTES;
  if (!useWorker) {
    const queue = new ChunkQueue<ParsedChunk>(MAX_IN_FLIGHT);
    const done = parseFeedFile(job, (chunk) => queue.push(chunk), opts.onProgress).then(
      (outcome) => {
        queue.end();
        return outcome;
      },
      (err: unknown) => {
        queue.fail(err);
        throw err;
      },
    );
    // the consumer sees the error through `ids`; `done` is awaited after it
    done.catch(() => undefined);
    return {
      chunks: queue,
      done,
      cancel: async () => {
        queue.cancel();
        await done.catch(() => undefined);
      },
    };
  }

  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const queue = new ChunkQueue<ParsedChunk>(Number.MAX_SAFE_INTEGER, () => {
    Atomics.sub(inFlight, 0, 1);
    Atomics.notify(inFlight, 0);
  });
  const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), {
    workerData: { job, inFlight, maxInFlight: MAX_IN_FLIGHT, keys: keyringData() },
    // the worker loads TypeScript through tsx itself; the parent's loaders (vitest, tsx) do not carry over
    execArgv: process.execArgv.filter((a) => a.startsWith('--cpu-prof') || a.startsWith('--max-old-space-size')),
  });
  const done = new Promise<ParseOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'chunk') void queue.push(m.chunk);
      else if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'done') {
        settled = true;
        queue.end();
        resolve(m.outcome);
      } else {
        settled = true;
        const err = deserialiseError(m.error);
        queue.fail(err);
        reject(err);
      }
    });
    worker.on('error', (err) => {
      settled = true;
      queue.fail(err);
      reject(err);
    });
    worker.on('exit', (code) => {
      if (settled) return;
      const err = new Error(`feed parser worker exited with code ${code}`);
      queue.fail(err);
      reject(err);
    });
  });
  done.catch(() => undefined);
  return {
    chunks: queue,
    done,
    cancel: async () => {
      queue.cancel();
      await worker.terminate();
    },
  };
}
