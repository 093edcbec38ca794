import type { Readable } from 'node:stream';
import * as enums from '@dixian/core/enums';
import {
  ApprovalLevel,
  chinaDate,
  chinaDateTime,
  citeSource,
  policyVersionText,
  reasonText,
  SIGNAL_RULES,
  type SignalType,
  AssistanceEndReason,
  CaseStage,
  ChangeRequestKind,
  ChangeRequestStatus,
  DeadlineKind,
  Department,
  DibaoClassification,
  EliminationMethod,
  fenToYuan,
  HouseholdType,
  LeadChannel,
  LeadStatus,
  LedgerItemStatus,
  LedgerKind,
  maskIdNumber,
  maskPhone,
  MonitoringCategory,
  MonitoringStatus,
  RectificationArea,
  ReliefSatisfaction,
  RiskType,
  ScreeningFinding,
  SocialAssistanceKind,
  SocialAssistanceStatus,
  TempReliefKind,
  WarningStatus,
  WarningVerificationResult,
  type Action,
  type Label,
} from '@dixian/core';
import {
  type AssistanceCaseView,
  type AssistanceFilter,
  type CaseExportQuery,
  type CaseListItem,
  type ChangeRequestExportQuery,
  type ChangeRequestItem,
  deadlineDetailLabel,
  deadlineStateLabel,
  type DeadlineFilter,
  type DeadlineItem,
  type HouseholdExportQuery,
  type LeadExportQuery,
  type LeadView,
  type LedgerFilter,
  type LedgerItemView,
  type NoticeQuery,
  type ScreeningResultExportQuery,
  type ScreeningResultItem,
  type VisitDueExportQuery,
  type VisitDueItem,
  type WarningExportQuery,
  type WarningListItem,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { attachment, xlsxStream, type ExportColumn, type ExportSheet } from '../exports/xlsx-writer.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { HouseholdRepository, type HouseholdExportRow } from '../repositories/household.repository.js';
import { householdHeads } from '../screening/runs.js';
import { areaOf, reportDay } from './area.js';
import { listScreeningResults } from './screening.service.js';
import { walkAssistance } from './assistance.service.js';
import { walkChanges } from './change-request.service.js';
import { listCases } from './case.service.js';
import type { ServiceContext } from './context.js';
import { walkDeadlines } from './deadline.service.js';
import { listLeads } from './lead.service.js';
import { walkLedger } from './ledger.service.js';
import { villageNotice } from './notice.service.js';
import { visitsDue } from './visit.service.js';
import { walkWarnings } from './warning-list.service.js';

/** A download ready to send: its file name and the stream being written. */
export interface ExportDownload {
  fileName: string;
  asciiName: string;
  stream: Readable;
  contentDisposition: string;
}

const BATCH = 1000;
/**
 * Walks that re-run their whole query for every batch (a list read by offset, the deadline union) take larger
 * batches: a county's case export read 25 pages of 1,000, each sorting every case again (6 s of PostgreSQL CPU
 * under bench/load); 10,000 rows of a batch are a few megabytes.
 */
const RERUN_BATCH = 10_000;

type Labels = Readonly<Record<string, Label>>;
const zh = (labels: Labels, v: string | null | undefined): string => (v ? (labels[v]?.zh ?? v) : '');
const zhList = (labels: Labels, vs: readonly string[] | null | undefined): string =>
  (vs ?? []).map((v) => zh(labels, v)).join('、');
const yuan = (fen: number | null | undefined): string => (fen == null ? '' : fenToYuan(fen));
const yes = (b: boolean | null | undefined): string => (b ? '是' : '否');
const SIGNAL_LABELS: Labels = Object.fromEntries(Object.entries(SIGNAL_RULES).map(([k, r]) => [k, r.label]));

/** An instant as China time: every time an officer reads is Beijing time, never UTC (the header says so). */
export const cst = (iso: string | Date | null | undefined): string =>
  iso == null ? '' : chinaDateTime(typeof iso === 'string' ? new Date(iso) : iso);
/** The header of a column of instants. */
const CST = '（北京时间）';

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
function metricZh(signal: string, v: number | null): string {
  if (v === null) return '';
  const unit = SIGNAL_RULES[signal as SignalType]?.unit ?? null;
  if (unit === 'fen') return `${fenToYuan(v)} 元`;
  if (unit === 'days') return `${v} 天`;
  if (unit === 'grade') return `${v} 级`;
  return String(v);
}

/**
 * Check, audit and start one export: the list's read action (and personal_data.unmask for clear values) first, so a
 * refusal is an ordinary error answer; then one audit record with the filters; then the stream.
 */
async function start<T>(
  ctx: ServiceContext,
  p: {
    list: string;
    title: string;
    action: Action;
    filters: Record<string, unknown>;
    region?: string | null | undefined;
    unmask?: boolean | undefined;
    reason?: string | undefined;
    sheet: Omit<ExportSheet<T>, 'preamble'>;
    rows: () => AsyncIterable<readonly T[]>;
  },
): Promise<ExportDownload> {
  const gateway = areaOf(ctx);
  const listed = gateway.list(p.action, p.region);
  if (p.unmask) gateway.allow('personal_data.unmask');
  const where = (listed ?? gateway.scope).regionPrefix;
  const now = ctx.now();
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: `export.${p.list}`,
      targetType: 'export',
      targetId: p.list,
      regionCode: where || null,
      detail: { filters: p.filters, unmasked: !!p.unmask, ...(p.unmask ? { reason: p.reason } : {}) },
    }),
  );
  // the day and time in China, as officers count them (a UTC stamp would be 8 hours behind)
  const stamp = chinaDate(now);
  const area = where ? ((await new RegionRepository(ctx.store.db).get(where))?.name ?? `区划 ${where}`) : '全国';
  const preamble = [
    p.title,
    `导出时间：${cst(now)}${CST}  导出人：${ctx.actor.username}  范围：${area}`,
    `筛选条件：${filterText(p.filters)}`,
    p.unmask ? `含明文个人信息，仅限工作使用（理由：${p.reason}）` : '个人信息已脱敏',
  ];
  const fileName = `${p.title}-${stamp}.xlsx`;
  const asciiName = `${p.list}-${stamp}.xlsx`;
  return {
    fileName,
    asciiName,
    contentDisposition: attachment(fileName, asciiName),
    stream: xlsxStream({ ...p.sheet, preamble }, p.rows()),
  };
}

/** Pages of a paged list service, until a short page. */
async function* pages<T>(fetch: (page: number, pageSize: number) => Promise<{ items: T[] }>): AsyncGenerator<T[]> {
  for (let page = 1; ; page++) {
    const { items } = await fetch(page, RERUN_BATCH);
    if (items.length) yield items;
    if (items.length < RERUN_BATCH) return;
  }
}

// ---- households ----------------------------------------------------------------------------------------------

export async function exportHouseholds(ctx: ServiceContext, q: HouseholdExportQuery): Promise<ExportDownload> {
  const { unmask, reason, ...filters } = q;
  const clear = !!unmask;
  const columns: ExportColumn<HouseholdExportRow>[] = [
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '所在村', value: (r) => r.regionName, width: 14 },
    { header: '区划代码', value: (r) => r.regionCode, text: true, width: 14 },
    { header: '自然村/组', value: (r) => r.naturalVillage },
    { header: '户主姓名', value: (r) => r.headName },
    {
      header: '户主身份证号',
      value: (r) => (clear ? r.headIdNumber : maskIdNumber(r.headIdNumber)),
      text: true,
      width: 22,
    },
    { header: '联系电话', value: (r) => (clear ? r.phone : maskPhone(r.phone)), text: true, width: 14 },
    { header: '家庭人口', value: (r) => r.memberCount },
    { header: '户类型', value: (r) => zh(HouseholdType.labels, r.householdType) },
    { header: '脱贫年度', value: (r) => r.liftedYear },
    { header: '监测状态', value: (r) => zh(MonitoringStatus.labels, r.monitoringStatus), width: 14 },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.monitoringCategory), width: 16 },
    { header: '风险类型', value: (r) => zhList(RiskType.labels, r.riskTypes), width: 24 },
    { header: '首次识别日期', value: (r) => r.firstIdentifiedOn },
    { header: '风险消除日期', value: (r) => r.riskEliminatedOn },
    { header: '消除方式', value: (r) => zh(EliminationMethod.labels, r.eliminationMethod) },
    { header: '整户无劳动能力', value: (r) => yes(r.wholeHouseholdNoLabor) },
    { header: '低保', value: (r) => yes(r.receivesDibao) },
    { header: '特困', value: (r) => yes(r.isTekun) },
    { header: '最近走访', value: (r) => r.lastVisitOn },
  ];
  const area = areaOf(ctx);
  const scope = area.scope;
  const regionPrefix = area.list('household.read', filters.region)?.regionPrefix ?? null;
  return start(ctx, {
    list: 'households',
    title: '农户名单',
    action: 'household.read',
    filters,
    region: filters.region,
    unmask,
    reason,
    sheet: { name: '农户', columns },
    rows: async function* () {
      if (regionPrefix === null) return;
      const repo = new HouseholdRepository(ctx.store.db);
      let after = '';
      for (;;) {
        const rows = await repo.exportPage(scope, { ...filters, regionPrefix }, after, BATCH);
        if (rows.length) yield rows;
        if (rows.length < BATCH) return;
        after = rows.at(-1)!.householdNo;
      }
    },
  });
}

// ---- deadlines (visits due, warnings to verify, …) -----------------------------------------------------------

export async function exportDeadlines(ctx: ServiceContext, f: DeadlineFilter): Promise<ExportDownload> {
  const asOf = reportDay(ctx, f.asOf);
  const columns: ExportColumn<DeadlineItem>[] = [
    { header: '事项', value: (r) => zh(DeadlineKind.labels, r.kind), width: 20 },
    { header: '到期日', value: (r) => r.dueOn ?? '从未走访' },
    { header: '剩余天数', value: (r) => r.daysLeft },
    { header: '是否逾期', value: (r) => yes(r.overdue) },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '所在村', value: (r) => r.regionName },
    { header: '区划代码', value: (r) => r.regionCode, text: true, width: 14 },
    { header: '当前状态', value: (r) => deadlineStateLabel(r).zh, width: 18 },
    { header: '说明', value: (r) => deadlineDetailLabel(r)?.zh ?? '', width: 24 },
  ];
  return start(ctx, {
    list: 'deadlines',
    title: '时限清单',
    action: 'case.read',
    filters: { ...f, asOf },
    region: f.region,
    sheet: { name: '时限', columns },
    rows: () => walkDeadlines(ctx, { ...f, asOf }, RERUN_BATCH),
  });
}

// ---- department warnings ---------------------------------------------------------------------------------------

export async function exportWarnings(ctx: ServiceContext, q: WarningExportQuery): Promise<ExportDownload> {
  const { unmask, reason, ...filters } = q;
  const columns: ExportColumn<WarningListItem>[] = [
    { header: '推送部门', value: (r) => zh(Department.labels, r.department) },
    { header: `接收时间${CST}`, value: (r) => cst(r.createdAt), width: 22 },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '姓名', value: (r) => r.personName },
    { header: '身份证号', value: (r) => r.idNumber, text: true, width: 22 },
    { header: '预警类型', value: (r) => zh(SIGNAL_LABELS, r.signalType), width: 22 },
    { header: '指标值', value: (r) => metricZh(r.signalType, r.metricValue), width: 16 },
    { header: '阈值', value: (r) => metricZh(r.signalType, r.threshold), width: 16 },
    { header: '预警依据', value: (r) => r.basis?.zh ?? '', width: 40 },
    { header: '发生日期', value: (r) => r.eventDate },
    { header: '状态', value: (r) => zh(WarningStatus.labels, r.status), width: 16 },
    { header: '核实期限', value: (r) => r.verifyDueOn },
    { header: `核实时间${CST}`, value: (r) => cst(r.verifiedAt), width: 22 },
    { header: '核实人', value: (r) => r.verifiedByName },
    { header: '核实结果', value: (r) => zh(WarningVerificationResult.labels, r.verificationResult), width: 16 },
    { header: '核实理由', value: (r) => r.verificationReason, width: 40 },
    { header: '反馈部门日期', value: (r) => r.fedBackOn },
  ];
  return start(ctx, {
    list: 'warnings',
    title: '部门预警清单',
    action: 'warning.read',
    filters,
    region: filters.region,
    unmask,
    reason,
    sheet: { name: '部门预警', columns },
    rows: () => walkWarnings(ctx, filters, !!unmask, BATCH),
  });
}

// ---- the three ledgers -----------------------------------------------------------------------------------------

export async function exportLedger(ctx: ServiceContext, f: LedgerFilter): Promise<ExportDownload> {
  const columns: ExportColumn<LedgerItemView>[] = [
    { header: '台账', value: (r) => zh(LedgerKind.labels, r.ledger), width: 16 },
    { header: '整治方面', value: (r) => zh(RectificationArea.labels, r.area), width: 20 },
    { header: '区域', value: (r) => r.regionName },
    { header: '区划代码', value: (r) => r.regionCode, text: true, width: 14 },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '事项', value: (r) => r.title, width: 30 },
    { header: '问题描述', value: (r) => r.description, width: 40 },
    { header: '整改计划', value: (r) => r.plan, width: 30 },
    { header: '责任人', value: (r) => r.ownerName },
    { header: '整改时限', value: (r) => r.deadline },
    { header: '是否逾期', value: (r) => yes(r.overdue) },
    { header: '状态', value: (r) => zh(LedgerItemStatus.labels, r.status) },
    { header: '整改情况', value: (r) => r.rectification, width: 30 },
    { header: '整改日期', value: (r) => r.rectifiedOn },
    {
      header: '佐证材料',
      value: (r) => r.evidence.map((e) => (e.ref ? `${e.description}(${e.ref})` : e.description)).join(';'),
      width: 30,
    },
    { header: '核实意见', value: (r) => r.verificationNote, width: 24 },
    { header: '核实日期', value: (r) => r.verifiedOn },
    { header: '销号日期', value: (r) => r.closedOn },
  ];
  return start(ctx, {
    list: 'ledgers',
    title: '专项整治台账',
    action: 'ledger.read',
    filters: f,
    region: f.region,
    sheet: { name: '台账', columns },
    rows: () => walkLedger(ctx, f, BATCH),
  });
}

// ---- the village notice ----------------------------------------------------------------------------------------

export async function exportNotice(ctx: ServiceContext, q: NoticeQuery): Promise<ExportDownload> {
  // the notice decides access and the village (404 outside the area) before anything is written
  const notice = await villageNotice(ctx, q);
  const rows = notice.periods.flatMap((p) => p.households.map((h) => ({ ...h, startOn: p.startOn, endOn: p.endOn })));
  type Row = (typeof rows)[number];
  const columns: ExportColumn<Row>[] = [
    { header: '公示开始', value: (r) => r.startOn },
    { header: '公示结束', value: (r) => r.endOn },
    { header: '户主(脱敏)', value: (r) => r.headName },
    { header: '自然村/组', value: (r) => r.naturalVillage },
    { header: '家庭人口', value: (r) => r.size },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.category), width: 16 },
    { header: '消除方式', value: (r) => zh(EliminationMethod.labels, r.eliminationMethod) },
    { header: '已撤回', value: (r) => yes(r.withdrawn) },
  ];
  return start(ctx, {
    list: 'notices',
    title: notice.title.zh,
    action: 'case.read',
    filters: q,
    region: q.region,
    sheet: { name: '公示', columns },
    rows: async function* () {
      yield rows;
    },
  });
}

// ---- social assistance -----------------------------------------------------------------------------------------

export async function exportAssistance(ctx: ServiceContext, f: AssistanceFilter): Promise<ExportDownload> {
  const columns: ExportColumn<AssistanceCaseView>[] = [
    { header: '救助类别', value: (r) => zh(SocialAssistanceKind.labels, r.kind), width: 16 },
    {
      header: '分类',
      value: (r) => zh(DibaoClassification.labels, r.classification) || zh(TempReliefKind.labels, r.reliefKind),
    },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '救助人数', value: (r) => r.peopleCount },
    { header: '困难原因', value: (r) => r.cause, width: 30 },
    { header: '状态', value: (r) => zh(SocialAssistanceStatus.labels, r.status) },
    { header: '申请日期', value: (r) => r.appliedOn },
    { header: '审批日期', value: (r) => r.decidedOn },
    { header: '审批层级', value: (r) => zh(ApprovalLevel.labels, r.approvalLevel) },
    { header: '月保障金额(元)', value: (r) => yuan(r.monthlyAmountFen) },
    { header: '救助金额(元)', value: (r) => yuan(r.amountFen) },
    { header: '先行救助', value: (r) => yes(r.reliefFirst) },
    { header: '满意程度', value: (r) => zh(ReliefSatisfaction.labels, r.satisfaction) },
    { header: '渐退期', value: (r) => (r.graceStartOn ? `${r.graceStartOn} 至 ${r.graceEndOn}` : ''), width: 24 },
    { header: '退出日期', value: (r) => r.endedOn },
    { header: '退出原因', value: (r) => zh(AssistanceEndReason.labels, r.endReason), width: 20 },
  ];
  return start(ctx, {
    list: 'assistance',
    title: f.kind === 'temp_relief' ? '临时救助台账' : '社会救助名单',
    action: 'assistance.read',
    filters: f,
    region: f.region,
    sheet: { name: '社会救助', columns },
    rows: () => walkAssistance(ctx, f, BATCH),
  });
}

// ---- changes that need approval (issue 14 §3) ------------------------------------------------------------------

export async function exportChanges(ctx: ServiceContext, f: ChangeRequestExportQuery): Promise<ExportDownload> {
  const columns: ExportColumn<ChangeRequestItem>[] = [
    { header: '变更类型', value: (r) => zh(ChangeRequestKind.labels, r.kind), width: 16 },
    { header: '状态', value: (r) => zh(ChangeRequestStatus.labels, r.status) },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '迁入村', value: (r) => r.targetRegionName },
    { header: '申请事由', value: (r) => r.note, width: 30 },
    { header: '申请人', value: (r) => r.requestedBy },
    { header: `申请时间${CST}`, value: (r) => cst(r.requestedAt), width: 20 },
    { header: '审批人', value: (r) => r.decidedBy },
    { header: `审批时间${CST}`, value: (r) => cst(r.decidedAt), width: 20 },
    { header: '退回理由', value: (r) => r.reason, width: 30 },
  ];
  return start(ctx, {
    list: 'changes',
    title: '变更申请清单',
    action: 'change.request',
    filters: f,
    region: f.region,
    sheet: { name: '变更申请', columns },
    rows: () => walkChanges(ctx, f, BATCH),
  });
}

// ---- leads, cases and visits due (the lists of the case work) ------------------------------------------------

export async function exportLeads(ctx: ServiceContext, f: LeadExportQuery): Promise<ExportDownload> {
  const columns: ExportColumn<LeadView>[] = [
    { header: '发现日期', value: (r) => r.discoveredOn },
    { header: '发现渠道', value: (r) => zh(LeadChannel.labels, r.channel) },
    { header: '推送部门', value: (r) => zh(Department.labels, r.department) },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '申请人', value: (r) => r.applicantName },
    { header: '身份证号', value: (r) => r.applicantIdNumber, text: true, width: 22 },
    { header: '风险类型', value: (r) => zhList(RiskType.labels, r.riskTypes), width: 24 },
    { header: '情况', value: (r) => r.description, width: 40 },
    { header: '核实期限', value: (r) => r.verifyDueOn },
    { header: '认定期限', value: (r) => r.identificationDueOn },
    { header: '状态', value: (r) => zh(LeadStatus.labels, r.status) },
    { header: '是否逾期', value: (r) => yes(r.overdue) },
  ];
  return start(ctx, {
    list: 'leads',
    title: '风险线索清单',
    action: 'lead.read',
    filters: f,
    region: f.region,
    sheet: { name: '风险线索', columns },
    rows: () => pages((page, pageSize) => listLeads(ctx, { ...f, page, pageSize })),
  });
}

export async function exportCases(ctx: ServiceContext, f: CaseExportQuery): Promise<ExportDownload> {
  const columns: ExportColumn<CaseListItem>[] = [
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '所在村', value: (r) => r.regionName },
    { header: '批次', value: (r) => r.episode },
    { header: '环节', value: (r) => zh(CaseStage.labels, r.stage), width: 20 },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.category), width: 16 },
    { header: '风险类型', value: (r) => zhList(RiskType.labels, r.riskTypes), width: 24 },
    { header: '发现日期', value: (r) => r.discoveredOn },
    { header: '当前时限', value: (r) => zh(DeadlineKind.labels, r.currentDueKind), width: 18 },
    { header: '到期日', value: (r) => r.currentDueOn },
    { header: '剩余天数', value: (r) => r.daysLeft },
    { header: '是否逾期', value: (r) => yes(r.overdue) },
    { header: '整户无劳动能力', value: (r) => yes(r.wholeHouseholdNoLabor) },
  ];
  return start(ctx, {
    list: 'cases',
    title: '识别认定和监测案件清单',
    action: 'case.read',
    filters: f,
    region: f.region,
    sheet: { name: '案件', columns },
    rows: () => pages((page, pageSize) => listCases(ctx, { ...f, page, pageSize })),
  });
}

export async function exportVisitsDue(ctx: ServiceContext, f: VisitDueExportQuery): Promise<ExportDownload> {
  const columns: ExportColumn<VisitDueItem>[] = [
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户类型', value: (r) => zh(HouseholdType.labels, r.householdType) },
    { header: '监测状态', value: (r) => zh(MonitoringStatus.labels, r.monitoringStatus), width: 14 },
    { header: '最近走访', value: (r) => r.lastVisitOn },
    { header: '应走访日期', value: (r) => r.dueOn ?? '已逾期' },
    { header: '是否逾期', value: (r) => yes(r.overdue) },
  ];
  return start(ctx, {
    list: 'visits_due',
    title: '应走访农户清单',
    action: 'household.read',
    filters: f,
    region: f.region,
    sheet: { name: '应走访', columns },
    rows: () => pages((page, pageSize) => visitsDue(ctx, { ...f, page, pageSize })),
  });
}

// ---- a screening run's findings -------------------------------------------------------------------------------

type ScreeningExportRow = ScreeningResultItem & { headName: string | null; headIdNumber: string | null };

/**
 * GET /api/screening/runs/:id/results/export.xlsx: a run's findings (or departures) in the reader's area, each with
 * its explanation in Chinese, the rules it names and the policy version; heads' ID numbers masked unless asked for
 * in clear with a reason.
 */
export async function exportScreeningResults(
  ctx: ServiceContext,
  runId: string,
  q: ScreeningResultExportQuery,
): Promise<ExportDownload> {
  const { unmask, reason, ...filters } = q;
  const clear = !!unmask;
  areaOf(ctx).allow('household.read');
  // the run decides access (404 outside the area) and must be finished, before anything is audited or written
  const first = await listScreeningResults(ctx.store, ctx.actor, runId, { ...filters, page: 1, pageSize: 1 });
  const columns: ExportColumn<ScreeningExportRow>[] = [
    { header: '排查结论', value: (r) => zh(ScreeningFinding.labels, r.finding), width: 14 },
    { header: '已离开(较上次)', value: (r) => yes(r.cleared) },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '所在村', value: (r) => r.villageName, width: 14 },
    { header: '区划代码', value: (r) => r.regionCode, text: true, width: 14 },
    { header: '户主姓名', value: (r) => r.headName },
    {
      header: '户主身份证号',
      value: (r) => (clear ? r.headIdNumber : maskIdNumber(r.headIdNumber)),
      text: true,
      width: 22,
    },
    { header: '监测对象类别', value: (r) => zh(MonitoringCategory.labels, r.category), width: 16 },
    { header: '说明', value: (r) => r.explanation.message.zh, width: 60 },
    // the rules and the seed paragraph in words; rule ids are for developers (the API keeps them)
    { header: '依据规则', value: (r) => r.explanation.reasons.map((x) => reasonText(x).zh).join('；'), width: 40 },
    { header: '依据', value: (r) => citeSource(r.explanation.source).zh, width: 40 },
    { header: '政策版本', value: (r) => policyVersionText(r.explanation.policyVersion).zh, width: 30 },
  ];
  return start(ctx, {
    list: 'screening_results',
    title: `排查结果-${first.run.asOf}`,
    action: 'household.read',
    filters: { runId, ...filters },
    region: first.run.scopeCode,
    unmask,
    reason,
    sheet: { name: '排查结果', columns },
    rows: async function* () {
      // the results service pages by at most 500
      for (let page = 1; ; page++) {
        const r = await listScreeningResults(ctx.store, ctx.actor, runId, { ...filters, page, pageSize: 500 });
        const heads = await ctx.store.transaction((tx) =>
          householdHeads(
            tx.client,
            r.items.map((i) => i.householdId),
          ),
        );
        if (r.items.length) {
          yield r.items.map((i) => ({
            ...(i as ScreeningResultItem),
            headName: heads.get(i.householdId)?.name ?? null,
            headIdNumber: heads.get(i.householdId)?.idNumber ?? null,
          }));
        }
        if (page * 500 >= r.total) return;
      }
    },
  });
}

/** The checked, audited start of an export, for exports kept in files of their own (scenario-export.service.ts). */
export { start as startExport };
