import { addMonths } from './dates.js';
import type { IncomeRecordFacts, MemberFacts } from './household-facts.js';

/**
 * Income arithmetic, exact: money is integer fen and every comparison with a line or a share is done in
 * integers (BigInt), never by dividing and comparing floats. "Below the line" means strictly below:
 * net < line × people.
 */

/** The components net income is built from (DOMAIN §2.4; national form 收支情况). */
export type IncomeComponents = Pick<
  IncomeRecordFacts,
  'wageFen' | 'businessGrossFen' | 'businessCostFen' | 'propertyFen' | 'transferFen'
>;

/** 家庭纯收入 = wage + production/operation gross − production/operation cost + property + transfer. May be negative. */
export function netIncomeFen(r: IncomeComponents): number {
  return r.wageFen + r.businessGrossFen - r.businessCostFen + r.propertyFen + r.transferFen;
}

/** Gross income (before production cost): the base for "mainly lives on transfers". */
export function grossIncomeFen(r: IncomeComponents): number {
  return r.wageFen + r.businessGrossFen + r.propertyFen + r.transferFen;
}

/**
 * 刚性支出 (S1 §三(二)): medical out-of-pocket after reimbursement + schooling + disaster loss, less insurance
 * payouts when the policy says so (never below zero).
 */
export function rigidExpenseFen(
  r: Pick<IncomeRecordFacts, 'medicalOutOfPocketFen' | 'schoolingExpenseFen' | 'disasterLossFen' | 'insuranceClaimFen'>,
  netOfInsuranceClaims: boolean,
): number {
  const gross = r.medicalOutOfPocketFen + r.schoolingExpenseFen + r.disasterLossFen;
  return Math.max(0, gross - (netOfInsuranceClaims ? r.insuranceClaimFen : 0));
}

/**
 * Does a member count for per-capita income on a date? Born by then, alive, and either registered in the
 * household or living in it and sharing its income (S0 plan two note 2: 同一户口或生活经济共同).
 */
export function isCountedMember(
  m: Pick<MemberFacts, 'birthDate' | 'deceasedOn' | 'registeredHere' | 'livesAndShares'>,
  asOf: string,
): boolean {
  if (m.birthDate > asOf) return false;
  if (m.deceasedOn !== null && m.deceasedOn <= asOf) return false;
  return m.registeredHere || m.livesAndShares;
}

/** The counted members with their index in the household's member list (indexes are how explanations name them). */
export function countedMembers<M extends MemberFacts>(
  members: readonly M[],
  asOf: string,
): { index: number; member: M }[] {
  return members.flatMap((member, index) => (isCountedMember(member, asOf) ? [{ index, member }] : []));
}

function requirePeople(people: number): bigint {
  if (!Number.isInteger(people) || people <= 0) {
    throw new RangeError(`人数应为正整数 / people must be a positive integer: ${people}`);
  }
  return BigInt(people);
}

/** Per-capita net income strictly below the line: net < line × people. */
export function isBelowLine(netFen: number, people: number, lineFen: number): boolean {
  return BigInt(netFen) < BigInt(lineFen) * requirePeople(people);
}

/** Per-capita net income strictly above the line (超过): net > line × people. */
export function isAboveLine(netFen: number, people: number, lineFen: number): boolean {
  return BigInt(netFen) > BigInt(lineFen) * requirePeople(people);
}

/** Per-capita income in whole fen, rounded toward −∞: for display and explanations only, never for comparison. */
export function perCapitaFen(netFen: number, people: number): number {
  const n = BigInt(netFen);
  const p = requirePeople(people);
  let q = n / p;
  if (n % p !== 0n && n < 0n) q -= 1n;
  return Number(q);
}

/** A ratio of the policy (at most 4 decimals, enforced by the schema) as integer basis points. */
export function ratioToBasisPoints(ratio: number): bigint {
  const bp = Math.round(ratio * 10_000);
  if (Math.abs(ratio * 10_000 - bp) > 1e-6)
    throw new RangeError(`比例最多4位小数 / ratio has more than 4 decimals: ${ratio}`);
  return BigInt(bp);
}

/** value > ratio × base, exactly. */
export function exceedsShare(valueFen: number, baseFen: number, ratio: number): boolean {
  return BigInt(valueFen) * 10_000n > BigInt(baseFen) * ratioToBasisPoints(ratio);
}

/** value ≤ ratio × base, exactly. */
export function atOrBelowShare(valueFen: number, baseFen: number, ratio: number): boolean {
  return BigInt(valueFen) * 10_000n <= BigInt(baseFen) * ratioToBasisPoints(ratio);
}

/** On the same period end, a snapshot taken for a purpose outranks a visit estimate, which outranks an annual record. */
export const INCOME_KIND_RANK: Record<IncomeRecordFacts['kind'], number> = {
  annual: 1,
  visit_estimate: 2,
  at_identification: 3,
  after_elimination: 4,
};

/**
 * Order of precedence between income records: later period end first; then kind rank; then later period
 * start (the shorter, more recent window); then the lower net income (the cautious reading). The SQL version
 * orders by the same keys.
 */
export function compareIncomeRecords(a: IncomeRecordFacts, b: IncomeRecordFacts): number {
  if (a.periodEnd !== b.periodEnd) return a.periodEnd > b.periodEnd ? -1 : 1;
  const k = INCOME_KIND_RANK[b.kind] - INCOME_KIND_RANK[a.kind];
  if (k !== 0) return k;
  if (a.periodStart !== b.periodStart) return a.periodStart > b.periodStart ? -1 : 1;
  return netIncomeFen(a) - netIncomeFen(b);
}

/**
 * The income record in force on a date: among records whose period has ended by then, the first by
 * `compareIncomeRecords`. Undefined when the household has no such record.
 */
export function incomeRecordInForce<R extends IncomeRecordFacts>(records: readonly R[], on: string): R | undefined {
  let best: R | undefined;
  for (const r of records) {
    if (r.periodEnd <= on && (!best || compareIncomeRecords(r, best) < 0)) best = r;
  }
  return best;
}

/** 上年度收入: the annual record of the year before the given record's year. */
export function previousYearRecord<R extends IncomeRecordFacts>(records: readonly R[], current: R): R | undefined {
  return records.find((r) => r.kind === 'annual' && r.year === current.year - 1);
}

/**
 * The records in force at some time during (from, to]: the one in force on `from`, and the record in force on
 * each later period end up to `to`. Ordered oldest first.
 */
export function recordsInForceDuring<R extends IncomeRecordFacts>(
  records: readonly R[],
  from: string,
  to: string,
): R[] {
  const out: R[] = [];
  const start = incomeRecordInForce(records, from);
  if (start) out.push(start);
  const ends = [...new Set(records.map((r) => r.periodEnd).filter((e) => e > from && e <= to))].sort();
  for (const e of ends) {
    const r = incomeRecordInForce(records, e)!;
    if (r.periodEnd === e && !out.includes(r)) out.push(r);
  }
  return out;
}

export interface StableIncomeResult {
  /** null: not enough records to say (none in force at the start of the window) */
  holds: boolean | null;
  windowStart: string;
  /** the records read, oldest first, with their per-capita income */
  records: { year: number; kind: string; periodEnd: string; netFen: number; aboveLine: boolean }[];
}

/**
 * 收入稳定超过监测范围 (S3 §三(六); "stably" = for at least `months`, W3/W4): every record in force during the
 * last `months` months shows per-capita income strictly above the line, and a record was already in force at
 * the start of that window (otherwise the evidence does not cover it).
 */
export function incomeStablyAboveLine(
  records: readonly IncomeRecordFacts[],
  people: number,
  lineFen: number,
  asOf: string,
  months: number,
): StableIncomeResult {
  const windowStart = addMonths(asOf, -months);
  if (people <= 0) return { holds: null, windowStart, records: [] };
  const considered = recordsInForceDuring(records, windowStart, asOf).map((r) => ({
    year: r.year,
    kind: r.kind,
    periodEnd: r.periodEnd,
    netFen: netIncomeFen(r),
    aboveLine: isAboveLine(netIncomeFen(r), people, lineFen),
  }));
  const coversStart = incomeRecordInForce(records, windowStart) !== undefined;
  const anyBelow = considered.some((r) => !r.aboveLine);
  return {
    holds: anyBelow ? false : coversStart ? true : null,
    windowStart,
    records: considered,
  };
}

/** One year of a household's income as the assessment reads it. */
export interface IncomeYear<R> {
  year: number;
  /** the record that stands for the year (core's order of precedence) */
  record: R;
  netFen: number;
  /** members counted on the assessment day (`countedMembers`): the same people the assessment divides by */
  people: number;
  /** null when nobody is counted */
  perCapitaFen: number | null;
}

/**
 * Income by year, oldest first: each year's record by precedence, its net income and per-capita income over the
 * members counted on `asOf`, as `assess` counts them (a record's own member count is not what the rules read), so
 * a chart of these figures never disagrees with the assessment.
 */
export function incomeByYear<R extends IncomeRecordFacts>(
  records: readonly R[],
  members: readonly Pick<MemberFacts, 'birthDate' | 'deceasedOn' | 'registeredHere' | 'livesAndShares'>[],
  asOf: string,
): IncomeYear<R>[] {
  const people = members.filter((m) => isCountedMember(m, asOf)).length;
  const years = new Map<number, R>();
  for (const r of records) {
    const cur = years.get(r.year);
    if (!cur || compareIncomeRecords(r, cur) < 0) years.set(r.year, r);
  }
  return [...years.values()]
    .sort((a, b) => a.year - b.year)
    .map((record) => {
      const netFen = netIncomeFen(record);
      return {
        year: record.year,
        record,
        netFen,
        people,
        perCapitaFen: people > 0 ? perCapitaFen(netFen, people) : null,
      };
    });
}
