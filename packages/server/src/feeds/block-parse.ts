/**
 * One block of a CSV file, parsed on one of several worker threads (blocks.ts cuts the file into blocks of whole
 * records and puts the results back in order): decoded, split, normalised under the header the main thread found
 * in the file's first rows, and sealed and encoded as `parseFeedFile` does for a whole file.
 */
import { feedSpec, FileFitMonitor, type FeedRowNormaliser, type FeedRowResult, type FeedSpec } from '@dixian/core';
import { CsvSplitter, CsvUnclosedQuote } from './csv.js';
import {
  encodeBatch,
  type Block,
  type BlockCounts,
  type CarryEntries,
  type ParseJob,
  type ParsedChunk,
} from './chunks.js';
import { decodeBlock, GARBLED, rowsOf, unclosedQuote, type SourceRow } from './text-rows.js';
import { countRow, emptyStats, headerOf } from './stage.js';

/** Posts a block's carried values at its end; resolves to the values carried into it when `needIn`, else []. */
export type CarryExchange = (out: CarryEntries, needIn: boolean) => Promise<CarryEntries>;

/** Rows per chunk, as `stageRows` batches them. */
const CHUNK_ROWS = 1000;

export class BlockParser {
  private readonly spec: FeedSpec;
  private readonly normaliser: FeedRowNormaliser;
  private readonly headerRow: number;

  constructor(
    private readonly job: ParseJob,
    head: SourceRow[],
  ) {
    const spec = feedSpec(job.department);
    if (!spec) throw new Error(`unknown department ${job.department}`);
    this.spec = spec;
    const stats = emptyStats();
    // the main thread found this header in the same rows (blocks.ts planBlocks), so it is found here too
    const normaliser = headerOf(head, spec, job, stats);
    if (!normaliser || stats.headerRow === null) throw new Error('the head rows of a block parse hold no header');
    this.normaliser = normaliser;
    this.headerRow = stats.headerRow;
  }

  /**
   * The block's chunks to `sink`, in row order, their problems inside them; returns the block's counts. A
   * carried-down column (the village written only on a group's first row) may continue from the blocks before:
   * `exchange` posts what this block carries on (read off its rows before any is normalised, so the next block
   * waits little) and, when its first rows need it, waits for what it takes over.
   */
  async parse(block: Block, exchange: CarryExchange, sink: (chunk: ParsedChunk) => void): Promise<BlockCounts> {
    const { job, normaliser } = this;
    const rows = this.split(block).filter((r) => r.rowNo > this.headerRow);
    const { out, needsIn } = normaliser.carryOf(rows.map((r) => r.cells));
    normaliser.seedCarry(await exchange(out, needsIn));
    const stats = emptyStats();
    const fit = new FileFitMonitor(this.spec);
    // normalised and encoded a thousand rows at a time: few objects live through a collection
    for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
      const batch: FeedRowResult[] = [];
      for (const row of rows.slice(i, i + CHUNK_ROWS))
        countRow(normaliser.normalise(row.rowNo, row.cells), row, stats, fit, batch);
      if (!batch.length) continue;
      let issues = '';
      const chunk = encodeBatch(job.batchId, batch, (line) => (issues += line));
      sink(issues ? { ...chunk, issues } : chunk);
    }
    const { rowsTotal, rowsValid, rowsInvalid, rowsSkipped, notices, errors } = stats;
    return { rowsTotal, rowsValid, rowsInvalid, rowsSkipped, notices, errors, fit: fit.tally() };
  }

  /** The block's records as rows, numbered from the block's place in the file. */
  private split(block: Block): SourceRow[] {
    const { job } = this;
    const text = decodeBlock(block.bytes, job.info.encoding!, block.index === 0);
    const splitter = new CsvSplitter(job.info.delimiter ?? ',', block.firstRowNo - 1);
    let cells: string[][];
    try {
      cells = splitter.push(text);
      cells.push(...splitter.end());
    } catch (err) {
      if (err instanceof CsvUnclosedQuote) throw unclosedQuote(err);
      throw err;
    }
    return rowsOf(cells, block.firstRowNo, text.includes(GARBLED));
  }
}
