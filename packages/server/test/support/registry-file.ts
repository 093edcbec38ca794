import { addDays, makeIdNumber, REGISTRY_TEMPLATE, type RegistrySheet } from '@dixian/core';
import ExcelJS from 'exceljs';

/** A register workbook as a county might keep it: sheets by the template's names, headers as given. */
type Rows = (string | number | null)[][];
export async function registryFile(
  sheets: Partial<Record<RegistrySheet, { headers?: string[]; rows: Rows } | Rows>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, given] of Object.entries(sheets) as [RegistrySheet, { headers?: string[]; rows: Rows } | Rows][]) {
    const s = Array.isArray(given) ? { rows: given } : given;
    const ws = wb.addWorksheet(REGISTRY_TEMPLATE[sheet].name);
    ws.addRow(s.headers ?? DEFAULT_HEADERS[sheet]);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const DEFAULT_HEADERS: Record<RegistrySheet, string[]> = {
  households: ['户编号', '所在村区划代码', '自然村/组', '户类型', '脱贫年度'],
  members: ['户编号', '姓名', '身份证号', '与户主关系', '健康状况'],
  incomes: ['户编号', '年度', '工资性收入(元)', '转移性收入(元)'],
};

let seq = 3000;

/**
 * A small register of `n` households in a village: a head and a spouse each, and one annual income; the
 * household numbers start with `prefix`.
 */
export function registerRows(village: string, n: number, prefix: string) {
  const households: (string | number | null)[][] = [];
  const members: (string | number | null)[][] = [];
  const incomes: (string | number | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const no = `${prefix}${String(i).padStart(4, '0')}`;
    // every call numbers its people afresh: a birth day per household, never the same twice in a test run
    const birth = addDays('1950-01-01', ++seq);
    households.push([no, village, `${1 + (i % 5)}组`, '一般农户', null]);
    members.push([no, `户主${i}`, makeIdNumber(village.slice(0, 6), birth, 11, 'male'), '户主', '健康']);
    members.push([no, `配偶${i}`, makeIdNumber(village.slice(0, 6), birth, 12, 'female'), '配偶', '健康']);
    incomes.push([no, 2023, 12000 + i, 1500.5]);
  }
  return { households, members, incomes };
}
