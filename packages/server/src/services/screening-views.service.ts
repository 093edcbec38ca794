/**
 * Screening over HTTP (issue 5 §3): the use cases of screening.service.ts with the request's context, answering
 * the API's views (region names, instants as text), and the runs started over HTTP that closing the app waits for.
 */
import { AppError } from '@dixian/core';
import type {
  HouseholdScreeningView,
  ScreeningCompareQuery,
  ScreeningComparison,
  ScreeningResultItem,
  ScreeningResultPage,
  ScreeningResultQuery,
  ScreeningRunBody,
  ScreeningRunList,
  ScreeningRunListQuery,
  ScreeningRunView,
} from '@dixian/core/api';
import type { Store } from '../db/store.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { ScreeningRunRepository, type ScreeningRunRecord } from '../screening/runs.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import {
  beginScreening,
  compareRuns,
  explainHousehold,
  getScreeningRun,
  listScreeningResults,
  listScreeningRuns,
  parseScopeCode,
  recoverInterruptedRuns,
  RUN_STALE_MS,
} from './screening.service.js';

async function regionNames(store: Store, codes: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.filter((c) => c !== ''))];
  if (!wanted.length) return new Map();
  return new RegionRepository(store.db).names(wanted);
}

function runView(run: ScreeningRunRecord, names: Map<string, string>): ScreeningRunView {
  return {
    ...run,
    scopeName: run.scopeCode === '' ? '全国' : (names.get(run.scopeCode) ?? null),
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

async function runViews(store: Store, runs: ScreeningRunRecord[]): Promise<ScreeningRunView[]> {
  const names = await regionNames(
    store,
    runs.map((r) => r.scopeCode),
  );
  return runs.map((r) => runView(r, names));
}

/** Runs started over HTTP and still executing, so shutting the server down can wait for them. */
const inFlight = new Set<Promise<unknown>>();

/** Wait for every run started over HTTP to end (the app's onClose). */
export async function settleScreeningRuns(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}

/**
 * POST /api/screening/runs: record a screening of the caller's area (or an area within it) on a day, start it and
 * answer at once with the run `running`; the client polls GET /api/screening/runs/:id. Why not wait for it: a run
 * of the demo county (20,000 households) on PGlite took minutes, not seconds, on this shared machine (see the
 * route's comment and docs/ARCHITECTURE.md). Refuses (409) while a run of the same scope is under way. The run's
 * end (done or failed) is audited by the run itself.
 */
export async function startScreeningRun(ctx: ServiceContext, body: ScreeningRunBody): Promise<ScreeningRunView> {
  areaOf(ctx).allow('screening.run');
  const scopeCode = parseScopeCode(body.scopeCode ?? ctx.actor.scopeCode);
  await recoverInterruptedRuns(ctx.store, ctx.now());
  const aliveSince = new Date(ctx.now().getTime() - RUN_STALE_MS);
  const running = await ctx.store.transaction((tx) =>
    new ScreeningRunRepository(tx.client).runningOf(scopeCode, aliveSince),
  );
  if (running && areaOf(ctx).may('screening.run', { regionCode: scopeCode })) {
    throw new AppError('conflict', {
      zh: `本区域已有排查正在进行（${running}），请稍候`,
      en: `a screening of this area is already running (${running}); wait for it to end`,
    });
  }
  const { started, execute } = await beginScreening(
    ctx.store,
    ctx.actor,
    { scopeCode, asOf: body.asOf },
    { now: ctx.now, requestId: ctx.requestId },
  );
  // the answer is read before the run starts: on PGlite the run holds the one session until it ends
  const view = (await runViews(ctx.store, [started]))[0]!;
  // the failure is recorded on the run (status failed, error, audit); nothing is left to report here
  const tracked = execute().then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(tracked);
  void tracked.finally(() => inFlight.delete(tracked));
  return view;
}

/** GET /api/screening/runs */
export async function screeningRunList(ctx: ServiceContext, q: ScreeningRunListQuery): Promise<ScreeningRunList> {
  await recoverInterruptedRuns(ctx.store, ctx.now());
  const runs = await listScreeningRuns(ctx.store, ctx.actor, { scopeCode: q.scopeCode, limit: q.limit });
  return { items: await runViews(ctx.store, runs) };
}

/** GET /api/screening/runs/:id */
export async function screeningRun(ctx: ServiceContext, id: string): Promise<ScreeningRunView> {
  await recoverInterruptedRuns(ctx.store, ctx.now());
  return (await runViews(ctx.store, [await getScreeningRun(ctx.store, ctx.actor, id)]))[0]!;
}

/** GET /api/screening/runs/:id/results */
export async function screeningResults(
  ctx: ServiceContext,
  id: string,
  q: ScreeningResultQuery,
): Promise<ScreeningResultPage> {
  const r = await listScreeningResults(ctx.store, ctx.actor, id, {
    finding: q.finding,
    cleared: q.cleared ?? false,
    page: q.page,
    pageSize: q.pageSize,
  });
  const [run] = await runViews(ctx.store, [r.run]);
  return { run: run!, total: r.total, page: r.page, pageSize: r.pageSize, items: r.items as ScreeningResultItem[] };
}

/** GET /api/screening/compare */
export async function screeningComparison(ctx: ServiceContext, q: ScreeningCompareQuery): Promise<ScreeningComparison> {
  const d = await compareRuns(ctx.store, ctx.actor, q.from, q.to, { finding: q.finding, limit: q.limit });
  const [from, to] = await runViews(ctx.store, [d.a, d.b]);
  return {
    from: from!,
    to: to!,
    counts: d.counts as ScreeningComparison['counts'],
    entered: d.entered,
    left: d.left,
    truncated: d.truncated,
  };
}

/** GET /api/households/:id/screening: the latest stored findings and why, and the core rules' findings today. */
export async function householdScreening(ctx: ServiceContext, householdId: string): Promise<HouseholdScreeningView> {
  const x = await explainHousehold(ctx.store, ctx.actor, householdId, { now: ctx.now });
  const latest = x.latestRun ? (await runViews(ctx.store, [x.latestRun.run]))[0]! : null;
  return {
    householdId: x.householdId,
    householdNo: x.householdNo,
    asOf: x.asOf,
    policyVersion: x.policyVersion,
    current: {
      findings: x.findings,
      inScope: x.assessment.inScope,
      category: x.assessment.category,
      guardsMet: x.guards.met,
      failedGuards: x.guards.failedRuleIds,
      openCaseStage: x.openCaseStage,
      visit: {
        required: x.visit.required,
        lastVisitOn: x.visit.lastVisitOn,
        dueOn: x.visit.dueOn,
        overdue: x.visit.overdue,
      },
    },
    latestRun:
      x.latestRun && latest
        ? {
            run: latest,
            items: x.latestRun.items.map((i) => ({
              finding: i.finding,
              category: i.category as HouseholdScreeningView['current']['category'],
              cleared: i.cleared,
              explanation: i.explanation,
            })),
          }
        : null,
  };
}
