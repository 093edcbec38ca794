/**
 * Scenarios (issue 20 §1): a draft run over an area on a day. Every household is judged under the policy in force
 * and under the draft (scenario-judge.ts) in batches, each batch's differences stored and the progress recorded, so
 * the page shows a progress bar and other requests go on between batches. Stored apart from the screening runs:
 * no case is opened, no record changed, no screening reader sees it.
 */
import { AppError, chinaDate, isIsoDate, type ResolvedPolicy } from '@dixian/core';
import type {
  ScenarioHouseholdPage,
  ScenarioHouseholdQuery,
  ScenarioList,
  ScenarioListQuery,
  ScenarioRunBody,
  ScenarioSummary,
  ScenarioView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { PolicyBook } from '../policies/policy-at.js';
import { HouseholdFactsRepository } from '../repositories/household-facts.repository.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { ScenarioRepository, type ScenarioResultRow, type ScenarioRow } from '../repositories/scenario.repository.js';
import { notFound } from './access.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { draftRecord, loadDraft } from './scenario-draft.service.js';
import { judgeHousehold } from './scenario-judge.js';
import { scenarioSummary, type Totals } from './scenario-summary.js';

const SCENARIO = { zh: '政策模拟', en: 'policy scenario' };

/** Households judged per batch: one facts load (members, incomes, events, cases) of this many ids. */
const BATCH = 2000;

/** A running scenario whose heartbeat is older than this was interrupted (the server stopped). */
const STALE_MS = 5 * 60_000;

const inFlight = new Set<Promise<unknown>>();

/** Wait for the scenarios this process started (closing the app). */
export async function settleScenarios(): Promise<void> {
  while (inFlight.size) await Promise.allSettled([...inFlight]);
}

function parseAsOf(value: string | undefined, today: string): string {
  if (value === undefined) return today;
  if (!isIsoDate(value) || value > today) {
    throw new AppError('validation_failed', { zh: `测算日期无效：${value}`, en: `invalid as-of date: ${value}` }, [
      { path: 'asOf', message: `不晚于今天(${today}) / not after today` },
    ]);
  }
  return value;
}

/** Policies by village, resolved once each. */
function resolver(book: PolicyBook, asOf: string): (regionCode: string) => ResolvedPolicy {
  const cache = new Map<string, ResolvedPolicy>();
  return (code) => {
    let p = cache.get(code);
    if (!p) cache.set(code, (p = book.at(code, asOf)));
    return p;
  };
}

async function toViews(ctx: ServiceContext, rows: readonly ScenarioRow[]): Promise<ScenarioView[]> {
  const names = await new RegionRepository(ctx.store.db).names([...new Set(rows.map((r) => r.scopeCode))]);
  const stale = ctx.now().getTime() - STALE_MS;
  return rows.map((r) => {
    const interrupted = r.status === 'running' && r.heartbeatAt.getTime() < stale;
    return {
      id: r.id,
      draftId: r.draftId,
      draftName: r.draftName,
      scopeCode: r.scopeCode,
      scopeName: names.get(r.scopeCode) ?? null,
      asOf: r.asOf,
      nearMissShare: r.nearMissBp / 10_000,
      status: interrupted ? 'failed' : (r.status as ScenarioView['status']),
      householdsTotal: r.householdsTotal,
      householdsDone: r.householdsDone,
      basePolicy: r.basePolicy,
      draftPolicy: r.draftPolicy,
      summary: r.summaryText ? (JSON.parse(r.summaryText) as ScenarioSummary) : null,
      error: interrupted ? '测算中断(服务器停止)，请重新测算 / interrupted, run it again' : r.error,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    };
  });
}

export interface StartedScenario {
  id: string;
  /** judge every household (once); rejects after marking the scenario failed */
  execute(): Promise<void>;
}

/**
 * Record a scenario (the checks, the policies and the `running` row happen before this returns); `execute()` then
 * judges. The draft as it stands now is stored with the scenario, so a later edit does not change what it judged.
 */
export async function beginScenario(ctx: ServiceContext, body: ScenarioRunBody): Promise<StartedScenario> {
  const draft = await loadDraft(ctx, body.draftId);
  const scopeCode = body.scopeCode ?? draft.regionPrefix;
  areaOf(ctx).place(
    'scenario.run',
    { regionCode: scopeCode },
    { zh: `无权测算 ${scopeCode}`, en: `you may not run a scenario over ${scopeCode}` },
  );
  if (!(scopeCode.startsWith(draft.regionPrefix) || draft.regionPrefix.startsWith(scopeCode))) {
    throw new AppError(
      'validation_failed',
      { zh: '测算区划与草案区划不相交', en: 'the area does not overlap the draft’s' },
      [{ path: 'scopeCode', message: `草案区划 ${draft.regionPrefix} / the draft is for ${draft.regionPrefix}` }],
    );
  }
  const asOf = parseAsOf(body.asOf, chinaDate(ctx.now()));
  const nearMissBp = Math.round((body.nearMissShare ?? 0.1) * 10_000);
  const records = await new PolicyRepository(ctx.store.db).all();
  const draftBody = draft.body as Record<string, unknown>;
  const draftBook = new PolicyBook([...records, draftRecord(records, { ...draft, body: draftBody }, asOf)]);
  const baseBook = new PolicyBook(records);
  const base = baseBook.at(scopeCode, asOf);
  const drafted = draftBook.at(scopeCode, asOf);
  const id = await ctx.store.transaction(async (tx) => {
    const sid = await new ScenarioRepository(tx.db).createScenario({
      draftId: draft.id,
      scopeCode,
      asOf,
      nearMissBp,
      basePolicy: base.versionLabel,
      draftPolicy: `${base.versionLabel} + 草案「${draft.name}」`,
      draftBody,
      createdBy: staffId(ctx),
      at: ctx.now(),
    });
    await appendAudit(tx, ctx, {
      action: 'scenario.run',
      targetType: 'policy_scenario',
      targetId: sid,
      regionCode: scopeCode,
      detail: { draftId: draft.id, asOf, nearMissBp, body: draftBody },
    });
    return sid;
  });
  const execute = async () => {
    try {
      const totals = await judgeAll(ctx, id, scopeCode, asOf, nearMissBp, {
        base: resolver(baseBook, asOf),
        draft: resolver(draftBook, asOf),
      });
      const summary = await scenarioSummary(ctx.store.db, id, scopeCode, { base, draft: drafted }, totals);
      await new ScenarioRepository(ctx.store.db).finish(id, summary, ctx.now());
    } catch (err) {
      await new ScenarioRepository(ctx.store.db).fail(id, err instanceof Error ? err.message : String(err), ctx.now());
      throw err;
    }
  };
  return { id, execute };
}

/** Judge the area's households batch by batch; the 低保 top-ups of every qualifying household are summed here. */
async function judgeAll(
  ctx: ServiceContext,
  id: string,
  scopeCode: string,
  asOf: string,
  nearMissBp: number,
  policy: { base: (code: string) => ResolvedPolicy; draft: (code: string) => ResolvedPolicy },
): Promise<Totals> {
  const db = ctx.store.db;
  const repo = new ScenarioRepository(db);
  const total = await repo.countHouseholds(scopeCode);
  await repo.progress(id, { total, done: 0, at: ctx.now() });
  const totals: Totals = { baseTopUpFen: 0, draftTopUpFen: 0 };
  const facts = new HouseholdFactsRepository(db);
  const fetch = async (after: string | null) => {
    const ids = await repo.householdIds(scopeCode, after, BATCH);
    return { ids, households: ids.length ? await facts.load(ids, areaOf(ctx).scope, asOf) : [] };
  };
  let done = 0;
  // the next batch is read while this one is judged (on PostgreSQL the reading is the server's work)
  let next = fetch(null);
  for (;;) {
    const batch = await next;
    if (!batch.ids.length) break;
    next = fetch(batch.ids.at(-1)!);
    // observed when awaited; this keeps a failure while this batch is judged from going unhandled
    next.catch(() => undefined);
    const rows: ScenarioResultRow[] = [];
    for (const h of batch.households) {
      const j = judgeHousehold(h, policy.base(h.regionCode), policy.draft(h.regionCode), asOf, nearMissBp);
      rows.push(...j.rows);
      totals.baseTopUpFen += j.baseTopUpFen;
      totals.draftTopUpFen += j.draftTopUpFen;
    }
    done += batch.ids.length;
    await ctx.store.transaction(async (tx) => {
      const r = new ScenarioRepository(tx.db);
      await r.insertResults(id, rows);
      await r.progress(id, { done, at: ctx.now() });
    });
  }
  return totals;
}

/** POST /api/scenarios: answers the recorded scenario; it runs on while the page polls its progress. */
export async function startScenario(ctx: ServiceContext, body: ScenarioRunBody): Promise<ScenarioView> {
  const { id, execute } = await beginScenario(ctx, body);
  const view = await getScenario(ctx, id);
  // a failure is recorded on the scenario (status failed, error); nothing is left to report here
  const tracked = execute().catch(() => undefined);
  inFlight.add(tracked);
  void tracked.finally(() => inFlight.delete(tracked));
  return view;
}

export async function runScenario(ctx: ServiceContext, body: ScenarioRunBody): Promise<ScenarioView> {
  const { id, execute } = await beginScenario(ctx, body);
  await execute();
  return getScenario(ctx, id);
}

async function loadScenario(ctx: ServiceContext, id: string): Promise<ScenarioRow> {
  areaOf(ctx).allow('scenario.run');
  const row = await new ScenarioRepository(ctx.store.db).scenario(id, ctx.actor.scopeCode);
  if (!row) throw notFound(SCENARIO);
  return row;
}

export async function getScenario(ctx: ServiceContext, id: string): Promise<ScenarioView> {
  return (await toViews(ctx, [await loadScenario(ctx, id)]))[0]!;
}

export async function listScenarios(ctx: ServiceContext, q: ScenarioListQuery): Promise<ScenarioList> {
  areaOf(ctx).allow('scenario.run');
  if (q.draftId) await loadDraft(ctx, q.draftId);
  const rows = await new ScenarioRepository(ctx.store.db).scenarioList(ctx.actor.scopeCode, q.draftId);
  return { items: await toViews(ctx, rows) };
}

/** A page of a finished scenario's households, each with its reasons. */
export async function scenarioHouseholds(
  ctx: ServiceContext,
  id: string,
  q: ScenarioHouseholdQuery,
): Promise<ScenarioHouseholdPage> {
  const s = await loadScenario(ctx, id);
  if (s.status !== 'done') {
    throw new AppError('precondition_failed', {
      zh: '测算尚未完成，请稍候',
      en: 'the scenario has not finished yet',
    });
  }
  const prefix = narrowest(s.scopeCode, ctx.actor.scopeCode, q.township);
  const r = await new ScenarioRepository(ctx.store.db).results(id, prefix, {
    change: q.change,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  });
  return {
    total: r.total,
    page: q.page,
    pageSize: q.pageSize,
    items: r.items.map((x) => ({
      householdId: x.householdId,
      householdNo: x.householdNo,
      regionCode: x.regionCode,
      villageName: x.villageName,
      change: x.change as ScenarioHouseholdPage['items'][number]['change'],
      people: x.people,
      category: x.category as ScenarioHouseholdPage['items'][number]['category'],
      riskTypes: x.riskTypes as ScenarioHouseholdPage['items'][number]['riskTypes'],
      incomePerCapitaFen: x.incomePerCapitaFen,
      baseTopUpFen: x.baseTopUpFen,
      draftTopUpFen: x.draftTopUpFen,
      reasons: x.reasons as ScenarioHouseholdPage['items'][number]['reasons'],
    })),
  };
}

/** The longest of the scenario's area, the reader's area and the township asked for (they nest). */
export function narrowest(...prefixes: (string | undefined)[]): string {
  return prefixes.filter((p): p is string => p !== undefined).reduce((a, b) => (b.length > a.length ? b : a), '');
}
