import { EIGHT_POINTS, shareOf, shortOfTarget, type EightPointId, type ResolvedPolicy, type Scope } from '@dixian/core';
import type { AwarenessFigure, EightPointFigure, EightPointsRow } from '@dixian/core/api';
import type { PointParams } from '../../repositories/eight-points.sql.js';
import { visitIntervalsOf } from '../../repositories/visit-due.sql.js';
import { PolicyBook } from '../../policies/policy-at.js';
import type { ServiceContext } from '../context.js';

/** The length of the region codes one level below a scope (province 2 → 4 → county 6 → township 9 → village 12). */
export function childLength(prefix: string): number {
  return ({ 0: 2, 2: 4, 4: 6, 6: 9, 9: 12 } as Record<number, number>)[prefix.length] ?? 12;
}

export interface PointSettings extends PointParams {
  awarenessTarget: number;
  pointTarget: number;
}

/** The parameters of the points over a scope: the scope's policy in force on the as-of day (visits per region). */
export async function pointSettings(ctx: ServiceContext, scope: Scope, asOf: string): Promise<PointSettings> {
  const book = await PolicyBook.load(ctx.store.db);
  const policy: ResolvedPolicy = book.at(scope.regionPrefix, asOf);
  return {
    scope,
    asOf,
    yearStart: `${asOf.slice(0, 4)}-01-01`,
    visitIntervals: book.across(scope.regionPrefix, asOf).map((p) => visitIntervalsOf(p.prefix, p.policy)),
    fullScreeningMonths: policy.visits.fullScreeningMonths,
    identificationDays: policy.deadlines.identificationDays,
    noticeMinDays: policy.deadlines.noticeMinDays,
    planDays: policy.deadlines.planDays,
    exchangeMonths: policy.deadlines.departmentExchangeMonths,
    awarenessTarget: policy.supervision.awarenessTarget,
    pointTarget: policy.supervision.pointTarget,
  };
}

export function figureOf(met: number, denominator: number, target: number): EightPointFigure {
  return { denominator, met, share: shareOf(met, denominator), target, short: shortOfTarget(met, denominator, target) };
}

export function awarenessOf(
  s: { surveys: number; respondents: number; aware: number } | undefined,
  target: number,
): AwarenessFigure {
  const surveys = s?.surveys ?? 0;
  const respondents = s?.respondents ?? 0;
  const aware = s?.aware ?? 0;
  // no survey at all is short too: S3 §三(一) asks for the awareness to be known, not assumed
  return {
    surveys,
    respondents,
    aware,
    share: shareOf(aware, respondents),
    target,
    short: respondents === 0 || shortOfTarget(aware, respondents, target),
  };
}

type Counts = { denominator: number; met: number };

/** Rows per child region (and the total) from each point's counts by region code. */
export function assembleRows(
  regions: readonly { code: string; name: string | null }[],
  total: { code: string; name: string | null },
  byPoint: Map<EightPointId, Map<string, Counts>>,
  awareness: Map<string, { surveys: number; respondents: number; aware: number }>,
  s: PointSettings,
): { total: EightPointsRow; rows: EightPointsRow[] } {
  const row = (code: string, name: string | null, pick: (m: Map<string, Counts>) => Counts): EightPointsRow => {
    const figures = Object.fromEntries(
      EIGHT_POINTS.map((p) => {
        const c = pick(byPoint.get(p.id) ?? new Map());
        return [p.id, figureOf(c.met, c.denominator, s.pointTarget)];
      }),
    ) as EightPointsRow['figures'];
    return { regionCode: code, regionName: name, figures, awareness: awarenessOf(undefined, s.awarenessTarget) };
  };
  const zero = { denominator: 0, met: 0 };
  const rows = regions.map((r) => ({
    ...row(r.code, r.name, (m) => m.get(r.code) ?? zero),
    awareness: awarenessOf(awareness.get(r.code), s.awarenessTarget),
  }));
  const sum = (m: Map<string, Counts>) =>
    [...m.values()].reduce((a, c) => ({ denominator: a.denominator + c.denominator, met: a.met + c.met }), zero);
  const all = [...awareness.values()].reduce(
    (a, c) => ({
      surveys: a.surveys + c.surveys,
      respondents: a.respondents + c.respondents,
      aware: a.aware + c.aware,
    }),
    { surveys: 0, respondents: 0, aware: 0 },
  );
  return {
    total: { ...row(total.code, total.name, sum), awareness: awarenessOf(all, s.awarenessTarget) },
    rows,
  };
}
