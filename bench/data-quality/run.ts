/**
 * The data-quality rules over a seeded county (issue 17 §2: "20,000 demo households must run in seconds"), against
 * the physical limit measured in the same run: a plain sequential read of every table the rules read (the fastest
 * of three). `dixian seed --county 220681 --households 20000` first, then
 * `DATABASE_URL=… npx tsx bench/data-quality/run.ts 220681 2024-06-30` (or DIXIAN_DATA_DIR for PGlite).
 * Prints the machine, the load average before and after, and each figure.
 */
import os from 'node:os';
import { DATA_QUALITY_RULES } from '@dixian/core';
import { sql } from 'kysely';
import { withStore } from '../../packages/server/src/cli/context.js';
import type { Store } from '../../packages/server/src/db/store.js';
import { countDataQualityFindings } from '../../packages/server/src/services/data-quality.service.js';
import { machine } from '../screening/report.js';

/** The tables the rules read, each counted through a column so that the heap is read. */
const READ_TABLES: [string, string][] = [
  ['household', 'version'],
  ['member', 'version'],
  ['income_record', 'created_at'],
  ['visit', 'created_at'],
  ['assistance_measure', 'version'],
  ['monitoring_case', 'version'],
  ['social_assistance_case', 'version'],
  ['department_warning', 'created_at'],
];

const secs = (t: number) => (performance.now() - t) / 1000;

async function plainRead(store: Store): Promise<{ seconds: number; rows: number }> {
  const once = async () => {
    let rows = 0;
    for (const [t, c] of READ_TABLES) {
      const r = await sql<{ n: string }>`select count(${sql.ref(c)})::bigint as n from ${sql.table(t)}`.execute(
        store.db,
      );
      rows += Number(r.rows[0]!.n);
    }
    return rows;
  };
  await once();
  let best = Infinity;
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    rows = await once();
    best = Math.min(best, secs(t));
  }
  return { seconds: best, rows };
}

const [county = '220681', asOf = '2024-06-30'] = process.argv.slice(2);
await withStore(async ({ store, config }) => {
  const m = machine();
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${m.memory}, Node ${m.node}, PGlite ${m.pglite}`);
  console.log(
    `engine: ${config.databaseUrl ? 'PostgreSQL' : 'PGlite'}; load average before: ${os.loadavg()[0]!.toFixed(2)}`,
  );
  const read = await plainRead(store);
  console.log(
    `plain sequential read (the limit): ${read.rows.toLocaleString('en')} rows in ${read.seconds.toFixed(2)} s`,
  );
  for (const run of ['first', 'second']) {
    const t = performance.now();
    const found = await countDataQualityFindings(store.db, { regionPrefix: county }, asOf);
    const s = secs(t);
    const by = Object.fromEntries(
      DATA_QUALITY_RULES.map((u) => [u.id, [...found.values()].filter((r) => r.includes(u.id)).length]),
    );
    console.log(
      `${run} run: ${s.toFixed(2)} s (${(s / read.seconds).toFixed(1)} × the plain read), ${found.size} households with a finding`,
    );
    console.log(`  by rule: ${JSON.stringify(by)}`);
  }
  console.log(`load average after: ${os.loadavg()[0]!.toFixed(2)}`);
});
