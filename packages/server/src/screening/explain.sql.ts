import { MonitoringCategory, MonitoringStatus, ScreeningFinding } from '@dixian/core';

/**
 * The per-household explanation a run stores (screening_result.explanation), built in SQL from the evaluation
 * row `x` for the finding `f.finding` in the shape of core's Explanation (ruleId, source, outcome, message zh/en,
 * facts, threshold, policyVersion) plus `reasons`: the rule ids (or state changes such as
 * `monitoring_status:monitoring_unresolved`) that decide the finding. For a departure (f.cleared) the same
 * explanation says, with outcome 'no', why the household is no longer flagged.
 */

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

function labelCase(column: string, labels: Record<string, { zh: string; en: string }>, lang: 'zh' | 'en'): string {
  return `case ${column} ${Object.entries(labels)
    .map(([k, l]) => `when ${q(k)} then ${q(l[lang])}`)
    .join(' ')} else ${column} end`;
}

const statusZh = labelCase('x.monitoring_status', MonitoringStatus.labels, 'zh');
const categoryZh = `coalesce(${labelCase('x.category', MonitoringCategory.labels, 'zh')}, '类别待定')`;
const yuan = (col: string) =>
  `case when ${col} is null then '—' else to_char(${col}::numeric / 100, 'FM999999999999990.00') || '元' end`;
const yuanEn = (col: string) =>
  `case when ${col} is null then '—' else '¥' || to_char(${col}::numeric / 100, 'FM999999999999990.00') end`;
const list = (arr: string, sep: string) => `array_to_string(${arr}, ${q(sep)})`;

const incomeFacts = `jsonb_build_object(
    'countedMembers', x.people,
    'record', case when x.cur_year is null then null else jsonb_build_object('year', x.cur_year, 'kind', x.cur_kind,
      'periodStart', x.cur_start, 'periodEnd', x.cur_end) end,
    'netIncomeFen', x.cur_net,
    'perCapitaFen', case when x.people > 0 then floor(x.cur_net::numeric / x.people) end,
    'belowLine', x.below,
    'previousYearNetFen', x.prev_net,
    'rigidExpenseFen', x.rigid,
    'rigidExpenseAbovePreviousIncome', x.rigid_above,
    'sharpIncomeDrop', x.sharp_drop)`;

const guaranteeFacts = `jsonb_build_object(
    'secured', x.secured,
    'foodClothingSecure', x.food_clothing_secure,
    'compulsoryAgeDropouts', x.n_dropouts,
    'membersWithoutBasicMedicalInsurance', x.n_uninsured,
    'housingSafetyGrade', x.housing_safety_grade,
    'drinkingWaterSafe', x.drinking_water_safe,
    'selfResolvable', x.guarantees_self_resolvable)`;

const statusToken = `'monitoring_status:' || x.monitoring_status`;
const caseToken = `'open_case:' || x.case_stage`;

interface FindingSql {
  ruleId: string;
  source: string;
  reasonsFlagged: string;
  reasonsCleared: string;
  messageZh: string;
  messageEn: string;
  facts: string;
  threshold: string;
}

const GUARD_IDS = [
  'S3.3.6.income_stably_above_line',
  'S3.3.6.guarantees_secured',
  'S1.4.4.rigid_expense_controlled',
  'S3.3.6.recorded_risk_gone',
  'S3.3.6.no_new_risk',
  'W3.min_months_monitored',
  'W3.min_measures',
  'S3.3.7.not_no_labor_household',
];

const FINDINGS: Record<ScreeningFinding, FindingSql> = {
  should_include: {
    ruleId: 'S3.3.4.should_include',
    source: 'S3 §三(四)；S0 方案二 §二；S1 §三',
    reasonsFlagged: 'x.grounds',
    reasonsCleared: `array_remove(array[
      case when not x.population then 'S1.3.2.rural_population' end,
      case when cardinality(x.grounds) = 0 then 'assess.conclusion' end,
      case when x.monitoring_status not in ('not_monitored', 'risk_eliminated') then ${statusToken} end,
      case when x.case_stage is not null then ${caseToken} end]::text[], null) || x.exclusions`,
    messageZh: `'符合纳入监测条件（' || ${categoryZh} || '；依据 ' || ${list('x.grounds', '、')} || '），但' || ${statusZh} || '，应纳未纳'`,
    messageEn: `'meets the conditions for monitoring (' || coalesce(x.category, 'category to be decided') || '; ' || ${list('x.grounds', ', ')} || ') but is not monitored (' || x.monitoring_status || ')'`,
    facts: `jsonb_build_object(
      'monitoringStatus', x.monitoring_status, 'openCaseStage', x.case_stage, 'inScope', x.in_scope,
      'category', x.category, 'grounds', to_jsonb(x.grounds), 'exclusions', to_jsonb(x.exclusions),
      'riskTypes', to_jsonb(x.risk_types_found), 'population', x.population, 'events', x.ev_list,
      'income', ${incomeFacts}, 'guarantees', ${guaranteeFacts})`,
    threshold: `jsonb_build_object('monitoringIncomeLineFen', x.line, 'lineTimesPeopleFen',
      case when x.people > 0 then x.line * x.people end, 'belowLineRequiresRisk', x.require_risk,
      'comparison', 'net < line × people')`,
  },
  should_eliminate: {
    ruleId: 'S3.3.6.should_eliminate',
    source: 'S3 §三(六)；S1 §四(四)；DOMAIN §3.3',
    reasonsFlagged: `array[${GUARD_IDS.map(q).join(', ')}]::text[]`,
    reasonsCleared: `x.guards_failed || array_remove(array[
      case when x.monitoring_status <> 'monitoring_unresolved' then ${statusToken} end,
      case when x.monitoring_status = 'monitoring_unresolved' and cardinality(x.guards_failed) = 0 then ${caseToken} end
      ]::text[], null)`,
    messageZh: `'风险消除条件均已满足：收入稳定超过监测范围 ' || ${yuan('x.line')} || '/人·年，"三保障"和饮水安全巩固，风险已消除且无新增风险，已监测 ' || x.months_monitored || ' 个月，已落实措施 ' || x.measures_in_place || ' 项；应启动风险消除程序（应消未消）'`,
    messageEn: `'every elimination guard is met: income stably above ' || ${yuanEn('x.line')} || ' per person, guarantees and water secured, risks gone and no new risk, monitored for ' || x.months_monitored || ' month(s), ' || x.measures_in_place || ' measure(s) in place; elimination should be proposed'`,
    facts: `jsonb_build_object(
      'monitoringStatus', x.monitoring_status, 'openCaseStage', x.case_stage, 'monitoredSince', x.monitored_since,
      'monthsMonitored', x.months_monitored, 'measuresInPlace', x.measures_in_place,
      'measuresRecorded', x.measures_recorded, 'stableIncome', x.stable, 'incomeAtWindowStartFen', x.start_net,
      'lowestIncomeInWindowFen', x.window_min_net, 'recordedRiskTypes', to_jsonb(x.risk_types),
      'riskTypesFound', to_jsonb(x.risk_types_found), 'activeRiskTypes', to_jsonb(x.acute_types),
      'wholeHouseholdNoLabor', x.whole_household_no_labor, 'noLaborCapacity', x.no_labor_capacity,
      'guardsFailed', to_jsonb(x.guards_failed), 'income', ${incomeFacts}, 'guarantees', ${guaranteeFacts})`,
    threshold: `jsonb_build_object('monitoringIncomeLineFen', x.line, 'stableIncomeMonths', x.stable_months,
      'windowStart', x.window_start, 'minMonthsMonitored', x.min_months, 'minMeasures', x.min_measures,
      'rigidExpenseShareOfPreviousIncome', x.rigid_bp::numeric / 10000, 'comparison', 'net > line × people')`,
  },
  should_flag_no_labor: {
    ruleId: 'S3.3.7.should_flag_no_labor',
    source: 'S3 §三(七)；S1 §四(四)；DOMAIN §4.5 5_11_033',
    reasonsFlagged: `array['S3.3.7.whole_household_no_labor']::text[]`,
    reasonsCleared: `array_remove(array[
      case when x.whole_household_no_labor then 'whole_household_no_labor:flagged' end,
      case when not x.no_labor_capacity then 'S3.3.7.whole_household_no_labor' end,
      case when not x.lives_on_social_security then 'lives_on_social_security:no' end,
      case when x.monitoring_status <> 'monitoring_unresolved' then ${statusToken} end]::text[], null)`,
    messageZh: `'监测对象全户 ' || x.people || ' 人均无劳动能力，主要依靠社会保障维持基本生活，但未标注整户无劳动能力兜底保障户（应标未标）'`,
    messageEn: `'all ' || x.people || ' counted member(s) of this monitored household lack labour capacity and it lives mainly on social security, but the whole-household-no-labour flag is not set'`,
    facts: `jsonb_build_object(
      'monitoringStatus', x.monitoring_status, 'countedMembers', x.people,
      'membersWithoutLaborCapacity', x.n_no_capacity, 'noLaborCapacity', x.no_labor_capacity,
      'receivesDibaoOrTekun', x.receives_dibao or x.is_tekun or x.n_assisted > 0,
      'transferFen', x.cur_transfer,
      'grossIncomeFen', x.cur_wage + x.cur_business_gross + x.cur_property + x.cur_transfer,
      'livesOnSocialSecurity', x.lives_on_social_security, 'flagged', x.whole_household_no_labor)`,
    threshold: `jsonb_build_object('noCapacity', jsonb_build_array('lost', 'none'),
      'mainlyTransfers', 'transfer × 2 ≥ gross income')`,
  },
  visit_overdue: {
    ruleId: 'S3.3.2.visit_overdue',
    source: 'S3 §三(二)',
    reasonsFlagged: `array['S3.3.2.monthly_visits']::text[]`,
    reasonsCleared: `array_remove(array[
      case when x.household_type <> 'lifted_household' and x.monitoring_status <> 'monitoring_unresolved'
        then ${statusToken} end,
      case when x.last_visit is not null then 'visited:' || x.last_visit end]::text[], null)`,
    messageZh: `case when x.household_type = 'lifted_household' then '脱贫户' else '监测对象' end || '走访逾期：'
      || coalesce('上次走访 ' || x.last_visit, '没有走访记录') || coalesce('，应于 ' || least(x.lifted_due, x.monitored_due) || ' 前走访', '')`,
    messageEn: `'visit overdue (' || x.household_type || ', ' || x.monitoring_status || '): '
      || coalesce('last visit ' || x.last_visit, 'no visit recorded') || coalesce(', due by ' || least(x.lifted_due, x.monitored_due), '')`,
    facts: `jsonb_build_object(
      'householdType', x.household_type, 'monitoringStatus', x.monitoring_status, 'lastVisitOn', x.last_visit,
      'monitoredSince', x.monitored_since, 'liftedDueOn', x.lifted_due, 'monitoredDueOn', x.monitored_due)`,
    threshold: `jsonb_build_object('liftedHouseholdMonths', x.visit_lifted_months,
      'monitoredHouseholdMonths', x.visit_monitored_months)`,
  },
};

/** The explanation jsonb of row `x` for finding `f.finding`, flagged or (f.cleared) departed. */
export function explanationSql(): string {
  const pick = (field: keyof FindingSql) =>
    `case f.finding ${ScreeningFinding.values.map((k) => `when ${q(k)} then ${FINDINGS[k][field]}`).join(' ')} end`;
  const ids = `case f.finding ${ScreeningFinding.values.map((k) => `when ${q(k)} then ${q(FINDINGS[k].ruleId)}`).join(' ')} end`;
  const sources = `case f.finding ${ScreeningFinding.values.map((k) => `when ${q(k)} then ${q(FINDINGS[k].source)}`).join(' ')} end`;
  const findingZh = labelCase('f.finding', ScreeningFinding.labels, 'zh');
  const findingEn = labelCase('f.finding', ScreeningFinding.labels, 'en');
  return `jsonb_build_object(
    'ruleId', ${ids},
    'source', ${sources},
    'outcome', case when f.cleared then 'no' else 'yes' end,
    'message', case when f.cleared then jsonb_build_object(
        'zh', '不再' || ${findingZh} || '：' || array_to_string(${pick('reasonsCleared')}, '、'),
        'en', 'no longer "' || ${findingEn} || '": ' || array_to_string(${pick('reasonsCleared')}, ', '))
      else jsonb_build_object('zh', ${pick('messageZh')}, 'en', ${pick('messageEn')}) end,
    'facts', ${pick('facts')},
    'threshold', ${pick('threshold')},
    'policyVersion', x.version_label,
    'reasons', to_jsonb(case when f.cleared then ${pick('reasonsCleared')} else ${pick('reasonsFlagged')} end))`;
}

/** The explanation of a household flagged by the previous run that is no longer in this run's scope. */
export function outOfScopeExplanationSql(): string {
  return `jsonb_build_object(
    'ruleId', p.explanation->>'ruleId',
    'source', p.explanation->>'source',
    'outcome', 'no',
    'message', jsonb_build_object('zh', '农户已不在本次排查范围内（已迁出或注销）',
      'en', 'the household is no longer within the screened scope (moved or removed)'),
    'facts', jsonb_build_object('previousRegionCode', p.region_code),
    'threshold', '{}'::jsonb,
    'policyVersion', p.explanation->>'policyVersion',
    'reasons', jsonb_build_array('out_of_scope'))`;
}
