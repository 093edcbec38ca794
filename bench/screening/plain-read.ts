/**
 * The physical limit of the screening benchmarks (bench/screening, bench/shard): a plain sequential read of every
 * table the screening reads, the heap itself (a late column, no index-only scans), the fastest of three.
 */
import type { Store } from '@dixian/server/db/store';

const secs = (t: number) => (performance.now() - t) / 1000;

/** the tables the screening reads, for the plain sequential read (a late column forces reading each row) */
export const READ_TABLES: [string, string][] = [
  ['household', 'version'],
  ['member', 'version'],
  ['income_record', 'created_at'],
  ['separate_relative', 'has_business'],
  ['household_risk_event', 'created_at'],
  ['monitoring_case', 'version'],
  ['assistance_plan', 'version'],
  ['assistance_measure', 'version'],
  ['visit', 'created_at'],
  ['region', 'valid_to'],
];

/**
 * A plain sequential read of every table the screening reads, in seconds: the fastest of three after a warm-up
 * pass (one read takes about a second here and varies by a third from run to run; the fastest is the limit).
 */
export async function plainRead(store: Store): Promise<{ seconds: number; rows: number; runs: number[] }> {
  const once = () =>
    store.transaction(async (tx) => {
      // index-only scans over an all-visible table would skip the rows: force reading the heap
      await tx.client.exec(
        'set local enable_indexscan = off; set local enable_indexonlyscan = off; set local enable_bitmapscan = off',
      );
      let rows = 0;
      for (const [t, c] of READ_TABLES) {
        const r = await tx.client.query<{ n: number }>(`select count(${c})::bigint as n from ${t}`);
        rows += Number(r.rows[0]!.n);
      }
      return rows;
    });
  await once();
  const runs: number[] = [];
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    rows = await once();
    runs.push(secs(t));
  }
  return { seconds: Math.min(...runs), rows, runs };
}
