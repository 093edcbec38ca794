import { ScreeningFinding, type Explanation } from '@dixian/core';
import { describeFinding } from './describe.js';
import { readExplanation, type StoredExplanation } from './explain.sql.js';
import type { RawClient } from '../db/driver.js';
import type { RunCounts } from './engine.js';
import type { RunPolicy } from './policy-params.js';

/**
 * Storage of screening runs (screening_run, screening_result): create, finish or fail a run, find the run a new one
 * is compared with, list runs and read a run's rows. SQL only; access is the service's business, except that every
 * read takes the reader's region prefix and applies it to the rows.
 */

export type RunStatus = 'running' | 'done' | 'failed';

export interface ScreeningRunRecord {
  id: string;
  scopeCode: string;
  asOf: string;
  status: RunStatus;
  policyVersion: string | null;
  policies: { prefix: string; versionLabel: string; policyIds: string[] }[];
  householdsScanned: number | null;
  /**
   * households of the scope whose facts changed after asOf (fact_history, migration 0114): the set-based run read
   * their facts as they are now, not as they were that day; null for runs before it was counted
   */
  factsChangedAfter: number | null;
  counts: RunCounts;
  previousRunId: string | null;
  triggeredBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

export type { StoredExplanation };

/** The stored explanation (as a run wrote it: ./explain.sql.ts) with its zh/en message written from the facts. */
export function withMessage(
  finding: ScreeningFinding,
  cleared: boolean,
  stored: unknown,
): Explanation & { reasons: string[] } {
  const e = readExplanation(finding, cleared, stored);
  return { ...e, message: describeFinding(finding, cleared, e) };
}

/** A finding (or a departure) of one household in a run. */
export interface ScreeningResultRecord {
  householdId: string;
  householdNo: string | null;
  regionCode: string;
  villageName: string | null;
  finding: ScreeningFinding;
  category: string | null;
  cleared: boolean;
  explanation: Explanation & { reasons: string[] };
}

interface RunRow {
  id: string;
  scope_code: string;
  as_of: string;
  status: RunStatus;
  policy_version: string | null;
  policies: (RunPolicy | { prefix: string; versionLabel: string; policyIds: string[] })[];
  households_scanned: number | null;
  facts_changed_after: number | null;
  counts: Partial<RunCounts>;
  previous_run_id: string | null;
  triggered_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  error: string | null;
}

export function emptyCounts(): RunCounts {
  return Object.fromEntries(ScreeningFinding.values.map((f) => [f, { flagged: 0, cleared: 0 }])) as RunCounts;
}

function toRecord(r: RunRow): ScreeningRunRecord {
  return {
    id: r.id,
    scopeCode: r.scope_code,
    asOf: r.as_of,
    status: r.status,
    policyVersion: r.policy_version,
    policies: (r.policies ?? []).map((p) => ({
      prefix: p.prefix,
      versionLabel: p.versionLabel,
      policyIds: p.policyIds,
    })),
    householdsScanned: r.households_scanned,
    factsChangedAfter: r.facts_changed_after,
    counts: { ...emptyCounts(), ...r.counts },
    previousRunId: r.previous_run_id,
    triggeredBy: r.triggered_by,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
  };
}

const RUN_COLUMNS = `id, scope_code, as_of, status, policy_version, policies, households_scanned, facts_changed_after, counts,
  previous_run_id, triggered_by, started_at, finished_at, error`;

export class ScreeningRunRepository {
  constructor(private readonly client: RawClient) {}

  async create(input: {
    scopeCode: string;
    asOf: string;
    policies: readonly RunPolicy[];
    triggeredBy: string | null;
    startedAt: Date;
  }): Promise<ScreeningRunRecord> {
    const label = [...new Set(input.policies.map((p) => p.versionLabel))].join(' | ');
    const r = await this.client.query<RunRow>(
      `insert into screening_run (scope_code, as_of, policy_id, policy_version, policies, status, triggered_by,
         started_at, heartbeat_at)
       values ($1, $2, $3, $4, $5, 'running', $6, $7, $7) returning ${RUN_COLUMNS}`,
      [
        input.scopeCode,
        input.asOf,
        input.policies[0]?.params.policyId ?? null,
        label,
        JSON.stringify(input.policies),
        input.triggeredBy,
        input.startedAt.toISOString(),
      ],
    );
    return toRecord(r.rows[0]!);
  }

  /** Serialise runs of one scope, so each knows the run before it (held until the transaction ends). */
  async lockScope(scopeCode: string): Promise<void> {
    await this.client.query('select pg_advisory_xact_lock(hashtext($1))', [`dixian:screening:${scopeCode}`]);
  }

  /** The id of a run of exactly this scope still running whose heartbeat is later than `aliveSince`, if any. */
  async runningOf(scopeCode: string, aliveSince: Date): Promise<string | undefined> {
    const r = await this.client.query<{ id: string }>(
      `select id from screening_run where scope_code = $1 and status = 'running' and heartbeat_at > $2
       order by started_at desc limit 1`,
      [scopeCode, aliveSince.toISOString()],
    );
    return r.rows[0]?.id;
  }

  /** A run's scope and status (what raising its findings into the ledger needs to check). */
  async statusOf(id: string): Promise<{ scopeCode: string; status: RunStatus } | undefined> {
    if (!isUuid(id)) return undefined;
    const r = await this.client.query<{ scope_code: string; status: RunStatus }>(
      'select scope_code, status from screening_run where id = $1',
      [id],
    );
    const row = r.rows[0];
    return row ? { scopeCode: row.scope_code, status: row.status } : undefined;
  }

  /** The executing process says the run is alive. */
  async beat(id: string, at: Date): Promise<void> {
    await this.client.query(`update screening_run set heartbeat_at = $2 where id = $1 and status = 'running'`, [
      id,
      at.toISOString(),
    ]);
  }

  /**
   * Mark failed every run still `running` whose heartbeat is not later than `aliveSince` (its process died),
   * dropping any rows it stored; answers those runs.
   */
  async failInterrupted(aliveSince: Date, at: Date): Promise<{ id: string; scopeCode: string; asOf: string }[]> {
    const r = await this.client.query<{ id: string; scope_code: string; as_of: string }>(
      `update screening_run set status = 'failed', finished_at = $2,
         error = '排查中断：执行排查的服务已停止或失去响应 / interrupted: the server running it stopped or stopped responding'
       where status = 'running' and (heartbeat_at is null or heartbeat_at <= $1)
       returning id, scope_code, as_of`,
      [aliveSince.toISOString(), at.toISOString()],
    );
    if (r.rows.length) {
      await this.client.query('delete from screening_result where run_id = any($1::uuid[])', [r.rows.map((x) => x.id)]);
    }
    return r.rows.map((x) => ({ id: x.id, scopeCode: x.scope_code, asOf: x.as_of }));
  }

  /** The latest finished run of the same scope on or before the as-of date: what a new run is compared with. */
  async previousRun(scopeCode: string, asOf: string, exceptId: string): Promise<string | null> {
    const r = await this.client.query<{ id: string }>(
      `select id from screening_run
       where scope_code = $1 and status = 'done' and as_of <= $2 and id <> $3
       order by as_of desc, finished_at desc limit 1`,
      [scopeCode, asOf, exceptId],
    );
    return r.rows[0]?.id ?? null;
  }

  async finish(
    id: string,
    outcome: {
      householdsScanned: number;
      counts: RunCounts;
      previousRunId: string | null;
      finishedAt: Date;
      /** the snapshot it read its inputs in (./incremental.ts) */
      inputSnapshot?: string | null;
      factsChangedAfter?: number | null;
    },
  ): Promise<ScreeningRunRecord> {
    const r = await this.client.query<RunRow>(
      `update screening_run set status = 'done', households_scanned = $2, counts = $3, previous_run_id = $4,
         finished_at = $5, input_snapshot = $6, facts_changed_after = $7 where id = $1 returning ${RUN_COLUMNS}`,
      [
        id,
        outcome.householdsScanned,
        JSON.stringify(outcome.counts),
        outcome.previousRunId,
        outcome.finishedAt.toISOString(),
        outcome.inputSnapshot ?? null,
        outcome.factsChangedAfter ?? null,
      ],
    );
    return toRecord(r.rows[0]!);
  }

  /**
   * Households of a scope whose facts changed after a day (fact_history, migration 0114): a run of that day reads
   * their facts as they were then (engine.ts), and the page says so. Zero at once for today.
   */
  async factsChangedAfter(scopeCode: string, asOf: string): Promise<number> {
    const r = await this.client.query<{ n: number }>(
      `select count(distinct f.household_id)::int as n from fact_history f
       join household h on h.id = f.household_id and h.region_code like $2
       where f.valid_to > $1`,
      [asOf, `${scopeCode}%`],
    );
    return r.rows[0]?.n ?? 0;
  }

  /** Mark a run failed and remove what its partitions had stored. */
  async fail(id: string, error: string, finishedAt: Date): Promise<void> {
    await this.client.query('delete from screening_result where run_id = $1', [id]);
    await this.client.query(`update screening_run set status = 'failed', error = $2, finished_at = $3 where id = $1`, [
      id,
      error.slice(0, 2000),
      finishedAt.toISOString(),
    ]);
  }

  /**
   * A run seen from `prefix`: when the run covers more than the reader's area, its counts are those of the area.
   * Undefined when the run and the area do not overlap.
   */
  async get(id: string, prefix: string): Promise<ScreeningRunRecord | undefined> {
    if (!isUuid(id)) return undefined;
    const r = await this.client.query<RunRow>(
      `select ${RUN_COLUMNS} from screening_run where id = $1 and (scope_code like $2 or $3 like scope_code || '%')`,
      [id, `${prefix}%`, prefix],
    );
    const row = r.rows[0];
    if (!row) return undefined;
    const run = toRecord(row);
    return run.scopeCode.length < prefix.length ? this.narrowed(run, prefix) : run;
  }

  /** Runs whose scope lies within or covers the reader's area, newest first. */
  async list(prefix: string, opts: { scopeCode?: string | undefined; limit: number }): Promise<ScreeningRunRecord[]> {
    const params: unknown[] = [`${prefix}%`, prefix, opts.limit];
    let extra = '';
    if (opts.scopeCode !== undefined) {
      params.push(opts.scopeCode);
      extra = `and scope_code = $${params.length}`;
    }
    const r = await this.client.query<RunRow>(
      `select ${RUN_COLUMNS} from screening_run
       where (scope_code like $1 or $2 like scope_code || '%') ${extra}
       order by started_at desc limit $3`,
      params,
    );
    const out: ScreeningRunRecord[] = [];
    for (const run of r.rows.map(toRecord)) {
      out.push(run.scopeCode.length < prefix.length ? await this.narrowed(run, prefix) : run);
    }
    return out;
  }

  private async narrowed(run: ScreeningRunRecord, prefix: string): Promise<ScreeningRunRecord> {
    const c = await this.client.query<{ finding: ScreeningFinding; cleared: boolean; n: number }>(
      `select finding, cleared, count(*)::int as n from screening_result
       where run_id = $1 and region_code like $2 group by finding, cleared`,
      [run.id, `${prefix}%`],
    );
    const counts = emptyCounts();
    for (const x of c.rows) counts[x.finding][x.cleared ? 'cleared' : 'flagged'] = x.n;
    return { ...run, scopeCode: prefix, counts, householdsScanned: null, factsChangedAfter: null };
  }

  /** A page of a run's rows within the reader's area, by village and household number. */
  async results(
    runId: string,
    prefix: string,
    opts: { finding?: ScreeningFinding | undefined; cleared?: boolean; offset: number; limit: number },
  ): Promise<{ total: number; items: ScreeningResultRecord[] }> {
    const params: unknown[] = [runId, `${prefix}%`, opts.cleared ?? false];
    let filter = '';
    if (opts.finding) {
      params.push(opts.finding);
      filter = `and r.finding = $${params.length}`;
    }
    const total = await this.client.query<{ n: number }>(
      `select count(*)::int as n from screening_result r
       where r.run_id = $1 and r.region_code like $2 and r.cleared = $3 ${filter}`,
      params,
    );
    const rows = await this.client.query<{
      household_id: string;
      household_no: string | null;
      region_code: string;
      village_name: string | null;
      finding: ScreeningFinding;
      category: string | null;
      cleared: boolean;
      explanation: unknown;
    }>(
      `select r.household_id, h.household_no, r.region_code, g.name as village_name, r.finding, r.category, r.cleared,
         r.explanation
       from screening_result r
       left join household h on h.id = r.household_id
       left join region g on g.code = r.region_code
       where r.run_id = $1 and r.region_code like $2 and r.cleared = $3 ${filter}
       order by r.region_code, h.household_no, r.finding
       offset $${params.length + 1} limit $${params.length + 2}`,
      [...params, opts.offset, opts.limit],
    );
    return {
      total: total.rows[0]!.n,
      items: rows.rows.map((r) => ({
        householdId: r.household_id,
        householdNo: r.household_no,
        regionCode: r.region_code,
        villageName: r.village_name,
        finding: r.finding,
        category: r.category,
        cleared: r.cleared,
        explanation: withMessage(r.finding, r.cleared, r.explanation),
      })),
    };
  }

  /** The findings of a household in the latest finished run that covered it. */
  async latestForHousehold(
    householdId: string,
    prefix: string,
  ): Promise<{ run: ScreeningRunRecord; items: ScreeningResultRecord[] } | undefined> {
    if (!isUuid(householdId)) return undefined;
    const r = await this.client.query<RunRow>(
      `select ${RUN_COLUMNS.split(',')
        .map((c) => `s.${c.trim()}`)
        .join(', ')}
       from screening_run s
       join household h on h.id = $1 and h.region_code like $2 and h.region_code like s.scope_code || '%'
       where s.status = 'done'
       order by s.as_of desc, s.finished_at desc limit 1`,
      [householdId, `${prefix}%`],
    );
    if (!r.rows[0]) return undefined;
    const run = toRecord(r.rows[0]);
    const rows = await this.client.query<{
      finding: ScreeningFinding;
      category: string | null;
      cleared: boolean;
      region_code: string;
      explanation: unknown;
    }>(
      `select finding, category, cleared, region_code, explanation from screening_result
       where run_id = $1 and household_id = $2 order by cleared, finding`,
      [run.id, householdId],
    );
    return {
      run,
      items: rows.rows.map((x) => ({
        householdId,
        householdNo: null,
        regionCode: x.region_code,
        villageName: null,
        finding: x.finding,
        category: x.category,
        cleared: x.cleared,
        explanation: withMessage(x.finding, x.cleared, x.explanation),
      })),
    };
  }
}

/** The head of each household (name and ID number as stored), for the Excel export of a run's findings. */
export async function householdHeads(
  client: RawClient,
  householdIds: readonly string[],
): Promise<Map<string, { name: string; idNumber: string }>> {
  if (!householdIds.length) return new Map();
  const r = await client.query<{ household_id: string; name: string; id_number: string }>(
    `select distinct on (household_id) household_id, name, id_number from member
     where household_id = any($1::uuid[]) and relation = 'head' order by household_id, id`,
    [householdIds],
  );
  return new Map(r.rows.map((x) => [x.household_id, { name: x.name, idNumber: x.id_number }]));
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
