import type { MonitoringCategory, RiskType, ScreeningFinding } from '@dixian/core';
import type { RawClient } from '../db/driver.js';
import { evaluationQuery } from './evaluate.sql.js';
import { listColumns } from './sql-parts.js';
import type { RunPolicy } from './policy-params.js';

/** One household as the SQL engine sees it: the conclusions `assess` and the guards draw, and the findings. */
export interface EvaluatedHousehold {
  id: string;
  countyCode: string;
  regionCode: string;
  householdNo: string;
  policyVersion: string;
  inScope: boolean;
  category: MonitoringCategory | null;
  grounds: string[];
  exclusions: string[];
  riskTypes: RiskType[];
  disasterSubtype: string | null;
  /** rule ids of the elimination guards that fail (evaluateEliminationGuards' failedRuleIds) */
  guardsFailed: string[];
  findings: ScreeningFinding[];
  countedMembers: number;
  belowLine: boolean | null;
  noLaborCapacity: boolean;
  livesOnSocialSecurity: boolean;
  stableIncome: boolean | null;
  lastVisitOn: string | null;
}

interface Row {
  id: string;
  county_code: string;
  region_code: string;
  household_no: string;
  version_label: string;
  in_scope: boolean;
  category: MonitoringCategory | null;
  grounds: string[];
  exclusions: string[];
  risk_types_found: RiskType[];
  disaster_subtype: string | null;
  guards_failed: string[];
  findings: ScreeningFinding[];
  people: number;
  below: boolean | null;
  no_labor_capacity: boolean;
  lives_on_social_security: boolean;
  stable: boolean | null;
  last_visit: string | null;
}

/**
 * Evaluate households of a scope with the set-based engine without storing anything: for tests, for the
 * explanation of a few households, and for checking a run. `householdIds` restricts it to those households.
 */
export async function evaluateHouseholds(
  client: RawClient,
  scopeCode: string,
  asOf: string,
  policies: readonly RunPolicy[],
  householdIds?: readonly string[],
): Promise<EvaluatedHousehold[]> {
  const q = evaluationQuery(
    scopeCode,
    asOf,
    policies.map((p) => p.params),
    { householdIds },
  );
  const r = await client.query<Row>(
    `select e.id, e.county_code, e.region_code, e.household_no, e.version_label, e.in_scope, e.category,
       e.people, e.below, e.no_labor_capacity, e.lives_on_social_security, e.stable, e.last_visit,
       ${listColumns('e')}
     from (${q.text}) e order by e.id`,
    q.params,
  );
  return r.rows.map((x) => ({
    id: x.id,
    countyCode: x.county_code,
    regionCode: x.region_code,
    householdNo: x.household_no,
    policyVersion: x.version_label,
    inScope: x.in_scope,
    category: x.category,
    grounds: x.grounds,
    exclusions: x.exclusions,
    riskTypes: x.risk_types_found,
    disasterSubtype: x.disaster_subtype,
    guardsFailed: x.guards_failed,
    findings: x.findings,
    countedMembers: x.people,
    belowLine: x.below,
    noLaborCapacity: x.no_labor_capacity,
    livesOnSocialSecurity: x.lives_on_social_security,
    stableIncome: x.stable,
    lastVisitOn: x.last_visit,
  }));
}
