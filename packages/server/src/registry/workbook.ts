/**
 * The register workbook on disk format (issue 14 §4): reading an uploaded .xlsx into rows of text cells by header,
 * and writing the template and the register export in the same three sheets. The upload is read from memory (it
 * is never written to a temporary file, so no personal data is left in clear on disk); the rows then live in the
 * database (`registry_import_row`) until the batch is committed.
 */
import {
  AppError,
  fenToYuan,
  REGISTRY_SHEETS,
  REGISTRY_TEMPLATE,
  sheetOfName,
  type RegistryColumn,
  type RegistrySheet,
} from '@dixian/core';
import ExcelJS from 'exceljs';
import { excelCell } from '../feeds/source.js';

/** Rows per sheet an import takes (a county's register is far below it). */
export const MAX_ROWS_PER_SHEET = 100_000;

export interface ParsedSheet {
  sheet: RegistrySheet;
  /** the worksheet's name in the file */
  name: string;
  headerRow: number;
  headers: string[];
  rows: { row: number; cells: Record<string, string> }[];
}

/** A cell as the text an officer sees: a date as YYYY-MM-DD, a number without grouping. */
function cellText(v: ExcelJS.CellValue): string {
  const c = excelCell(v);
  if (c === null) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (typeof c === 'boolean') return c ? '是' : '否';
  return String(c).trim();
}

function damaged(detail: string): AppError {
  return new AppError(
    'validation_failed',
    {
      zh: '文件无法读取:请上传 Excel 工作簿(.xlsx),可先下载模板',
      en: 'the file cannot be read: upload an Excel workbook (.xlsx); the template shows the layout',
    },
    [{ message: `文件无法读取 / file unreadable (${detail})` }],
  );
}

/** The header row: the first of the first ten rows with at least two cells of text. */
function headerRowOf(ws: ExcelJS.Worksheet): number {
  for (let n = 1; n <= Math.min(10, ws.rowCount); n++) {
    const texts = (ws.getRow(n).values as ExcelJS.CellValue[]).filter((v) => cellText(v) !== '');
    if (texts.length >= 2) return n;
  }
  return 0;
}

function readSheet(ws: ExcelJS.Worksheet, sheet: RegistrySheet): ParsedSheet {
  const headerRow = headerRowOf(ws);
  const parsed: ParsedSheet = { sheet, name: ws.name, headerRow, headers: [], rows: [] };
  if (!headerRow) return parsed;
  const byColumn = new Map<number, string>();
  ws.getRow(headerRow).eachCell((cell, col) => {
    const h = cellText(cell.value);
    if (h && !parsed.headers.includes(h)) {
      parsed.headers.push(h);
      byColumn.set(col, h);
    }
  });
  for (let n = headerRow + 1; n <= ws.rowCount; n++) {
    const cells: Record<string, string> = {};
    ws.getRow(n).eachCell((cell, col) => {
      const h = byColumn.get(col);
      const t = h ? cellText(cell.value) : '';
      if (h && t) cells[h] = t;
    });
    if (Object.keys(cells).length) parsed.rows.push({ row: n, cells });
  }
  if (parsed.rows.length > MAX_ROWS_PER_SHEET) {
    throw new AppError('validation_failed', {
      zh: `工作表“${ws.name}”超过 ${MAX_ROWS_PER_SHEET} 行:请分批导入`,
      en: `sheet ${ws.name} has more than ${MAX_ROWS_PER_SHEET} rows: import it in parts`,
    });
  }
  return parsed;
}

/** Read the register's sheets from an uploaded workbook; a file with none of them is refused. */
export async function readRegistryWorkbook(file: Buffer): Promise<ParsedSheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (err) {
    throw damaged(err instanceof Error ? err.message : String(err));
  }
  const sheets: ParsedSheet[] = [];
  for (const ws of wb.worksheets) {
    const sheet = sheetOfName(ws.name);
    if (sheet && !sheets.some((s) => s.sheet === sheet)) sheets.push(readSheet(ws, sheet));
  }
  if (!sheets.length) {
    const names = REGISTRY_SHEETS.map((s) => REGISTRY_TEMPLATE[s].name).join('、');
    throw new AppError(
      'validation_failed',
      {
        zh: `文件中没有${names}工作表:请按模板的工作表名称整理后再上传`,
        en: 'the file has none of the register sheets; name them as the template does',
      },
      [{ message: `缺少工作表 / missing sheets: ${names}` }],
    );
  }
  return sheets;
}

// ---- writing ----------------------------------------------------------------------------------------------------

export type RegisterRow = Record<string, unknown>;

/** A stored value as the cell the template expects: labels, 是/否, yuan. */
function cellOf(c: RegistryColumn, v: unknown): string | number | null {
  if (v === null || v === undefined || v === '') return null;
  switch (c.kind) {
    case 'enum':
      return c.labels?.[String(v)]?.zh ?? String(v);
    case 'bool':
      return v ? '是' : '否';
    case 'yuan':
      // yuan with two decimals, as every export writes amounts (and as the import reads them)
      return fenToYuan(Number(v));
    case 'int':
      return Number(v);
    default:
      return String(v);
  }
}

interface DataValidations {
  add(range: string, rule: Record<string, unknown>): void;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } };

function addSheet(wb: ExcelJS.Workbook, sheet: RegistrySheet, rows: readonly RegisterRow[]): void {
  const spec = REGISTRY_TEMPLATE[sheet];
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({
    width: Math.max(10, c.header.length * 2 + 4),
    ...(c.kind === 'code' || c.kind === 'date' ? { style: { numFmt: '@' } } : {}),
  }));
  const head = ws.addRow(spec.columns.map((c) => c.header));
  head.font = { bold: true };
  spec.columns.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.fill = c.required ? REQUIRED_FILL : HEADER_FILL;
    const hint = [c.required ? '必填' : '', c.hint ?? ''].filter(Boolean).join(';');
    if (hint) cell.note = hint;
  });
  for (const r of rows) ws.addRow(spec.columns.map((c) => cellOf(c, r[c.field])));
  const last = Math.max(rows.length + 1000, 2000);
  spec.columns.forEach((c, i) => {
    const options =
      c.kind === 'bool' ? ['是', '否'] : c.kind === 'enum' ? Object.values(c.labels ?? {}).map((l) => l.zh) : null;
    if (!options) return;
    const col = ws.getColumn(i + 1).letter;
    // exceljs declares no type for a worksheet's data validations, though it writes them
    (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(`${col}2:${col}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${options.join(',')}"`],
      showErrorMessage: true,
      errorTitle: c.header,
      error: `请从列表中选择:${options.join('、')}`,
    });
  });
}

/**
 * The register as a workbook: 户信息, 家庭成员 and 收入 in the template's columns (the template itself when the
 * rows are empty), then a 说明 sheet with the lines given (what it is, when and by whom exported).
 */
export async function writeRegistryWorkbook(
  data: Readonly<Record<RegistrySheet, readonly RegisterRow[]>>,
  about: readonly string[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dixian';
  for (const sheet of REGISTRY_SHEETS) addSheet(wb, sheet, data[sheet]);
  const info = wb.addWorksheet('说明');
  info.getColumn(1).width = 100;
  for (const line of about) info.addRow([line]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
