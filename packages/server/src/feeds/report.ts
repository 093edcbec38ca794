/**
 * The .xlsx files a department gets: the template to fill in (Chinese headers, the ID column as text, drop-downs
 * for coded values, a sheet of instructions with every accepted header), and the report of one import (summary,
 * problems by row and column, unmatched people, and what became of every row). The report is written with
 * exceljs's streaming writer, so a million-row batch does not sit in memory.
 */
import {
  can,
  CaseStage,
  chinaDateTime,
  Department,
  fenToYuan,
  LeadStatus,
  maskIdNumber,
  SIGNAL_RULES,
  WarningStatus,
  WarningVerificationResult,
  type Department as DepartmentCode,
  type SignalType,
} from '@dixian/core';
import ExcelJS from 'exceljs';
import { feedReportStreams } from '../repositories/feed.repository.js';
import { warningReadModels } from '../repositories/warning.repository.js';
import type { FeedServiceContext } from '../services/context.js';
import { getBatch } from '../services/feed-batches.service.js';
import type { FeedImportStats } from '../services/feed-pipeline.js';
import { requireDepartment } from '../services/feed.service.js';
import { maskOutcome } from '../services/warning.service.js';
import { FEED_SPECS, type FieldKind } from '@dixian/core';

/** Excel's row limit per sheet; longer lists continue on a second sheet. */
const SHEET_ROWS = 1_048_000;

const KIND_TEXT: Record<FieldKind, string> = {
  id_number: '文本,18位身份证号',
  text: '文本',
  amount: '金额(元),可带千分位和"元"',
  date: '日期,如 2024-05-01',
  month_or_date: '日期或年月,如 2024-05-01 或 2024-05',
  year: '年度,如 2024',
  count: '整数',
  yes_no: '是/否',
  disability_grade: '一级至四级',
  disability_cert: '20位残疾人证号',
  housing_grade: 'A级/B级/C级/D级',
};

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

/** The department's template: one data sheet and one sheet of instructions (`dixian feed template`). */
export async function writeFeedTemplate(department: string, out: string): Promise<void> {
  const spec = FEED_SPECS[requireDepartment(department) as DepartmentCode];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dixian';
  const ws = wb.addWorksheet('数据');
  ws.addRow(spec.fields.map((f) => (f.required ? `*${f.zh}` : f.zh)));
  ws.getRow(1).font = { bold: true };
  spec.fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(12, f.zh.length * 2 + 4);
    ws.getCell(1, i + 1).fill = HEADER_FILL;
    // ID numbers as text, so Excel keeps all 18 digits
    if (f.kind === 'id_number' || f.kind === 'disability_cert') col.numFmt = '@';
    if (f.choices) {
      for (let r = 2; r <= 1001; r++) {
        ws.getCell(r, i + 1).dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${f.choices.join(',')}"`],
        };
      }
    }
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];

  const help = wb.addWorksheet('填表说明');
  help.addRow([`${spec.title.zh} / ${spec.title.en}`]).font = { bold: true, size: 14 };
  help.addRow([`内容: ${spec.purpose.zh} / ${spec.purpose.en}`]);
  help.addRow(['表头可放在标题行下方;列的顺序不限;带*的列必填;也接受"可用的其他列名"中的写法。']);
  help.addRow([]);
  const head = help.addRow(['列名', '必填', '格式', '说明', '可用的其他列名']);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = HEADER_FILL));
  for (const f of spec.fields) {
    help.addRow([f.zh, f.required ? '是' : '', KIND_TEXT[f.kind], f.note ?? '', f.synonyms.join('、')]);
  }
  for (const group of spec.oneOf ?? []) {
    const names = group.map((k) => spec.fields.find((x) => x.key === k)?.zh ?? k);
    help.addRow([`以下至少填一列: ${names.join('、')}`]);
  }
  help.columns = [{ width: 18 }, { width: 6 }, { width: 30 }, { width: 40 }, { width: 60 }];
  await wb.xlsx.writeFile(out);
}

const OUTCOME_TEXT: Record<string, string> = {
  invalid: '数据有误,未处理',
  unmatched: '未匹配到农户',
  outside_scope: '户籍不在本县',
  matched: '已匹配',
};

/** A code's Chinese label (a Chinese export shows no codes, issue 12 #12). */
function zhLabel(labels: Record<string, { zh: string }>, code: string | null): string {
  if (!code) return '';
  return labels[code]?.zh ?? code;
}
const statusText = (status: string | null) => zhLabel(WarningStatus.labels, status);

/** An instant in China time, the zone stated. */
const chinaTime = (d: Date | null) => (d ? `${chinaDateTime(d)}(北京时间)` : '');

const BATCH_STATUS: Record<string, string> = { done: '完成', failed: '失败', staging: '导入中', undone: '已撤销' };

/** The report of one import (`dixian feed report BATCH --out FILE.xlsx`, and the download of the upload page). */
export async function writeFeedReport(ctx: FeedServiceContext, batchId: string, out: string): Promise<void> {
  const batch = await getBatch(ctx, batchId);
  const unmask = !ctx.maskPersonalData && can(ctx.actor, 'personal_data.unmask');
  const id = (v: string | null) => (unmask ? v : maskIdNumber(v));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
  summarySheet(wb, batch);
  await problemsSheet(wb, ctx, batch, id);
  await unmatchedSheet(wb, ctx, batch, id);
  await outcomesSheet(wb, ctx, batch);
  await wb.commit();
}

type IdText = (v: string | null) => string | null;

/** 概况: the file, its rows and what came of them. */
function summarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, batch: Awaited<ReturnType<typeof getBatch>>): void {
  const stats = batch.stats as unknown as Partial<FeedImportStats>;
  const summary = wb.addWorksheet('概况');
  summary.columns = [{ width: 28 }, { width: 60 }];
  const dept = (Department.labels as Record<string, { zh: string }>)[batch.department]?.zh ?? batch.department;
  const lines: [string, string | number][] = [
    ['部门 / department', dept],
    ['文件 / file', batch.fileName],
    ['格式 / format', `${batch.format}${batch.encoding ? ` (${batch.encoding})` : ''}`],
    ['接收时间 / received', chinaTime(batch.startedAt)],
    ['完成时间 / finished', chinaTime(batch.finishedAt)],
    [
      '状态 / status',
      batch.status === 'failed' ? `失败:${batch.error ?? ''}` : (BATCH_STATUS[batch.status] ?? batch.status),
    ],
    ['工作表 / sheet', stats.sheet ?? ''],
    ['表头所在行 / header row', stats.headerRow ?? ''],
    ['未识别的列 / ignored columns', (stats.ignoredHeaders ?? []).join('、')],
    ['数据行 / data rows', batch.rowsTotal],
    ['有效行 / valid rows', batch.rowsValid],
    ['有误行 / rows with errors', batch.rowsInvalid],
    ['跳过的空行和合计行 / blank and footer rows skipped', stats.rowsSkipped ?? 0],
    ['匹配到农户 / matched', batch.rowsMatched],
    ['未匹配 / unmatched', batch.rowsUnmatched],
    ['新增预警 / new warnings', batch.warningsCreated],
    ['已在此前推送中预警 / already warned earlier', stats.duplicates ?? 0],
    ['新建风险线索 / leads opened', stats.leadsCreated ?? 0],
    ['并入在办案件 / attached to open cases', stats.attachedToCase ?? 0],
    ['并入待核实线索 / attached to open leads', stats.attachedToLead ?? 0],
    ['适用政策 / policy', (stats.policies ?? []).map((p) => `${p.prefix}: ${p.version}`).join('; ')],
  ];
  for (const l of lines) summary.addRow(l).commit();
  summary.commit();
}

/** 问题清单: every problem found, row by row, in sheets of SHEET_ROWS. */
async function problemsSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: FeedServiceContext,
  batch: Awaited<ReturnType<typeof getBatch>>,
  id: IdText,
) {
  let problems = wb.addWorksheet('问题清单');
  const problemHeader = [
    '行号 / row',
    '列 / column',
    '级别 / severity',
    '问题 / problem',
    '姓名 / name',
    '身份证号 / ID',
  ];
  problems.addRow(problemHeader).commit();
  let n = 0;
  for await (const batchRows of feedReportStreams.issues(ctx.store, batch.id)) {
    for (const r of batchRows) {
      if (++n % SHEET_ROWS === 0) {
        problems.commit();
        problems = wb.addWorksheet(`问题清单${Math.floor(n / SHEET_ROWS) + 1}`);
        problems.addRow(problemHeader).commit();
      }
      problems
        .addRow([
          r.rowNo,
          r.columnName ?? '',
          r.severity === 'error' ? '错误' : '提示',
          r.problem,
          r.personName ?? '',
          r.rawId ?? id(r.idNumber) ?? '',
        ])
        .commit();
    }
  }
  problems.commit();
}

/** 未匹配人员: the people no registered member matched. */
async function unmatchedSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: FeedServiceContext,
  batch: Awaited<ReturnType<typeof getBatch>>,
  id: IdText,
) {
  const unmatched = wb.addWorksheet('未匹配人员');
  unmatched.addRow(['行号 / row', '姓名 / name', '身份证号 / ID', '所在村 / village', '原因 / reason']).commit();
  for await (const rows of feedReportStreams.unmatched(ctx.store, batch.id)) {
    for (const r of rows) {
      unmatched
        .addRow([
          r.rowNo,
          r.personName ?? '',
          id(r.idNumber) ?? '',
          r.regionHint ?? '',
          OUTCOME_TEXT[r.outcome] ?? r.outcome,
        ])
        .commit();
    }
  }
  unmatched.commit();
}

/** 处理结果: what became of each row (warning, lead, case), in sheets of SHEET_ROWS. */
async function outcomesSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  ctx: FeedServiceContext,
  batch: Awaited<ReturnType<typeof getBatch>>,
) {
  let outcomes = wb.addWorksheet('处理结果');
  const outcomeHeader = [
    '行号 / row',
    '姓名 / name',
    '身份证号 / ID',
    '匹配 / match',
    '预警类型 / signal',
    '金额(元) / amount (yuan)',
    '预警状态 / warning',
    '核实期限 / verify by',
    '核实结果 / verification',
    '核实理由 / reason',
    '核实日期 / verified on',
    '反馈日期 / fed back on',
    '线索状态 / lead',
    '识别期限 / identify by',
    '案件阶段 / case stage',
    '说明 / note',
  ];
  outcomes.addRow(outcomeHeader).commit();
  let m = 0;
  for await (const rows of warningReadModels.outcomes(ctx.store, batch.id)) {
    for (const raw of rows) {
      if (++m % SHEET_ROWS === 0) {
        outcomes.commit();
        outcomes = wb.addWorksheet(`处理结果${Math.floor(m / SHEET_ROWS) + 1}`);
        outcomes.addRow(outcomeHeader).commit();
      }
      const r = maskOutcome(ctx, raw);
      const rule = r.signalType ? SIGNAL_RULES[r.signalType as SignalType] : undefined;
      const note = r.noSignal
        ? r.noSignal.zh
        : r.outcome === 'matched' && r.signalType && !r.warningId
          ? '未达到预警条件'
          : r.warningBatchId && r.warningBatchId !== batch.id
            ? '同一事项已在此前推送中预警'
            : '';
      outcomes
        .addRow([
          r.rowNo,
          r.personName ?? '',
          r.idNumber ?? '',
          OUTCOME_TEXT[r.outcome] ?? r.outcome,
          rule?.label.zh ?? '',
          r.metricFen === null ? '' : fenToYuan(r.metricFen),
          statusText(r.warningStatus),
          r.verifyDueOn ?? '',
          zhLabel(WarningVerificationResult.labels, r.verificationResult),
          r.verificationReason ?? '',
          r.verifiedOn ?? '',
          r.fedBackOn ?? '',
          zhLabel(LeadStatus.labels, r.leadStatus),
          r.identificationDueOn ?? '',
          zhLabel(CaseStage.labels, r.caseStage),
          note,
        ])
        .commit();
    }
  }
  outcomes.commit();
}

/** Money for console output. */
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : fenToYuan(fen));
