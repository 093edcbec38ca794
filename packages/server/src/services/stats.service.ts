import {
  addMonths,
  DeadlineKind,
  EliminationMethod,
  endOfMonth,
  MonitoringCategory,
  startOfMonth,
  type RegionLevel,
} from '@dixian/core';
import type { Figure, ListLink, StatsOverview, StatsQuery } from '@dixian/core/api';
import { DeadlineRepository } from '../repositories/deadline.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { StatsRepository, type FlowCount, type StateCount } from '../repositories/stats.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { deadlineParams } from './deadline.service.js';

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

/**
 * GET /api/stats/overview: the dashboard of an area on a day (DOMAIN §7.3). Every figure links to the list that
 * reproduces it: the household search with the same `asOf` state filters, the deadline list, or the warnings.
 */
export async function statsOverview(ctx: ServiceContext, q: StatsQuery): Promise<StatsOverview> {
  const listed = areaOf(ctx).list('household.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  if (listed === null) throw notFound(RECORD.region);
  const prefix = listed.regionPrefix;
  const regions = new RegionRepository(ctx.store.db);
  const region = prefix ? await regions.get(prefix) : undefined;
  if (prefix && !region) throw notFound(RECORD.region);
  const children = await regions.children(prefix || null);
  const childLength = children[0]?.code.length ?? null;
  const scope = listed;
  const months = trendMonths(asOf);
  const monthStart = months.at(-1)!.start;

  const stats = new StatsRepository(ctx.store.db);
  const states = await stats.states(scope, asOf, childLength);
  const risks = await stats.riskTypes(scope, asOf);
  const unresolvedOn = await stats.unresolvedOn(
    scope,
    months.map((m) => m.end),
  );
  const flows = await stats.flows(scope, months[0]!.start, asOf, childLength);
  const deadlines = await new DeadlineRepository(ctx.store.db).counts(
    await deadlineParams(ctx, scope, asOf, { withinDays: q.withinDays }),
  );
  const warnings = await stats.warnings(scope, monthStart, asOf);

  const where: Record<string, string> = prefix ? { region: prefix } : {};
  const households = (query: Record<string, string>, region = where): ListLink => ({
    list: 'households',
    query: { ...region, ...query },
  });
  const fig = (value: number, link: ListLink): Figure => ({ value, link });
  const state = (
    status: string,
    pick: (s: StateCount) => boolean = (s) => s.set === 'total',
  ): { households: number; people: number } =>
    states
      .filter((s) => s.status === status && pick(s))
      .reduce((a, s) => ({ households: a.households + s.households, people: a.people + s.people }), {
        households: 0,
        people: 0,
      });
  const flow = (what: FlowCount['what'], month: string, pick: (f: FlowCount) => boolean = (f) => f.set === 'total') =>
    flows.filter((f) => f.what === what && f.month === month && pick(f)).reduce((n, f) => n + f.households, 0);
  const both = (pick?: (s: StateCount) => boolean) => {
    const a = state('monitoring_unresolved', pick);
    const b = state('risk_eliminated', pick);
    return { households: a.households + b.households, people: a.people + b.people };
  };
  const asOfState = { asOf };
  const current = months.at(-1)!;

  const monitoredLink = households({ ...asOfState, monitored: 'true' });
  const monitored = both();
  const unresolved = state('monitoring_unresolved');
  const eliminated = state('risk_eliminated');
  const unresolvedLink = households({ ...asOfState, status: 'monitoring_unresolved' });
  const eliminatedLink = households({ ...asOfState, status: 'risk_eliminated' });
  const monthWindow = (m: Month, what: 'identified' | 'eliminated'): Record<string, string> =>
    what === 'identified'
      ? { identifiedFrom: m.start, identifiedTo: m.end }
      : { eliminatedFrom: m.start, eliminatedTo: m.end };

  return {
    region: region
      ? { code: region.code, name: region.name, level: region.level }
      : { code: '', name: '全国', level: 'province' as RegionLevel },
    asOf,
    monthStart,
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
    riskTypes: risks
      .filter((r) => r.households > 0)
      .sort((a, b) => b.households - a.households || (a.riskType < b.riskType ? -1 : 1))
      .map((r) => ({
        riskType: r.riskType as StatsOverview['riskTypes'][number]['riskType'],
        households: fig(
          r.households,
          households({ ...asOfState, status: 'monitoring_unresolved', riskType: r.riskType }),
        ),
      })),
    byRegion: children.map((c) => {
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
    }),
    trend: months.map((m) => ({
      month: m.month,
      identified: fig(flow('identified', m.month), households(monthWindow(m, 'identified'))),
      eliminated: fig(flow('eliminated', m.month), households(monthWindow(m, 'eliminated'))),
      unresolved: fig(unresolvedOn.get(m.end) ?? 0, households({ asOf: m.end, status: 'monitoring_unresolved' })),
    })),
    deadlines: DeadlineKind.values.map((kind) => {
      const d = deadlines.find((x) => x.kind === kind);
      const link = (status: 'due' | 'overdue'): ListLink => ({
        list: 'deadlines',
        query: { ...where, kind, status, asOf, withinDays: String(q.withinDays) },
      });
      return { kind, due: fig(d?.due ?? 0, link('due')), overdue: fig(d?.overdue ?? 0, link('overdue')) };
    }),
    warnings: {
      received: fig(warnings.received, {
        list: 'warnings',
        query: { ...where, receivedFrom: monthStart, receivedTo: asOf },
      }),
      verified: fig(warnings.verified, {
        list: 'warnings',
        query: { ...where, verifiedFrom: monthStart, verifiedTo: asOf },
      }),
      toVerify: fig(warnings.toVerify, { list: 'warnings', query: { ...where, status: 'to_verify' } }),
    },
  };
}
