import { addMonths, ratioToBasisPoints, type ResolvedPolicy } from '@dixian/core';
import { PolicyBook, policyOf, type BookRecord } from '../policies/policy-at.js';

/**
 * The policy of every region a screening covers, as the flat parameters the set-based SQL reads. A county may
 * override the national line (S3 §三(一): 7300 in a 陕西 county), a township or village its own values, so the
 * run resolves the policy once per prefix that has records in force, and each household takes the parameters of
 * the most specific prefix its village code starts with: exactly the policy `resolvePolicy` gives that village.
 * Ratios go in as integer basis points and dates are computed here with core's calendar arithmetic, so SQL
 * compares exactly what core compares.
 */
export interface PolicyParams {
  /** 1-based key the SQL joins on */
  k: number;
  /** the region prefix ('' = national) whose resolved policy this is */
  prefix: string;
  versionLabel: string;
  /** id of the most specific stored record in the chain (screening_run.policy_id for the scope's own) */
  policyId: string | null;
  line: number;
  rigidBp: number;
  dropBp: number;
  netOfClaims: boolean;
  requireRisk: boolean;
  lookbackMonths: number;
  /** events count when occurred_on > this day (asOf − eventLookbackMonths) */
  lookbackStart: string;
  eduMin: number;
  eduMax: number;
  elderlyAge: number;
  medFen: number;
  medLiftedFen: number;
  medBp: number;
  schoolFen: number;
  unsafeGrades: string[];
  severeGrade: number;
  lossFen: number;
  exCar: boolean;
  exHousing: boolean;
  exServant: boolean;
  exBusiness: boolean;
  exElderly: boolean;
  exElderlyAge: number;
  exMud: boolean;
  stableMonths: number;
  /** asOf − stableIncomeMonths: start of the window income must stay above the line (S3 §三(六)) */
  windowStart: string;
  minMonths: number;
  minMeasures: number;
  visitLiftedMonths: number;
  visitMonitoredMonths: number;
}

/** What a run stores about the policies it used (screening_run.policies). */
export interface RunPolicy {
  prefix: string;
  versionLabel: string;
  policyIds: string[];
  params: PolicyParams;
}

export type StoredRecord = BookRecord;

/** The flat parameters of one resolved policy on a date. */
export function policyParams(k: number, prefix: string, policy: ResolvedPolicy, asOf: string): PolicyParams {
  const bp = (r: number) => Number(ratioToBasisPoints(r));
  const ex = policy.exclusions;
  return {
    k,
    prefix,
    versionLabel: policy.versionLabel,
    policyId: null,
    line: policy.monitoringIncomeLineFen,
    rigidBp: bp(policy.suddenHardship.rigidExpenseShareOfPreviousIncome),
    dropBp: bp(policy.suddenHardship.incomeDropToShare),
    netOfClaims: policy.suddenHardship.netOfInsuranceClaims,
    requireRisk: policy.inclusion.belowLineRequiresRisk,
    lookbackMonths: policy.inclusion.eventLookbackMonths,
    lookbackStart: addMonths(asOf, -policy.inclusion.eventLookbackMonths),
    eduMin: policy.inclusion.compulsoryEducationMinAge,
    eduMax: policy.inclusion.compulsoryEducationMaxAge,
    elderlyAge: policy.inclusion.elderlyAge,
    medFen: policy.warnings.medicalOutOfPocketFen,
    medLiftedFen: policy.warnings.medicalOutOfPocketLiftedFen,
    medBp: bp(policy.warnings.medicalShareOfPreviousIncome),
    schoolFen: policy.warnings.schoolingSelfPayFen,
    unsafeGrades: [...policy.warnings.unsafeHousingGrades],
    severeGrade: policy.warnings.severeDisabilityMaxGrade,
    lossFen: policy.warnings.disasterLossFen,
    exCar: ex.privateCar.enabled,
    exHousing: ex.commercialHousing.enabled,
    exServant: ex.publicServant.enabled,
    exBusiness: ex.business.enabled,
    exElderly: ex.elderlyWithWellOffChildren.enabled,
    exElderlyAge: ex.elderlyWithWellOffChildren.elderlyAge,
    exMud: ex.mudBrickStableIncome.enabled,
    stableMonths: policy.eliminationGuards.stableIncomeMonths,
    windowStart: addMonths(asOf, -policy.eliminationGuards.stableIncomeMonths),
    minMonths: policy.eliminationGuards.minMonthsMonitored,
    minMeasures: policy.eliminationGuards.minMeasures,
    visitLiftedMonths: policy.visits.liftedHouseholdMonths,
    visitMonitoredMonths: policy.visits.monitoredHouseholdMonths,
  };
}

/**
 * The policies a screening of `scopeCode` on `asOf` needs: the scope's own (which every household falls back
 * to) and one per more specific prefix inside the scope that has a record in force. Throws AppError naming the
 * region when a merged policy is invalid or no national record is in force.
 */
export function screeningPolicies(records: readonly StoredRecord[], scopeCode: string, asOf: string): RunPolicy[] {
  const book = new PolicyBook(records);
  return book.across(scopeCode, asOf).map(({ prefix, policy }, i) => {
    const ids = book.chainIds(policy);
    return {
      prefix,
      versionLabel: policy.versionLabel,
      policyIds: ids,
      params: { ...policyParams(i + 1, prefix, policy, asOf), policyId: ids.at(-1) ?? null },
    };
  });
}

/** The parameters that apply to a village: those of the longest prefix it starts with. */
export function paramsFor(policies: readonly RunPolicy[], regionCode: string): PolicyParams {
  return policyOf(policies, regionCode).params;
}
