/**
 * A large CSV parsed by several worker threads at once (issue 19 §5). The parse of a row (decode, split,
 * normalise, seal, encode) is most of an import's CPU, and one thread doing it leaves the machine's other cores to
 * PostgreSQL and an idle main thread. Here the main thread cuts the file into blocks of whole records (a byte-level
 * scan, `RecordScanner`), hands them to the parsers as they ask, and gives the consumer their chunks in the file's
 * order, so the match and COPY, the issues and the report see exactly what one parser would have made.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { feedSpec, FileFitMonitor, HEADER_SCAN_ROWS } from '@dixian/core';
import { keyringData } from '../security/field-keys.js';
import { CsvSplitter, RecordScanner } from './csv.js';
import {
  deserialiseError,
  parserThread,
  Spool,
  type Block,
  type BlockCounts,
  type CarryEntries,
  type BlockParentMessage,
  type BlockWorkerMessage,
  type ParseJob,
  type ParseOutcome,
  type ParseProgress,
  type ParseRun,
  type ParsedChunk,
} from './chunks.js';
import { readHead } from './source.js';
import { decodeBlock, rowsOf, type SourceRow } from './text-rows.js';
import { emptyStats, headerOf, headRows, wrongDepartment, type StageStats } from './stage.js';

/** Bytes read at a time, and so about a block's size: ~10,000 feed rows. */
export const BLOCK_BYTES = 1024 * 1024;
/** Chunks a parser may have waiting for the consumer (each parser; see MAX_IN_FLIGHT in parse.ts). */
const MAX_IN_FLIGHT_EACH = 24;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** How many parsers a machine gets by default: one a core, up to four (beyond, PostgreSQL's one COPY binds). */
export function defaultParsers(): number {
  return Math.min(4, os.availableParallelism());
}

/** What the main thread learned from the file's first block: the head rows and the header found in them. */
export interface BlockPlan {
  head: SourceRow[];
  stats: StageStats;
}

/**
 * Whether `job`'s file can be parsed in blocks, and its header: a CSV in UTF-8 or GB18030 with a delimiter the
 * scanner reads (',', tab, ';'; a GBK character's second byte can be '|'), whose first megabyte holds the rows
 * the header is looked for in. Every block then skips the rows down to the header by their numbers.
 * Null sends the file to one parser, which also gives every file-level error exactly as before.
 */
export function planBlocks(job: ParseJob): BlockPlan | null {
  const { info } = job;
  if (info.format !== 'csv' || (info.encoding !== 'utf-8' && info.encoding !== 'gb18030')) return null;
  const delimiter = info.delimiter ?? ',';
  if (![',', '\t', ';'].includes(delimiter)) return null;
  const spec = feedSpec(job.department);
  if (!spec) return null;
  const first = readHead(job.file, BLOCK_BYTES);
  const bom = startsWithBom(first) ? UTF8_BOM.length : 0;
  const scan = new RecordScanner(delimiter).scan(first.subarray(bom));
  if (scan.cut < 0) return null;
  const text = decodeBlock(first.subarray(0, bom + scan.cut), info.encoding, true);
  const head = headRows(rowsOf(new CsvSplitter(delimiter).push(text), 1, false));
  if (head.length < HEADER_SCAN_ROWS) return null; // a header found in fewer rows might not be the one's

  const stats = emptyStats();
  try {
    return headerOf(head, spec, job, stats) ? { head, stats } : null;
  } catch {
    return null; // another department's file: the one parser refuses it with its usual words
  }
}

const startsWithBom = (b: Uint8Array) => UTF8_BOM.every((x, i) => b[i] === x);

/**
 * The file in blocks of whole records, each about `blockBytes` (a record longer than that makes its block longer),
 * with the number of its first record. The bytes are copied into a buffer of their own, so they can be
 * transferred to a worker.
 */
export async function* readBlocks(file: string, delimiter: string, blockBytes = BLOCK_BYTES): AsyncGenerator<Block> {
  const scanner = new RecordScanner(delimiter);
  const fh = await fs.promises.open(file, 'r');
  try {
    let parts: Buffer[] = [];
    let pending = 0;
    /** where the last record ended by an LF lies in the pending bytes, and the records up to it */
    let cut = -1;
    let recordsAtCut = 0;
    let records = 0;
    let index = 0;
    let firstRowNo = 1;
    for (;;) {
      const buf = Buffer.allocUnsafeSlow(blockBytes);
      const { bytesRead } = await fh.read(buf, 0, blockBytes, null);
      if (!bytesRead) break;
      const got = buf.subarray(0, bytesRead);
      const skip = index === 0 && pending === 0 && startsWithBom(got) ? UTF8_BOM.length : 0;
      const s = scanner.scan(got.subarray(skip));
      if (s.cut >= 0) {
        cut = pending + skip + s.cut;
        recordsAtCut = records + s.recordsAtCut;
      }
      records += s.records;
      parts.push(got);
      pending += bytesRead;
      if (cut < 0) continue;
      const all = parts.length === 1 ? parts[0]! : Buffer.concat(parts, pending);
      yield { index: index++, firstRowNo, bytes: new Uint8Array(all.subarray(0, cut)) };
      firstRowNo += recordsAtCut;
      records -= recordsAtCut;
      parts = cut < pending ? [all.subarray(cut)] : [];
      pending -= cut;
      cut = -1;
    }
    if (pending) {
      const all = Buffer.concat(parts, pending);
      yield { index, firstRowNo, bytes: new Uint8Array(all) };
    }
  } finally {
    await fh.close();
  }
}

/** A block's chunks as they arrive, and whether its parser has finished it. */
interface Slot {
  chunks: ParsedChunk[];
  done: boolean;
  worker: number;
  bytes: number;
}

/**
 * Parse `job`'s file in blocks on `parsers` worker threads (see the top). The chunks come in the file's order;
 * the issues travel inside them and are spooled here as they are taken; `done` has the summed counts.
 */
export function runBlockParse(
  job: ParseJob,
  plan: BlockPlan,
  parsers: number,
  opts: { onProgress?: ((p: ParseProgress) => void) | undefined; blockBytes?: number | undefined } = {},
): ParseRun {
  const run = new BlockRun(job, plan, parsers, opts);
  return { chunks: run.chunks(), done: run.done, cancel: () => run.cancel() };
}

class BlockRun {
  private readonly stats: StageStats;
  private readonly fit: FileFitMonitor;
  private readonly reader: AsyncGenerator<Block>;
  private readonly slots = new Map<number, Slot>();
  private readonly counters: Int32Array[];
  private readonly workers: Worker[];
  private readonly carry: CarryChain;
  private blocksRead = 0;
  private readerDone = false;
  /** the run is ending (finished, failed or cancelled): its threads are being terminated */
  private closing = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  readonly done: Promise<ParseOutcome>;
  private finish!: (o: ParseOutcome) => void;
  private reject!: (e: unknown) => void;

  constructor(
    private readonly job: ParseJob,
    plan: BlockPlan,
    parsers: number,
    private readonly opts: { onProgress?: ((p: ParseProgress) => void) | undefined; blockBytes?: number | undefined },
  ) {
    this.stats = { ...plan.stats };
    this.fit = new FileFitMonitor(feedSpec(job.department)!);
    this.reader = readBlocks(job.file, job.info.delimiter ?? ',', opts.blockBytes);
    this.done = new Promise<ParseOutcome>((res, rej) => ((this.finish = res), (this.reject = rej)));
    this.done.catch(() => undefined);
    this.counters = Array.from({ length: parsers }, () => new Int32Array(new SharedArrayBuffer(4)));
    this.workers = this.counters.map((inFlight) =>
      parserThread({ job, inFlight, maxInFlight: MAX_IN_FLIGHT_EACH, keys: keyringData(), head: plan.head }),
    );
    this.carry = new CarryChain((index, entries, w) =>
      this.workers[w]!.postMessage({ type: 'carry-in', index, entries } satisfies BlockParentMessage),
    );
    this.workers.forEach((worker, w) => {
      worker.on('message', (m: BlockWorkerMessage) => this.onMessage(w, m));
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        // a thread that ends otherwise than asked would leave its block unfinished and the consumer waiting
        if (code !== 0 && !this.closing) this.fail(new Error(`feed parser worker exited with code ${code}`));
      });
    });
  }

  private onMessage(w: number, m: BlockWorkerMessage): void {
    if (m.type === 'ready') void this.feed(w);
    else if (m.type === 'block-chunk') {
      this.slots.get(m.index)!.chunks.push(m.chunk);
      this.poke();
    } else if (m.type === 'carry-out') this.carry.out(m.index, m.out, m.needIn ? w : null);
    else if (m.type === 'block-done') {
      addCounts(this.stats, this.fit, m.counts);
      this.slots.get(m.index)!.done = true;
      this.poke();
      void this.feed(w);
    } else this.fail(deserialiseError(m.error));
  }

  /** The next block to the worker that asked, or the end when the file is read. */
  private async feed(w: number): Promise<void> {
    try {
      const next = await this.reader.next();
      if (next.done) {
        this.readerDone = true;
        this.workers[w]!.postMessage({ type: 'end' } satisfies BlockParentMessage);
        this.poke();
        return;
      }
      const block = next.value;
      this.blocksRead = Math.max(this.blocksRead, block.index + 1);
      this.slots.set(block.index, { chunks: [], done: false, worker: w, bytes: block.bytes.length });
      this.workers[w]!.postMessage({ type: 'block', block } satisfies BlockParentMessage, [
        block.bytes.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.poke();
  }

  /** The chunks in the file's order; each taken frees a place for its parser. */
  async *chunks(): AsyncGenerator<ParsedChunk> {
    const spool = new Spool(this.job.issuesFile ?? path.join(this.job.spoolDir, 'issues.copy'));
    let closed = false;
    let next = 0;
    const progress: ParseProgress = { rows: 0, bytes: 0 };
    try {
      for (;;) {
        if (this.failure) throw this.failure;
        const slot = this.slots.get(next);
        if (slot?.chunks.length) {
          const chunk = slot.chunks.shift()!;
          Atomics.sub(this.counters[slot.worker]!, 0, 1);
          Atomics.notify(this.counters[slot.worker]!, 0);
          if (chunk.issues) spool.write(chunk.issues);
          progress.rows += chunk.count;
          yield chunk;
        } else if (slot?.done) {
          this.slots.delete(next++);
          progress.bytes += slot.bytes;
          this.opts.onProgress?.({ ...progress });
        } else if (this.readerDone && next >= this.blocksRead) break;
        else await new Promise<void>((r) => (this.wake = r));
      }
      spool.close();
      closed = true;
      const verdict = this.fit.verdict();
      if (verdict) throw wrongDepartment(verdict, this.stats.headerRow ?? 1);
      this.finish({ info: this.job.info, stats: this.stats, issuesFile: spool.file });
    } catch (err) {
      this.reject(err);
      throw err;
    } finally {
      if (!closed) spool.close();
      this.closing = true;
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
  }

  async cancel(): Promise<void> {
    this.fail(new Error('feed import cancelled'));
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
    await this.reader.return(undefined);
  }
}

/**
 * The values carried down across blocks: what flows into block k is what flowed into block k-1, overwritten by
 * what block k-1 itself carries on. Resolved in block order as the parsers report; a parser waiting for its
 * block's values gets them as soon as every block before has reported.
 */
class CarryChain {
  private readonly outs = new Map<number, CarryEntries>();
  private readonly waiting = new Map<number, number>();
  /** the first block whose values in are not known yet... */
  private frontier = 0;
  /** ...and the values into the blocks from there on, as far as known */
  private known = new Map<number, CarryEntries>([[0, []]]);

  constructor(private readonly deliver: (index: number, entries: CarryEntries, worker: number) => void) {}

  /** Block `index` carries `out` on; `worker` waits for the values into it (null: it does not need them). */
  out(index: number, out: CarryEntries, worker: number | null): void {
    this.outs.set(index, out);
    if (worker !== null) this.waiting.set(index, worker);
    while (this.outs.has(this.frontier) && this.known.has(this.frontier)) {
      const into = new Map(this.known.get(this.frontier));
      for (const [k, v] of this.outs.get(this.frontier)!) into.set(k, v);
      this.outs.delete(this.frontier);
      this.known.set(this.frontier + 1, [...into]);
      this.frontier++;
    }
    for (const [i, w] of this.waiting) {
      const entries = this.known.get(i);
      if (!entries) continue;
      this.waiting.delete(i);
      this.deliver(i, entries, w);
    }
    for (const i of this.known.keys()) if (i < this.frontier) this.known.delete(i);
  }
}

/** A finished block's counts added to the file's. */
function addCounts(stats: StageStats, fit: FileFitMonitor, c: BlockCounts): void {
  stats.rowsTotal += c.rowsTotal;
  stats.rowsValid += c.rowsValid;
  stats.rowsInvalid += c.rowsInvalid;
  stats.rowsSkipped += c.rowsSkipped;
  stats.notices += c.notices;
  stats.errors += c.errors;
  fit.absorb(c.fit);
}
