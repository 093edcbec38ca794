/**
 * Closing the parsed feed_row lines with their match (issue 5 §1): the parser left each line ending in
 * `dedupe_key \t valid`; the match (set-based SQL over one segment of rows, in row order) says which member and
 * household the row is and whether it lies inside the department's county. Each line gets MATCH_COLUMNS, so the
 * rows reach feed_row by COPY, written once, with their outcome already known.
 */
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

/** Splices segment after segment, counting the outcomes over the whole file. */
export class Splicer {
  readonly counts: SpliceCounts = { matched: 0, unmatched: 0, outsideScope: 0, invalid: 0 };

  /**
   * The lines of `blocks` (each a run of whole lines, in row order) closed with their match from `matches` (sorted
   * by row, covering the rows of these blocks), in pieces of about 1 MB for the COPY.
   */
  *splice(blocks: Iterable<string>, matches: readonly MatchRow[]): Generator<string> {
    let mi = 0;
    let out = '';
    for (const block of blocks) {
      let pos = 0;
      while (pos < block.length) {
        const t1 = block.indexOf(TAB, pos);
        const rowNo = Number(block.slice(t1 + 1, block.indexOf(TAB, t1 + 1)));
        const eol = block.indexOf('\n', pos);
        if (eol < 0) throw new Error('a parsed feed row without its line end');
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
        pos = eol + 1;
        if (out.length >= 1 << 20) {
          yield out;
          out = '';
        }
      }
    }
    if (out) yield out;
  }
}
