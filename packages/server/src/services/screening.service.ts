/**
 * Screening (issue 5 §3; S3 §三(二)(四)(六)(七)): run the set-based screening of a region on a date, list runs and
 * their findings, compare two runs, and explain one household with the core rules. The HTTP routes, the CLI
 * (`dixian screen`) and the daily job (jobs/screening.job.ts) call these functions.
 */
import os from 'node:os';
import {
  AppError,
  chinaDate,
  isIsoDate,
  normalizeRegionCode,
  ScreeningFinding,
  ScreeningRunStatus,
  type Actor,
  type Explanation,
} from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import { PolicyBook } from '../policies/policy-at.js';
import { HouseholdFactsRepository, type LoadedHousehold } from '../repositories/household-facts.repository.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { diffRuns, type RunDiff } from '../screening/compare.js';
import { executeRun } from '../screening/engine.js';
import { screeningPolicies } from '../screening/policy-params.js';
import { screenHousehold, type ReferenceOutcome } from '../screening/reference.js';
import {
  isUuid,
  ScreeningRunRepository,
  type ScreeningResultRecord,
  type ScreeningRunRecord,
} from '../screening/runs.js';
import { RECORD } from './access.js';
import { areaOf } from './area.js';

/** The clock and request id; the CLI and the job pass their own. */
export interface ScreeningOptions {
  now?: () => Date;
  requestId?: string | null;
  /** parallel statements on PostgreSQL (default: the machine's cores, at most 4) */
  partitions?: number;
  /** judge again only what changed since the run before, where it allows (default true; false judges everyone) */
  incremental?: boolean;
}

/** One statement per core, leaving connections in a pool of ten for everyone else. */
function defaultPartitions(): number {
  return Math.min(4, Math.max(1, os.availableParallelism()));
}

export interface RunScreeningInput {
  /** region prefix to screen: a county (6 digits) usually; a township, prefecture or province as well */
  scopeCode: string;
  /** the day screened (YYYY-MM-DD); default today in China. Not in the future. */
  asOf?: string | undefined;
}

const RUN_LABEL = { zh: '排查批次', en: 'screening run' };

function notFound(): AppError {
  return new AppError('not_found', { zh: `${RUN_LABEL.zh}不存在`, en: `${RUN_LABEL.en} not found` });
}

function requireReader(actor: Actor): void {
  areaOf({ actor }).allow('household.read');
}

/** A canonical region prefix ('' only for the whole country), or AppError naming the field. */
export function parseScopeCode(value: string, field = 'scopeCode'): string {
  const v = value.trim();
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})?$/.test(v)) {
    throw new AppError('validation_failed', { zh: `区划代码无效：${value}`, en: `invalid region code: ${value}` }, [
      { path: field, message: '应为2、4、6、9或12位数字 / 2, 4, 6, 9 or 12 digits' },
    ]);
  }
  return v.length === 12 ? normalizeRegionCode(v) : v;
}

function parseAsOf(value: string | undefined, today: string): string {
  if (value === undefined) return today;
  if (!isIsoDate(value)) {
    throw new AppError('validation_failed', { zh: `日期无效：${value}`, en: `invalid date: ${value}` }, [
      { path: 'asOf', message: 'YYYY-MM-DD' },
    ]);
  }
  if (value > today) {
    throw new AppError(
      'validation_failed',
      { zh: `排查日期不能晚于今天（${today}）`, en: `as-of ${value} is after today (${today})` },
      [{ path: 'asOf', message: 'in the future' }],
    );
  }
  return value;
}

/** A run that has been recorded (status running) and is being executed. */
export interface StartedRun {
  /** the run as recorded before any household was read */
  started: ScreeningRunRecord;
  /** execute it (once): the finished run; rejects (after marking the run failed, audited) when it fails */
  execute(): Promise<ScreeningRunRecord>;
}

/**
 * Record a run of a region on a date: the checks (role, area, date) and the `running` row happen before this
 * returns; `execute()` then screens. `runScreening` awaits both; the HTTP route answers the recorded run and lets
 * it execute while the client polls.
 */
export async function beginScreening(
  store: Store,
  actor: Actor,
  input: RunScreeningInput,
  opts: ScreeningOptions = {},
): Promise<StartedRun> {
  const now = opts.now ?? (() => new Date());
  const scopeCode = parseScopeCode(input.scopeCode);
  const asOf = parseAsOf(input.asOf, chinaDate(now()));
  areaOf({ actor }).place(
    'screening.run',
    { regionCode: scopeCode },
    { zh: `无权排查 ${scopeCode || '全国'}`, en: `you may not run a screening of ${scopeCode || 'the whole country'}` },
  );
  const records = await new PolicyRepository(store.db).all();
  const policies = screeningPolicies(records, scopeCode, asOf);
  const audit = { actor, requestId: opts.requestId ?? null, now };
  // who started which run is on record at once; its end (done or failed) is audited by execute()
  const created = await store.transaction(async (tx) => {
    const run = await new ScreeningRunRepository(tx.client).create({
      scopeCode,
      asOf,
      policies,
      triggeredBy: isUuid(actor.id) ? actor.id : null,
      startedAt: now(),
    });
    await appendAudit(tx, audit, {
      action: 'screening.start',
      targetType: 'screening_run',
      targetId: run.id,
      regionCode: scopeCode,
      detail: { asOf, policyVersion: run.policyVersion },
    });
    return run;
  });
  const execute = async (): Promise<ScreeningRunRecord> => {
    const stopBeating = heartbeat(store, created.id, now);
    try {
      return await store.transaction(async (tx) => {
        const runs = new ScreeningRunRepository(tx.client);
        await runs.lockScope(scopeCode);
        const previousRunId = await runs.previousRun(scopeCode, asOf, created.id);
        // how many households' facts changed after the day: the run reads theirs as they were (fact history)
        const factsChangedAfter = await runs.factsChangedAfter(scopeCode, asOf);
        const outcome = await executeRun(store, tx, { id: created.id, scopeCode, asOf, previousRunId }, policies, {
          partitions: opts.partitions ?? defaultPartitions(),
          incremental: opts.incremental,
        });
        const run = await runs.finish(created.id, { ...outcome, previousRunId, factsChangedAfter, finishedAt: now() });
        await appendAudit(tx, audit, {
          action: 'screening.run',
          targetType: 'screening_run',
          targetId: run.id,
          regionCode: scopeCode,
          detail: {
            asOf,
            policyVersion: run.policyVersion,
            householdsScanned: run.householdsScanned,
            counts: run.counts,
          },
        });
        return run;
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // a failed run is audited too (every run is), in the transaction that marks it failed
      await store.transaction(async (tx) => {
        await new ScreeningRunRepository(tx.client).fail(created.id, message, now());
        await appendAudit(tx, audit, {
          action: 'screening.run',
          targetType: 'screening_run',
          targetId: created.id,
          regionCode: scopeCode,
          detail: { asOf, status: 'failed', error: message.slice(0, 500) },
        });
      });
      throw err;
    } finally {
      stopBeating();
    }
  };
  return { started: created, execute };
}

/**
 * Screen every household of a region on a date (S3 §三(二): at least a yearly full screening; the job runs it
 * daily per county). Stores the run with the policy of every region it covered and a row per finding with its
 * explanation, and the departures since the previous run of the same scope. Audited, whether it ends done or failed.
 */
export async function runScreening(
  store: Store,
  actor: Actor,
  input: RunScreeningInput,
  opts: ScreeningOptions = {},
): Promise<ScreeningRunRecord> {
  return (await beginScreening(store, actor, input, opts)).execute();
}

/** Runs within or covering the reader's area, newest first (counts narrowed to the area). */
export async function listScreeningRuns(
  store: Store,
  actor: Actor,
  opts: { scopeCode?: string | undefined; limit?: number | undefined } = {},
): Promise<ScreeningRunRecord[]> {
  requireReader(actor);
  const scopeCode = opts.scopeCode === undefined ? undefined : parseScopeCode(opts.scopeCode);
  const limit = Math.min(200, Math.max(1, Math.trunc(opts.limit ?? 50)));
  return store.transaction((tx) => new ScreeningRunRepository(tx.client).list(actor.scopeCode, { scopeCode, limit }));
}

export async function getScreeningRun(store: Store, actor: Actor, runId: string): Promise<ScreeningRunRecord> {
  requireReader(actor);
  const run = await store.transaction((tx) => new ScreeningRunRepository(tx.client).get(runId, actor.scopeCode));
  if (!run) throw notFound();
  return run;
}

export interface ResultPage {
  run: ScreeningRunRecord;
  total: number;
  page: number;
  pageSize: number;
  items: ScreeningResultRecord[];
}

function parseFinding(value: string | undefined): ScreeningFinding | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(ScreeningFinding.values as readonly string[]).includes(value)) {
    throw new AppError('validation_failed', { zh: `未知的排查结论：${value}`, en: `unknown finding: ${value}` }, [
      { path: 'finding', message: ScreeningFinding.values.join(', ') },
    ]);
  }
  return value as ScreeningFinding;
}

/** A page of a run's findings (or, with `cleared`, its departures) within the reader's area. */
export async function listScreeningResults(
  store: Store,
  actor: Actor,
  runId: string,
  opts: { finding?: string | undefined; cleared?: boolean; page?: number; pageSize?: number } = {},
): Promise<ResultPage> {
  requireReader(actor);
  const finding = parseFinding(opts.finding);
  const page = Math.max(1, Math.trunc(opts.page ?? 1));
  const pageSize = Math.min(500, Math.max(1, Math.trunc(opts.pageSize ?? 50)));
  return store.transaction(async (tx) => {
    const runs = new ScreeningRunRepository(tx.client);
    const run = await runs.get(runId, actor.scopeCode);
    if (!run) throw notFound();
    if (run.status !== 'done') {
      throw new AppError('precondition_failed', {
        zh: `排查批次尚未完成（${ScreeningRunStatus.labels[run.status].zh}）`,
        en: `the screening run is not finished (${run.status})${run.error ? `: ${run.error}` : ''}`,
      });
    }
    const r = await runs.results(run.id, actor.scopeCode, {
      finding,
      cleared: opts.cleared ?? false,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { run, total: r.total, page, pageSize, items: r.items };
  });
}

/** Who entered, who left and why between run `runA` (earlier) and `runB`, within the reader's area. */
export async function compareRuns(
  store: Store,
  actor: Actor,
  runA: string,
  runB: string,
  opts: { finding?: string | undefined; limit?: number | undefined } = {},
): Promise<RunDiff> {
  requireReader(actor);
  const finding = parseFinding(opts.finding);
  const limit = Math.min(5000, Math.max(1, Math.trunc(opts.limit ?? 1000)));
  return store.transaction(async (tx) => {
    const runs = new ScreeningRunRepository(tx.client);
    const a = await runs.get(runA, actor.scopeCode);
    const b = await runs.get(runB, actor.scopeCode);
    if (!a || !b) throw notFound();
    for (const r of [a, b]) {
      if (r.status !== 'done') {
        throw new AppError('precondition_failed', {
          zh: `${r.asOf} 的排查批次未完成（${ScreeningRunStatus.labels[r.status].zh}）`,
          en: `screening run ${r.id} is not finished (${r.status})`,
        });
      }
    }
    // the earlier first, so "entered" and "left" read forwards in time
    const [first, second] = a.startedAt <= b.startedAt ? [a, b] : [b, a];
    return diffRuns(tx.client, first, second, actor.scopeCode, { finding, limit });
  });
}

export interface HouseholdScreening extends ReferenceOutcome {
  householdId: string;
  /** stage of the household's open case (neither rejected nor eliminated), which the findings read */
  openCaseStage: LoadedHousehold['context']['openCaseStage'];
  householdNo: string;
  asOf: string;
  policyVersion: string;
  /** the findings of the latest stored run that covered the household, with their explanations */
  latestRun: { run: ScreeningRunRecord; items: ScreeningResultRecord[] } | null;
}

/**
 * One household assessed with the core rules on a date (default today): category, risks, exclusions, the
 * elimination guards, visits and the screening findings, every conclusion explained; plus what the latest stored
 * run found. For the household page ("the explanation of its latest assessment").
 */
export async function explainHousehold(
  store: Store,
  actor: Actor,
  householdId: string,
  opts: { asOf?: string | undefined; now?: () => Date } = {},
): Promise<HouseholdScreening> {
  requireReader(actor);
  const asOf = parseAsOf(opts.asOf, chinaDate((opts.now ?? (() => new Date()))()));
  const area = areaOf({ actor });
  const { loaded, records, latest } = await store.transaction(async (tx) => ({
    loaded: await new HouseholdFactsRepository(tx.db).loadOne(householdId, area.scope, asOf),
    records: await new PolicyRepository(tx.db).all(),
    latest: await new ScreeningRunRepository(tx.client).latestForHousehold(householdId, actor.scopeCode),
  }));
  const found = area.require('household.read', loaded, RECORD.household, householdId);
  return explained(found, records, asOf, latest);
}

function explained(
  loaded: LoadedHousehold,
  records: ConstructorParameters<typeof PolicyBook>[0],
  asOf: string,
  latest: Awaited<ReturnType<ScreeningRunRepository['latestForHousehold']>>,
): HouseholdScreening {
  const policy = new PolicyBook(records).at(loaded.regionCode, asOf);
  return {
    ...screenHousehold(loaded.facts, policy, asOf, loaded.context),
    householdId: loaded.id,
    openCaseStage: loaded.context.openCaseStage,
    householdNo: loaded.householdNo,
    asOf,
    policyVersion: policy.versionLabel,
    latestRun: latest ?? null,
  };
}

/** How often the executing process writes a running run's heartbeat. */
export const HEARTBEAT_MS = 20_000;
/** A running run whose heartbeat is older than this has lost its process (issue 12 §7). */
export const RUN_STALE_MS = 2 * 60_000;

/**
 * Write the run's heartbeat every HEARTBEAT_MS until stopped. On PostgreSQL it goes through another pooled
 * connection while the run's statements execute; on PGlite it waits for the one session, which nobody else can
 * use while the run holds it either (a run cut off there is recognised by the next start, below).
 */
function heartbeat(store: Store, runId: string, now: () => Date): () => void {
  let pending = false;
  const timer = setInterval(() => {
    if (pending) return;
    pending = true;
    store
      .transaction((tx) => new ScreeningRunRepository(tx.client).beat(runId, now()))
      .catch(() => undefined) // a missed beat is only a later one; the run itself reports its own failure
      .finally(() => (pending = false));
  }, HEARTBEAT_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Mark failed, and audit, every run whose process died: `running` with no heartbeat for `staleMs`. Called before a
 * run starts or is read, by the daily job, and at start (on PGlite with 0: the process owns the data directory, so
 * any run still `running` then was cut off).
 */
export async function recoverInterruptedRuns(store: Store, now: Date, staleMs = RUN_STALE_MS): Promise<number> {
  return store.transaction(async (tx) => {
    const runs = await new ScreeningRunRepository(tx.client).failInterrupted(new Date(now.getTime() - staleMs), now);
    for (const run of runs) {
      await appendAudit(
        tx,
        { actor: null, requestId: null, now: () => now },
        {
          action: 'screening.run',
          targetType: 'screening_run',
          targetId: run.id,
          regionCode: run.scopeCode,
          detail: { asOf: run.asOf, status: 'failed', error: 'interrupted' },
        },
      );
    }
    return runs.length;
  });
}

export type { Explanation, LoadedHousehold, RunDiff, ScreeningResultRecord, ScreeningRunRecord };
