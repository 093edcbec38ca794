/**
 * EXPLAIN (ANALYZE, BUFFERS) of the screening's evaluation statement on a database kept by bench/screening
 * (KEEP_DB=1), to see where a run's time goes. Findings are counted, not stored.
 *
 *   REUSE_DB=dixian_bench_screening_123 npx tsx screening/explain.ts [partition-count] [partition-index]
 *
 * RUN=1 explains the next-day run's own statement instead: the stored facts read, the previous run's findings
 * compared, and every finding stored (in a transaction rolled back afterwards).
 */
import '../keys.js';
import { openStore } from '@dixian/server/db/store';
import { findingsInsert, idRanges } from '@dixian/server/screening/engine';
import { evaluationQuery } from '@dixian/server/screening/evaluate.sql';
import { screeningPolicies } from '@dixian/server/screening/policy-params';
import { PolicyRepository } from '@dixian/server/repositories/policy.repository';
import { sql } from 'kysely';

const db = process.env.REUSE_DB;
if (!db || !/^\w+$/.test(db)) throw new Error('REUSE_DB=<database kept by bench/screening> is required');
const url = new URL(process.env.DIXIAN_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/${db}`;
const [n = 1, i = 0] = process.argv.slice(2).map(Number);
const store = await openStore({ databaseUrl: url.toString(), poolSize: 1 });
try {
  const policies = screeningPolicies(await new PolicyRepository(store.db).all(), '2206', '2024-06-30');
  const asRun = process.env.RUN === '1';
  // the run the bench measured compares with the scope's first run, the day before
  const previous = asRun
    ? (
        await sql<{ id: string }>`select id from screening_run
          where scope_code = '2206' and as_of = '2024-06-29' and status = 'done' order by started_at desc limit 1`.execute(
          store.db,
        )
      ).rows[0]?.id
    : null;
  if (asRun && !previous) throw new Error('RUN=1: the database has no finished run of 2024-06-29 to compare with');
  const evaluation = evaluationQuery(
    '2206',
    '2024-06-30',
    policies.map((p) => p.params),
    { candidatesOnly: true, range: n > 1 ? idRanges(n)[i] : undefined, facts: asRun, previousRunId: previous },
  );
  const rolledBack = new Error('rolled back');
  await store
    .transaction(async (tx) => {
      const q = asRun
        ? findingsInsert(
            evaluation,
            (
              await tx.client.query<{ id: string }>(
                `insert into screening_run (scope_code, as_of) values ('2206', '2024-06-30') returning id`,
              )
            ).rows[0]!.id,
          )
        : {
            text: `select count(*) filter (where finding_mask <> 0) from (${evaluation.text}) x`,
            params: evaluation.params,
          };
      // the run's own settings (packages/server/src/screening/engine.ts configure), JIT off for readable timings
      await tx.client.query(`select set_config('work_mem', '256MB', true), set_config('jit', 'off', true)`);
      // SETTINGS="enable_hashjoin=off,enable_sort=off": planner settings to try, for this statement only
      for (const kv of (process.env.SETTINGS ?? '').split(',').filter(Boolean)) {
        const [k, v] = kv.split('=');
        await tx.client.query(`select set_config($1, $2, true)`, [k, v]);
      }
      const r = await tx.client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${q.text}`, q.params);
      process.stdout.write(`${r.rows.map((x) => x['QUERY PLAN']).join('\n')}\n`);
      throw rolledBack; // nothing the explained statement wrote is kept
    })
    .catch((e: unknown) => {
      if (e !== rolledBack) throw e;
    });
} finally {
  await store.close();
}
