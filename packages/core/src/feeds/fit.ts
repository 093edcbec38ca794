/**
 * Does a file fit the department it was sent as (issue 12 #11)? A 医保 list imported as 教育 opened false
 * "non-compulsory schooling cost" leads for adults and started their 15-day clocks. Two checks, both before
 * anything is stored: the headers (the columns that only one department has: 医疗总费用, 鉴定等级 …) and, for
 * education, the ages of the people (students, not adults of 31–81).
 */
import { ageOn } from '../id-number.js';
import { Department as DepartmentEnum, type Department } from '../enums.js';
import type { Cell } from './values.js';
import { normaliseHeader } from './values.js';
import { FEED_DEPARTMENTS, FEED_SPECS, type FeedSpec } from './fields.js';

/** Columns every department sends: they say nothing about whose file it is. */
const COMMON_FIELDS = new Set(['id_number', 'person_name', 'region_hint']);

/** The department-specific fields (key → field name) that a row of headers names, per department. */
function specificFields(spec: FeedSpec, headers: readonly string[]): string[] {
  const wanted = new Map<string, string>();
  for (const field of spec.fields) {
    if (COMMON_FIELDS.has(field.key)) continue;
    for (const name of [field.zh, ...field.synonyms]) wanted.set(normaliseHeader(name), field.key);
  }
  const found = new Set<string>();
  const names: string[] = [];
  for (const h of headers) {
    const key = wanted.get(normaliseHeader(h));
    if (key && !found.has(key)) {
      found.add(key);
      names.push(h.trim());
    }
  }
  return names;
}

const headerText = (c: Cell) => (typeof c === 'string' ? c : c === null || c === undefined ? '' : String(c));

/** The department whose specific columns the header rows name most (at least two), with those headers. */
export function likelyDepartment(
  headerRows: readonly (readonly Cell[])[],
): { department: Department; headers: string[] } | null {
  let best: { department: Department; headers: string[] } | null = null;
  for (const row of headerRows) {
    const headers = row.map(headerText);
    for (const d of FEED_DEPARTMENTS) {
      const names = specificFields(FEED_SPECS[d], headers);
      if (names.length >= 2 && names.length > (best?.headers.length ?? 0)) best = { department: d, headers: names };
    }
  }
  return best;
}

/** A problem text when the header names another department's columns better than this one's; else null. */
export function departmentMismatch(spec: FeedSpec, headerRows: readonly (readonly Cell[])[]): string | null {
  const likely = likelyDepartment(headerRows);
  if (!likely || likely.department === spec.department) return null;
  const own = Math.max(0, ...headerRows.map((r) => specificFields(spec, r.map(headerText)).length));
  if (likely.headers.length <= own) return null;
  return mismatchText(spec.department, likely.department, `列 ${likely.headers.join('、')}`, likely.headers);
}

function mismatchText(sentAs: Department, looksLike: Department, zhWhy: string, enWhy: readonly string[]): string {
  const a = DepartmentEnum.labels[sentAs];
  const b = DepartmentEnum.labels[looksLike];
  return `这份文件看起来是${b.zh}的数据(${zhWhy}),不是${a.zh}的:请确认部门后重新上传 / this file looks like ${b.en} data (${enWhy.join(', ')}), not ${a.en}: check the department and upload again`;
}

/** Ages a student of non-compulsory or compulsory schooling plausibly has (kindergarten to graduate school). */
export const STUDENT_AGES = { min: 3, max: 30 } as const;

/** The age on `date` of the holder of an 18-digit ID number. */
export function ageFromId(idNumber: string, date: string): number {
  return ageOn(`${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, date);
}

/** A FileFitMonitor's counts. */
export interface FitTally {
  aged: number;
  implausible: number;
  minAge: number;
  maxAge: number;
}

/**
 * Watches the rows of a file for values that do not fit the department as a whole (so far: the ages of an
 * education file). `verdict()` after the last row: a problem text refusing the file, or null.
 */
export class FileFitMonitor {
  private aged = 0;
  private implausible = 0;
  private minAge = Infinity;
  private maxAge = -Infinity;

  constructor(private readonly spec: FeedSpec) {}

  /** What was seen, as plain data: the parts of a file parsed on several threads are judged together. */
  tally(): FitTally {
    return { aged: this.aged, implausible: this.implausible, minAge: this.minAge, maxAge: this.maxAge };
  }

  /** Adds another part's tally to this one. */
  absorb(t: FitTally): void {
    this.aged += t.aged;
    this.implausible += t.implausible;
    this.minAge = Math.min(this.minAge, t.minAge);
    this.maxAge = Math.max(this.maxAge, t.maxAge);
  }

  /** One normalised row's age (education rows carry `detail.age`). */
  observe(detail: Record<string, unknown>): void {
    if (this.spec.department !== 'education' || typeof detail.age !== 'number') return;
    this.aged++;
    if (detail.age < STUDENT_AGES.min || detail.age > STUDENT_AGES.max) {
      this.implausible++;
      this.minAge = Math.min(this.minAge, detail.age);
      this.maxAge = Math.max(this.maxAge, detail.age);
    }
  }

  verdict(): string | null {
    // most of the people cannot be students: the file is someone else's list, not a few typing errors
    if (!this.aged || this.implausible * 2 <= this.aged) return null;
    const ages = `${this.minAge}–${this.maxAge}`;
    const a = DepartmentEnum.labels[this.spec.department];
    return `${this.aged}人中有${this.implausible}人年龄为${ages}岁,不是在读学生的年龄,这份文件不像${a.zh}的数据:请确认部门后重新上传 / ${this.implausible} of ${this.aged} people are aged ${ages}, not students' ages: this does not look like ${a.en} data; check the department and upload again`;
  }
}
