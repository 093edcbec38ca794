import type { LocalizedText } from './errors.js';
import type { ResolvedPolicy } from './policy.js';

/**
 * Every conclusion the rules draw carries an Explanation: which rule (a stable id naming its seed paragraph,
 * e.g. `S0.2.1.unstable_lifted` for seed 000 plan two §二(一)), what it concluded, the facts it read, the
 * threshold it compared them with and the policy version. Screening stores these per household, so "why was
 * this household flagged on that date" can always be answered.
 */

/**
 * `yes`: the rule's statement holds for these facts (the income is below the line, the exclusion applies, the
 * guard is met); `no`: it does not; `disabled`: the policy switches the rule off; `unknown`: a fact it needs is
 * missing (e.g. no income record), and the message says which.
 */
export type ExplanationOutcome = 'yes' | 'no' | 'disabled' | 'unknown';

export interface Explanation {
  /** stable id: seed, section path, short name; see docs/assessment.md for the list */
  ruleId: string;
  /** where the rule comes from, as a person would cite it: 'S0 方案二 §二(一)1' */
  source: string;
  outcome: ExplanationOutcome;
  message: LocalizedText;
  /** the facts the rule read (money in fen, dates YYYY-MM-DD); never names, ID or phone numbers */
  facts: Record<string, unknown>;
  /** the policy values it compared them with */
  threshold: Record<string, unknown>;
  /** the policy records used, e.g. 'national 2021 v1 + 61 2024 v1' */
  policyVersion: string;
}

/** Build explanations against one policy, so the version label is never forgotten. */
export function explainer(policy: Pick<ResolvedPolicy, 'versionLabel'>) {
  return (
    ruleId: string,
    source: string,
    outcome: ExplanationOutcome,
    message: LocalizedText,
    facts: Record<string, unknown> = {},
    threshold: Record<string, unknown> = {},
  ): Explanation => ({ ruleId, source, outcome, message, facts, threshold, policyVersion: policy.versionLabel });
}

/** `yes`/`no` from a boolean. */
export function yesNo(b: boolean): ExplanationOutcome {
  return b ? 'yes' : 'no';
}
