/**
 * The data-quality rules over a seeded county (issue 17 §2: "20,000 demo households must run in seconds"):
 * `dixian seed --county 220681 --households 20000` first, then
 * `DATABASE_URL=… npx tsx bench/data-quality/run.ts 220681 2024-06-30` (or DIXIAN_DATA_DIR for PGlite).
 */
import { DATA_QUALITY_RULES } from '@dixian/core';
import { withStore } from '../../packages/server/src/cli/context.js';
import { countDataQualityFindings } from '../../packages/server/src/services/data-quality.service.js';

const [county = '220681', asOf = '2024-06-30'] = process.argv.slice(2);
await withStore(async ({ store }) => {
  for (const run of ['first', 'second']) {
    const t = performance.now();
    const found = await countDataQualityFindings(store.db, { regionPrefix: county }, asOf);
    const ms = Math.round(performance.now() - t);
    const by = Object.fromEntries(
      DATA_QUALITY_RULES.map((u) => [u.id, [...found.values()].filter((r) => r.includes(u.id)).length]),
    );
    console.log(JSON.stringify({ run, ms, households: found.size, byRule: by }, null, 1));
  }
});
