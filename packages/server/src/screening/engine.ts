import { ScreeningFinding } from '@dixian/core';
import type { RawClient } from '../db/driver.js';
import type { Store, Tx } from '../db/store.js';
import { evaluationQuery, factsRefreshQuery, staleFactsQuery } from './evaluate.sql.js';
import { factsAsOfTables, factsChangedAfterDay, type FactSources } from './facts-as-of.sql.js';
import { listColumns } from './sql-parts.js';
import { explanationSql, outOfScopeExplanationSql } from './explain.sql.js';
import {
  copyUnchangedSql,
  dirtyHouseholds,
  incrementalBasis,
  inputSnapshot,
  type IncrementalBasis,
} from './incremental.js';

/** An incremental run's households to judge again, and those among them whose stored facts do not hold. */
type Changed = { basis: IncrementalBasis; ids: string[]; stale: string[] };
import type { RunPolicy } from './policy-params.js';

/** Per finding: households flagged, and households that left it since the previous run. */
export type RunCounts = Record<ScreeningFinding, { flagged: number; cleared: number }>;

export interface RunOutcome {
  householdsScanned: number;
  counts: RunCounts;
  /** statements the households were split into (run in parallel on PostgreSQL) */
  partitions: number;
  /** households judged again when the run judged only what changed (./incremental.ts); null: everyone was */
  judged: number | null;
  /**
   * the snapshot the run read its inputs in (screening_run.input_snapshot): the next run's basis; null when the
   * run read a past day's facts from their history (what it judged is not what is stored, so no run copies it)
   */
  inputSnapshot: string | null;
  /** the run read the facts as they held on its day (fact_history), not those stored now */
  factsAsOf: boolean;
}

export interface RunSpec {
  id: string;
  scopeCode: string;
  asOf: string;
  previousRunId: string | null;
}

export interface ExecuteOptions {
  /**
   * Split the households into this many ranges of ids, each evaluated by its own statement on its own connection
   * at the same time (PostgreSQL only; PGlite has one session). Every household's rules read only its own rows, so
   * the split changes nothing but the time. Default 1.
   */
  partitions?: number;
  /** only these households (tests) */
  householdIds?: readonly string[];
  /**
   * Judge again only the households written since the run before, or whose dates passed, and copy the others'
   * findings from it (./incremental.ts), when the run before allows it. Default true; false judges everyone.
   */
  incremental?: boolean;
  /** above this share of the households to judge again, judge everyone (default MOSTLY_CHANGED) */
  mostlyChanged?: number;
  /**
   * Read the facts as they held on the run's day when some changed after it (./facts-as-of.sql.ts). Default true;
   * false reads the facts stored now (the set-based engine's agreement tests compare with today's facts).
   */
  factsAsOf?: boolean;
}

/**
 * Session settings for a run's statements. Memory for the hash joins and aggregates: one large statement, whose
 * hash tables would otherwise spill to disk (PostgreSQL's default is 4 MB); PGlite lives in this process, so it
 * gets less. JIT: the statement has hundreds of expressions, and LLVM's optimisation and inlining of them take
 * longer than the run itself (measured: 43 s for a 1 s query at 20,000 households), while compiling them without
 * optimisation pays for itself.
 */
async function configure(client: RawClient, engine: Store['kind'], households: number): Promise<void> {
  await client.query(`select set_config('work_mem', $1, true)`, [engine === 'postgres' ? '256MB' : '64MB']);
  // Index scans stay allowed: turning them off (as this run once did, against index-ordered heap reads of the
  // income records) also turns off index-only scans (seen on PostgreSQL 15), and those are how the members and
  // income records are read, in household order from the covering indexes of migration 0075.
  if (engine === 'postgres') {
    await client.query(
      `select set_config('jit', $1, true), set_config('jit_inline_above_cost', '-1', true),
         set_config('jit_optimize_above_cost', '-1', true)`,
      [households >= JIT_FROM_HOUSEHOLDS ? 'on' : 'off'],
    );
  }
}

/** Stale facts of at most one in this many households are derived by looking those households up. */
const FEW_STALE = 20;

/** Above this share of the scope's households to judge again, a run judges everyone. */
const MOSTLY_CHANGED = 0.5;

/** Below this many households compiling the expressions costs more than interpreting them. */
const JIT_FROM_HOUSEHOLDS = 50_000;

/** Evenly spaced household-id ranges (ids are random uuids): [from, to), null meaning open. */
export function idRanges(n: number): { from: string | null; to: string | null }[] {
  const bound = (i: number) =>
    `${Math.floor((i * 0x1_0000_0000) / n)
      .toString(16)
      .padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: n }, (_, i) => ({
    from: i === 0 ? null : bound(i),
    to: i === n - 1 ? null : bound(i + 1),
  }));
}

/**
 * Evaluate one range of households and store its findings and departures; in an incremental run (`changed`) only
 * the households judged again, the others' findings copied from the run before.
 */
async function evaluateAndStore(
  client: RawClient,
  run: RunSpec,
  policies: readonly RunPolicy[],
  range: { from: string | null; to: string | null } | undefined,
  householdIds: readonly string[] | undefined,
  households: number,
  changed?: Changed,
  sources?: FactSources,
): Promise<void> {
  if (sources) {
    // a past day's facts: derived from the rebuilt rows, never from (or into) the stored per-household facts
    const opts = { householdIds, previousRunId: run.previousRunId, candidatesOnly: true, sources };
    const q = findingsInsert(
      evaluationQuery(
        run.scopeCode,
        run.asOf,
        policies.map((p) => p.params),
        opts,
      ),
      run.id,
    );
    await client.query(q.text, q.params);
    return;
  }
  if (changed) {
    const opts = {
      householdIds: changed.ids,
      previousRunId: run.previousRunId,
      candidatesOnly: true,
      range,
      facts: true,
    };
    const params = policies.map((p) => p.params);
    // the households whose facts do not hold are known already (dirtyQuery): no search for them (1.7 s at a
    // million households, with the whole facts table hashed)
    if (changed.stale.length) {
      await client.query(`select set_config('enable_nestloop', 'off', true)`);
      const refresh = factsRefreshQuery(run.scopeCode, run.asOf, params, { ...opts, householdIds: changed.stale });
      await client.query(refresh.text, refresh.params);
      await client.query(`select set_config('enable_nestloop', 'on', true)`);
    }
    const q = findingsInsert(evaluationQuery(run.scopeCode, run.asOf, params, opts), run.id);
    await client.query(q.text, q.params);
    await client.query(copyUnchangedSql(range !== undefined), [
      run.id,
      changed.basis.previousRunId,
      changed.ids,
      ...(range ? [range.from, range.to] : []),
    ]);
    return;
  }
  const opts = { householdIds, previousRunId: run.previousRunId, candidatesOnly: true, range, facts: true };
  const params = policies.map((p) => p.params);
  // The stored per-household facts first: derived again only where they no longer hold (household_screening_facts).
  // A few stale households are derived by looking them up; many (a first run, a date past many records' windows)
  // in one ordered pass over all the members and income records, as without stored facts. No nested loops here:
  // a facts table whose statistics lag behind its rows (emptied, or filled by the last run) was once planned as
  // a scan of it per household, and ran for minutes.
  await client.query(`select set_config('enable_nestloop', 'off', true)`);
  const stale = staleFactsQuery(run.scopeCode, run.asOf, params, opts, Math.floor(households / FEW_STALE));
  const found = (await client.query<{ n: number; ids: string[] | null }>(stale.text, stale.params)).rows[0]!;
  if (found.n > 0) {
    const refresh = factsRefreshQuery(
      run.scopeCode,
      run.asOf,
      params,
      found.ids ? { ...opts, householdIds: found.ids } : opts,
    );
    await client.query(refresh.text, refresh.params);
  }
  await client.query(`select set_config('enable_nestloop', 'on', true)`);
  const q = findingsInsert(evaluationQuery(run.scopeCode, run.asOf, params, opts), run.id);
  await client.query(q.text, q.params);
}

/**
 * The statement that evaluates and stores: a row per finding of the evaluation `q` with its explanation, and a
 * departure row (cleared) for each finding of the previous run that this one no longer has.
 */
export function findingsInsert(q: { text: string; params: unknown[] }, runId: string) {
  const np = q.params.length;
  return {
    text: `with x0 as (${q.text})
     insert into screening_result (run_id, household_id, county_code, region_code, finding, category, explanation, cleared)
     select $${np + 1}::uuid, x.id, x.county_code, x.region_code, f.finding, x.category, ${explanationSql()}, f.cleared
     from (
       select x0.*, ${listColumns('x0')}
       from x0 where x0.finding_mask <> 0 or x0.prev_findings is not null
     ) x
     cross join lateral (
       select finding, false as cleared from unnest(x.findings) as finding
       union all
       select p, true from unnest(x.prev_findings) as p where not (p = any(x.findings))
     ) f`,
    params: [...q.params, runId],
  };
}

/**
 * Execute a screening run: evaluate every household of the scope in set-based statements and store a row per
 * finding with its explanation, plus a departure row (cleared) for each household the previous run flagged that
 * this run does not, saying why. `tx` is the run's own transaction (it holds the scope's lock); with partitions
 * on PostgreSQL the ranges are evaluated in transactions of their own, and the caller removes a failed run's rows.
 * Nothing is read into this process but the counts.
 */
export async function executeRun(
  store: Store,
  tx: Tx,
  run: RunSpec,
  policies: readonly RunPolicy[],
  opts: ExecuteOptions = {},
): Promise<RunOutcome> {
  const ids = opts.householdIds ? [...opts.householdIds] : null;
  // before any household is read: whatever this snapshot does not see, the next run takes as written
  const snapshot = await inputSnapshot(tx.client);
  const sources =
    opts.factsAsOf !== false && (await factsChangedAfterDay(tx.client, run.scopeCode, run.asOf))
      ? await factsAsOfTables(tx.client, run.scopeCode, run.asOf)
      : undefined;
  const basis =
    opts.incremental !== false && !ids && !sources
      ? await incrementalBasis(tx.client, run.previousRunId, run.asOf, policies)
      : null;
  const dirty = basis ? await dirtyHouseholds(tx.client, run.scopeCode, run.asOf, basis, policies) : null;
  const scanned = await tx.client.query<{ n: number }>(
    `select count(*)::int as n from household h where h.region_code like $1 and h.closed_on is null
      and ($2::uuid[] is null or h.id = any($2::uuid[]))`,
    [`${run.scopeCode}%`, ids],
  );
  const households = scanned.rows[0]!.n;
  // When most households are to be judged again (a date past most income records' windows, a first run after
  // an import), judging everyone in one ordered pass is faster than looking that many up and copying the rest
  // (measured at a million households: 92 s against a first run's 74 s).
  const changed: Changed | undefined =
    basis && dirty && dirty.ids.length <= households * (opts.mostlyChanged ?? MOSTLY_CHANGED)
      ? { basis, ...dirty }
      : undefined;
  // the rebuilt facts are temporary tables of this transaction's session: one statement reads them
  const partitions = store.kind === 'postgres' && !sources ? Math.max(1, Math.trunc(opts.partitions ?? 1)) : 1;
  if (partitions === 1) {
    await configure(tx.client, store.kind, changed ? changed.ids.length : households);
    await evaluateAndStore(tx.client, run, policies, undefined, opts.householdIds, households, changed, sources);
  } else {
    await Promise.all(
      idRanges(partitions).map((range) =>
        store.transaction(async (ptx) => {
          await configure(ptx.client, store.kind, (changed ? changed.ids.length : households) / partitions);
          await evaluateAndStore(ptx.client, run, policies, range, opts.householdIds, households / partitions, changed);
        }),
      ),
    );
  }
  if (run.previousRunId) {
    // Every household of the scope that the previous run flagged has rows in this run (flagged again, or a
    // departure with its reason), so the households without any are the ones that left the scope (moved out or
    // removed). Found by one hashed set difference of the two runs' households: probing household for each of
    // the previous run's rows, as before, cost 0.5–0.9 s at a million households. No nested loops: the new run's
    // rows have no statistics yet, so both runs can be estimated at one row, and a nested loop then scanned the
    // whole set difference once per row of the previous run (seen: minutes at a million households).
    await tx.client.query(`select set_config('enable_nestloop', 'off', true)`);
    await tx.client.query(
      `with gone as (
         select household_id from screening_result
          where run_id = $2::uuid and not cleared and ($3::uuid[] is null or household_id = any($3::uuid[]))
         except
         select household_id from screening_result where run_id = $1::uuid
       )
       insert into screening_result (run_id, household_id, county_code, region_code, finding, category, explanation, cleared)
       select $1::uuid, p.household_id, p.county_code, p.region_code, p.finding, p.category, ${outOfScopeExplanationSql()}, true
       from screening_result p join gone g on g.household_id = p.household_id
       where p.run_id = $2::uuid and not p.cleared`,
      [run.id, run.previousRunId, ids],
    );
    await tx.client.query(`select set_config('enable_nestloop', 'on', true)`);
  }
  const counted = await tx.client.query<{ finding: ScreeningFinding; cleared: boolean; n: number }>(
    `select finding, cleared, count(*)::int as n from screening_result where run_id = $1 group by finding, cleared`,
    [run.id],
  );
  const counts = Object.fromEntries(ScreeningFinding.values.map((f) => [f, { flagged: 0, cleared: 0 }])) as RunCounts;
  for (const r of counted.rows) counts[r.finding][r.cleared ? 'cleared' : 'flagged'] = r.n;
  return {
    householdsScanned: households,
    counts,
    partitions,
    judged: changed ? changed.ids.length : null,
    inputSnapshot: sources ? null : snapshot,
    factsAsOf: sources !== undefined,
  };
}
