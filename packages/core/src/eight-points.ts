/**
 * The eight inspection points of the county's 2024 rectification plan (S3 §三(一)–(八)), as units: what each counts
 * (the denominator: households the point applies to on the as-of day), what meets it (the numerator), the target
 * and the seed paragraph. The server computes every point by one set-based query per area (services/eight-points);
 * a household "short" of a point carries the problem codes below, which the UI shows in words and the ledger
 * raise turns into suspected issues (疑似问题台账, S3 §五).
 */
import { DATA_QUALITY_RULE_BY_ID, DATA_QUALITY_RULES } from './data-quality/index.js';
import type { Label, RectificationArea } from './enums.js';

export const EIGHT_POINT_IDS = [
  'publicity',
  'visits',
  'warnings',
  'identification',
  'plans',
  'elimination',
  'no_labor_flag',
  'data_accuracy',
] as const;
export type EightPointId = (typeof EIGHT_POINT_IDS)[number];

/** Why a household is short of a point (one or more per household). */
export const EIGHT_POINT_PROBLEMS = {
  application_leaflet_missing: { zh: '未发放申报政策明白纸', en: 'application leaflet not delivered' },
  policy_leaflet_missing: { zh: '监测对象未发放帮扶政策明白纸', en: 'assistance-policy leaflet not delivered' },
  visit_overdue: { zh: '走访逾期', en: 'visit overdue' },
  not_screened_this_year: { zh: '本年度未集中排查', en: 'not screened in the yearly full screening' },
  warning_pushed_late: { zh: '部门预警超时推送', en: 'warning pushed after the exchange limit' },
  warning_verified_late: { zh: '部门预警超时核实', en: 'warning verified after its limit' },
  warning_unverified_overdue: { zh: '部门预警逾期未核实', en: 'warning not verified, limit passed' },
  identification_late: { zh: '识别认定超过时限', en: 'identified after the limit' },
  identification_overdue: { zh: '逾期未完成识别认定', en: 'identification overdue, not finished' },
  notice_too_short: { zh: '村内公示不足规定天数', en: 'village notice shorter than required' },
  plan_late: { zh: '帮扶计划超时制定', en: 'assistance plan made after the limit' },
  plan_overdue: { zh: '逾期未制定帮扶计划', en: 'assistance plan overdue' },
  elimination_due: { zh: '符合条件未消除风险', en: 'due for elimination, not eliminated' },
  no_labor_flag_due: { zh: '整户无劳动能力未标注', en: 'whole-household-no-labour flag missing' },
} as const satisfies Record<string, Label>;
export type EightPointProblem = keyof typeof EIGHT_POINT_PROBLEMS;
export const EIGHT_POINT_PROBLEM_CODES = Object.keys(EIGHT_POINT_PROBLEMS) as EightPointProblem[];

/** Every problem a household can be short by: points 1–7's, and point 8's data-quality rules by their ids. */
export const EIGHT_POINT_PROBLEM_IDS: readonly string[] = [
  ...EIGHT_POINT_PROBLEM_CODES,
  ...DATA_QUALITY_RULES.map((u) => u.id),
];

/** A problem in words: a point's problem, or the data-quality rule's label. */
export function eightPointProblemLabel(code: string): Label {
  return (
    (EIGHT_POINT_PROBLEMS as Record<string, Label>)[code] ??
    DATA_QUALITY_RULE_BY_ID.get(code)?.label ?? { zh: '其他问题', en: 'other problem' }
  );
}

export interface EightPointDefinition {
  id: EightPointId;
  /** 1–8, the order of S3 §三 */
  seq: number;
  label: Label;
  /** the seed paragraph it implements */
  seedRef: string;
  numerator: Label;
  denominator: Label;
  /** the policy parameter holding the target share (supervision.*) */
  targetParam: 'supervision.awarenessTarget' | 'supervision.pointTarget';
  /** the ledger area (S3 §五) a household's problem is raised into */
  area: RectificationArea;
}

const d = (
  seq: number,
  id: EightPointId,
  area: RectificationArea,
  label: Label,
  numerator: Label,
  denominator: Label,
  targetParam: EightPointDefinition['targetParam'] = 'supervision.pointTarget',
): EightPointDefinition => ({
  id,
  seq,
  label,
  seedRef: `S3 §三(${'一二三四五六七八'[seq - 1]})`,
  numerator,
  denominator,
  targetParam,
  area,
});

export const EIGHT_POINTS: readonly EightPointDefinition[] = [
  d(
    1,
    'publicity',
    'publicity',
    { zh: '防返贫宣传', en: 'Publicity' },
    {
      zh: '已发放申报政策明白纸(监测对象另须帮扶政策明白纸)的农户',
      en: 'households given the application leaflet (monitored ones also the assistance-policy leaflet)',
    },
    { zh: '全体农户', en: 'every household' },
  ),
  d(
    2,
    'visits',
    'visits_and_screening',
    { zh: '日常走访和集中排查', en: 'Visits and yearly screening' },
    {
      zh: '走访不逾期且近一年内经集中排查的农户',
      en: 'households with no visit overdue and screened in the last year',
    },
    { zh: '全体农户', en: 'every household' },
  ),
  d(
    3,
    'warnings',
    'warning_push',
    { zh: '风险预警推送核实', en: 'Warnings pushed and verified on time' },
    {
      zh: '预警均按时推送并在时限内核实的农户',
      en: 'households whose warnings were all pushed in time and verified within the limit',
    },
    {
      zh: '本年度有部门预警且已核实、已逾期或推送超时的农户',
      en: 'households with a department warning this year, verified, past its limit or pushed late',
    },
  ),
  d(
    4,
    'identification',
    'inclusion',
    { zh: '监测对象识别纳入', en: 'Identification on time' },
    {
      zh: '15天内完成认定且村内公示不少于5天的',
      en: 'identified within the limit (15 days) with at least 5 days of village notice',
    },
    {
      zh: '本年度认定的及逾期未认定的农户',
      en: 'households identified this year, or whose identification is overdue',
    },
  ),
  d(
    5,
    'plans',
    'assistance',
    { zh: '帮扶计划及时制定', en: 'Plans on time' },
    { zh: '10天内制定帮扶计划的', en: 'with a plan within the limit (10 days)' },
    {
      zh: '本年度认定且帮扶计划已制定或已逾期的农户',
      en: 'households confirmed this year whose plan is made or overdue',
    },
  ),
  d(
    6,
    'elimination',
    'elimination',
    { zh: '风险消除应消尽消', en: 'Elimination when due' },
    { zh: '本年度已消除风险的农户', en: 'households whose risk was eliminated this year' },
    {
      zh: '本年度已消除的及最近一次排查认为应消未消的农户',
      en: 'households eliminated this year plus those the latest screening found due and still monitored',
    },
  ),
  d(
    7,
    'no_labor_flag',
    'no_labor_flag',
    { zh: '整户无劳动能力应标尽标', en: 'No-labour flag where due' },
    { zh: '已标注整户无劳动能力的监测户', en: 'monitored households flagged whole-household-no-labour' },
    {
      zh: '已标注的及最近一次排查认为应标未标的农户',
      en: 'flagged households plus those the latest screening found due and unflagged',
    },
  ),
  d(
    8,
    'data_accuracy',
    'data_quality',
    { zh: '系统数据精准', en: 'Data accuracy' },
    { zh: '未发现数据质量问题的农户', en: 'households with no data-quality finding' },
    { zh: '全体农户', en: 'every household' },
  ),
];

export function eightPoint(id: EightPointId): EightPointDefinition {
  return EIGHT_POINTS.find((p) => p.id === id)!;
}

/** Is a figure short of its target? Compared in basis points, so 0.95 of 20 (19/20) is met exactly. */
export function shortOfTarget(met: number, denominator: number, target: number): boolean {
  if (denominator === 0) return false;
  return met * 10_000 < Math.round(target * 10_000) * denominator;
}

/** The share met, rounded to four places (null when nothing is counted). */
export function shareOf(met: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((met / denominator) * 10_000) / 10_000;
}
