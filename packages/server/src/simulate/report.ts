import { EIGHT_POINTS, EliminationMethod, fenToYuanText } from '@dixian/core';
import type { Report } from '@dixian/core/api';
import { buildReport } from '../services/reports/report.service.js';
import { as, type SimCounters, type World } from './world.js';

/**
 * The year-end report of a simulated county: the figures of the county's own year report (report.service, the
 * same code as GET /api/reports/:year), the simulated staff's activity, and how many times the invariants held.
 */

export interface SimPointFigure {
  id: string;
  seq: number;
  label: string;
  met: number;
  denominator: number;
  share: number | null;
  short: boolean;
}

export interface SimDeadline {
  met: number;
  total: number;
  share: number | null;
}

export interface SimReport {
  county: string;
  countyName: string;
  seed: number;
  households: number;
  months: number;
  start: string;
  end: string;
  population: { households: number; people: number };
  monitored: { households: number; people: number; householdShare: number | null };
  identified: number;
  screeningRounds: number;
  deadlines: { identification: SimDeadline; plan: SimDeadline };
  eliminated: { total: number; byMethod: Record<string, number> };
  eightPoints: SimPointFigure[];
  dibao: { casesInForce: number; peopleInForce: number; paidFen: number };
  activity: SimCounters;
  invariantChecks: number;
}

const share = (met: number, total: number): number | null =>
  total ? Math.round((met / total) * 10_000) / 10_000 : null;

export async function yearEndReport(
  w: World,
  opts: { months: number; start: string; end: string },
): Promise<SimReport> {
  const r: Report = await buildReport(as(w, w.staff.county), opts.end.slice(0, 4), { region: w.county });
  const byMethod = Object.fromEntries(EliminationMethod.values.map((m) => [m, 0])) as Record<string, number>;
  for (const m of r.eliminated.byMethod) byMethod[m.method] = m.households;
  const dibao = r.assistance.inForce.find((a) => a.kind === 'dibao');
  return {
    county: w.county,
    countyName: r.region.name,
    seed: w.seed,
    households: w.households.length,
    months: opts.months,
    start: opts.start,
    end: opts.end,
    population: r.population,
    monitored: {
      households: r.monitored.households,
      people: r.monitored.people,
      householdShare: r.monitored.householdShare,
    },
    identified: r.identified.households,
    screeningRounds: r.screening.runs,
    deadlines: {
      identification: { ...pick(r.deadlines.identification) },
      plan: { ...pick(r.deadlines.plan) },
    },
    eliminated: { total: r.eliminated.households, byMethod },
    eightPoints: EIGHT_POINTS.map((p) => {
      const f = r.eightPoints.total.figures[p.id]!;
      return {
        id: p.id,
        seq: p.seq,
        label: `${p.label.zh} / ${p.label.en}`,
        met: f.met,
        denominator: f.denominator,
        share: f.share,
        short: f.short,
      };
    }),
    dibao: { casesInForce: dibao?.cases ?? 0, peopleInForce: dibao?.people ?? 0, paidFen: r.assistance.paid.amountFen },
    activity: w.counters,
    invariantChecks: w.counters.invariantChecks,
  };
}

function pick(d: { met: number; total: number }): SimDeadline {
  return { met: d.met, total: d.total, share: share(d.met, d.total) };
}

const pct = (s: number | null) => (s === null ? '—' : `${(s * 100).toFixed(1)}%`);
const counts = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '—';

/** The report as the command prints it: Chinese with English, amounts in yuan, dates in China time. */
export function formatReport(s: SimReport): string {
  const a = s.activity;
  const lines = [
    `${s.countyName}(${s.county}) 模拟年度报告 / simulated year-end report, ${s.start} – ${s.end} (${s.months} 个月 months, 种子 seed ${s.seed})`,
    `  农村人口 / rural population: ${s.population.households} 户 households, ${s.population.people} 人 people`,
    `  监测对象 / households monitored: ${s.monitored.households} 户 (${pct(s.monitored.householdShare)} of the rural households), ${s.monitored.people} 人`,
    `  本年新认定 / newly identified: ${s.identified} 户`,
    `  排查轮次 / rounds of screening: ${s.screeningRounds}`,
    `  时限落实 / deadlines met: 识别15天 identification ${s.deadlines.identification.met}/${s.deadlines.identification.total} (${pct(s.deadlines.identification.share)}), 帮扶计划10天 plan ${s.deadlines.plan.met}/${s.deadlines.plan.total} (${pct(s.deadlines.plan.share)})`,
    `  风险消除 / eliminated: ${s.eliminated.total} 户 — ${EliminationMethod.values.map((m) => `${EliminationMethod.labels[m].zh} ${m} ${s.eliminated.byMethod[m] ?? 0}`).join(', ')}`,
    `  低保 / dibao in force: ${s.dibao.casesInForce} 户, ${s.dibao.peopleInForce} 人; 已发放 paid ${fenToYuanText(s.dibao.paidFen)} 元 yuan`,
    '  八项重点 / the eight inspection points:',
    ...s.eightPoints.map(
      (p) =>
        `    (${p.seq}) ${p.label}: ${p.met}/${p.denominator} (${pct(p.share)})${p.short ? ' ✗ 未达标 short' : ''}`,
    ),
    '  模拟活动 / activity:',
    `    线索 leads: ${counts(a.leads)}`,
    `    程序步骤 steps: ${counts(a.steps)}`,
    `    走访 visits ${a.visits} (收入变化 income changes ${a.incomeChanges}), 健康变化 health changes ${a.healthChanges}, 帮扶计划 plans ${a.plans}, 延迟案件 late ${a.late}`,
    `    部门文件 department files ${a.feeds} (${a.feedRows} rows), 灾害 disasters ${a.disasters}, 风险再标注 re-marked ${a.remarked}, 低保 dibao: ${counts(a.dibao)}`,
    `    收入采集 incomes surveyed ${a.yearly.incomes}, 明白纸 leaflets: ${counts(a.yearly.leaflets)}, 集中排查 full-screening checks ${a.yearly.checks} (发现风险 risks found ${a.yearly.risksFound})`,
    `    被拒绝的操作 refused actions: ${counts(a.refused)}`,
    `  不变量 / invariants held at ${s.invariantChecks} checks (every simulated day)`,
  ];
  return lines.join('\n');
}
