import {
  addMonths,
  DeadlineKind,
  EliminationMethod,
  endOfMonth,
  MonitoringCategory,
  startOfMonth,
  type RegionLevel,
  type Scope,
} from '@dixian/core';
import { StatsOverview, type Figure, type ListLink, type StatsQuery } from '@dixian/core/api';
import { DeadlineRepository } from '../repositories/deadline.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { RollupRepository } from '../repositories/rollup.repository.js';
import { StatsRepository, type FlowCount, type StateCount } from '../repositories/stats.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { deadlineParams } from './deadline.service.js';
import { largeAreaBuilds } from './rollup.service.js';

interface Month {
  month: string;
  start: string;
  /** the month's last day, or asOf in the as-of month */
  end: string;
}

/** The 12 months up to the as-of month, oldest first. */
export function trendMonths(asOf: string): Month[] {
  const current = startOfMonth(asOf);
  return Array.from({ length: 12 }, (_, i) => {
    const start = addMonths(current, i - 11);
    const last = endOfMonth(start);
    return { month: start.slice(0, 7), start, end: last < asOf ? last : asOf };
  });
}

/** What the dashboard reads, once: the counts of the area on the day and over the last 12 months. */
interface Loaded {
  prefix: string;
  asOf: string;
  withinDays: number;
  months: Month[];
  children: { code: string; name: string }[];
  states: StateCount[];
  flows: FlowCount[];
  risks: { riskType: string; households: number }[];
  unresolvedOn: Map<string, number>;
  deadlines: { kind: string; due: number; overdue: number }[];
  warnings: { received: number; verified: number; toVerify: number };
}

/**
 * GET /api/stats/overview: the dashboard of an area on a day (DOMAIN §7.3). Every figure links to the list that
 * reproduces it: the household search with the same `asOf` state filters, the deadline list, or the warnings.
 */
export async function statsOverview(ctx: ServiceContext, q: StatsQuery): Promise<StatsOverview> {
  const scope = areaOf(ctx).list('household.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  if (scope === null) throw notFound(RECORD.region);
  // a department's view counts its own warnings: never shared through a snapshot
  const large = !scope.department && (await largeAreaBuilds(ctx.store, ctx.config.rollupMinHouseholds, scope));
  if (!large) return { ...(await computeOverview(ctx, scope, asOf, q)), rollupAt: null };
  // a large area: the day's snapshot (made by the nightly rollup job, or by the first request of the day)
  const snapshots = new RollupRepository(ctx.store.db);
  const stored = await snapshots.stats(scope.regionPrefix, asOf, q.withinDays);
  const parsed = stored ? StatsOverview.safeParse(stored.body) : undefined;
  if (stored && parsed?.success) return { ...parsed.data, rollupAt: stored.computedAt.toISOString() };
  const computedAt = ctx.now();
  const body = await computeOverview(ctx, scope, asOf, q);
  await snapshots.saveStats(scope.regionPrefix, asOf, q.withinDays, computedAt, body);
  return { ...body, rollupAt: computedAt.toISOString() };
}

/** The dashboard computed from the records, now. */
async function computeOverview(
  ctx: ServiceContext,
  scope: Scope,
  asOf: string,
  q: StatsQuery,
): Promise<Omit<StatsOverview, 'rollupAt'>> {
  const prefix = scope.regionPrefix;
  const regions = new RegionRepository(ctx.store.db);
  const region = prefix ? await regions.get(prefix) : undefined;
  if (prefix && !region) throw notFound(RECORD.region);
  const children = await regions.children(prefix || null);
  const childLength = children[0]?.code.length ?? null;
  const months = trendMonths(asOf);
  const stats = new StatsRepository(ctx.store.db);
  const d: Loaded = {
    prefix,
    asOf,
    withinDays: q.withinDays,
    months,
    children,
    states: await stats.states(scope, asOf, childLength),
    risks: await stats.riskTypes(scope, asOf),
    unresolvedOn: await stats.unresolvedOn(
      scope,
      months.map((m) => m.end),
    ),
    flows: await stats.flows(scope, months[0]!.start, asOf, childLength),
    deadlines: await new DeadlineRepository(ctx.store.db).counts(
      await deadlineParams(ctx, scope, asOf, { withinDays: q.withinDays }),
    ),
    warnings: await stats.warnings(scope, months.at(-1)!.start, asOf),
  };
  const r = reader(d);
  return {
    region: region
      ? { code: region.code, name: region.name, level: region.level }
      : { code: '', name: '全国', level: 'province' as RegionLevel },
    asOf,
    monthStart: r.current.start,
    ...stateFigures(r),
    ...flowFigures(d, r),
    byRegion: regionFigures(d, r),
    ...workFigures(d, r),
  };
}

/** The figure helpers over what was loaded: sums by state or flow, and the link of each figure to its list. */
function reader(d: Loaded) {
  const where: Record<string, string> = d.prefix ? { region: d.prefix } : {};
  const households = (query: Record<string, string>, region = where): ListLink => ({
    list: 'households',
    query: { ...region, ...query },
  });
  const fig = (value: number, link: ListLink): Figure => ({ value, link });
  const state = (
    status: string,
    pick: (s: StateCount) => boolean = (s) => s.set === 'total',
  ): { households: number; people: number } =>
    d.states
      .filter((s) => s.status === status && pick(s))
      .reduce((a, s) => ({ households: a.households + s.households, people: a.people + s.people }), {
        households: 0,
        people: 0,
      });
  const flow = (what: FlowCount['what'], month: string, pick: (f: FlowCount) => boolean = (f) => f.set === 'total') =>
    d.flows.filter((f) => f.what === what && f.month === month && pick(f)).reduce((n, f) => n + f.households, 0);
  const both = (pick?: (s: StateCount) => boolean) => {
    const a = state('monitoring_unresolved', pick);
    const b = state('risk_eliminated', pick);
    return { households: a.households + b.households, people: a.people + b.people };
  };
  const monthWindow = (m: Month, what: 'identified' | 'eliminated'): Record<string, string> =>
    what === 'identified'
      ? { identifiedFrom: m.start, identifiedTo: m.end }
      : { eliminatedFrom: m.start, eliminatedTo: m.end };
  return {
    where,
    households,
    fig,
    state,
    flow,
    both,
    monthWindow,
    asOfState: { asOf: d.asOf },
    current: d.months.at(-1)!,
  };
}
type Reader = ReturnType<typeof reader>;

/** Households by monitoring state on the day: monitored (by category), identifying, unresolved, eliminated. */
function stateFigures(r: Reader): Pick<StatsOverview, 'monitored' | 'identifying' | 'unresolved' | 'eliminated'> {
  const { households, fig, state, both, asOfState } = r;
  const monitoredLink = households({ ...asOfState, monitored: 'true' });
  const monitored = both();
  const unresolved = state('monitoring_unresolved');
  const eliminated = state('risk_eliminated');
  const unresolvedLink = households({ ...asOfState, status: 'monitoring_unresolved' });
  const eliminatedLink = households({ ...asOfState, status: 'risk_eliminated' });
  return {
    monitored: {
      households: fig(monitored.households, monitoredLink),
      people: fig(monitored.people, monitoredLink),
      byCategory: MonitoringCategory.values.map((category) => {
        const c = both((s) => s.set === 'category' && s.category === category);
        const link = households({ ...asOfState, monitored: 'true', category });
        return { category, households: fig(c.households, link), people: fig(c.people, link) };
      }),
    },
    identifying: fig(state('identifying').households, households({ ...asOfState, status: 'identifying' })),
    unresolved: {
      households: fig(unresolved.households, unresolvedLink),
      people: fig(unresolved.people, unresolvedLink),
    },
    eliminated: {
      households: fig(eliminated.households, eliminatedLink),
      people: fig(eliminated.people, eliminatedLink),
      byMethod: EliminationMethod.values.map((method) => ({
        method,
        households: fig(
          state('risk_eliminated', (s) => s.set === 'method' && s.eliminationMethod === method).households,
          households({ ...asOfState, status: 'risk_eliminated', eliminationMethod: method }),
        ),
      })),
    },
  };
}

/** What moved: this month's identifications and eliminations, the 12-month trend, the risk types unresolved. */
function flowFigures(d: Loaded, r: Reader): Pick<StatsOverview, 'thisMonth' | 'riskTypes' | 'trend'> {
  const { households, fig, flow, monthWindow, asOfState, current } = r;
  return {
    thisMonth: {
      identified: fig(flow('identified', current.month), households(monthWindow(current, 'identified'))),
      eliminated: fig(flow('eliminated', current.month), households(monthWindow(current, 'eliminated'))),
      eliminatedByMethod: EliminationMethod.values.map((method) => ({
        method,
        households: fig(
          flow('eliminated', current.month, (f) => f.set === 'method' && f.method === method),
          households({ ...monthWindow(current, 'eliminated'), eliminationMethod: method }),
        ),
      })),
    },
    riskTypes: d.risks
      .filter((x) => x.households > 0)
      .sort((a, b) => b.households - a.households || (a.riskType < b.riskType ? -1 : 1))
      .map((x) => ({
        riskType: x.riskType as StatsOverview['riskTypes'][number]['riskType'],
        households: fig(
          x.households,
          households({ ...asOfState, status: 'monitoring_unresolved', riskType: x.riskType }),
        ),
      })),
    trend: d.months.map((m) => ({
      month: m.month,
      identified: fig(flow('identified', m.month), households(monthWindow(m, 'identified'))),
      eliminated: fig(flow('eliminated', m.month), households(monthWindow(m, 'eliminated'))),
      unresolved: fig(d.unresolvedOn.get(m.end) ?? 0, households({ asOf: m.end, status: 'monitoring_unresolved' })),
    })),
  };
}

/** The same figures for each region one level down. */
function regionFigures(d: Loaded, r: Reader): StatsOverview['byRegion'] {
  const { households, fig, state, flow, both, monthWindow, asOfState, current } = r;
  return d.children.map((c) => {
    const inChild = (s: StateCount) => s.set === 'child' && s.child === c.code;
    const at = { region: c.code };
    const m = both(inChild);
    return {
      code: c.code,
      name: c.name,
      monitored: fig(m.households, households({ ...asOfState, monitored: 'true' }, at)),
      unresolved: fig(
        state('monitoring_unresolved', inChild).households,
        households({ ...asOfState, status: 'monitoring_unresolved' }, at),
      ),
      eliminated: fig(
        state('risk_eliminated', inChild).households,
        households({ ...asOfState, status: 'risk_eliminated' }, at),
      ),
      identifiedThisMonth: fig(
        flow('identified', current.month, (f) => f.set === 'child' && f.child === c.code),
        households(monthWindow(current, 'identified'), at),
      ),
    };
  });
}

/** The work waiting: deadlines due and overdue by kind, and this month's department warnings. */
function workFigures(d: Loaded, r: Reader): Pick<StatsOverview, 'deadlines' | 'warnings'> {
  const { fig, where, current } = r;
  const monthStart = current.start;
  return {
    deadlines: DeadlineKind.values.map((kind) => {
      const x = d.deadlines.find((y) => y.kind === kind);
      const link = (status: 'due' | 'overdue'): ListLink => ({
        list: 'deadlines',
        query: { ...where, kind, status, asOf: d.asOf, withinDays: String(d.withinDays) },
      });
      return { kind, due: fig(x?.due ?? 0, link('due')), overdue: fig(x?.overdue ?? 0, link('overdue')) };
    }),
    warnings: {
      received: fig(d.warnings.received, {
        list: 'warnings',
        query: { ...where, receivedFrom: monthStart, receivedTo: d.asOf },
      }),
      verified: fig(d.warnings.verified, {
        list: 'warnings',
        query: { ...where, verifiedFrom: monthStart, verifiedTo: d.asOf },
      }),
      toVerify: fig(d.warnings.toVerify, { list: 'warnings', query: { ...where, status: 'to_verify' } }),
    },
  };
}
