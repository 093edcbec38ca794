import { readFacts } from './read-facts.js';
import type { Explanation } from './explain.js';
import type { HouseholdFactsInput } from './household-facts.js';
import type { ResolvedPolicy } from './policy.js';
import { GUARD_RULES } from './rules/index.js';
import { explanationOf } from './rules/unit.js';

export { isMeasureInPlace } from './rules/index.js';

/**
 * 风险消除 guards (issue 3 §5; S1 §四(四); S3 §三(六)(七); DOMAIN §3.3). All must hold before an elimination may
 * be proposed or confirmed; each failure is named by its rule id. The case state machine calls this with the
 * household's facts on the day of the step. Each guard is a rule unit (rules/index.ts GUARD_RULES).
 */

/**
 * The rule ids of the eight elimination guards, in the order `evaluateEliminationGuards` reports them (its
 * explanations and `failedRuleIds`); the set-based screening reads them from here.
 */
export const ELIMINATION_GUARD_RULE_IDS: readonly string[] = GUARD_RULES.map((u) => u.id);

export interface EliminationGuardResult {
  met: boolean;
  failedRuleIds: string[];
  explanations: Explanation[];
}

export function evaluateEliminationGuards(
  input: HouseholdFactsInput,
  policy: ResolvedPolicy,
  asOf: string,
): EliminationGuardResult {
  const r = readFacts(input, policy, asOf);
  const explanations: Explanation[] = [];
  const failed: string[] = [];
  for (const unit of GUARD_RULES) {
    const v = unit.decide({ r, policy, asOf });
    if (v.outcome !== 'yes') failed.push(unit.id);
    explanations.push(explanationOf(unit, v, policy));
  }
  return { met: failed.length === 0, failedRuleIds: failed, explanations };
}
