/**
 * The feed pipeline's segment loop: parsed chunks gather into segments, and each segment is matched to the registry
 * and COPied into feed_row with its match spliced in while the parser reads on.
 */
import type { Tx } from '../db/store.js';
import { issueLine, type ParsedChunk, type SegmentIds } from '../feeds/parse.js';
import { Splicer } from '../feeds/splice.js';
import { FeedRepository, type MatchedRow } from '../repositories/feed.repository.js';

/**
 * Rows matched and stored per segment, while the parser reads the next: small enough that the parse and the
 * database overlap for most of the file, large enough that a statement's round trip is a small part of it.
 */
const SEGMENT_ROWS = 25_000;

/**
 * Store the chunks of a file segment by segment. Returns the match counts and, as issue lines, a notice for every
 * row whose name differs from the registry's for the same ID number.
 */
export async function storeSegments(
  tx: Tx,
  chunks: AsyncIterable<ParsedChunk>,
  batchId: string,
  scopePrefix: string,
): Promise<{ match: Splicer['counts']; names: string }> {
  const feeds = FeedRepository.in(tx);
  const splicer = new Splicer();
  let names = '';
  let segment: ParsedChunk[] = [];
  let rows = 0;
  const store = async () => {
    const matches = await feeds.matchSegment(scopePrefix, idsOf(segment));
    names += nameNotices(batchId, matches);
    const blocks = segment.map((c) => c.rows);
    segment = [];
    rows = 0;
    await feeds.loadRows(tx, splicer.splice(blocks, matches));
  };
  for await (const chunk of chunks) {
    segment.push(chunk);
    rows += chunk.count;
    if (rows >= SEGMENT_ROWS) await store();
  }
  if (segment.length) await store();
  return { match: splicer.counts, names };
}

/** The ID numbers and names of a segment's rows, in one list. */
function idsOf(segment: readonly ParsedChunk[]): SegmentIds {
  const ids: SegmentIds = { rowNo: [], index: [], name: [] };
  for (const c of segment) {
    for (let i = 0; i < c.ids.rowNo.length; i++) {
      ids.rowNo.push(c.ids.rowNo[i]!);
      ids.index.push(c.ids.index[i]!);
      ids.name.push(c.ids.name[i]!);
    }
  }
  return ids;
}

/** The notices, as issue lines, of the rows whose name differs from the registry's for the same ID number. */
function nameNotices(batchId: string, matches: readonly MatchedRow[]): string {
  let names = '';
  for (const m of matches) {
    if (m.inScope && m.registeredName !== null) {
      names += issueLine(batchId, m.rowNo, {
        column: null,
        field: 'person_name',
        problem: `姓名与登记不符(登记为"${m.registeredName}") / the name differs from the registry`,
        severity: 'notice',
      });
    }
  }
  return names;
}
