import { ScreeningFinding, type Explanation } from '@dixian/core';
import { GUARDS, lit } from './sql-parts.js';

/** What a run stores per row: core's Explanation without the message, plus the deciding reasons. */
export type StoredExplanation = Omit<Explanation, 'message'> & { reasons: string[] };

/**
 * The per-household explanation a run stores (screening_result.explanation), built in SQL from the evaluation
 * row `x` for the finding `f.finding`, in the shape of core's Explanation without its message: ruleId, source,
 * outcome, the facts read, the thresholds compared, the policy version, plus `reasons` (the rule ids, or state
 * changes such as `monitoring_status:monitoring_unresolved`, that decide the finding). For a departure
 * (f.cleared) the same explanation says, with outcome 'no', why the household is no longer flagged. The zh/en
 * message is written from these facts when a run is read (./describe.ts): text formatting in SQL cost more than
 * the rules themselves (measured: 87 µs per stored row).
 *
 * Stored compact: a JSON array of text, `['e1', policy version, reasons, ...facts, ...thresholds]`, in the order
 * of the finding's layout below, and expanded to the named object by `readExplanation` when a run is read.
 * Building the named object with jsonb_build_object cost 31 µs per stored row (a fifth of a run at a million
 * households); one text array costs a tenth of that. Rows stored as objects by earlier versions read as they are.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

const statusToken = `'monitoring_status:' || x.monitoring_status`;
const caseToken = `'open_case:' || x.case_stage`;

/** How a stored value is written to text and read back. */
type Kind = 'text' | 'int' | 'bool' | 'list' | 'json';
/** key, SQL expression over the evaluation row `x`, kind */
type Field = [string, string, Kind];

interface FindingSql {
  ruleId: string;
  source: string;
  reasonsFlagged: string;
  reasonsCleared: string;
  facts: Field[];
  threshold: Field[];
  /** thresholds that are the same for every row */
  fixedThreshold: Record<string, unknown>;
}

/** evaluateEliminationGuards' rule ids, all met */
const ALL_GUARDS = `array[${lit(GUARDS)}]::text[]`;

export const FINDING_RULES: Record<ScreeningFinding, { ruleId: string; source: string }> = {
  should_include: { ruleId: 'S3.3.4.should_include', source: 'S3 §三(四)；S0 方案二 §二；S1 §三' },
  should_eliminate: { ruleId: 'S3.3.6.should_eliminate', source: 'S3 §三(六)；S1 §四(四)' },
  should_flag_no_labor: {
    ruleId: 'S3.3.7.should_flag_no_labor',
    source: 'S3 §三(七)；S1 §四(四)',
  },
  visit_overdue: { ruleId: 'S3.3.2.visit_overdue', source: 'S3 §三(二)' },
};

const FINDINGS: Record<ScreeningFinding, FindingSql> = {
  should_include: {
    ...FINDING_RULES.should_include,
    reasonsFlagged: 'x.grounds',
    reasonsCleared: `array_remove(array[
      case when not x.population then 'S1.3.2.rural_population' end,
      case when x.ground_mask = 0 then 'assess.conclusion' end,
      case when x.monitoring_status not in ('not_monitored', 'risk_eliminated') then ${statusToken} end,
      case when x.case_stage is not null then ${caseToken} end]::text[], null) || x.exclusions`,
    facts: [
      ['monitoringStatus', 'x.monitoring_status', 'text'],
      ['openCaseStage', 'x.case_stage', 'text'],
      ['householdType', 'x.household_type', 'text'],
      ['category', 'x.category', 'text'],
      ['grounds', 'x.grounds', 'list'],
      ['exclusions', 'x.exclusions', 'list'],
      ['riskTypes', 'x.risk_types_found', 'list'],
      ['population', 'x.population', 'bool'],
      ['countedMembers', 'x.people', 'int'],
      ['incomeYear', 'x.cur_year', 'int'],
      ['incomeKind', 'x.cur_kind', 'text'],
      ['netIncomeFen', 'x.cur_net', 'int'],
      ['belowLine', 'x.below', 'bool'],
      ['previousYearNetFen', 'x.prev_net', 'int'],
      ['rigidExpenseFen', 'x.rigid', 'int'],
      ['rigidExpenseAbovePreviousIncome', 'x.rigid_above', 'bool'],
      ['sharpIncomeDrop', 'x.sharp_drop', 'bool'],
      ['guaranteesSecured', 'x.secured', 'bool'],
      ['guaranteesSelfResolvable', 'x.guarantees_self_resolvable', 'bool'],
      ['events', 'x.ev_list', 'json'],
    ],
    threshold: [
      ['monitoringIncomeLineFen', 'x.line', 'int'],
      ['belowLineRequiresRisk', 'x.require_risk', 'bool'],
    ],
    fixedThreshold: { comparison: 'net < line × people' },
  },
  should_eliminate: {
    ...FINDING_RULES.should_eliminate,
    reasonsFlagged: ALL_GUARDS,
    reasonsCleared: `x.guards_failed || array_remove(array[
      case when x.monitoring_status <> 'monitoring_unresolved' then ${statusToken} end,
      case when x.monitoring_status = 'monitoring_unresolved' and x.guard_mask = 0 then ${caseToken} end
      ]::text[], null)`,
    facts: [
      ['monitoringStatus', 'x.monitoring_status', 'text'],
      ['openCaseStage', 'x.case_stage', 'text'],
      ['monitoredSince', 'x.monitored_since', 'text'],
      ['monthsMonitored', 'x.months_monitored', 'int'],
      ['measuresInPlace', 'x.measures_in_place', 'int'],
      ['measuresRecorded', 'x.measures_recorded', 'int'],
      ['stableIncome', 'x.stable', 'bool'],
      ['incomeAtWindowStartFen', 'x.start_net', 'int'],
      ['lowestIncomeInWindowFen', 'x.window_min_net', 'int'],
      ['countedMembers', 'x.people', 'int'],
      ['recordedRiskTypes', 'x.risk_types', 'list'],
      ['riskTypesFound', 'x.risk_types_found', 'list'],
      ['activeRiskTypes', 'x.acute_types', 'list'],
      ['guaranteesSecured', 'x.secured', 'bool'],
      ['rigidExpenseAbovePreviousIncome', 'x.rigid_above', 'bool'],
      ['noLaborCapacity', 'x.no_labor_capacity', 'bool'],
      ['wholeHouseholdNoLabor', 'x.whole_household_no_labor', 'bool'],
      ['guardsFailed', 'x.guards_failed', 'list'],
    ],
    threshold: [
      ['monitoringIncomeLineFen', 'x.line', 'int'],
      ['stableIncomeMonths', 'x.stable_months', 'int'],
      ['windowStart', 'x.window_start', 'text'],
      ['minMonthsMonitored', 'x.min_months', 'int'],
      ['minMeasures', 'x.min_measures', 'int'],
    ],
    fixedThreshold: { comparison: 'net > line × people' },
  },
  should_flag_no_labor: {
    ...FINDING_RULES.should_flag_no_labor,
    reasonsFlagged: `array['S3.3.7.whole_household_no_labor']::text[]`,
    reasonsCleared: `array_remove(array[
      case when x.whole_household_no_labor then 'whole_household_no_labor:flagged' end,
      case when not x.no_labor_capacity then 'S3.3.7.whole_household_no_labor' end,
      case when not x.lives_on_social_security then 'lives_on_social_security:no' end,
      case when x.monitoring_status <> 'monitoring_unresolved' then ${statusToken} end]::text[], null)`,
    facts: [
      ['monitoringStatus', 'x.monitoring_status', 'text'],
      ['countedMembers', 'x.people', 'int'],
      ['noLaborCapacity', 'x.no_labor_capacity', 'bool'],
      ['receivesDibaoOrTekun', 'x.receives_dibao or x.is_tekun or x.any_member & 128 <> 0', 'bool'],
      ['transferFen', 'x.cur_transfer', 'int'],
      ['grossIncomeFen', 'x.cur_wage + x.cur_business_gross + x.cur_property + x.cur_transfer', 'int'],
      ['livesOnSocialSecurity', 'x.lives_on_social_security', 'bool'],
      ['flagged', 'x.whole_household_no_labor', 'bool'],
    ],
    threshold: [],
    fixedThreshold: { noCapacity: ['lost', 'none'], mainlyTransfers: 'transfer × 2 ≥ gross income' },
  },
  visit_overdue: {
    ...FINDING_RULES.visit_overdue,
    reasonsFlagged: `array['S3.3.2.monthly_visits']::text[]`,
    reasonsCleared: `array_remove(array[
      case when x.household_type <> 'lifted_household' and x.monitoring_status <> 'monitoring_unresolved'
        then ${statusToken} end,
      case when x.last_visit is not null then 'visited:' || x.last_visit end]::text[], null)`,
    facts: [
      ['householdType', 'x.household_type', 'text'],
      ['monitoringStatus', 'x.monitoring_status', 'text'],
      ['lastVisitOn', 'x.last_visit', 'text'],
      ['monitoredSince', 'x.monitored_since', 'text'],
      ['dueOn', 'least(x.lifted_due, x.monitored_due)', 'text'],
    ],
    threshold: [
      ['liftedHouseholdMonths', 'x.visit_lifted_months', 'int'],
      ['monitoredHouseholdMonths', 'x.visit_monitored_months', 'int'],
    ],
    fixedThreshold: {},
  },
};

/** A stored value written as text: lists joined by commas (rule ids, risk types and states hold none). */
function asText(sql: string, kind: Kind): string {
  return kind === 'list' ? `array_to_string(${sql}, ',')` : `(${sql})::text`;
}

/** Format tags of the compact explanation: a finding's own, and a departure out of the run's scope. */
const FINDING_TAG = 'e1';
const OUT_OF_SCOPE_TAG = 'o1';

/** The explanation jsonb of row `x` for finding `f.finding`, flagged or (f.cleared) departed (compact, see above). */
export function explanationSql(): string {
  const per = (k: ScreeningFinding) => {
    const f = FINDINGS[k];
    const values = [...f.facts, ...f.threshold].map(([, sql, kind]) => asText(sql, kind));
    return `array['${FINDING_TAG}', x.version_label,
      array_to_string(case when f.cleared then ${f.reasonsCleared} else ${f.reasonsFlagged} end, ','),
      ${values.join(',\n      ')}]::text[]`;
  };
  return `to_jsonb(case f.finding ${ScreeningFinding.values.map((k) => `when ${q(k)} then ${per(k)}`).join(' ')} end)`;
}

/** The policy version of a stored explanation `e` (compact or, stored by an earlier version, an object). */
const policyVersionOf = (e: string) =>
  `case when jsonb_typeof(${e}) = 'array' then ${e}->>1 else ${e}->>'policyVersion' end`;

/** The explanation of a household flagged by the previous run (row `p`) that is no longer in this run's scope. */
export function outOfScopeExplanationSql(): string {
  return `to_jsonb(array['${OUT_OF_SCOPE_TAG}', ${policyVersionOf('p.explanation')}, 'out_of_scope', p.region_code]::text[])`;
}

function fromText(v: string | null, kind: Kind): unknown {
  if (v === null) return null;
  switch (kind) {
    case 'int':
      return Number(v);
    case 'bool':
      return v === 'true';
    case 'list':
      return v === '' ? [] : v.split(',');
    case 'json':
      return JSON.parse(v) as unknown;
    default:
      return v;
  }
}

/**
 * A stored explanation as the named object (core's Explanation without the message, plus reasons): the compact
 * array a run writes expanded by the finding's layout; an object stored by an earlier version as it is, with the
 * rule's source of today.
 */
export function readExplanation(finding: ScreeningFinding, cleared: boolean, stored: unknown): StoredExplanation {
  const rule = FINDING_RULES[finding];
  // an object stored by an earlier version keeps its facts, but cites the seeds as the rule does now (earlier
  // versions named our design documents there, which no officer should read)
  if (!Array.isArray(stored)) return { ...(stored as StoredExplanation), source: rule.source };
  const [tag, policyVersion, reasons, ...values] = stored as (string | null)[];
  const common = { ruleId: rule.ruleId, source: rule.source, policyVersion: policyVersion ?? '' };
  if (tag === OUT_OF_SCOPE_TAG) {
    return {
      ...common,
      outcome: 'no',
      facts: { previousRegionCode: values[0] ?? null },
      threshold: {},
      reasons: ['out_of_scope'],
    };
  }
  if (tag !== FINDING_TAG) throw new Error(`screening explanation: unknown format ${JSON.stringify(tag)}`);
  const layout = FINDINGS[finding];
  const named = (fields: Field[], offset: number) =>
    Object.fromEntries(fields.map(([key, , kind], i) => [key, fromText(values[offset + i] ?? null, kind)]));
  return {
    ...common,
    outcome: cleared ? 'no' : 'yes',
    facts: named(layout.facts, 0),
    threshold: { ...named(layout.threshold, layout.facts.length), ...layout.fixedThreshold },
    reasons: fromText(reasons ?? '', 'list') as string[],
  };
}
