/** The exports of the case work: leads, cases, deadlines, department warnings and changes that need approval. */
import {
  CaseStage,
  ChangeRequestKind,
  ChangeRequestStatus,
  DeadlineKind,
  Department,
  LeadChannel,
  LeadStatus,
  MonitoringCategory,
  RiskType,
  WarningStatus,
  WarningVerificationResult,
} from '@dixian/core';
import {
  type CaseExportQuery,
  type CaseListItem,
  type ChangeRequestExportQuery,
  type ChangeRequestItem,
  deadlineDetailLabel,
  deadlineStateLabel,
  type DeadlineFilter,
  type DeadlineItem,
  type LeadExportQuery,
  type LeadView,
  type WarningExportQuery,
  type WarningListItem,
} from '@dixian/core/api';
import type { ExportColumn } from '../exports/xlsx-writer.js';
import { reportDay } from './area.js';
import { listCases } from './case.service.js';
import { walkChanges } from './change-request.service.js';
import type { ServiceContext } from './context.js';
import { walkDeadlines } from './deadline.service.js';
import { BATCH, pages, RERUN_BATCH, startExport, type ExportDownload } from './export.service.js';
import { cst, CST, metricZh, SIGNAL_LABELS, yes, zh, zhList } from './export-texts.js';
import { listLeads } from './lead.service.js';
import { walkWarnings } from './warning-list.service.js';

/** GET /api/leads/export.xlsx: the risk leads. */
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
  return startExport(ctx, {
    list: 'leads',
    title: '风险线索清单',
    action: 'lead.read',
    filters: f,
    region: f.region,
    sheet: { name: '风险线索', columns },
    rows: () => pages((page, pageSize) => listLeads(ctx, { ...f, page, pageSize })),
  });
}

/** GET /api/cases/export.xlsx: the identification and monitoring cases. */
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
  return startExport(ctx, {
    list: 'cases',
    title: '识别认定和监测案件清单',
    action: 'case.read',
    filters: f,
    region: f.region,
    sheet: { name: '案件', columns },
    rows: () => pages((page, pageSize) => listCases(ctx, { ...f, page, pageSize })),
  });
}

/** GET /api/deadlines/export.xlsx: the deadlines (visits due, warnings to verify, …). */
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
  return startExport(ctx, {
    list: 'deadlines',
    title: '时限清单',
    action: 'case.read',
    filters: { ...f, asOf },
    region: f.region,
    sheet: { name: '时限', columns },
    rows: () => walkDeadlines(ctx, { ...f, asOf }, RERUN_BATCH),
  });
}

/** GET /api/warnings/export.xlsx: the department warnings. */
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
  return startExport(ctx, {
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

/** GET /api/change-requests/export.xlsx: the changes that need approval (issue 14 §3). */
export async function exportChanges(ctx: ServiceContext, f: ChangeRequestExportQuery): Promise<ExportDownload> {
  const columns: ExportColumn<ChangeRequestItem>[] = [
    { header: '变更类型', value: (r) => zh(ChangeRequestKind.labels, r.kind), width: 16 },
    { header: '状态', value: (r) => zh(ChangeRequestStatus.labels, r.status) },
    { header: '所在村', value: (r) => r.regionName },
    { header: '户编号', value: (r) => r.householdNo, text: true, width: 20 },
    { header: '户主姓名', value: (r) => r.headName },
    { header: '迁入村', value: (r) => r.targetRegionName },
    { header: '申请事由', value: (r) => r.note, width: 30 },
    { header: '生效日期', value: (r) => r.effectiveOn ?? '批准之日', width: 12 },
    { header: '申请人', value: (r) => r.requestedBy },
    { header: `申请时间${CST}`, value: (r) => cst(r.requestedAt), width: 20 },
    { header: '审批人', value: (r) => r.decidedBy },
    { header: `审批时间${CST}`, value: (r) => cst(r.decidedAt), width: 20 },
    { header: '退回理由', value: (r) => r.reason, width: 30 },
  ];
  return startExport(ctx, {
    list: 'changes',
    title: '变更申请清单',
    action: 'change.request',
    filters: f,
    region: f.region,
    sheet: { name: '变更申请', columns },
    rows: () => walkChanges(ctx, f, BATCH),
  });
}
