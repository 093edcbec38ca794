/**
 * EXPLAIN ANALYZE of the screening's evaluation statement on PGlite (bench/screening's 100,000 households by
 * default). The generated database is kept as a data-dir dump (PGLITE_DUMP, default /tmp) and loaded next time.
 *
 *   HOUSEHOLDS=100000 npx tsx screening/explain-pglite.ts
 */
import '../keys.js';
import fs from 'node:fs';
import { migrate } from '@dixian/server/db/migrate';
import { openStore } from '@dixian/server/db/store';
import { PolicyRepository } from '@dixian/server/repositories/policy.repository';
import { evaluationQuery } from '@dixian/server/screening/evaluate.sql';
import { screeningPolicies } from '@dixian/server/screening/policy-params';
import { sql } from 'kysely';
import { BENCH_COUNTIES, populate, prepareBenchDatabase } from './populate.js';

const N = Number(process.env.HOUSEHOLDS ?? 100_000);
const dump = process.env.PGLITE_DUMP ?? `/tmp/dixian-screening-pglite-${N}.tgz`;
const store = fs.existsSync(dump)
  ? await openStore({ memory: true, loadDataDir: new Blob([fs.readFileSync(dump)]) })
  : await openStore({ memory: true });
try {
  await migrate(store);
  if (!fs.existsSync(dump)) {
    await prepareBenchDatabase(store);
    await populate(store, { households: N, counties: BENCH_COUNTIES, asOf: '2024-06-30' }, () => undefined);
    await sql`vacuum analyze`.execute(store.db);
    fs.writeFileSync(dump, Buffer.from(await (await store.dumpDataDir!()).arrayBuffer()));
  }
  const policies = screeningPolicies(await new PolicyRepository(store.db).all(), '2206', '2024-06-30');
  const q = evaluationQuery(
    '2206',
    '2024-06-30',
    policies.map((p) => p.params),
    { candidatesOnly: true },
  );
  await store.transaction(async (tx) => {
    await tx.client.query(`select set_config('work_mem', '64MB', true)`);
    for (const kv of (process.env.SETTINGS ?? '').split(',').filter(Boolean)) {
      const [k, v] = kv.split('=');
      await tx.client.query(`select set_config($1, $2, true)`, [k, v]);
    }
    const r = await tx.client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze) select count(*) filter (where finding_mask <> 0) from (${q.text}) x`,
      q.params,
    );
    process.stdout.write(`${r.rows.map((x) => x['QUERY PLAN']).join('\n')}\n`);
  });
} finally {
  await store.close();
}
