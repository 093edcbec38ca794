import { addMonths, isIsoDate } from './dates.js';
import { AppError } from './errors.js';
import {
  MedicalInsurance,
  parseHouseholdFacts,
  type HouseholdFacts,
  type HouseholdFactsInput,
} from './household-facts.js';
import { ageOn } from './id-number.js';
import {
  atOrBelowShare,
  countedMembers,
  exceedsShare,
  grossIncomeFen,
  incomeRecordInForce,
  incomeStablyAboveLine,
  isBelowLine,
  netIncomeFen,
  perCapitaFen,
  previousYearRecord,
  rigidExpenseFen,
} from './income.js';
import type { ResolvedPolicy } from './policy.js';
import { READING_RULES } from './rules/index.js';
import { riskTypesOf } from './rules/risk-labels.js';
import {
  explanationOf,
  NO_CAPACITY,
  type Counted,
  type FactReading,
  type GuaranteeCheck,
  type IncomeFindings,
  type ReadContext,
  type RiskFinding,
} from './rules/unit.js';

export {
  CHILD_RELATIONS,
  memberRef,
  SEVERE_ILLNESS,
  yuan,
  yuanEn,
  type FactReading,
  type GuaranteeCheck,
  type IncomeFindings,
  type RiskFinding,
} from './rules/unit.js';
export { riskTypesOf };

/**
 * Reading one household's facts on a date under a policy, once, for identification (assess.ts) and elimination
 * (elimination.ts): who counts, the income in force and last year's, rigid expenditure, 两不愁三保障 and water,
 * the risk types the facts show (S1 §四(一)) and the no-labour condition. What each reading concludes, and its
 * explanation, is a rule unit (rules/index.ts READING_RULES); this file measures the facts they decide over.
 */

function checkAsOf(asOf: string): void {
  if (!isIsoDate(asOf)) {
    throw new AppError('bad_request', {
      zh: `评估日期无效（应为 YYYY-MM-DD）：${asOf}`,
      en: `invalid as-of date (YYYY-MM-DD expected): ${asOf}`,
    });
  }
}

/** Who counts (S0 plan two note 2), with their ages on the date. */
function readCounted(h: HouseholdFacts, asOf: string): { counted: Counted[]; notCounted: number[] } {
  const counted = countedMembers(h.members, asOf).map((c) => ({ ...c, age: ageOn(c.member.birthDate, asOf) }));
  const notCounted = h.members.flatMap((m, index) => (counted.some((c) => c.index === index) ? [] : [index]));
  return { counted, notCounted };
}

/**
 * The income in force, strictly below the line (S0 plan two §二(一); S1 §三(二); S3 §三(一)); rigid expenditure
 * above a share of last year's income, and a sharp drop (S1 §三(一)(二), §四(一)2、4).
 */
function readIncome(h: HouseholdFacts, policy: ResolvedPolicy, asOf: string, people: number) {
  const line = policy.monitoringIncomeLineFen;
  const sh = policy.suddenHardship;
  const current = incomeRecordInForce(h.incomes, asOf);
  const previous = current ? previousYearRecord(h.incomes, current) : undefined;
  const net = current ? netIncomeFen(current) : null;
  const prevNet = previous ? netIncomeFen(previous) : null;
  const rigid = current ? rigidExpenseFen(current, sh.netOfInsuranceClaims) : null;
  const income: IncomeFindings = {
    countedMembers: people,
    record: current
      ? { year: current.year, kind: current.kind, periodStart: current.periodStart, periodEnd: current.periodEnd }
      : null,
    netIncomeFen: net,
    perCapitaFen: net !== null && people > 0 ? perCapitaFen(net, people) : null,
    lineFen: line,
    belowLine: net !== null && people > 0 ? isBelowLine(net, people, line) : null,
    previousYearNetFen: prevNet,
    rigidExpenseFen: rigid,
    rigidExpenseAbovePreviousIncome: null,
    sharpIncomeDrop: null,
  };
  if (current && rigid !== null) {
    income.rigidExpenseAbovePreviousIncome =
      rigid === 0
        ? false
        : prevNet === null
          ? null
          : exceedsShare(rigid, prevNet, sh.rigidExpenseShareOfPreviousIncome);
    income.sharpIncomeDrop =
      prevNet === null || prevNet <= 0 ? null : atOrBelowShare(net!, prevNet, sh.incomeDropToShare);
  }
  return { current, previous, income };
}

/** 两不愁三保障 and water (S0 plan two §三(二); S1 §三(二); S3 §三(一)). */
function readGuarantees(h: HouseholdFacts, policy: ResolvedPolicy, counted: Counted[]) {
  const inc = policy.inclusion;
  const compulsoryAge = (age: number) => age >= inc.compulsoryEducationMinAge && age <= inc.compulsoryEducationMaxAge;
  const dropouts = counted.filter((c) => c.member.schoolStatus === 'dropout' && compulsoryAge(c.age));
  const uninsured = counted.filter((c) => c.member.medicalInsurance === MedicalInsurance.uninsured);
  const housingUnsafe =
    h.housingSafetyGrade !== null && policy.warnings.unsafeHousingGrades.includes(h.housingSafetyGrade);
  const g: GuaranteeCheck = {
    foodClothing: h.foodClothingSecure,
    compulsoryEducation: dropouts.length === 0,
    basicMedical: uninsured.length === 0,
    housing: !housingUnsafe,
    water: h.drinkingWaterSafe,
    electricity: h.electricityOk,
    telecom: h.telecomOk,
    secured: false,
    selfResolvable: h.guaranteesSelfResolvable,
  };
  g.secured = g.foodClothing && g.compulsoryEducation && g.basicMedical && g.housing && g.water;
  return { guarantees: g, dropouts, uninsured, housingUnsafe };
}

/** Events current on the date: not resolved, not older than the look-back; newest first. */
function readEvents(h: HouseholdFacts, policy: ResolvedPolicy, asOf: string) {
  const lookbackStart = addMonths(asOf, -policy.inclusion.eventLookbackMonths);
  const events = h.riskEvents
    .filter(
      (e) => e.occurredOn <= asOf && e.occurredOn > lookbackStart && (e.resolvedOn === null || e.resolvedOn > asOf),
    )
    .sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
  return { events, lookbackStart };
}

/** 整户无劳动能力 and living on social security (S1 §四(四); S3 §三(七)). */
function readLabor(h: HouseholdFacts, counted: Counted[], current: ReadContext['current']) {
  const noLaborCapacity = counted.length > 0 && counted.every((c) => NO_CAPACITY.includes(c.member.laborCapacity));
  const onAssistance = h.receivesDibao || h.isTekun || counted.some((c) => c.member.receivesDibao || c.member.isTekun);
  const mainlyTransfers =
    current !== undefined && current.transferFen * 2 >= grossIncomeFen(current) && current.transferFen > 0;
  return { noLaborCapacity, onAssistance, livesOnSocialSecurity: onAssistance || mainlyTransfers };
}

/** The facts measured once, for the reading rules to decide over. */
function readContext(h: HouseholdFacts, policy: ResolvedPolicy, asOf: string): ReadContext {
  const { counted, notCounted } = readCounted(h, asOf);
  const { current, previous, income } = readIncome(h, policy, asOf, counted.length);
  return {
    h,
    policy,
    asOf,
    counted,
    notCounted,
    current,
    previous,
    income,
    ...readGuarantees(h, policy, counted),
    lifted: h.householdType === 'lifted_household' || h.monitoring.status !== 'not_monitored',
    ...readEvents(h, policy, asOf),
    ...readLabor(h, counted, current),
  };
}

/**
 * Read the facts once: counted members, the income in force, rigid expenditure, the guarantees, the risks and
 * the no-labour condition, each reading rule with its explanation. Used by `assess` and `evaluateEliminationGuards`.
 */
export function readFacts(input: HouseholdFactsInput, policy: ResolvedPolicy, asOf: string): FactReading {
  checkAsOf(asOf);
  const h = parseHouseholdFacts(input);
  const c = readContext(h, policy, asOf);
  const explanations = [];
  const risks: RiskFinding[] = [];
  for (const unit of READING_RULES) {
    const d = unit.decide(c);
    if (!d) continue;
    for (const riskType of d.risks ?? []) risks.push({ riskType, ruleId: unit.id, kind: unit.risk!.kind });
    explanations.push(explanationOf(unit, d.verdict, policy));
  }
  // a sharp income drop with no cause found in the facts is still a risk (S0 plan two §三(一); S1 §四(一)4)
  if (c.income.sharpIncomeDrop === true && risks.length === 0) {
    risks.push({ riskType: 'other', ruleId: 'S1.3.2.income_drop', kind: 'acute' });
  }
  const disasterSubtype =
    c.events.find((e) => e.riskType === 'natural_disaster' && e.disasterSubtype !== null)?.disasterSubtype ?? null;
  const stableIncome = incomeStablyAboveLine(
    h.incomes,
    c.counted.length,
    policy.monitoringIncomeLineFen,
    asOf,
    policy.eliminationGuards.stableIncomeMonths,
  );
  return {
    household: h,
    asOf,
    counted: c.counted,
    current: c.current,
    previous: c.previous,
    income: c.income,
    guarantees: c.guarantees,
    risks,
    disasterSubtype,
    noLaborCapacity: c.noLaborCapacity,
    livesOnSocialSecurity: c.livesOnSocialSecurity,
    stableIncome,
    explanations,
  };
}
