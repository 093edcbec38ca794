import {
  addMonths,
  assess,
  ELIMINATION_STAGES,
  evaluateEliminationGuards,
  ScreeningFinding,
  type Assessment,
  type CaseStage,
  type EliminationGuardResult,
  type HouseholdFacts,
  type ResolvedPolicy,
} from '@dixian/core';

/**
 * The screening findings of one household in TypeScript: core's `assess` and `evaluateEliminationGuards` plus
 * the registry state they do not read (the open case, the last visit). This is the reference the set-based SQL
 * engine (./evaluate.sql.ts) must agree with, household by household (test/screening/agreement.test.ts); the
 * API uses it to explain one household.
 */

/** What screening reads besides the household facts. */
export interface ScreeningContext {
  /** stage of the household's open monitoring case (neither rejected nor eliminated); null when there is none */
  openCaseStage: CaseStage | null;
  /** the latest visit on or before the as-of date (visit log or household.last_visit_on) */
  lastVisitOn: string | null;
}

/** S3 §三(二): lifted households and monitored households are visited at least every N months. */
export interface VisitCheck {
  /** the household is lifted or monitored, so visits are due */
  required: boolean;
  lifted: boolean;
  monitored: boolean;
  lastVisitOn: string | null;
  /** the day the next visit is due: the earliest of the obligations that apply; null when one has no start */
  dueOn: string | null;
  overdue: boolean;
}

export interface ReferenceOutcome {
  assessment: Assessment;
  guards: EliminationGuardResult;
  visit: VisitCheck;
  /** in the order of ScreeningFinding */
  findings: ScreeningFinding[];
}

const ELIMINATING = new Set<CaseStage>(ELIMINATION_STAGES);

/**
 * Visits due (S3 §三(二) "每月对脱贫户、监测对象走访不少于1次"): a lifted household from its last visit; a monitored
 * household from its last visit or its confirmation, whichever is later (a visit before it was confirmed does not
 * start the monitored rhythm late). No start date at all means the visit is overdue.
 */
export function visitCheck(
  facts: HouseholdFacts,
  policy: Pick<ResolvedPolicy, 'visits'>,
  asOf: string,
  lastVisitOn: string | null,
): VisitCheck {
  const lifted = facts.householdType === 'lifted_household';
  const monitored = facts.monitoring.status === 'monitoring_unresolved';
  const dues: (string | null)[] = [];
  if (lifted) dues.push(lastVisitOn ? addMonths(lastVisitOn, policy.visits.liftedHouseholdMonths) : null);
  if (monitored) {
    const since = facts.monitoring.confirmedOn ?? facts.monitoring.firstIdentifiedOn;
    const anchor =
      [lastVisitOn, since]
        .filter((d): d is string => !!d)
        .sort()
        .at(-1) ?? null;
    dues.push(anchor ? addMonths(anchor, policy.visits.monitoredHouseholdMonths) : null);
  }
  const dueOn = dues.includes(null) ? null : ((dues as string[]).sort()[0] ?? null);
  const overdue = dues.some((d) => d === null || d < asOf);
  return { required: lifted || monitored, lifted, monitored, lastVisitOn, dueOn, overdue };
}

/**
 * The findings of one household on `asOf` (issue 5 §3; S3 §三(二)(四)(六)(七)):
 * - should_include (应纳未纳): in scope by `assess`, not monitored (or eliminated) and no open case;
 * - should_eliminate (应消未消): monitored, every elimination guard met, no elimination procedure under way;
 * - should_flag_no_labor (应标未标): monitored, no counted member can work, mainly living on social security, and
 *   the whole-household-no-labour flag not set (DOMAIN §4.5 rule 5_11_033);
 * - visit_overdue: a lifted or monitored household whose visit is overdue.
 */
export function screenHousehold(
  facts: HouseholdFacts,
  policy: ResolvedPolicy,
  asOf: string,
  context: ScreeningContext,
): ReferenceOutcome {
  const assessment = assess(facts, policy, asOf);
  const guards = evaluateEliminationGuards(facts, policy, asOf);
  const visit = visitCheck(facts, policy, asOf, context.lastVisitOn);
  const status = facts.monitoring.status;
  const found = new Set<ScreeningFinding>();
  if (
    assessment.inScope &&
    (status === 'not_monitored' || status === 'risk_eliminated') &&
    context.openCaseStage === null
  ) {
    found.add('should_include');
  }
  if (
    status === 'monitoring_unresolved' &&
    guards.met &&
    (context.openCaseStage === null || !ELIMINATING.has(context.openCaseStage))
  ) {
    found.add('should_eliminate');
  }
  const nl = assessment.wholeHouseholdNoLabor;
  if (status === 'monitoring_unresolved' && !nl.flagged && nl.noLaborCapacity && nl.livesOnSocialSecurity) {
    found.add('should_flag_no_labor');
  }
  if (visit.required && visit.overdue) found.add('visit_overdue');
  return { assessment, guards, visit, findings: ScreeningFinding.values.filter((f) => found.has(f)) };
}
