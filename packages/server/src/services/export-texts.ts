/**
 * Cell texts of the Excel exports: enum codes by their Chinese labels, money in yuan, instants in Beijing time, a
 * warning's figures in their unit, and the filter line in words (the query's codes are for machines).
 */
import * as enums from '@dixian/core/enums';
import { chinaDateTime, fenToYuan, SIGNAL_RULES, type Label, type SignalType } from '@dixian/core';

type Labels = Readonly<Record<string, Label>>;
/** A code by its Chinese label (the code itself when unknown, empty when absent). */
export const zh = (labels: Labels, v: string | null | undefined): string => (v ? (labels[v]?.zh ?? v) : '');
/** Codes by their labels, joined with 、. */
export const zhList = (labels: Labels, vs: readonly string[] | null | undefined): string =>
  (vs ?? []).map((v) => zh(labels, v)).join('、');
/** An amount in yuan with two decimals. */
export const yuan = (fen: number | null | undefined): string => (fen == null ? '' : fenToYuan(fen));
/** 是 or 否. */
export const yes = (b: boolean | null | undefined): string => (b ? '是' : '否');
/** A warning's signal by the label of its rule. */
export const SIGNAL_LABELS: Labels = Object.fromEntries(Object.entries(SIGNAL_RULES).map(([k, r]) => [k, r.label]));

/** An instant as China time: every time an officer reads is Beijing time, never UTC (the header says so). */
export const cst = (iso: string | Date | null | undefined): string =>
  iso == null ? '' : chinaDateTime(typeof iso === 'string' ? new Date(iso) : iso);
/** The header of a column of instants. */
export const CST = '（北京时间）';

/** Every stored code of core's vocabulary by its Chinese label, for the filter line. */
const ENUM_ZH: ReadonlyMap<string, string> = new Map(
  (Object.values(enums) as unknown[])
    .filter((e): e is { labels: Labels } => typeof e === 'object' && e !== null && 'labels' in e)
    .flatMap((e) => Object.entries(e.labels).map(([k, l]) => [k, l.zh] as const)),
);

/** The list filters in words (the query's codes are for machines). */
const FILTER_ZH: Record<string, string> = {
  region: '区域',
  status: '状态',
  kind: '类别',
  householdType: '户类型',
  category: '监测对象类别',
  riskType: '风险类型',
  department: '部门',
  channel: '发现渠道',
  stage: '环节',
  ledger: '台账',
  area: '整治方面',
  asOf: '统计日期',
  withinDays: '提前天数',
  finding: '排查结论',
  change: '变化',
  runId: '排查批次',
  q: '关键词',
  householdId: '农户',
  overdue: '仅逾期',
  receivedFrom: '接收起',
  receivedTo: '接收止',
  verifiedFrom: '核实起',
  verifiedTo: '核实止',
};
const VALUE_ZH: Record<string, string> = {
  to_verify: '待核实',
  due: '即将到期',
  overdue: '已逾期',
  true: '是',
  false: '否',
};

/** The filter line: each filter and its value in words, '无' when there is none. */
export function filterText(filters: Record<string, unknown>): string {
  const parts = Object.entries(filters)
    .filter(([k, v]) => v !== undefined && v !== null && v !== '' && k !== 'reason' && k !== 'unmask')
    .map(([k, v]) => {
      const value = String(v);
      return `${FILTER_ZH[k] ?? k}：${VALUE_ZH[value] ?? ENUM_ZH.get(value) ?? value}`;
    });
  return parts.length ? parts.join('；') : '无';
}

/** A warning's measured value or threshold in the signal's unit: money in yuan, days, grades. */
export function metricZh(signal: string, v: number | null): string {
  if (v === null) return '';
  const unit = SIGNAL_RULES[signal as SignalType]?.unit ?? null;
  if (unit === 'fen') return `${fenToYuan(v)} 元`;
  if (unit === 'days') return `${v} 天`;
  if (unit === 'grade') return `${v} 级`;
  return String(v);
}
