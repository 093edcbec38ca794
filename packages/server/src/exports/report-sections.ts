import {
  chinaDateTime,
  Department,
  EIGHT_POINTS,
  EliminationMethod,
  fenToYuan,
  LedgerKind,
  MeasureType,
  MonitoringCategory,
  RiskType,
  SocialAssistanceKind,
} from '@dixian/core';
import type { Report } from '@dixian/core/api';

/**
 * The report as tables in Chinese (issue 17 §5), one per section: what the workbook puts on its sheets and the
 * PDF prints. Labels come from core's enums, amounts are 元 with two decimals, shares are percentages: no stored
 * code reaches a file.
 */
export type Cell = string | number;
export interface ReportSection {
  /** the sheet's name (at most 31 characters, no []:*?/\) */
  title: string;
  headers: string[];
  rows: Cell[][];
}

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(2)}%`);
const yuan = (fen: number) => Number(fenToYuan(fen));
const ratio = (met: number, total: number) => (total > 0 ? pct(met / total) : '—');

/** 2024-06-01 → 2024年6月1日 */
export function chineseDay(d: string): string {
  return `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

export function reportHeading(r: Report): { title: string; lines: string[] } {
  return {
    title: `${r.region.name}${r.title}`,
    lines: [
      `统计期间：${chineseDay(r.start)}至${chineseDay(r.end)}${r.complete ? '' : '（期间未结束，数据截至当日）'}`,
      `生成时间：${chinaDateTime(new Date(r.generatedAt))}（北京时间）`,
    ],
  };
}

export function reportSections(r: Report): ReportSection[] {
  return [...monitoringSections(r), ...workSections(r), ...supervisionSections(r)];
}

/** Who is monitored, who came in and went out, and why. */
function monitoringSections(r: Report): ReportSection[] {
  return [
    {
      title: '监测对象概况',
      headers: ['项目', '户数', '人数', '占农村户数比例', '占农村人口比例'],
      rows: [
        ['农村人口（在册农户）', r.population.households, r.population.people, '', ''],
        [
          '监测对象',
          r.monitored.households,
          r.monitored.people,
          pct(r.monitored.householdShare),
          pct(r.monitored.peopleShare),
        ],
        ...r.monitored.byCategory.map((c) => [
          `其中：${MonitoringCategory.labels[c.category].zh}`,
          c.households,
          c.people,
          '',
          '',
        ]),
        ['风险未消除', r.unresolved.households, r.unresolved.people, '', ''],
      ],
    },
    {
      title: '新增与风险消除',
      headers: ['项目', '户数'],
      rows: [
        ['本期新识别监测对象', r.identified.households],
        ['本期风险消除', r.eliminated.households],
        ...r.eliminated.byMethod.map((m) => [`其中：${EliminationMethod.labels[m.method].zh}`, m.households]),
      ],
    },
    {
      title: '风险类型',
      headers: ['风险类型', '风险未消除户数'],
      rows: r.riskTypes.map((t) => [RiskType.labels[t.riskType].zh, t.households]),
    },
  ];
}

/** The work done: measures, visits and screening, deadlines kept. */
function workSections(r: Report): ReportSection[] {
  return [
    {
      title: '帮扶措施',
      headers: ['类别', '名称', '本期新实施（项）', '期末在实施（项）'],
      rows: [
        ...r.measures.byType.map((m) => ['按措施类型', MeasureType.labels[m.type].zh, m.started, m.inForce]),
        ...r.measures.byDepartment.map((m) => [
          '按责任部门',
          m.department ? Department.labels[m.department].zh : '未填写部门',
          m.started,
          m.inForce,
        ]),
      ],
    },
    {
      title: '走访与排查',
      headers: ['项目', '数量'],
      rows: [
        ['走访次数', r.visits.visits],
        ['走访户数', r.visits.households],
        ['完成的筛查轮次', r.screening.runs],
        ['本期完成集中排查的户数', r.screening.households],
      ],
    },
    {
      title: '时限落实',
      headers: ['时限', '应办件数', '按时办结件数', '按时率'],
      rows: [
        [
          `识别认定（${r.deadlines.identification.days}天内）`,
          r.deadlines.identification.total,
          r.deadlines.identification.met,
          ratio(r.deadlines.identification.met, r.deadlines.identification.total),
        ],
        [
          `制定帮扶计划（${r.deadlines.plan.days}天内）`,
          r.deadlines.plan.total,
          r.deadlines.plan.met,
          ratio(r.deadlines.plan.met, r.deadlines.plan.total),
        ],
      ],
    },
  ];
}

/** The eight points, the ledgers, social assistance and the regions. */
function supervisionSections(r: Report): ReportSection[] {
  return [
    {
      title: '八项重点',
      headers: ['序号', '整治内容', '达标户数', '应统计户数', '达标率', '目标', '是否达标'],
      rows: [
        ...EIGHT_POINTS.map((p) => {
          const f = r.eightPoints.total.figures[p.id];
          return [
            p.seq,
            p.label.zh,
            f?.met ?? 0,
            f?.denominator ?? 0,
            pct(f?.share ?? null),
            pct(f?.target ?? null),
            f?.short ? '未达标' : '达标',
          ];
        }),
        [
          '',
          '政策知晓率（问卷）',
          r.eightPoints.total.awareness.aware,
          r.eightPoints.total.awareness.respondents,
          pct(r.eightPoints.total.awareness.share),
          pct(r.eightPoints.total.awareness.target),
          r.eightPoints.total.awareness.short ? '未达标' : '达标',
        ],
      ],
    },
    {
      title: '问题台账',
      headers: ['台账', '本期新建', '本期销号', '期末未销号'],
      rows: r.ledgers.map((l) => [LedgerKind.labels[l.ledger].zh, l.opened, l.closed, l.openAtEnd]),
    },
    {
      title: '社会救助',
      headers: ['项目', '件数', '人数', '金额（元）'],
      rows: [
        ...r.assistance.inForce.map((a) => [
          `期末在保：${SocialAssistanceKind.labels[a.kind].zh}`,
          a.cases,
          a.people,
          '',
        ]),
        [
          '本期已发放（低保、特困）',
          r.assistance.paid.lines,
          r.assistance.paid.people,
          yuan(r.assistance.paid.amountFen),
        ],
        ['本期临时救助（审批）', r.assistance.tempRelief.cases, '', yuan(r.assistance.tempRelief.amountFen)],
      ],
    },
    {
      title: '分区域',
      headers: ['区域', '监测对象户数', '风险未消除户数', '本期新识别', '本期风险消除', '本期走访次数'],
      rows: r.byRegion.map((x) => [
        x.name,
        x.monitoredHouseholds,
        x.unresolvedHouseholds,
        x.identified,
        x.eliminated,
        x.visits,
      ]),
    },
  ];
}
