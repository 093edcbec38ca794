import type { Report } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { reportHeading, reportSections } from './report-sections.js';

/** The report as a workbook (issue 17 §5): one sheet per section, the heading on top, Chinese headers, 元. */
export async function reportWorkbook(r: Report, exportedBy: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dixian';
  const heading = reportHeading(r);
  for (const s of reportSections(r)) {
    const ws = wb.addWorksheet(s.title);
    ws.addRow([heading.title]).font = { bold: true, size: 14 };
    for (const line of heading.lines) ws.addRow([line]);
    ws.addRow([`导出人：${exportedBy}`]);
    ws.addRow([]);
    ws.addRow(s.headers).font = { bold: true };
    for (const row of s.rows) ws.addRow(row);
    if (!s.rows.length) ws.addRow(['（本期无数据）']);
    ws.columns = s.headers.map((h, i) => ({ width: i === 0 || h.includes('名称') || h.includes('内容') ? 28 : 16 }));
    s.headers.forEach((h, i) => {
      if (h.includes('元')) ws.getColumn(i + 1).numFmt = '0.00';
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
