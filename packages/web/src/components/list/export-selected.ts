import { when } from '../../lib/format';

/** A column of an export of the selected rows: its key (the cells' `data-col`) and its header. */
export interface ExportColumn {
  key: string;
  title: string;
}

export interface SelectedExport {
  /** the list's name: the sheet's and the file's */
  title: string;
  fileName: string;
  columns: ExportColumn[];
  /** the selected rows' keys, in the list's order */
  keys: readonly string[];
  /** the list's box: rows are found in it by `data-row-key`, cells by `data-col` */
  root: HTMLElement;
  /** the second sheet's texts: 导出时间 and the number of rows */
  note: { exportedAt: string; rows: string; sheet: string };
}

/**
 * The selected rows as a real .xlsx, written in the browser (exceljs, loaded only when asked for). Each cell is the
 * text the list shows for it (the table's cell or the phone card's line), so the file says what the screen says and
 * no code or English word can reach it that the screen does not show.
 */
export async function exportSelected(x: SelectedExport): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(x.title.slice(0, 31));
  sheet.addRow(x.columns.map((c) => c.title)).font = { bold: true };
  for (const key of x.keys) {
    const row = x.root.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(key)}"]`);
    if (!row) continue;
    sheet.addRow(x.columns.map((c) => cellText(row.querySelector<HTMLElement>(`[data-col="${CSS.escape(c.key)}"]`))));
  }
  sheet.columns.forEach((col) => (col.width = 18));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const note = book.addWorksheet(x.note.sheet);
  note.addRow([x.note.exportedAt, when(new Date().toISOString())]);
  note.addRow([x.note.rows]);
  const buffer = await book.xlsx.writeBuffer();
  save(new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), x.fileName);
}

function cellText(el: HTMLElement | null): string {
  return (el?.innerText ?? el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
