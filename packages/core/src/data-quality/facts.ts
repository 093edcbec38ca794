import type { LocalizedText } from '../errors.js';
import type { ResolvedPolicy } from '../policy.js';
import type { Verdict } from '../rules/unit.js';

/**
 * What the data-quality rules (issue 17 §2, S3 §三(八) 系统数据是否精准详实) read of one household: the register's
 * rows as they are, nothing derived. The server loads them for one household (core decides) and computes the same
 * per household in one set-based statement over an area (each unit's `sql`); a test demands both agree.
 */
export interface DqMember {
  index: number;
  relation: string;
  sex: 'male' | 'female' | string;
  birthDate: string;
  idType: string;
  /** null: none recorded (an ID number is sealed at rest; the loader passes the opened value or its absence) */
  idNumber: string | null;
  deceasedOn: string | null;
  receivesDibao: boolean;
  isTekun: boolean;
  /** a living member of another household carries the same ID number (found by its blind index) */
  sameIdElsewhere: boolean;
}

export interface DqIncome {
  year: number;
  netFen: number;
  periodEnd: string;
}

export interface DqVisit {
  visitedOn: string;
  note: string | null;
  incomeChange: string | null;
  newRisks: readonly string[];
  estimatedAnnualIncomeFen: number | null;
}

export interface DqMeasure {
  status: string;
  startOn: string | null;
}

/** A row of a department's latest feed matched to this household (and member, when the feed names a person). */
export interface DqFeedRow {
  signal: string;
  memberIndex: number | null;
}

export interface DataQualityFacts {
  members: DqMember[];
  /** annual income records */
  incomes: DqIncome[];
  visits: DqVisit[];
  /** days (China dates) on which leads about the household were discovered */
  leadsOn: string[];
  /** the day the household's open monitoring case was confirmed; null: not monitored */
  monitoredSince: string | null;
  /** the measures of the open case's plans */
  measures: DqMeasure[];
  receivesDibao: boolean;
  feedRows: DqFeedRow[];
}

export interface DqContext {
  f: DataQualityFacts;
  policy: ResolvedPolicy;
  asOf: string;
}

/** SQL text the builder computes for the household row `x` (packages/server/src/data-quality/dq.sql.ts). */
export interface DqSqlContext {
  asOf: string;
  policy: ResolvedPolicy;
  /** for a unit with `memberSql`: the household row's column that is true when some member's `memberSql` holds */
  memberHit: string;
}

/**
 * A data-quality rule is one unit, like an identification rule (rules/unit.ts): id naming the seed paragraph, its
 * short label, `explain` (what it checks and why, for the 数据质量 page), `decide` over one household's facts, and
 * `sql(x)`, true over the set-based row exactly when `decide` says 'yes' (a finding).
 */
export interface DataQualityUnit {
  id: string;
  source: string;
  label: LocalizedText;
  explain: LocalizedText;
  reads: readonly string[];
  decide(c: DqContext): Verdict;
  sql(x: string, c: DqSqlContext): string;
  /**
   * A member-level condition (the builder ORs it over the household's members into `c.memberHit`), over a member
   * row `m` with `relation`, `sex`, `birth_date`, `id_missing`, `deceased` (on or before the as-of date),
   * `same_id_elsewhere`, `receives_dibao`, `is_tekun` and `head_birth` (the sole living head's, else null).
   */
  memberSql?(m: string, c: DqSqlContext): string;
}
