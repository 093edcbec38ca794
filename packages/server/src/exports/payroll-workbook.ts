import { chinaDateTime, fenToYuan, PayMethod, PayrollStatus, SocialAssistanceKind } from '@dixian/core';
import type { PayrollView } from '@dixian/core/api';
import ExcelJS from 'exceljs';

/**
 * A township's monthly payroll in the layout banks and finance offices take (代发清册): one row per payee, numbers as
 * text so Excel keeps every digit, amounts in yuan with two decimals, a totals row, and the prepared/approved marks.
 */
export const PAYROLL_HEADERS = [
  '序号',
  '乡镇',
  '村',
  '户主/领款人姓名',
  '身份证号',
  '账号',
  '发放方式',
  '救助类别',
  '保障人数',
  '发放金额(元)',
  '发放月份',
  '备注',
] as const;

const yuan = (fen: number) => Number(fenToYuan(fen));

export async function payrollWorkbook(
  p: PayrollView,
  meta: { exportedAt: Date; exportedBy: string; clear: boolean },
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dixian';
  const ws = wb.addWorksheet('发放名册');
  const [y, m] = p.month.split('-');
  const month = `${y}年${m}月`;
  ws.addRow([`${p.regionName ?? ''} ${month} 最低生活保障、特困人员救助供养资金发放名册`]).font = { bold: true };
  ws.addRow([
    `状态：${PayrollStatus.labels[p.status].zh}  审核人：${p.approvedByName ?? '—'}  发放日期：${p.paidOn ?? '—'}  导出：${chinaDateTime(meta.exportedAt)}（北京时间） ${meta.exportedBy}`,
  ]);
  ws.addRow([meta.clear ? '含明文个人信息，仅限发放使用' : '身份证号、账号已脱敏']);
  const head = ws.addRow([...PAYROLL_HEADERS]);
  head.font = { bold: true };
  ws.columns = [6, 12, 12, 14, 22, 24, 16, 14, 10, 14, 12, 30].map((width) => ({ width }));
  let n = 0;
  for (const l of p.lines) {
    const row = ws.addRow([
      ++n,
      p.regionName ?? '',
      l.villageName ?? '',
      l.payeeName ?? l.headName ?? '',
      l.payeeIdNumber ?? '',
      l.accountNo ?? '',
      l.payMethod ? PayMethod.labels[l.payMethod].zh : '',
      SocialAssistanceKind.labels[l.kind].zh,
      l.peopleCount,
      yuan(l.amountFen),
      month,
      [l.status === 'stopped' ? `停发：${l.stopReason ?? ''}` : null, l.note].filter(Boolean).join('；'),
    ]);
    for (const c of [5, 6]) row.getCell(c).numFmt = '@';
    row.getCell(10).numFmt = '0.00';
  }
  const included = p.lines.filter((l) => l.status === 'included');
  const total = ws.addRow([
    '合计',
    '',
    '',
    `${included.length}户`,
    '',
    '',
    '',
    '',
    included.reduce((s, l) => s + l.peopleCount, 0),
    yuan(p.totalFen),
    month,
    p.recoveryFen ? `应追回 ${fenToYuan(p.recoveryFen)} 元` : '',
  ]);
  total.font = { bold: true };
  total.getCell(10).numFmt = '0.00';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
