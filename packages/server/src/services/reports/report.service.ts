import {
  AppError,
  chinaDate,
  Department,
  EliminationMethod,
  LedgerKind,
  MeasureType,
  MonitoringCategory,
  reportPeriod,
  reportTitle,
  type RegionLevel,
  type ReportingPeriod,
  type Scope,
} from '@dixian/core';
import type { Report, ReportQuery } from '@dixian/core/api';
import { appendAudit } from '../../audit/audit-log.js';
import { RegionRepository } from '../../repositories/region.repository.js';
import { ReportRepository } from '../../repositories/report.repository.js';
import { StatsRepository, type StateCount } from '../../repositories/stats.repository.js';
import { notFound, RECORD } from '../access.js';
import { areaOf } from '../area.js';
import type { ServiceContext } from '../context.js';
import { eightPointsReport } from '../eight-points/eight-points.service.js';
import { childLength, pointSettings } from '../eight-points/figures.js';

/** The period asked for, as seen today in China; a malformed or future one is refused on its field. */
export function periodOf(ctx: ServiceContext, period: string): ReportingPeriod {
  const p = reportPeriod(period, chinaDate(ctx.now()));
  if (!p)
    throw new AppError('validation_failed', { zh: '该期间尚未开始', en: 'the period has not begun' }, [
      { path: 'params.period', message: '该期间尚未开始 / the period has not begun' },
    ]);
  return p;
}

/** The caller's area narrowed to `region` (report.read), with the region's name and level. */
export async function reportScope(
  ctx: ServiceContext,
  region: string | undefined,
): Promise<{ scope: Scope; region: Report['region'] }> {
  const scope = areaOf(ctx).list('report.read', region);
  if (scope === null) throw notFound(RECORD.region);
  const prefix = scope.regionPrefix;
  const r = prefix ? await new RegionRepository(ctx.store.db).get(prefix) : undefined;
  if (prefix && !r) throw notFound(RECORD.region);
  return {
    scope,
    region: r
      ? { code: r.code, name: r.name, level: r.level }
      : { code: '', name: '全国', level: 'province' as RegionLevel },
  };
}

const sum = (xs: StateCount[]) =>
  xs.reduce((a, s) => ({ households: a.households + s.households, people: a.people + s.people }), {
    households: 0,
    people: 0,
  });
const share = (n: number, d: number) => (d > 0 ? n / d : null);

/** Every figure of the report, each one set-based statement over the area (or the eight points' service). */
async function load(ctx: ServiceContext, scope: Scope, p: ReportingPeriod, len: number | null) {
  const prefix = scope.regionPrefix;
  const stats = new StatsRepository(ctx.store.db);
  const repo = new ReportRepository(ctx.store.db);
  const settings = await pointSettings(ctx, scope, p.end);
  // independent reads: on PostgreSQL they run on several pooled connections at once (the eight points take
  // most of the time); PGlite serves them one after another
  const [
    eightPoints,
    states,
    flows,
    risks,
    population,
    measures,
    visits,
    screening,
    deadlines,
    ledgers,
    assistance,
    paid,
    children,
  ] = await Promise.all([
    eightPointsReport(ctx, { region: prefix || undefined, asOf: p.end }),
    stats.states(scope, p.end, len),
    stats.flows(scope, p.start, p.end, len),
    stats.riskTypes(scope, p.end),
    repo.population(scope, p.end),
    repo.measures(scope, p),
    repo.visits(scope, p, len),
    repo.screening(scope, p),
    repo.deadlines(scope, p, { identification: settings.identificationDays, plan: settings.planDays }),
    repo.ledgers(scope, p),
    repo.assistance(scope, p),
    repo.paid(scope, p),
    len ? new RegionRepository(ctx.store.db).children(prefix || null) : Promise.resolve([]),
  ]);
  return {
    settings,
    states,
    flows,
    risks,
    population,
    measures,
    visits,
    screening,
    deadlines,
    ledgers,
    assistance,
    paid,
    eightPoints,
    children,
  };
}

type Loaded = Awaited<ReturnType<typeof load>>;

/**
 * GET /api/reports/:period: the monthly or year-end report of an area (issue 17 §5). States on the period's last
 * day and the flows come from the dashboard's StatsRepository, the eight points from their service (judged on the
 * last day), the rest from ReportRepository; every figure is a set-based statement over the area.
 */
export async function buildReport(ctx: ServiceContext, period: string, q: ReportQuery): Promise<Report> {
  const p = periodOf(ctx, period);
  const { scope, region } = await reportScope(ctx, q.region);
  const prefix = scope.regionPrefix;
  const d = await load(ctx, scope, p, prefix.length >= 12 ? null : childLength(prefix));
  const r = readers(d);
  return {
    period: p.period,
    kind: p.kind,
    title: reportTitle(p),
    start: p.start,
    end: p.end,
    complete: p.complete,
    generatedAt: ctx.now().toISOString(),
    region,
    ...monitoringPart(d, r),
    ...workPart(d),
    ...supervisionPart(d),
    byRegion: d.children.map((c) => {
      const inChild = (s: StateCount) => s.set === 'child' && s.child === c.code;
      return {
        code: c.code,
        name: c.name,
        monitoredHouseholds: r.monitoredOf(inChild).households,
        unresolvedHouseholds: sum(d.states.filter((s) => inChild(s) && s.status === 'monitoring_unresolved'))
          .households,
        identified: r.flow('identified', (f) => f.set === 'child' && f.child === c.code),
        eliminated: r.flow('eliminated', (f) => f.set === 'child' && f.child === c.code),
        visits: d.visits.find((v) => v.child === c.code)?.visits ?? 0,
      };
    }),
  };
}

/** Sums over the loaded states and flows. */
function readers(d: Loaded) {
  const monitoredOf = (pick: (s: StateCount) => boolean) =>
    sum(d.states.filter((s) => (s.status === 'monitoring_unresolved' || s.status === 'risk_eliminated') && pick(s)));
  const flow = (what: 'identified' | 'eliminated', pick: (f: Loaded['flows'][number]) => boolean) =>
    d.flows.filter((f) => f.what === what && pick(f)).reduce((n, f) => n + f.households, 0);
  return { monitoredOf, flow };
}

/** Who is monitored on the last day, who came in and went out in the period, and why. */
function monitoringPart(d: Loaded, r: ReturnType<typeof readers>) {
  const monitored = r.monitoredOf((s) => s.set === 'total');
  return {
    population: d.population,
    monitored: {
      ...monitored,
      householdShare: share(monitored.households, d.population.households),
      peopleShare: share(monitored.people, d.population.people),
      byCategory: MonitoringCategory.values.map((category) => ({
        category,
        ...r.monitoredOf((s) => s.set === 'category' && s.category === category),
      })),
    },
    unresolved: sum(d.states.filter((s) => s.set === 'total' && s.status === 'monitoring_unresolved')),
    identified: { households: r.flow('identified', (f) => f.set === 'total') },
    eliminated: {
      households: r.flow('eliminated', (f) => f.set === 'total'),
      byMethod: EliminationMethod.values.map((method) => ({
        method,
        households: r.flow('eliminated', (f) => f.set === 'method' && f.method === method),
      })),
    },
    riskTypes: d.risks
      .filter((x) => x.households > 0)
      .sort((a, b) => b.households - a.households || (a.riskType < b.riskType ? -1 : 1))
      .map((x) => ({ riskType: x.riskType as Report['riskTypes'][number]['riskType'], households: x.households })),
  };
}

/** Measures, visits, screening and the statutory limits. */
function workPart(d: Loaded): Pick<Report, 'measures' | 'visits' | 'screening' | 'deadlines'> {
  const total = d.visits.find((v) => v.child === null);
  return {
    measures: {
      byType: MeasureType.values
        .map((type) => d.measures.find((m) => m.type === type) ?? { type, started: 0, inForce: 0 })
        .filter((m) => m.started + m.inForce > 0)
        .map((m) => ({
          type: m.type as Report['measures']['byType'][number]['type'],
          started: m.started,
          inForce: m.inForce,
        })),
      byDepartment: [...Department.values, null]
        .map((department) => {
          const m = d.measures.find((x) => x.type === null && x.department === department);
          return { department, started: m?.started ?? 0, inForce: m?.inForce ?? 0 };
        })
        .filter((m) => m.started + m.inForce > 0),
    },
    visits: { visits: total?.visits ?? 0, households: total?.households ?? 0 },
    screening: d.screening,
    deadlines: {
      identification: { total: d.deadlines.idTotal, met: d.deadlines.idMet, days: d.settings.identificationDays },
      plan: { total: d.deadlines.planTotal, met: d.deadlines.planMet, days: d.settings.planDays },
    },
  };
}

/** The eight points, the ledgers and social assistance. */
function supervisionPart(d: Loaded): Pick<Report, 'eightPoints' | 'ledgers' | 'assistance'> {
  const assisted = (kind: string) => d.assistance.find((a) => a.kind === kind);
  return {
    eightPoints: d.eightPoints,
    ledgers: LedgerKind.values.map((ledger) => {
      const l = d.ledgers.find((x) => x.ledger === ledger);
      return { ledger, opened: l?.opened ?? 0, closed: l?.closed ?? 0, openAtEnd: l?.openAtEnd ?? 0 };
    }),
    assistance: {
      inForce: (['dibao', 'tekun'] as const).map((kind) => ({
        kind,
        cases: assisted(kind)?.cases ?? 0,
        people: assisted(kind)?.people ?? 0,
      })),
      paid: d.paid,
      tempRelief: { cases: assisted('temp_relief')?.cases ?? 0, amountFen: assisted('temp_relief')?.amountFen ?? 0 },
    },
  };
}

/**
 * The report for a file (the workbook or the PDF): built like the JSON, then one audit record as every export
 * writes (`export.report`, with the period, area and format) before the file is sent.
 */
export async function reportForExport(
  ctx: ServiceContext,
  period: string,
  q: ReportQuery,
  format: 'xlsx' | 'pdf',
  check: () => void = () => {},
): Promise<Report> {
  const report = await buildReport(ctx, period, q);
  check();
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'export.report',
      targetType: 'export',
      targetId: 'report',
      regionCode: report.region.code || null,
      detail: { period: report.period, format, region: report.region.code },
    }),
  );
  return report;
}
