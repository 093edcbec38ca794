import { ScreeningFinding } from '@dixian/core';
import type { Tx } from '../db/store.js';
import { evaluationQuery } from './evaluate.sql.js';
import { explanationSql, outOfScopeExplanationSql } from './explain.sql.js';
import type { RunPolicy } from './policy-params.js';

/** Per finding: households flagged, and households that left it since the previous run. */
export type RunCounts = Record<ScreeningFinding, { flagged: number; cleared: number }>;

export interface RunOutcome {
  householdsScanned: number;
  counts: RunCounts;
}

/**
 * Memory for the hash joins and aggregates of one run: a run is one large statement, and spilling its hash tables
 * to disk costs more than the memory (PostgreSQL's default is 4 MB). PGlite lives in this process, so it gets
 * less.
 */
const WORK_MEM = { postgres: '256MB', pglite: '64MB' } as const;

/**
 * Execute a screening run inside `tx`: evaluate every household of the scope in one statement and store a row per
 * finding with its explanation, plus a departure row (cleared) for each household the previous run flagged that
 * this run does not, saying why. Nothing is read into this process but the counts.
 */
export async function executeRun(
  tx: Tx,
  engine: 'postgres' | 'pglite',
  run: { id: string; scopeCode: string; asOf: string; previousRunId: string | null },
  policies: readonly RunPolicy[],
): Promise<RunOutcome> {
  await tx.client.query(`select set_config('work_mem', $1, true)`, [WORK_MEM[engine]]);
  const q = evaluationQuery(
    run.scopeCode,
    run.asOf,
    policies.map((p) => p.params),
  );
  const n = q.params.length;
  await tx.client.query(
    `with x0 as (${q.text}),
     prev as (
       select household_id, array_agg(finding) as prev_findings
       from screening_result
       where run_id = $${n + 1}::uuid and not cleared
       group by household_id
     ),
     x as (
       select x0.*, coalesce(prev.prev_findings, '{}') as prev_findings
       from x0 left join prev on prev.household_id = x0.id
       where cardinality(x0.findings) > 0 or prev.household_id is not null
     )
     insert into screening_result (run_id, household_id, county_code, region_code, finding, category, explanation, cleared)
     select $${n + 2}::uuid, x.id, x.county_code, x.region_code, f.finding, x.category, ${explanationSql()}, f.cleared
     from x
     cross join lateral (
       select finding, false as cleared from unnest(x.findings) as finding
       union all
       select p, true from unnest(x.prev_findings) as p where not (p = any(x.findings))
     ) f`,
    [...q.params, run.previousRunId, run.id],
  );
  if (run.previousRunId) {
    await tx.client.query(
      `insert into screening_result (run_id, household_id, county_code, region_code, finding, category, explanation, cleared)
       select $1::uuid, p.household_id, p.county_code, p.region_code, p.finding, p.category, ${outOfScopeExplanationSql()}, true
       from screening_result p
       where p.run_id = $2::uuid and not p.cleared
         and not exists (select 1 from household h where h.id = p.household_id and h.region_code like $3)`,
      [run.id, run.previousRunId, `${run.scopeCode}%`],
    );
  }
  const counted = await tx.client.query<{ finding: ScreeningFinding; cleared: boolean; n: number }>(
    `select finding, cleared, count(*)::int as n from screening_result where run_id = $1 group by finding, cleared`,
    [run.id],
  );
  const counts = Object.fromEntries(ScreeningFinding.values.map((f) => [f, { flagged: 0, cleared: 0 }])) as RunCounts;
  for (const r of counted.rows) counts[r.finding][r.cleared ? 'cleared' : 'flagged'] = r.n;
  const scanned = await tx.client.query<{ n: number }>(
    `select count(*)::int as n from household h where h.region_code like $1`,
    [`${run.scopeCode}%`],
  );
  return { householdsScanned: scanned.rows[0]!.n, counts };
}
