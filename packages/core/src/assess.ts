import type { DisasterSubtype, MonitoringCategory, MonitoringStatus, RiskType } from './enums.js';
import type { Explanation } from './explain.js';
import type { HouseholdFactsInput } from './household-facts.js';
import type { ResolvedPolicy } from './policy.js';
import { readFacts, riskTypesOf, type GuaranteeCheck, type IncomeFindings, type RiskFinding } from './read-facts.js';
import { CONCLUSION_RULE, EXCLUSION_RULES, GROUND_RULES, POPULATION_RULE } from './rules/index.js';
import { explanationOf, type AssessContext, type AssessOutcome, type FactReading } from './rules/unit.js';

export { readFacts, riskTypesOf } from './read-facts.js';
export type { FactReading, GuaranteeCheck, IncomeFindings, RiskFinding } from './read-facts.js';

/**
 * Identification (识别) of one household on a date under one policy: is it in the monitoring scope, in which
 * category, with which risks, which exclusions apply, and how do 两不愁三保障 and water stand. Pure: the
 * household's facts and the policy come in, an explained conclusion goes out. Each rule is a unit of
 * rules/index.ts; docs/assessment.md lists them all.
 */

export interface Assessment {
  asOf: string;
  regionCode: string;
  householdNo: string | null;
  policyVersion: string;
  inScope: boolean;
  category: MonitoringCategory | null;
  /** the rule ids that put the household in scope */
  grounds: string[];
  /** risk types found in the facts, in the order of the RiskType enum */
  riskTypes: RiskType[];
  disasterSubtype: DisasterSubtype | null;
  risks: RiskFinding[];
  /** rule ids of the exclusions that apply (S0 plan two §二(二)) */
  exclusions: string[];
  guarantees: GuaranteeCheck;
  income: IncomeFindings;
  /** 整户无劳动能力 (S3 §三(七)): what the facts show, and whether the flag is set */
  wholeHouseholdNoLabor: { noLaborCapacity: boolean; livesOnSocialSecurity: boolean; flagged: boolean };
  monitoringStatus: MonitoringStatus;
  explanations: Explanation[];
}

/** The exclusions that apply (S0 plan two §二(二)), each switchable in policy, with every exclusion's explanation. */
function applyExclusions(c: AssessContext) {
  const exclusions: string[] = [];
  const explanations: Explanation[] = [];
  for (const unit of EXCLUSION_RULES) {
    const v = unit.decide(c);
    if (v.outcome === 'yes') exclusions.push(unit.id);
    explanations.push(explanationOf(unit, v, c.policy));
  }
  return { exclusions, explanations };
}

/** The grounds that hold, in order; the first ground's category is the household's (S0 plan two §二(一); S1 §三). */
function applyGrounds(c: AssessContext) {
  const grounds: string[] = [];
  const explanations: Explanation[] = [];
  let category: MonitoringCategory | null = null;
  for (const unit of GROUND_RULES) {
    const d = unit.decide(c);
    if (!d) continue;
    if (d.verdict.outcome === 'yes') {
      grounds.push(unit.id);
      category ??= d.category;
    }
    explanations.push(explanationOf(unit, d.verdict, c.policy));
  }
  return { grounds, category, explanations };
}

function assessContext(r: FactReading, policy: ResolvedPolicy): AssessContext {
  return {
    r,
    policy,
    riskTypes: riskTypesOf(r.risks),
    typeCategory: r.household.householdType === 'lifted_household' ? 'unstable_lifted' : 'marginal_vulnerable',
  };
}

/**
 * Assess one household on `asOf` under `policy` (issue 3 §3). Every conclusion is in `explanations`, in the order
 * the rules speak: the population, the facts read, the exclusions, the grounds, the conclusion.
 *
 * - Scope: all rural people, including relocated people with urban registration (S1 §三(二)).
 * - Exclusions (S0 plan two §二(二)), each switchable in policy: an excluded household is not in scope.
 * - 脱贫不稳定户 / 边缘易致贫户: per-capita net income strictly below the line and a risk (S0 plan two §二(一));
 *   a region may drop the risk requirement (S3 §三(一): income below the line is itself the condition).
 * - 突发严重困难户: not below the line, but rigid expenditure clearly above last year's income or income sharply
 *   reduced, with a risk (S1 §三(一)(二)).
 * - 三保障/water failing and the household cannot solve it itself (S3 §三(一)): in scope whatever the income;
 *   below the line it takes the lifted/marginal category, otherwise it is a sudden severe hardship (basic
 *   living is severely hard although income is not below the line).
 */
export function assess(input: HouseholdFactsInput, policy: ResolvedPolicy, asOf: string): Assessment {
  const r = readFacts(input, policy, asOf);
  const h = r.household;
  const c = assessContext(r, policy);
  const populationVerdict = POPULATION_RULE.decide(c);
  const population = populationVerdict.outcome === 'yes';
  const excluded = applyExclusions(c);
  const ground = applyGrounds(c);
  const eligible = population && ground.grounds.length > 0;
  const inScope = eligible && excluded.exclusions.length === 0;
  const outcome: AssessOutcome = {
    population,
    grounds: ground.grounds,
    exclusions: excluded.exclusions,
    eligible,
    inScope,
    category: inScope ? ground.category : null,
  };
  return {
    asOf,
    regionCode: h.regionCode,
    householdNo: h.householdNo ?? null,
    policyVersion: policy.versionLabel,
    inScope,
    category: outcome.category,
    grounds: outcome.grounds,
    riskTypes: c.riskTypes,
    disasterSubtype: c.riskTypes.includes('natural_disaster') ? r.disasterSubtype : null,
    risks: r.risks,
    exclusions: outcome.exclusions,
    guarantees: r.guarantees,
    income: r.income,
    wholeHouseholdNoLabor: {
      noLaborCapacity: r.noLaborCapacity,
      livesOnSocialSecurity: r.livesOnSocialSecurity,
      flagged: h.monitoring.wholeHouseholdNoLabor,
    },
    monitoringStatus: h.monitoring.status,
    explanations: [
      explanationOf(POPULATION_RULE, populationVerdict, policy),
      ...r.explanations,
      ...excluded.explanations,
      ...ground.explanations,
      explanationOf(CONCLUSION_RULE, CONCLUSION_RULE.decide(c, outcome), policy),
    ],
  };
}
