/**
 * Reading the values departments really type into their spreadsheets (issue 5 §1): amounts like "1,234.50元" or
 * "1.2万", dates in several formats or as Excel serial numbers, yes/no in Chinese, grades like "C级" or "二级".
 * Each parser returns a value or a problem in zh-CN and English; nothing throws on bad input.
 */
import { idCheckChar, parseIdNumber, ID_NUMBER_PROBLEM_TEXT, type ParsedIdNumber } from '../id-number.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A real calendar day, by arithmetic (this runs a million times per import; no Date objects). */
function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!);
}
function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && realDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

// digits, optional thousands separators, up to two decimals, an optional 元: what most rows look like
const PLAIN_AMOUNT = /^(\d{1,3}(?:,\d{3})+|\d{1,13})(?:\.(\d{1,2}))?元?$/;
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_ID = /^[1-9]\d{16}[\dX]$/;

/** A cell as a reader hands it over: text from CSV; text, number, boolean or Date from .xlsx. */
export type Cell = string | number | boolean | Date | null | undefined;

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

/** Trimmed text of a cell, '' when empty. Full-width spaces count as spaces. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  return cell.replace(/^[\s\u3000\uFEFF]+|[\s\u3000]+$/g, '');
}

export function isBlank(cell: Cell): boolean {
  return cellText(cell) === '';
}

const FULL_WIDTH_DIGITS = /[\uFF10-\uFF19\uFF0E\uFF0C]/g;
function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH_DIGITS, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0xff0e) return '.';
    if (code === 0xff0c) return ',';
    return String.fromCharCode(code - 0xff10 + 48);
  });
}

/**
 * Money to integer fen: 1234.5, "1,234.50元", "￥1 234.5", "1.2万", "3万元", "(空)". Negative amounts and more than
 * two decimals (after 万 scaling) are problems, so a typo never becomes a silent rounding.
 */
export function parseAmountFen(cell: Cell): Parsed<number> {
  if (typeof cell === 'string') {
    const plain = PLAIN_AMOUNT.exec(cell);
    if (plain) return ok(Number(plain[1]!.replace(/,/g, '')) * 100 + Number((plain[2] ?? '').padEnd(2, '0')));
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return bad('金额不是数字 / amount is not a number');
    if (cell < 0) return bad('金额不能为负数 / amount must not be negative');
    // Excel stores 1234.5 as a binary double; two decimals is what the department meant.
    return parseAmountFen(cell.toFixed(2));
  }
  let s = halfWidth(cellText(cell)).replace(/[,\s¥￥]|人民币/g, '');
  if (!s) return bad('金额为空 / amount is empty');
  // "650元/月", "7800元/年", "每月650元": the number is the amount; amountPeriod() says per what
  s = s.replace(PERIOD_SUFFIX, '').replace(PERIOD_PREFIX, '');
  let scale = 1;
  if (/万元?$/.test(s)) {
    scale = 10_000;
    s = s.replace(/万元?$/, '');
  } else {
    s = s.replace(/元$/, '');
  }
  if (/^-/.test(s)) return bad('金额不能为负数 / amount must not be negative');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return bad(`金额格式无法识别: "${cellText(cell)}" / amount not understood`);
  const decimals = m[2] ?? '';
  // Scale by shifting the decimal point in text, never by multiplying a float.
  const shift = scale === 10_000 ? 4 : 0;
  const digits = m[1]! + decimals.padEnd(shift, '0');
  const intPart = digits.slice(0, m[1]!.length + shift);
  const frac = digits.slice(m[1]!.length + shift);
  if (frac.replace(/0+$/, '').length > 2) {
    return bad(`金额最多两位小数: "${cellText(cell)}" / at most two decimals (fen)`);
  }
  const fen = Number(intPart) * 100 + Number(frac.padEnd(2, '0').slice(0, 2) || '0');
  if (!Number.isSafeInteger(fen)) return bad('金额过大 / amount too large');
  return ok(fen);
}

const PERIOD_SUFFIX = /(?:\/|每|\\)(?:人)?(?:\/)?(月|年|人)$/;
const PERIOD_PREFIX = /^(每月|每年|月|年)/;

/** Per what an amount is written ("650元/月" → month, "每年7800元" → year), or null when it does not say. */
export function amountPeriod(cell: Cell): 'month' | 'year' | null {
  if (typeof cell !== 'string') return null;
  const s = halfWidth(cell).replace(/\s/g, '');
  if (/(\/|每)月$|^每?月/.test(s)) return 'month';
  if (/(\/|每)年$|^每?年/.test(s)) return 'year';
  return null;
}

/** A non-negative whole number such as a count of days; accepts "35天", "35.0". */
export function parseCount(cell: Cell): Parsed<number> {
  if (typeof cell === 'number') {
    return Number.isInteger(cell) && cell >= 0 ? ok(cell) : bad('应为非负整数 / must be a whole number ≥ 0');
  }
  const s = halfWidth(cellText(cell))
    .replace(/[天日个月人次\s]/g, '')
    .replace(/\.0+$/, '');
  if (!s) return bad('数值为空 / value is empty');
  if (!/^\d+$/.test(s)) return bad(`不是整数: "${cellText(cell)}" / not a whole number`);
  return ok(Number(s));
}

const pad2 = (n: number | string) => String(n).padStart(2, '0');

/** Excel serial days taken as dates: 20000 is 1954-10-03, 80000 is 2119-01-10; anything else is not a date. */
const EXCEL_SERIAL_MIN = 20_000;
const EXCEL_SERIAL_MAX = 80_000;

/** Excel's serial day number (1900 system, with Lotus's phantom 1900-02-29) to a calendar date. */
export function excelSerialToDate(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A calendar date as 'YYYY-MM-DD' from what departments write: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
 * 20240305, "2024-03-05 10:20:00", an Excel date cell, or an Excel serial number (e.g. 45356 in a CSV saved from
 * Excel). With `allowMonth`, "2024-03" and "2024年3月" mean the first of the month. Two-digit years are refused:
 * "24/3/5" could be 2024 or 1924.
 */
export function parseFeedDate(cell: Cell, opts: { allowMonth?: boolean } = {}): Parsed<string> {
  if (typeof cell === 'string') {
    const plain = PLAIN_DATE.exec(cell);
    if (plain && realDay(Number(plain[1]), Number(plain[2]), Number(plain[3]))) return ok(cell);
  }
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return bad('日期无效 / invalid date');
    // exceljs gives a date cell as UTC midnight of the calendar day.
    return ok(cell.toISOString().slice(0, 10));
  }
  if (typeof cell === 'number') {
    // A number in a date column is read like the same digits as text (2026, 202610, 20261005: .xlsx cells typed
    // without a date format); only a plausible Excel serial day (1954–2119) is taken as one.
    if (Number.isInteger(cell) && /^\d{4}(\d{2}){0,2}$/.test(String(cell))) return parseFeedDate(String(cell), opts);
    if (cell >= EXCEL_SERIAL_MIN && cell <= EXCEL_SERIAL_MAX) return ok(excelSerialToDate(cell));
    return bad(`日期无法识别: ${cell} / date not understood`);
  }
  const raw = cellText(cell);
  const s = halfWidth(raw).replace(/\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '');
  if (!s) return bad('日期为空 / date is empty');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${pad2(m[2]!)}-${pad2(m[3]!)}`;
    return isIsoDate(iso) ? ok(iso) : bad(`日期不存在: "${raw}" / no such date`);
  }
  if (opts.allowMonth) {
    m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
    if (m) {
      const iso = `${m[1]}-${pad2(m[2]!)}-01`;
      return isIsoDate(iso) ? ok(iso) : bad(`月份不存在: "${raw}" / no such month`);
    }
  }
  if (/^(19|20)\d{2}年?$/.test(s)) {
    return bad(`只有年份,缺少月份: "${raw}" / only a year: the month is missing`);
  }
  if (/^\d{5}(\.\d+)?$/.test(s) && Number(s) >= EXCEL_SERIAL_MIN && Number(s) <= EXCEL_SERIAL_MAX) {
    return ok(excelSerialToDate(Number(s)));
  }
  if (/^\d{2}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(s)) {
    return bad(`年份须为四位: "${raw}" / the year must have four digits`);
  }
  return bad(`日期格式无法识别: "${raw}" / date not understood (use YYYY-MM-DD)`);
}

/** A year such as 2024, "2024年", "2024年度". */
export function parseYear(cell: Cell): Parsed<number> {
  const s = halfWidth(cellText(cell)).replace(/年度?$/, '');
  if (!s) return bad('年度为空 / year is empty');
  if (!/^(19|20)\d{2}$/.test(s)) return bad(`年度无法识别: "${cellText(cell)}" / year not understood`);
  return ok(Number(s));
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '辍学', '失学', '已辍学', '失业']);
const NO = new Set([
  '否',
  '无',
  '没有',
  'n',
  'no',
  'false',
  '0',
  '×',
  '在校',
  '就业',
  '',
  // negations of the yes words: never read as their opposite (issue 12 #12)
  '不是',
  '未辍学',
  '未失学',
  '没有辍学',
  '未失业',
  '非',
]);

/** 是/否 and the usual variants. Empty is "no" only when `emptyIsNo`. */
export function parseYesNo(cell: Cell, emptyIsNo = false): Parsed<boolean> {
  if (typeof cell === 'boolean') return ok(cell);
  const s = cellText(cell).toLowerCase();
  if (!s) return emptyIsNo ? ok(false) : bad('应填"是"或"否" / must be 是 or 否');
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad(`应填"是"或"否": "${cellText(cell)}" / must be 是 or 否`);
}

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  Ⅰ: 1,
  Ⅱ: 2,
  Ⅲ: 3,
  Ⅳ: 4,
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
};

/** 残疾等级: "一级", "二级", "2", "2级", "贰级", "Ⅰ级", "一级残疾", "残疾一级" → 1–4. */
export function parseDisabilityGrade(cell: Cell): Parsed<number> {
  const s = halfWidth(cellText(cell))
    .toUpperCase()
    .replace(/[级等\s]|残疾|^第/g, '');
  if (!s) return bad('残疾等级为空 / disability grade is empty');
  const n = CN_DIGITS[s] ?? (/^[1-4]$/.test(s) ? Number(s) : NaN);
  return Number.isNaN(n) ? bad(`残疾等级应为一至四级: "${cellText(cell)}" / grade must be 1–4`) : ok(n);
}

/** 房屋安全等级 (住建 appraisal A–D): "C级", "c", "Ｄ级危房", "D级(整体危险)". */
export function parseHousingGrade(cell: Cell): Parsed<'A' | 'B' | 'C' | 'D'> {
  const s = cellText(cell)
    .replace(/[\uFF21-\uFF24\uFF41-\uFF44]/g, (c) => String.fromCharCode((c.charCodeAt(0) - 0xfee0) & ~0x20))
    .toUpperCase();
  const m = /^([ABCD])(级|类)?/.exec(s);
  if (!m) return bad(`房屋安全等级应为A、B、C或D级: "${cellText(cell)}" / grade must be A, B, C or D`);
  return ok(m[1] as 'A' | 'B' | 'C' | 'D');
}

export interface ParsedIdCell {
  id: ParsedIdNumber;
  /** what the department wrote, for the report */
  raw: string;
}

/**
 * An ID-number cell: full-width digits, spaces, lower-case x and 15-digit legacy numbers are accepted and
 * normalised (DOMAIN §8.1). A number cell of 18 digits has lost its last digits to Excel's 15-digit precision:
 * that is reported as such, because a corrected check digit would silently match the wrong person.
 */
export function parseIdCell(cell: Cell, today?: string): Parsed<ParsedIdCell> {
  if (typeof cell === 'string' && cell.length === 18 && PLAIN_ID.test(cell)) {
    // the common case, already clean: the same checks as parseIdNumber without its clean-up passes
    const y = Number(cell.slice(6, 10));
    const m = Number(cell.slice(10, 12));
    const d = Number(cell.slice(12, 14));
    const birthDate = `${cell.slice(6, 10)}-${cell.slice(10, 12)}-${cell.slice(12, 14)}`;
    if (y >= 1900 && realDay(y, m, d) && !(today && birthDate > today) && idCheckChar(cell.slice(0, 17)) === cell[17]) {
      const sex = Number(cell[16]) % 2 === 1 ? 'male' : 'female';
      return ok({ id: { idNumber: cell, addressCode: cell.slice(0, 6), birthDate, sex, upgraded: false }, raw: cell });
    }
  }
  if (typeof cell === 'number') {
    if (!Number.isSafeInteger(cell) || cell >= 1e17) {
      return bad(
        '身份证号被Excel存成了数字,末几位已丢失,请将该列设为文本后重新导出 / the ID number was stored as a number and its last digits were lost: format the column as text and export again',
      );
    }
    return parseIdCell(String(cell), today);
  }
  const raw = cellText(cell);
  if (/^\d(\.\d+)?[eE]\+?\d+$/.test(raw)) {
    return bad(
      `身份证号被写成科学计数法 "${raw}",末几位已丢失 / the ID number is in scientific notation and its last digits were lost`,
    );
  }
  const r = parseIdNumber(raw.replace(/^'/, ''), today);
  if (!r.ok) {
    const t = ID_NUMBER_PROBLEM_TEXT[r.problem];
    return bad(`${t.zh}: "${raw}" / ${t.en}`);
  }
  return ok({ id: r.value, raw });
}

/** A header cell compared loosely: no spaces, line breaks, '*' marks or units in brackets; half-width brackets. */
export function normaliseHeader(cell: Cell): string {
  return cellText(cell)
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\((元|万元|天|日|人民币元|单位:?元)\)/g, '')
    .replace(/[\s\u3000*＊:：]/g, '')
    .toLowerCase();
}
