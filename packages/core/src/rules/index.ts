import { EXCLUSION_RULES } from './exclusions.js';
import { conclusion } from './assess.conclusion.js';
import { marginalVulnerable } from './S0.2.1.marginal_vulnerable.js';
import { unstableLifted } from './S0.2.1.unstable_lifted.js';
import { countedMembers } from './S0.2.note2.counted_members.js';
import { suddenHardship } from './S1.3.1.sudden_hardship.js';
import { incomeBelowLine } from './S1.3.2.income_below_line.js';
import { incomeDrop } from './S1.3.2.income_drop.js';
import { rigidExpense } from './S1.3.2.rigid_expense.js';
import { ruralPopulation } from './S1.3.2.rural_population.js';
import { lackOfLabor } from './S1.4.1.1.lack_of_labor.js';
import { medicalBurden } from './S1.4.1.2.medical_burden.js';
import { schoolingCosts } from './S1.4.1.2.schooling_costs.js';
import { seriousIllness } from './S1.4.1.2.serious_illness.js';
import { severeDisability } from './S1.4.1.3.severe_disability.js';
import { frailElderly } from './S1.4.1.5.frail_elderly.js';
import { disasterLoss } from './S1.4.1.6.disaster_loss.js';
import { riskEvent } from './S1.4.1.6.risk_event.js';
import { rigidExpenseControlled } from './S1.4.4.rigid_expense_controlled.js';
import { guarantees } from './S3.3.1.guarantees.js';
import { guaranteesUnresolved } from './S3.3.1.guarantees_unresolved.js';
import { housingUnsafe } from './S3.3.1.housing_unsafe.js';
import { schoolDropout } from './S3.3.1.school_dropout.js';
import { waterUnsafe } from './S3.3.1.water_unsafe.js';
import { guaranteesSecured } from './S3.3.6.guarantees_secured.js';
import { incomeStablyAboveLine } from './S3.3.6.income_stably_above_line.js';
import { noNewRisk } from './S3.3.6.no_new_risk.js';
import { recordedRiskGone } from './S3.3.6.recorded_risk_gone.js';
import { notNoLaborHousehold } from './S3.3.7.not_no_labor_household.js';
import { wholeHouseholdNoLabor } from './S3.3.7.whole_household_no_labor.js';
import { minMeasures } from './W3.min_measures.js';
import { minMonthsMonitored } from './W3.min_months_monitored.js';
import type { ConclusionUnit, GroundUnit, GuardUnit, PopulationUnit, ReadingUnit, RuleUnit } from './unit.js';

/**
 * Every rule, in the order it speaks. Both engines are assembled from these lists: core's readFacts, assess and
 * evaluateEliminationGuards iterate them, and the screening's evaluation query ORs their SQL into its bit sets
 * (the position in a list is the bit). Adding a rule: write its unit, add it to its list here.
 */

/** The facts read, in the order their explanations come (the risks they find come in this order too). */
export const READING_RULES: readonly ReadingUnit[] = [
  countedMembers,
  incomeBelowLine,
  rigidExpense,
  incomeDrop,
  guarantees,
  seriousIllness,
  medicalBurden,
  schoolingCosts,
  disasterLoss,
  severeDisability,
  frailElderly,
  lackOfLabor,
  housingUnsafe,
  waterUnsafe,
  schoolDropout,
  riskEvent,
  wholeHouseholdNoLabor,
];

export const POPULATION_RULE: PopulationUnit = ruralPopulation;

/** S0 plan two §二(二), in the order assess reports them (bit i of the screening's exclusion mask). */
export { EXCLUSION_RULES };

/** The ways into scope, in order: the first that holds gives the category (bit i of the ground mask). */
export const GROUND_RULES: readonly GroundUnit[] = [
  unstableLifted,
  marginalVulnerable,
  suddenHardship,
  guaranteesUnresolved,
];

export const CONCLUSION_RULE: ConclusionUnit = conclusion;

/** The eight elimination guards, in the order they are reported (bit i of the guard mask). */
export const GUARD_RULES: readonly GuardUnit[] = [
  incomeStablyAboveLine,
  guaranteesSecured,
  rigidExpenseControlled,
  recordedRiskGone,
  noNewRisk,
  minMonthsMonitored,
  minMeasures,
  notNoLaborHousehold,
];

/** Every rule unit: the catalogue of rule ids, their sources and their texts. */
export const RULES: readonly RuleUnit[] = [
  ...READING_RULES,
  POPULATION_RULE,
  ...EXCLUSION_RULES,
  ...GROUND_RULES,
  CONCLUSION_RULE,
  ...GUARD_RULES,
];

/** A rule unit by its id. */
export const RULE_BY_ID: ReadonlyMap<string, RuleUnit> = new Map(RULES.map((u) => [u.id, u]));

export { isMeasureInPlace } from './W3.min_measures.js';
export { MEMBER, RISK_BIT } from './sql.js';
export type * from './unit.js';
