/**
 * What committing a register file would do (issue 14 §4), worked out from the rows read and what is stored:
 * per household (by 户编号) whether it is created or which columns change, its members (matched by ID number, or
 * by name when there is none) and income records (an annual record by year, others by kind and period), and every
 * problem on its row and column. The preview shows it; the commit recomputes it inside its transaction and writes
 * it, so what is written is checked against the data as it is then.
 */
import {
  maskIdNumber,
  readRow,
  type HeaderMapping,
  type ReadRow,
  type RegistryProblem,
  type RegistrySheet,
} from '@dixian/core';
import type { RegistryCounts } from '@dixian/core/api';
import type { HouseholdRow } from '../repositories/household.repository.js';
import type { IncomeRow } from '../repositories/income.repository.js';
import type { MemberRow } from '../repositories/member.repository.js';
import { checkMember, headCountIssue } from '../services/member-rules.js';

export interface StagedRow {
  sheet: RegistrySheet;
  rowNo: number;
  cells: Record<string, string>;
}

/** A row's write: a new row's values, or an existing row's changed columns with what they were. */
export type RowWrite =
  | { op: 'create'; row: number; values: Record<string, unknown> }
  | { op: 'update'; row: number; id: string; values: Record<string, unknown>; before: Record<string, unknown> };

export interface HouseholdPlan {
  householdNo: string;
  existing: HouseholdRow | undefined;
  regionCode: string;
  household: RowWrite | null;
  members: RowWrite[];
  incomes: RowWrite[];
  /** member and income rows of the file that match a stored row exactly */
  unchanged: { members: number; incomes: number };
  problems: RegistryProblem[];
}

export interface Stored {
  households: Map<string, HouseholdRow>;
  members: Map<string, MemberRow[]>;
  incomes: Map<string, IncomeRow[]>;
  /** ID number → the household of the county that holds it */
  idTaken: Map<string, string>;
  regionLevels: Map<string, string>;
}

export interface Plan {
  households: HouseholdPlan[];
  /** problems that belong to no household (a missing column, a row without 户编号) */
  fileProblems: RegistryProblem[];
}

/** Read every staged row through its sheet's mapping. */
export function readRows(rows: readonly StagedRow[], mappings: Record<RegistrySheet, HeaderMapping[]>): ReadRow[] {
  return rows.map((r) => readRow(r.sheet, r.rowNo, r.cells, mappings[r.sheet]));
}

/** The ID numbers of the member rows, normalised, for looking up who holds them. */
export function idNumbersOf(read: readonly ReadRow[], today: string): string[] {
  return read
    .filter((r) => r.sheet === 'members' && typeof r.values.idNumber === 'string')
    .map((r) => checkMember(r.values, undefined, today).values.idNumber)
    .filter((x): x is string => !!x);
}

/** The columns of `values` that differ from the stored row, with their stored values. */
export function changes(
  stored: Readonly<Record<string, unknown>>,
  values: Readonly<Record<string, unknown>>,
): { values: Record<string, unknown>; before: Record<string, unknown> } | null {
  const after: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const s = stored[k] ?? null;
    if ((v ?? null) === s) continue;
    after[k] = v;
    before[k] = s;
  }
  return Object.keys(after).length ? { values: after, before } : null;
}

const problem = (r: ReadRow, field: string | null, message: string, column?: string | null): RegistryProblem => ({
  sheet: r.sheet,
  row: r.row,
  column: column ?? null,
  field,
  message,
});

export interface PlanContext {
  stored: Stored;
  today: string;
  /** may the caller import into this village? */
  may: (regionCode: string) => boolean;
  /** the header of a field in the file, per sheet */
  headerOf: (sheet: RegistrySheet, field: string) => string | null;
}

/** Work out the plan of every household the rows name. */
export function planImport(read: readonly ReadRow[], ctx: PlanContext): Plan {
  const plans = new Map<string, HouseholdPlan>();
  const fileProblems: RegistryProblem[] = [];
  const bySheet = (s: RegistrySheet) => read.filter((r) => r.sheet === s);
  for (const r of bySheet('households')) householdRow(r, plans, ctx);
  for (const sheet of ['members', 'incomes'] as const) {
    for (const r of bySheet(sheet)) {
      const plan = r.householdNo ? planOf(r, plans, ctx) : undefined;
      if (!plan) {
        if (!r.householdNo) fileProblems.push(...r.problems);
        continue;
      }
      plan.problems.push(...r.problems);
      if (!r.problems.length) (sheet === 'members' ? memberRow : incomeRow)(r, plan, ctx);
    }
  }
  for (const plan of plans.values()) membersWhole(plan, bySheet('members'), ctx);
  return { households: [...plans.values()], fileProblems };
}

/** The plan of a household named only on the members or incomes sheet: it must be registered in the area. */
function planOf(r: ReadRow, plans: Map<string, HouseholdPlan>, ctx: PlanContext): HouseholdPlan | undefined {
  const no = r.householdNo!;
  const known = plans.get(no);
  if (known) return known;
  const existing = ctx.stored.households.get(no);
  const plan: HouseholdPlan = {
    householdNo: no,
    existing,
    regionCode: existing?.regionCode ?? '',
    household: null,
    members: [],
    incomes: [],
    unchanged: { members: 0, incomes: 0 },
    problems: [],
  };
  plans.set(no, plan);
  const column = ctx.headerOf(r.sheet, 'householdNo');
  if (!existing) plan.problems.push(problem(r, 'householdNo', `户编号 ${no} 在户信息表中没有,也未登记`, column));
  else if (!ctx.may(existing.regionCode)) plan.problems.push(problem(r, 'householdNo', outsideText(no), column));
  return plan;
}

const outsideText = (no: string) => `户编号 ${no} 已登记在您管辖范围以外的村,不能导入`;

function householdRow(r: ReadRow, plans: Map<string, HouseholdPlan>, ctx: PlanContext): void {
  const no = r.householdNo;
  if (!no) return void plans.set(`#${r.row}`, emptyPlan(`#${r.row}`, r));
  const column = (f: string) => ctx.headerOf('households', f);
  if (plans.has(no)) {
    plans.get(no)!.problems.push(problem(r, 'householdNo', `户编号 ${no} 在户信息表中重复`, column('householdNo')));
    return;
  }
  const existing = ctx.stored.households.get(no);
  const { householdNo: _no, regionCode, ...fields } = r.values as Record<string, unknown> & { regionCode?: string };
  const plan: HouseholdPlan = { ...emptyPlan(no, r), existing, regionCode: existing?.regionCode ?? regionCode ?? '' };
  plans.set(no, plan);
  if (r.problems.length) return;
  if (existing) {
    if (!ctx.may(existing.regionCode))
      plan.problems.push(problem(r, 'householdNo', outsideText(no), column('householdNo')));
    else if (regionCode && regionCode !== existing.regionCode) {
      plan.problems.push(
        problem(r, 'regionCode', `该户已登记在村 ${existing.regionCode},迁移请在农户页面办理`, column('regionCode')),
      );
    } else {
      const c = changes(existing, fields);
      if (c) plan.household = { op: 'update', row: r.row, id: existing.id, ...c };
    }
    return;
  }
  const regionProblem = villageProblem(regionCode ?? '', ctx);
  if (regionProblem) plan.problems.push(problem(r, 'regionCode', regionProblem, column('regionCode')));
  else plan.household = { op: 'create', row: r.row, values: { ...fields, regionCode, householdNo: no } };
}

function emptyPlan(no: string, r: ReadRow): HouseholdPlan {
  return {
    householdNo: no,
    existing: undefined,
    regionCode: '',
    household: null,
    members: [],
    incomes: [],
    unchanged: { members: 0, incomes: 0 },
    problems: [...r.problems],
  };
}

function villageProblem(code: string, ctx: PlanContext): string | null {
  const level = ctx.stored.regionLevels.get(code);
  if (!level) return `所在村区划代码 ${code} 不存在`;
  if (level !== 'village') return `区划代码 ${code} 不是村级区划`;
  if (!ctx.may(code)) return `村 ${code} 不在您的管辖范围内`;
  return null;
}

function memberRow(r: ReadRow, plan: HouseholdPlan, ctx: PlanContext): void {
  const stored = plan.existing ? (ctx.stored.members.get(plan.existing.id) ?? []) : [];
  const { householdNo: _no, ...input } = r.values;
  const first = checkMember(input, undefined, ctx.today);
  const idNumber = first.values.idNumber ?? null;
  const match = idNumber
    ? stored.find((m) => m.idNumber === idNumber)
    : stored.find((m) => m.name === input.name && !m.idNumber);
  const checked = checkMember(input, match, ctx.today);
  if (checked.issues.length) {
    // a wrong ID number is the problem: sex and birth date missing without it only follow from it
    const idIssues = checked.issues.filter((i) => i.path === 'idNumber');
    for (const i of idIssues.length ? idIssues : checked.issues) {
      plan.problems.push(
        problem(r, i.path ?? null, i.message.split(' / ')[0]!, i.path ? ctx.headerOf('members', i.path) : null),
      );
    }
    return;
  }
  const holder = idNumber ? ctx.stored.idTaken.get(idNumber) : undefined;
  if (idNumber && holder && holder !== plan.existing?.id) {
    const text = `身份证号 ${maskIdNumber(idNumber)} 已登记在其他家庭`;
    plan.problems.push(problem(r, 'idNumber', text, ctx.headerOf('members', 'idNumber')));
    return;
  }
  if (!match) {
    plan.members.push({ op: 'create', row: r.row, values: checked.values });
    return;
  }
  const c = changes(match, checked.values);
  if (c) plan.members.push({ op: 'update', row: r.row, id: match.id, ...c });
  else plan.unchanged.members++;
}

/** Checks over a household's member rows together: ID numbers once each, exactly one head. */
function membersWhole(plan: HouseholdPlan, memberRows: readonly ReadRow[], ctx: PlanContext): void {
  const rows = memberRows.filter((r) => r.householdNo === plan.householdNo);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const id =
      typeof r.values.idNumber === 'string' ? checkMember(r.values, undefined, ctx.today).values.idNumber : null;
    if (!id) continue;
    if (seen.has(id)) {
      const text = `身份证号 ${maskIdNumber(id)} 与第 ${seen.get(id)} 行重复`;
      plan.problems.push(problem(r, 'idNumber', text, ctx.headerOf('members', 'idNumber')));
    } else seen.set(id, r.row);
  }
  if (!plan.existing && plan.household?.op === 'create' && !rows.length) {
    plan.problems.push({
      sheet: 'households',
      row: plan.household.row,
      column: null,
      field: 'members',
      message: '该户在家庭成员表中没有成员',
    });
  }
  const stored = plan.existing ? (ctx.stored.members.get(plan.existing.id) ?? []) : [];
  const relation = new Map(stored.map((m) => [m.id, m.relation]));
  let added = 0;
  for (const w of plan.members) {
    if (w.op === 'update' && w.values.relation) relation.set(w.id, String(w.values.relation));
    if (w.op === 'create' && w.values.relation === 'head') added++;
  }
  const heads = [...relation.values()].filter((x) => x === 'head').length + added;
  // a member row with a problem is not planned: the count of heads would only repeat it
  if (plan.problems.some((p) => p.sheet === 'members')) return;
  const issue = headCountIssue(heads, !plan.existing && rows.length > 0);
  const at = rows.find((r) => r.values.relation === 'head') ?? rows[0];
  if (issue && at)
    plan.problems.push(problem(at, 'relation', issue.message.split(' / ')[0]!, ctx.headerOf('members', 'relation')));
}

function incomeRow(r: ReadRow, plan: HouseholdPlan, ctx: PlanContext): void {
  const { householdNo: _no, ...values } = r.values;
  const same = (i: IncomeRow) =>
    i.kind === values.kind &&
    i.year === values.year &&
    (values.kind === 'annual' || (i.periodStart === values.periodStart && i.periodEnd === values.periodEnd));
  const dup = plan.incomes.find((w) => (w.op === 'create' ? sameKey(w.values, values) : false));
  if (dup || plan.incomes.some((w) => w.op === 'update' && sameKey({ ...w.before, ...w.values }, values))) {
    plan.problems.push(
      problem(r, 'year', `同一户同一年度的收入在第 ${dup?.row ?? '前'} 行已有`, ctx.headerOf('incomes', 'year')),
    );
    return;
  }
  const match = plan.existing ? (ctx.stored.incomes.get(plan.existing.id) ?? []).find(same) : undefined;
  if (!match) return void plan.incomes.push({ op: 'create', row: r.row, values });
  const c = changes(match, values);
  if (c) plan.incomes.push({ op: 'update', row: r.row, id: match.id, ...c });
  else plan.unchanged.incomes++;
}

const sameKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  a.kind === b.kind &&
  a.year === b.year &&
  (a.kind === 'annual' || (a.periodStart === b.periodStart && a.periodEnd === b.periodEnd));

/** What a commit would write: households without problems only. */
export function countPlan(plan: Plan): RegistryCounts {
  const counts: RegistryCounts = {
    households: { create: 0, update: 0, unchanged: 0 },
    members: { create: 0, update: 0, unchanged: 0 },
    incomes: { create: 0, update: 0, unchanged: 0 },
  };
  for (const h of plan.households) {
    if (h.problems.length) continue;
    if (h.household) counts.households[h.household.op]++;
    else if (h.existing) counts.households.unchanged++;
    for (const w of h.members) counts.members[w.op]++;
    for (const w of h.incomes) counts.incomes[w.op]++;
    counts.members.unchanged += h.unchanged.members;
    counts.incomes.unchanged += h.unchanged.incomes;
  }
  return counts;
}
