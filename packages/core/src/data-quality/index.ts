import type { Explanation } from '../explain.js';
import type { ResolvedPolicy } from '../policy.js';
import { explanationOf } from '../rules/unit.js';
import type { DataQualityFacts, DataQualityUnit } from './facts.js';
import {
  feedDisagrees,
  incomeDropUnattended,
  measureLongImplementing,
  monitoredWithoutMeasure,
  noIncomeRecord,
  visitWithoutContent,
} from './household.js';
import { ageRelationImpossible, deceasedStillCounted, memberWithoutId, samePersonTwoHouseholds } from './members.js';

export * from './facts.js';
export { visitHasContent, visitHasContentSql, latestTwo } from './household.js';

/** The data-quality rules (issue 17 §2, S3 §三(八)), in the order the 数据质量 page lists them. */
export const DATA_QUALITY_RULES: readonly DataQualityUnit[] = [
  memberWithoutId,
  ageRelationImpossible,
  samePersonTwoHouseholds,
  deceasedStillCounted,
  noIncomeRecord,
  incomeDropUnattended,
  monitoredWithoutMeasure,
  measureLongImplementing,
  visitWithoutContent,
  feedDisagrees,
];

export const DATA_QUALITY_RULE_BY_ID: ReadonlyMap<string, DataQualityUnit> = new Map(
  DATA_QUALITY_RULES.map((u) => [u.id, u]),
);

export interface DataQualityResult {
  /** the ids of the rules that found a problem, in catalogue order */
  ruleIds: string[];
  /** every rule's explanation (outcome 'yes': a problem found) */
  explanations: Explanation[];
}

/** One household's data-quality findings, each rule explained (core half of the two engines). */
export function evaluateDataQuality(f: DataQualityFacts, policy: ResolvedPolicy, asOf: string): DataQualityResult {
  const explanations = DATA_QUALITY_RULES.map((u) => explanationOf(u, u.decide({ f, policy, asOf }), policy));
  return { ruleIds: explanations.filter((e) => e.outcome === 'yes').map((e) => e.ruleId), explanations };
}
