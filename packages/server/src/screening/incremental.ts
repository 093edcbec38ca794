import { addMonths } from '@dixian/core';
import type { RawClient } from '../db/driver.js';
import type { PolicyParams, RunPolicy } from './policy-params.js';
import { bornBy, countyFilter, digits, policyCase } from './sql-parts.js';

/**
 * A daily run that judges again only what changed (issue 19 §3). A household's findings and their explanations
 * are a function of its rows, its policy and the date. When none of its rows was written since the run before,
 * the policies are the same, and no date it depends on passed between the two runs' dates, it has exactly the
 * findings of the run before, and the run copies them; everyone else is judged again, as in a full run. Which
 * households were written: the marks of migration 0112, against the snapshot the run before read. Which dates
 * passed: the boundaries below, each a superset (judging a household again is never wrong, only slower).
 */

/** What a run needs from the run before it to judge only what changed; null: judge everyone. */
export interface IncrementalBasis {
  previousRunId: string;
  previousAsOf: string;
  previousSnapshot: string;
}

/** The run's own snapshot (before it reads any household): what the next run compares the marks with. */
export async function inputSnapshot(client: RawClient): Promise<string> {
  const r = await client.query<{ s: string }>('select pg_current_snapshot()::text as s');
  return r.rows[0]!.s;
}

/** JSON with sorted keys: the stored policies come back from jsonb in its own key order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Parameters compared between runs: everything but those computed from the date (they move every day). */
function policyKey(policies: readonly RunPolicy[]): string {
  return canonical(
    policies.map((p) => {
      const { lookbackStart: _l, windowStart: _w, ...fixed } = p.params;
      return { prefix: p.prefix, versionLabel: p.versionLabel, policyIds: p.policyIds, params: fixed };
    }),
  );
}

/**
 * The basis of an incremental run, or null when everyone must be judged again: no run before, one recorded
 * before the marks existed, a later date than this run's, other policies (a new version in force, another
 * number), or a snapshot from another database (xids that went backwards: a restore into a new cluster).
 */
export async function incrementalBasis(
  client: RawClient,
  previousRunId: string | null,
  asOf: string,
  policies: readonly RunPolicy[],
): Promise<IncrementalBasis | null> {
  if (!previousRunId) return null;
  const r = await client.query<{ as_of: string; input_snapshot: string | null; policies: RunPolicy[]; ok: boolean }>(
    `select as_of::text as as_of, input_snapshot, policies,
       input_snapshot is not null
         and pg_snapshot_xmax(input_snapshot::pg_snapshot) <= pg_current_xact_id() as ok
     from screening_run where id = $1 and status = 'done'`,
    [previousRunId],
  );
  const prev = r.rows[0];
  if (!prev?.ok || !prev.input_snapshot || prev.as_of > asOf) return null;
  if (policyKey(prev.policies) !== policyKey(policies)) return null;
  return { previousRunId, previousAsOf: prev.as_of, previousSnapshot: prev.input_snapshot };
}

/**
 * An integer parameter of the policy of the village in `col`: that of the longest prefix the village's code starts
 * with, as the evaluation chooses it (sql-parts policyKey).
 */
function paramOf(policies: readonly RunPolicy[], col: string, pick: (p: PolicyParams) => number): string {
  return policyCase(policies, col, (p) => {
    const n = pick(p.params);
    // the value goes into the SQL text
    if (!Number.isInteger(n)) throw new Error(`policy parameter not an integer: ${n}`);
    return String(n);
  });
}

/**
 * The households of the scope to judge again on `asOf`, given the run before (on `previousAsOf`):
 * - written since the run before read (a mark its snapshot does not see), deleted ones included;
 * - flagged should_eliminate by it (their explanation cites the stable-income window, which moves every day);
 * - whose stored facts do not hold on the date (a birthday, a death, a school age, an income record coming into
 *   force or into the window: household_screening_facts.valid_until), or that have none;
 * - with a counted member crossing an age limit of a policy (the elderly of the risk rules and of the exclusion);
 * - with an event happening, resolved, or leaving the look-back between the two dates, a measure starting, a
 *   visit dated after the run before;
 * - whose visit falls due between the two dates (a visit, the registry's last visit, the identification or a
 *   case's confirmation plus one of the policies' visit intervals), or whose months of monitoring reach the
 *   minimum (the identification or confirmation plus the minimum months, two days either side).
 */
export function dirtyQuery(
  scopeCode: string,
  asOf: string,
  basis: IncrementalBasis,
  policies: readonly RunPolicy[],
): { text: string; params: unknown[] } {
  const s = digits(scopeCode);
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  const visitMonths = uniq(policies.flatMap((p) => [p.params.visitLiftedMonths, p.params.visitMonitoredMonths]));
  const minMonths = uniq(policies.map((p) => p.params.minMonths));
  const ages = uniq(policies.flatMap((p) => [p.params.elderlyAge, p.params.exElderlyAge]));
  const lookbacks = uniq(policies.map((p) => p.params.lookbackMonths));
  const prev = basis.previousAsOf;
  const ageWindows = ages.map((a) => [bornBy(prev, a), bornBy(asOf, a)] as const);
  const lbWindows = lookbacks.map((l) => [addMonths(prev, -l), addMonths(asOf, -l)] as const);
  const params: unknown[] = [asOf, prev, basis.previousSnapshot, basis.previousRunId];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}::date`;
  };
  const passed = (col: string, ws: readonly (readonly [string, string])[]) =>
    ws.map(([a, b]) => `(${col} > ${p(a)} and ${col} <= ${p(b)})`).join(' or ');
  const plus = (col: string, m: number) => `(${col} + make_interval(months => ${m}))::date`;
  // a date on or before the run's (a visit, an identification, a confirmation) that was after the run before's
  const arrived = (col: string) => `(${col} > $2::date and ${col} <= $1::date)`;
  // a visit falling due: overdue once due < the date (findingsSql), so due in [previous date, date)
  const due = (col: string) =>
    visitMonths.map((m) => `(${plus(col, m)} >= $2::date and ${plus(col, m)} < $1::date)`).join(' or ');
  // the minimum months of monitoring reached (two days either side: month ends clamp)
  const monitored = (col: string) =>
    minMonths.map((m) => `(${plus(col, m)} between $2::date - 2 and $1::date + 2)`).join(' or ');
  const county = (a: string) => countyFilter(a, s);
  const text = `with d as (
  select c.household_id as id from household_screening_change c
   where ${county('c')} and c.xid >= pg_snapshot_xmin($3::pg_snapshot) and not pg_visible_in_snapshot(c.xid, $3::pg_snapshot)
  union
  select household_id from screening_result where run_id = $4::uuid and not cleared and finding = 'should_eliminate'
  union
  select household_id from household_screening_facts f
   where f.valid_until <= $1::date or f.as_of > $1::date
     or ${passed('f.youngest_birth', ageWindows)} or ${passed('f.oldest_frail_birth', ageWindows)}
  union
  select e.household_id from household_risk_event e
   where ${county('e')} and ((e.occurred_on > $2::date and e.occurred_on <= $1::date)
     or (e.resolved_on > $2::date and e.resolved_on <= $1::date) or ${passed('e.occurred_on', lbWindows)})
  union
  select m.household_id from assistance_measure m
   where ${county('m')} and m.start_on > $2::date and m.start_on <= $1::date
  union
  select v.household_id from visit v
   where ${county('v')} and (${arrived('v.visited_on')} or ${due('v.visited_on')})
  union
  select c.household_id from monitoring_case c
   where ${county('c')} and (${arrived('c.confirmed_on')} or ${due('c.confirmed_on')} or ${monitored('c.confirmed_on')})
  union
  select h.id from household h
   where h.region_code like '${s}%' and (${arrived('h.last_visit_on')} or ${due('h.last_visit_on')}
     or ${arrived('h.first_identified_on')} or ${due('h.first_identified_on')} or ${monitored('h.first_identified_on')})
)
-- in the scope, or flagged by the run before (closed, deleted or moved away since: not copied, departed)
select coalesce(array_agg(d.id), '{}') as ids,
  -- those in the scope whose stored facts do not hold on the date (written, a date passed, or derived under
  -- another policy's parameters: the household moved to a village of another policy): derived again
  coalesce(array_agg(d.id) filter (where h.id is not null and not exists (
    select 1 from household_screening_facts f
    where f.household_id = d.id and f.as_of <= $1::date and $1::date < f.valid_until
      and f.stable_months = ${paramOf(policies, 'h.region_code', (x) => x.stableMonths)}
      and f.edu_min = ${paramOf(policies, 'h.region_code', (x) => x.eduMin)}
      and f.edu_max = ${paramOf(policies, 'h.region_code', (x) => x.eduMax)})), '{}') as stale
from d
left join household h on h.id = d.id
where (h.region_code like '${s}%' and h.closed_on is null)
  or exists (select 1 from screening_result p where p.run_id = $4::uuid and p.household_id = d.id)`;
  return { text, params };
}

/** The ids of the households to judge again (see dirtyQuery), and of those among them without valid facts. */
export async function dirtyHouseholds(
  client: RawClient,
  scopeCode: string,
  asOf: string,
  basis: IncrementalBasis,
  policies: readonly RunPolicy[],
): Promise<{ ids: string[]; stale: string[] }> {
  const q = dirtyQuery(scopeCode, asOf, basis, policies);
  const r = await client.query<{ ids: string[]; stale: string[] }>(q.text, q.params);
  return r.rows[0]!;
}

/**
 * Copy the findings of the run before for the households of the scope (and range) not judged again: the same
 * rows, explanations included, since nothing they were drawn from changed. Departures are not copied: they
 * said what changed against the run before that.
 */
export function copyUnchangedSql(range: boolean): string {
  return `insert into screening_result (run_id, household_id, county_code, region_code, finding, category, explanation, cleared)
  select $1::uuid, p.household_id, p.county_code, p.region_code, p.finding, p.category, p.explanation, false
  from screening_result p
  where p.run_id = $2::uuid and not p.cleared
    and not exists (select 1 from unnest($3::uuid[]) as d(id) where d.id = p.household_id)
    ${range ? 'and ($4::uuid is null or p.household_id >= $4::uuid) and ($5::uuid is null or p.household_id < $5::uuid)' : ''}`;
}
