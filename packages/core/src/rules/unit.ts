import type { DisasterSubtype, MonitoringCategory, RiskType } from '../enums.js';
import type { LocalizedText } from '../errors.js';
import type { Explanation, ExplanationOutcome } from '../explain.js';
import type { HouseholdFacts, IncomeRecordFacts, MemberFacts, RiskEventFacts } from '../household-facts.js';
import type { StableIncomeResult } from '../income.js';
import { fenToYuanText, type ResolvedPolicy } from '../policy.js';

/**
 * A rule is one unit (issue 13 §2): its id naming the seed paragraph, the facts it reads, its decision over the
 * household's facts and the policy (with the zh/en explanation an officer reads), and the SQL that decides the
 * same in the set-based screening. `assess`, the elimination guards and the screening's evaluation query are
 * assembled from the lists in ./index.ts, so a rule cannot be in one engine and missing from the other.
 *
 * `sql(x)` is a boolean SQL expression over the screening's evaluation row `x` (the columns of
 * packages/server/src/screening/evaluate.sql.ts, named in ./sql.ts) that is true exactly when the decision's
 * outcome is 'yes'; core only writes the text, the server assembles it.
 */

/** A counted member with the age on the as-of date. */
export interface Counted {
  index: number;
  member: MemberFacts;
  age: number;
}

/** A risk type found in the facts. `condition`: a lasting state of the family (a serious illness, a severe
 * disability, no labour); `acute`: a current problem (costs above a threshold, an unsafe house, an event). */
export interface RiskFinding {
  riskType: RiskType;
  ruleId: string;
  kind: 'condition' | 'acute';
}

export interface GuaranteeCheck {
  /** 两不愁: food and clothing */
  foodClothing: boolean;
  /** 义务教育: no compulsory-age member out of school */
  compulsoryEducation: boolean;
  /** 基本医疗: every member in basic medical insurance */
  basicMedical: boolean;
  /** 住房安全: housing not of an unsafe grade */
  housing: boolean;
  /** 饮水安全 */
  water: boolean;
  /** monitored with the guarantees (S0 plan two §三(二)) but not part of them */
  electricity: boolean;
  telecom: boolean;
  /** food, clothing, the three guarantees and water all secured */
  secured: boolean;
  /** the cadre judged the household able to solve a failure itself */
  selfResolvable: boolean;
}

export interface IncomeFindings {
  countedMembers: number;
  record: Pick<IncomeRecordFacts, 'year' | 'kind' | 'periodStart' | 'periodEnd'> | null;
  netIncomeFen: number | null;
  /** display only (rounded down); comparisons use net < line × people */
  perCapitaFen: number | null;
  lineFen: number;
  belowLine: boolean | null;
  previousYearNetFen: number | null;
  rigidExpenseFen: number | null;
  rigidExpenseAbovePreviousIncome: boolean | null;
  sharpIncomeDrop: boolean | null;
}

/** Everything both identification and elimination read from the facts, computed once. */
export interface FactReading {
  household: HouseholdFacts;
  asOf: string;
  counted: Counted[];
  current: IncomeRecordFacts | undefined;
  previous: IncomeRecordFacts | undefined;
  income: IncomeFindings;
  guarantees: GuaranteeCheck;
  risks: RiskFinding[];
  disasterSubtype: DisasterSubtype | null;
  noLaborCapacity: boolean;
  livesOnSocialSecurity: boolean;
  stableIncome: StableIncomeResult;
  explanations: Explanation[];
}

/** What the reading rules decide over: the facts as read-facts.ts has measured them, before any rule speaks. */
export interface ReadContext {
  h: HouseholdFacts;
  policy: ResolvedPolicy;
  asOf: string;
  counted: Counted[];
  notCounted: number[];
  current: IncomeRecordFacts | undefined;
  previous: IncomeRecordFacts | undefined;
  income: IncomeFindings;
  guarantees: GuaranteeCheck;
  dropouts: Counted[];
  uninsured: Counted[];
  housingUnsafe: boolean;
  /** lifted or monitored: the lower medical warning line applies */
  lifted: boolean;
  /** unresolved events within the look-back, newest first */
  events: RiskEventFacts[];
  lookbackStart: string;
  noLaborCapacity: boolean;
  onAssistance: boolean;
  livesOnSocialSecurity: boolean;
}

/** What identification's rules decide over. */
export interface AssessContext {
  r: FactReading;
  policy: ResolvedPolicy;
  riskTypes: RiskType[];
  /** the category an income or guarantee ground gives this household type */
  typeCategory: MonitoringCategory;
}

/** What identification concluded, for the conclusion rule. */
export interface AssessOutcome {
  population: boolean;
  grounds: string[];
  exclusions: string[];
  eligible: boolean;
  inScope: boolean;
  category: MonitoringCategory | null;
}

/** What the elimination guards decide over. */
export interface GuardContext {
  r: FactReading;
  policy: ResolvedPolicy;
  asOf: string;
}

/** A rule's decision for one household, as its Explanation will carry it (the rule id and source come from the unit). */
export interface Verdict {
  outcome: ExplanationOutcome;
  message: LocalizedText;
  facts: Record<string, unknown>;
  threshold?: Record<string, unknown>;
}

interface UnitBase {
  /** stable id naming the seed paragraph (docs/assessment.md) */
  id: string;
  /** the seed paragraph as a person cites it ('S0 方案二 §二(一)1'); '' for a working rule of ours */
  source: string;
  /** why a working rule cites no seed */
  workingRule?: string;
  /** its short name where an officer reads a rule id (a screening reason) */
  label: LocalizedText;
  /** the household facts and policy fields it reads */
  reads: readonly string[];
  /** true in the screening exactly when the decision's outcome is 'yes' (see above) */
  sql(x: string): string;
}

/** A rule that reads the facts (read-facts.ts): counted members, income, guarantees, the risk types, labour. */
export interface ReadingUnit extends UnitBase {
  stage: 'reading';
  /** when it finds risks: of which kind, and their bits in the screening (default: its type's bit when sql holds) */
  risk?: { kind: RiskFinding['kind']; type?: RiskType; mask?: (x: string) => string };
  /** null: the rule does not speak for this household (a fact it needs is absent) */
  decide(c: ReadContext): { verdict: Verdict; risks?: RiskType[] } | null;
}

/** 纳入监测范围的人口 (S1 §三(二)). */
export interface PopulationUnit extends UnitBase {
  stage: 'population';
  decide(c: AssessContext): Verdict;
}

/** 不纳入 (S0 plan two §二(二)): 'yes' excludes the household. */
export interface ExclusionUnit extends UnitBase {
  stage: 'exclusion';
  decide(c: AssessContext): Verdict;
}

/** A way into scope: 'yes' is a ground, with the category it gives. */
export interface GroundUnit extends UnitBase {
  stage: 'ground';
  /** null: the rule does not speak for this household (another household type's ground) */
  decide(c: AssessContext): { verdict: Verdict; category: MonitoringCategory | null } | null;
  /** the category as SQL text over the evaluation row, when this ground holds */
  categorySql(x: string): string;
}

/** The conclusion of identification. */
export interface ConclusionUnit extends UnitBase {
  stage: 'conclusion';
  decide(c: AssessContext, o: AssessOutcome): Verdict;
}

/** 风险消除 guard: 'yes' is met. */
export interface GuardUnit extends UnitBase {
  stage: 'guard';
  decide(c: GuardContext): Verdict;
}

export type RuleUnit = ReadingUnit | PopulationUnit | ExclusionUnit | GroundUnit | ConclusionUnit | GuardUnit;

export const SEVERE_ILLNESS: MemberFacts['healthStatus'][] = ['serious_illness'];
export const WORKING_CAPACITY: MemberFacts['laborCapacity'][] = ['skilled', 'ordinary'];
export const NO_CAPACITY: MemberFacts['laborCapacity'][] = ['lost', 'none'];
export const CHILD_RELATIONS = new Set(['child', 'son', 'daughter']);

/** How explanations name a member: by index in the list, relation and age (never by name or ID number). */
export function memberRef(c: { index: number; member: MemberFacts; age: number }): Record<string, unknown> {
  return { index: c.index, relation: c.member.relation, age: c.age };
}

export function yuan(fen: number | null): string {
  return fen === null ? '—' : `${fenToYuanText(fen)}元`;
}

/** The same amount for English text: ¥16,800.00. */
export function yuanEn(fen: number | null): string {
  return fen === null ? '—' : `¥${fenToYuanText(fen)}`;
}

/** `yes`/`no` from a boolean (explain.ts has the same; repeated to keep this module free of runtime imports). */
export const yes = (b: boolean): ExplanationOutcome => (b ? 'yes' : 'no');

/** A unit's verdict as the Explanation stored and shown (the same shape explain.ts's explainer builds). */
export function explanationOf(
  u: Pick<UnitBase, 'id' | 'source'>,
  v: Verdict,
  policy: Pick<ResolvedPolicy, 'versionLabel'>,
): Explanation {
  return {
    ruleId: u.id,
    source: u.source,
    outcome: v.outcome,
    message: v.message,
    facts: v.facts,
    threshold: v.threshold ?? {},
    policyVersion: policy.versionLabel,
  };
}
