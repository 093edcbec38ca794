/** The exports of the ledgers: the special rectification's ledgers, and social assistance (临时救助台账). */
import {
  ApprovalLevel,
  AssistanceEndReason,
  DibaoClassification,
  LedgerItemStatus,
  LedgerKind,
  RectificationArea,
  ReliefSatisfaction,
  SocialAssistanceKind,
  SocialAssistanceStatus,
  TempReliefKind,
} from '@dixian/core';
import type { AssistanceCaseView, AssistanceFilter, LedgerFilter, LedgerItemView } from '@dixian/core/api';
import type { ExportColumn } from '../exports/xlsx-writer.js';
import { walkAssistance } from './assistance.service.js';
import type { ServiceContext } from './context.js';
import { BATCH, startExport, type ExportDownload } from './export.service.js';
import { yes, yuan, zh } from './export-texts.js';
import { walkLedger } from './ledger.service.js';

/** GET /api/ledgers/export.xlsx: the three ledgers of the special rectification. */
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
  return startExport(ctx, {
    list: 'ledgers',
    title: '专项整治台账',
    action: 'ledger.read',
    filters: f,
    region: f.region,
    sheet: { name: '台账', columns },
    rows: () => walkLedger(ctx, f, BATCH),
  });
}

/** GET /api/assistance/export.xlsx: the social assistance cases (临时救助台账 when only temporary assistance). */
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
  return startExport(ctx, {
    list: 'assistance',
    title: f.kind === 'temp_relief' ? '临时救助台账' : '社会救助名单',
    action: 'assistance.read',
    filters: f,
    region: f.region,
    sheet: { name: '社会救助', columns },
    rows: () => walkAssistance(ctx, f, BATCH),
  });
}
