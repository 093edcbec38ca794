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
 * MAX_IN_FLIGHT chunks wait between the two. A large CSV is parsed in blocks on several worker threads instead
 * (blocks.ts), when the machine has the cores. What the parse makes, and the threads' messages: chunks.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { feedSpec } from '@dixian/core';
import { keyringData } from '../security/field-keys.js';
import { defaultParsers, planBlocks, runBlockParse } from './blocks.js';
import {
  deserialiseError,
  encodeBatch,
  parserThread,
  Spool,
  type ChunkSink,
  type ParseJob,
  type ParseOutcome,
  type ParseProgress,
  type ParseRun,
  type ParsedChunk,
  type WorkerMessage,
} from './chunks.js';
import { openSource, type ReadProgress } from './source.js';
import { emptyStats, stageRows } from './stage.js';

export * from './chunks.js';

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
      if (batch.length) await sink(encodeBatch(job.batchId, batch, (line) => issues.write(line)));
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

/**
 * Parse `job` on a worker thread when asked (or when the file is large), else on this thread; a CSV that can be
 * parsed in blocks on several (blocks.ts), when the machine has the cores.
 */
export function runParse(
  job: ParseJob,
  opts: {
    worker?: boolean | undefined;
    /** worker threads for a CSV that can be parsed in blocks (default: `defaultParsers()`) */
    parsers?: number | undefined;
    /** the blocks' size (tests make it small) */
    blockBytes?: number | undefined;
    onProgress?: ((p: ParseProgress) => void) | undefined;
  } = {},
): ParseRun {
  const useWorker = opts.worker ?? fs.statSync(job.file).size > WORKER_THRESHOLD_BYTES;
  const parsers = opts.parsers ?? defaultParsers();
  const plan = useWorker && parsers > 1 ? planBlocks(job) : null;
  if (plan) return runBlockParse(job, plan, parsers, opts);
  return useWorker ? runOnWorker(job, opts.onProgress) : runInline(job, opts.onProgress);
}

function runInline(job: ParseJob, onProgress: ((p: ParseProgress) => void) | undefined): ParseRun {
  const queue = new ChunkQueue<ParsedChunk>(MAX_IN_FLIGHT);
  const done = parseFeedFile(job, (chunk) => queue.push(chunk), onProgress).then(
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

function runOnWorker(job: ParseJob, onProgress: ((p: ParseProgress) => void) | undefined): ParseRun {
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const queue = new ChunkQueue<ParsedChunk>(Number.MAX_SAFE_INTEGER, () => {
    Atomics.sub(inFlight, 0, 1);
    Atomics.notify(inFlight, 0);
  });
  const worker = parserThread({ job, inFlight, maxInFlight: MAX_IN_FLIGHT, keys: keyringData() });
  const done = new Promise<ParseOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'chunk') void queue.push(m.chunk);
      else if (m.type === 'progress') onProgress?.(m.progress);
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
