/**
 * Reading one row of a register workbook (issue 14 §4), pure: the header → field mapping, each cell converted by
 * its column's kind, then the row checked by the same zod schemas as the forms (HouseholdCreateBody, MemberFields,
 * IncomeCreateBody), so an import and a form accept the same things. Every problem names the sheet, the row, the
 * column as the file heads it and the field, in Chinese.
 */
import type { z } from 'zod';
import { HouseholdCreateBody, IncomeCreateBody, MemberCreateBody } from '../api/households.js';
import { isIsoDate } from '../dates.js';
import {
  columnOf,
  knownColumn,
  normalizeHeader,
  REGISTRY_TEMPLATE,
  type RegistryColumn,
  type RegistrySheet,
} from './template.js';

/** Where a header's field came from: the template (or a synonym), the county's remembered alias, or the user now. */
export type MappingSource = 'template' | 'alias' | 'manual';

export interface HeaderMapping {
  header: string;
  /** null: not mapped (unknown, or set to be ignored) */
  field: string | null;
  source: MappingSource | null;
}

export interface RegistryProblem {
  sheet: RegistrySheet;
  /** the worksheet's row number (1-based, as Excel shows it); the header row for a missing column */
  row: number;
  /** the column's header in the file, when the problem is about one cell */
  column: string | null;
  field: string | null;
  message: string;
}

/**
 * Map a sheet's headers: a manual choice first (null there means "ignore"), then the county's remembered aliases,
 * then the template's headers and synonyms. A field is taken by its first header only.
 */
export function mapHeaders(
  sheet: RegistrySheet,
  headers: readonly string[],
  aliases: ReadonlyMap<string, string>,
  manual: Readonly<Record<string, string | null>> = {},
): HeaderMapping[] {
  const taken = new Set<string>();
  return headers.map((header) => {
    const norm = normalizeHeader(header);
    let field: string | null = null;
    let source: MappingSource | null = null;
    if (header in manual) {
      field = manual[header] ?? null;
      source = 'manual';
    } else if (aliases.has(norm) && columnOf(sheet, aliases.get(norm)!)) {
      field = aliases.get(norm)!;
      source = 'alias';
    } else {
      const c = knownColumn(sheet, header);
      if (c) [field, source] = [c.field, 'template'];
    }
    if (field && taken.has(field)) return { header, field: null, source: null };
    if (field) taken.add(field);
    return { header, field, source };
  });
}

/** The required columns a mapping lacks, as problems on the header row. */
export function missingRegistryColumns(sheet: RegistrySheet, mapping: readonly HeaderMapping[], headerRow: number) {
  const have = new Set(mapping.map((m) => m.field));
  return REGISTRY_TEMPLATE[sheet].columns
    .filter((c) => c.required && !have.has(c.field))
    .map((c): RegistryProblem => ({
      sheet,
      row: headerRow,
      column: null,
      field: c.field,
      message: `缺少必填列“${c.header}”:请在表头对应中指定`,
    }));
}

type Converted = { ok: true; value: unknown } | { ok: false; message: string };

const TRUE = new Set(['是', '有', 'y', 'yes', 'true', '1', '√']);
const FALSE = new Set(['否', '无', 'n', 'no', 'false', '0', '×']);

/** A cell's text as a day: 2024-01-05, 2024/1/5, 2024.1.5 or 20240105. */
export function cellDate(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isIsoDate(d) ? d : null;
}

/** Convert one non-empty cell by its column's kind; the message says what the cell should hold. */
export function convertCell(c: RegistryColumn, raw: string): Converted {
  const text = raw.trim();
  switch (c.kind) {
    case 'text':
    case 'code':
      return { ok: true, value: text };
    case 'int': {
      const n = Number(text);
      return Number.isInteger(n) ? { ok: true, value: n } : { ok: false, message: `应为整数,而不是“${text}”` };
    }
    case 'yuan': {
      const n = Number(text.replace(/[,,元]/g, ''));
      if (!Number.isFinite(n) || n < 0) return { ok: false, message: `应为不小于0的金额(元),而不是“${text}”` };
      const fen = Math.round(n * 100);
      if (Math.abs(fen - n * 100) > 1e-6) return { ok: false, message: `金额最多两位小数:“${text}”` };
      return { ok: true, value: fen };
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (TRUE.has(t)) return { ok: true, value: true };
      if (FALSE.has(t)) return { ok: true, value: false };
      return { ok: false, message: `应填“是”或“否”,而不是“${text}”` };
    }
    case 'date': {
      const d = cellDate(text);
      return d ? { ok: true, value: d } : { ok: false, message: `应为日期(如 2024-01-05),而不是“${text}”` };
    }
    case 'enum': {
      const labels = c.labels ?? {};
      const hit = Object.entries(labels).find(([code, l]) => l.zh === text || code === text);
      if (hit) return { ok: true, value: hit[0] };
      const options = Object.values(labels)
        .map((l) => l.zh)
        .join('、');
      return { ok: false, message: `“${text}”不是可选值之一(${options})` };
    }
  }
}

/** The Chinese half of a "中文 / English" message; zod's own messages by their code. */
function zhMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' || /\s\/\s/.test(issue.message)) return issue.message.split(' / ')[0]!;
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? `过长(最多 ${String(issue.maximum)} 字)` : `不能大于 ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' ? '不能为空' : `不能小于 ${String(issue.minimum)}`;
    case 'invalid_type':
      return issue.input === undefined ? '必填' : '格式不正确';
    case 'invalid_value':
      return '不是可选值之一';
    case 'invalid_format':
      return '格式不正确';
    default:
      return '内容不正确';
  }
}

/** A row read: the values by field (for the schema) and the problems, each on its cell. */
export interface ReadRow {
  sheet: RegistrySheet;
  row: number;
  householdNo: string | null;
  values: Record<string, unknown>;
  problems: RegistryProblem[];
}

const SCHEMAS = {
  households: HouseholdCreateBody.omit({ members: true }),
  members: MemberCreateBody,
  incomes: IncomeCreateBody,
} as const;

/**
 * Read one data row: each mapped, non-empty cell converted, then the whole row checked by the form's schema. An
 * income row without a period gets the calendar year (and kind `annual`), as the income form does.
 */
export function readRow(
  sheet: RegistrySheet,
  row: number,
  cells: Readonly<Record<string, string>>,
  mapping: readonly HeaderMapping[],
): ReadRow {
  const problems: RegistryProblem[] = [];
  const values: Record<string, unknown> = {};
  const headerOf = new Map<string, string>();
  for (const m of mapping) {
    if (!m.field) continue;
    headerOf.set(m.field, m.header);
    const raw = cells[m.header];
    if (raw === undefined || raw.trim() === '') continue;
    const c = columnOf(sheet, m.field)!;
    const v = convertCell(c, raw);
    if (v.ok) values[m.field] = v.value;
    else problems.push({ sheet, row, column: m.header, field: m.field, message: `${c.header}${v.message}` });
  }
  const householdNo = typeof values.householdNo === 'string' ? values.householdNo : null;
  const { householdNo: _no, ...body } = values;
  const input = sheet === 'households' ? values : withIncomeDefaults(sheet, body);
  const bad = new Set(problems.map((p) => p.field));
  if (!householdNo && !bad.has('householdNo')) {
    problems.push({
      sheet,
      row,
      column: headerOf.get('householdNo') ?? null,
      field: 'householdNo',
      message: '户编号必填',
    });
  }
  const parsed = SCHEMAS[sheet].safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (bad.has(field)) continue; // the cell's own problem says it better
      const c = columnOf(sheet, field);
      problems.push({
        sheet,
        row,
        column: headerOf.get(field) ?? null,
        field: field || null,
        message: `${c?.header ?? field}${zhMessage(issue)}`,
      });
    }
  }
  return {
    sheet,
    row,
    householdNo,
    values: parsed.success ? (parsed.data as Record<string, unknown>) : input,
    problems,
  };
}

function withIncomeDefaults(sheet: RegistrySheet, body: Record<string, unknown>): Record<string, unknown> {
  if (sheet !== 'incomes' || typeof body.year !== 'number') return body;
  return {
    kind: 'annual',
    periodStart: `${body.year}-01-01`,
    periodEnd: `${body.year}-12-31`,
    ...body,
  };
}
