import {
  addMonths,
  EXCLUSION_RULES,
  GROUND_RULES,
  GUARD_RULES,
  MEMBER,
  RISK_BIT,
  RiskType,
  ScreeningFinding,
} from '@dixian/core';
import { groupBounds } from '../db/partition.js';
import type { PolicyParams } from './policy-params.js';

/**
 * The vocabulary of the set-based screening (./evaluate.sql.ts): how values enter its SQL text, how a household's
 * policy and the per-policy variants are chosen, and the bit sets its rules are written in, with their names
 * spelled out for readers (`listColumns`).
 */

export const lit = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/** Only digits and ISO dates go into the SQL text; everything else is a parameter. */
export function digits(prefix: string): string {
  if (!/^\d*$/.test(prefix)) throw new Error(`invalid region prefix: ${JSON.stringify(prefix)}`);
  return prefix;
}
export function day(d: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`invalid date: ${JSON.stringify(d)}`);
  return `date '${d}'`;
}

/** Rows of `alias` (a table with county_code) in the scope's counties: lets a partitioned table prune. */
export function countyFilter(alias: string, scopeCode: string): string {
  const s = digits(scopeCode);
  if (s.length >= 6) return `${alias}.county_code = '${s.slice(0, 6)}'`;
  if (s.length > 0) {
    // a range, not a like, so partition pruning can compare the key (the partitions' own bounds)
    const [from, to] = groupBounds(s);
    return `(${alias}.county_code >= '${from}'${to === null ? '' : ` and ${alias}.county_code < '${to}'`})`;
  }
  return 'true';
}

/**
 * A value of the policy of the region whose code is in `column`: `pick` of the policy with the longest prefix the
 * code starts with, else of the first (the scope's own). The value itself when there is only one policy.
 */
export function policyCase<P extends { prefix: string }>(
  policies: readonly P[],
  column: string,
  pick: (p: P) => string,
): string {
  const specific = policies.slice(1).sort((a, b) => b.prefix.length - a.prefix.length);
  if (!specific.length) return pick(policies[0]!);
  const whens = specific.map((p) => `when ${column} like '${digits(p.prefix)}%' then ${pick(p)}`);
  return `case ${whens.join(' ')} else ${pick(policies[0]!)} end`;
}

/** The policy key of each region (village): the longest policy prefix its code starts with. */
export function policyKey(policies: readonly PolicyParams[]): string {
  return policyCase(policies, 'r.code', (p) => `${p.k}`);
}

/** Distinct values of a policy field, and for each policy the index of its value. */
export function variants<T>(policies: readonly PolicyParams[], pick: (p: PolicyParams) => T) {
  const values = [...new Set(policies.map(pick))];
  return { values, indexOf: (p: PolicyParams) => values.indexOf(pick(p)) };
}

/** A per-household choice among per-variant columns `col_0`, `col_1`…: by policy key when they differ. */
export function chooseBy<T>(
  policies: readonly PolicyParams[],
  v: ReturnType<typeof variants<T>>,
  col: (i: number) => string,
) {
  if (v.values.length === 1) return col(0);
  return `case p.k ${policies.map((p) => `when ${p.k} then ${col(v.indexOf(p))}`).join(' ')} end`;
}

/**
 * The last birth date of someone at least `age` whole years old on `asOf`: core's ageOn(birth, asOf) ≥ age exactly
 * when birth ≤ this day (29 February clamps to the 28th, as a birthday not yet reached). Ages are compared as
 * dates, so no age is computed per member.
 */
export function bornBy(asOf: string, age: number): string {
  return addMonths(asOf, -12 * age);
}

/** The JSON the query unpacks into `pol` (snake_case keys). */
export function policyJson(policies: readonly PolicyParams[], asOf: string): string {
  return JSON.stringify(
    policies.map((p) => ({
      k: p.k,
      version_label: p.versionLabel,
      line: p.line,
      rigid_bp: p.rigidBp,
      drop_bp: p.dropBp,
      net_of_claims: p.netOfClaims,
      require_risk: p.requireRisk,
      elderly_born_by: bornBy(asOf, p.elderlyAge),
      med_fen: p.medFen,
      med_lifted_fen: p.medLiftedFen,
      med_bp: p.medBp,
      school_fen: p.schoolFen,
      unsafe_grades: p.unsafeGrades.join(''),
      severe_grade: p.severeGrade,
      loss_fen: p.lossFen,
      asset_mask: (p.exCar ? 1 : 0) | (p.exHousing ? 2 : 0) | (p.exServant ? 4 : 0) | (p.exBusiness ? 8 : 0),
      ex_car: p.exCar,
      ex_housing: p.exHousing,
      ex_servant: p.exServant,
      ex_business: p.exBusiness,
      ex_elderly: p.exElderly,
      ex_elderly_born_by: bornBy(asOf, p.exElderlyAge),
      ex_mud: p.exMud,
      stable_months: p.stableMonths,
      window_start: p.windowStart,
      min_months: p.minMonths,
      min_measures: p.minMeasures,
      visit_lifted_months: p.visitLiftedMonths,
      visit_monitored_months: p.visitMonitoredMonths,
      edu_min: p.eduMin,
      edu_max: p.eduMax,
    })),
  );
}

/** Bit of each risk type and of a counted member: core's (rules/sql.ts), which the rule units' SQL reads. */
export { MEMBER, RISK_BIT };
/** The rule ids of the bit sets, in bit order (bit i is the list's unit i): core's rule lists (rules/index.ts). */
export const EXCLUSIONS = EXCLUSION_RULES.map((u) => u.id);
/** evaluateEliminationGuards' rule ids, in its order (bit i of the guard mask is guard i) */
export const GUARDS = GUARD_RULES.map((u) => u.id);
export const GROUNDS = GROUND_RULES.map((u) => u.id);

/** Bit of a counted member of compulsory-education age who dropped out, per distinct age range `d` (≤ 20). */
export function dropoutBit(d: number): number {
  if (d > 20) throw new Error('too many distinct compulsory-education ranges among the policies');
  return 512 << d;
}

/** A bit set (integer column) spelled out as a text array in bit order. */
export function maskToArray(mask: string, names: readonly string[]): string {
  return `array_remove(array[${names.map((n, i) => `case when ${mask} & ${1 << i} <> 0 then '${n}' end`).join(', ')}]::text[], null)`;
}
export const bits = (terms: [string, number][]) =>
  terms.map(([cond, bit]) => `case when ${cond} then ${bit} else 0 end`).join(' | ');

/**
 * The lists a reader needs, from the bit sets of the evaluation row `alias`: risk types, acute ones, exclusions,
 * failed guards, grounds and findings, and the disaster sub-type (only with a natural-disaster risk).
 */
export function listColumns(alias: string): string {
  return `${maskToArray(`${alias}.risk_mask`, RiskType.values)} as risk_types_found,
    ${maskToArray(`${alias}.acute_mask`, RiskType.values)} as acute_types,
    ${maskToArray(`${alias}.exclusion_mask`, EXCLUSIONS)} as exclusions,
    ${maskToArray(`${alias}.guard_mask`, GUARDS)} as guards_failed,
    ${maskToArray(`${alias}.ground_mask`, GROUNDS)} as grounds,
    ${maskToArray(`${alias}.finding_mask`, ScreeningFinding.values)} as findings,
    case when ${alias}.risk_mask & ${RISK_BIT.natural_disaster} <> 0 then ${alias}.ev_subtype end as disaster_subtype`;
}
