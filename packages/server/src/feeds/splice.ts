/**
 * Closing the spooled feed_row lines with their match (issue 5 §1): the parser left each line ending in
 * `dedupe_key \t valid`; the match (set-based SQL, read in row order) says which member and household the row is
 * and whether it lies inside the department's county. Each line gets MATCH_COLUMNS, so the rows reach feed_row by
 * COPY, written once, with their outcome already known.
 */
import fs from 'node:fs';
import type { FeedRowOutcome } from '../repositories/feed.repository.js';

export interface MatchRow {
  rowNo: number;
  memberId: string;
  householdId: string;
  inScope: boolean;
}

export interface SpliceCounts {
  matched: number;
  unmatched: number;
  outsideScope: number;
  invalid: number;
}

const TAB = '\t';
const NULLS = '\\N\t\\N\t\\N\t';
const tail = (o: FeedRowOutcome) => `${NULLS}${o}\n`;

/**
 * Reads the rows spool once, front to back, in steps: `take(matches, untilRowNo)` gives the lines up to that row
 * with their match columns. The caller reads the next page of matches from the database between steps (never
 * during one, since a step feeds a COPY on the same connection).
 */
export class SpliceReader {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly decoder = new TextDecoder('utf-8');
  private block = '';
  private pos = 0;
  private eof = false;
  readonly counts: SpliceCounts = { matched: 0, unmatched: 0, outsideScope: 0, invalid: 0 };

  constructor(private readonly rowsFile: string) {
    this.chunks = fs.createReadStream(rowsFile, { highWaterMark: 1024 * 1024 })[Symbol.asyncIterator]();
  }

  /** the start of a line cut by the end of the last read */
  private pendingTail = '';

  /** Lines with row numbers up to `untilRowNo`, closed with their match from `matches` (sorted by row). */
  async *take(matches: readonly MatchRow[], untilRowNo: number): AsyncGenerator<string> {
    let mi = 0;
    let out = '';
    for (;;) {
      if (this.pos >= this.block.length) {
        if (out) {
          yield out;
          out = '';
        }
        if (!(await this.refill())) return;
      }
      const block = this.block;
      const pos = this.pos;
      const t1 = block.indexOf(TAB, pos);
      const rowNo = Number(block.slice(t1 + 1, block.indexOf(TAB, t1 + 1)));
      if (rowNo > untilRowNo) break;
      const eol = block.indexOf('\n', pos);
      const validTab = eol - 2;
      const dedupeTab = block.lastIndexOf(TAB, validTab - 1);
      out += block.slice(pos, dedupeTab + 1);
      if (block.charCodeAt(eol - 1) !== 49 /* '1' */) {
        this.counts.invalid++;
        out += tail('invalid');
      } else {
        while (mi < matches.length && matches[mi]!.rowNo < rowNo) mi++;
        const m = mi < matches.length && matches[mi]!.rowNo === rowNo ? matches[mi]! : null;
        if (!m) {
          this.counts.unmatched++;
          out += tail('unmatched');
        } else if (!m.inScope) {
          this.counts.outsideScope++;
          out += tail('outside_scope');
        } else {
          this.counts.matched++;
          out += `${block.slice(dedupeTab + 1, validTab)}\t${m.memberId}\t${m.householdId}\tmatched\n`;
        }
      }
      this.pos = eol + 1;
      if (out.length >= 1 << 20) {
        yield out;
        out = '';
      }
    }
    if (out) yield out;
  }

  /** The next block of whole lines; false at the end of the file. */
  private async refill(): Promise<boolean> {
    for (;;) {
      if (this.eof) return false;
      const r = await this.chunks.next();
      if (r.done) {
        this.eof = true;
        const last = this.pendingTail + this.decoder.decode();
        if (last) throw new Error(`feed spool ${this.rowsFile} ends inside a line`);
        return false;
      }
      const text = this.pendingTail + this.decoder.decode(r.value, { stream: true });
      const end = text.lastIndexOf('\n') + 1;
      this.pendingTail = text.slice(end);
      if (!end) continue;
      this.block = text.slice(0, end);
      this.pos = 0;
      return true;
    }
  }
}
