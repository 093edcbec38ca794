import { readFacts, riskTypesOf } from './read-facts.js';
import { monthsBetween } from './dates.js';
import { RiskType } from './enums.js';
import { explainer, yesNo, type Explanation } from './explain.js';
import type { HouseholdFactsInput, MeasureFacts } from './household-facts.js';
import { fenToYuanText, type ResolvedPolicy } from './policy.js';

/**
 * 风险消除 guards (issue 3 §5; S1 §四(四); S3 §三(六)(七); DOMAIN §3.3). All must hold before an elimination may
 * be proposed or confirmed; each failure is named by its rule id. The case state machine calls this with the
 * household's facts on the day of the step.
 */
/**
 * The rule ids of the eight elimination guards, in the order `evaluateEliminationGuards` reports them (its
 * explanations and `failedRuleIds`); the set-based screening reads them from here.
 */
export const ELIMINATION_GUARD_RULE_IDS = [
  'S3.3.6.income_stably_above_line',
  'S3.3.6.guarantees_secured',
  'S1.4.4.rigid_expense_controlled',
  'S3.3.6.recorded_risk_gone',
  'S3.3.6.no_new_risk',
  'W3.min_months_monitored',
  'W3.min_measures',
  'S3.3.7.not_no_labor_household',
] as const;

export interface EliminationGuardResult {
  met: boolean;
  failedRuleIds: string[];
  explanations: Explanation[];
}

/** A measure counts as in place once it is being implemented or done and has started by the date. */
export function isMeasureInPlace(m: MeasureFacts, asOf: string): boolean {
  return (m.status === 'implementing' || m.status === 'done') && (m.startOn === null || m.startOn <= asOf);
}

const label = (types: readonly RiskType[], lang: 'zh' | 'en') =>
  types.map((t) => RiskType.labels[t][lang]).join(lang === 'zh' ? '、' : ', ');

export function evaluateEliminationGuards(
  input: HouseholdFactsInput,
  policy: ResolvedPolicy,
  asOf: string,
): EliminationGuardResult {
  const r = readFacts(input, policy, asOf);
  const h = r.household;
  const ex = explainer(policy);
  const g = policy.eliminationGuards;
  const out: Explanation[] = [];
  const failed: string[] = [];
  const guard = (
    ruleId: string,
    source: string,
    ok: boolean,
    message: { zh: string; en: string },
    facts: Record<string, unknown>,
    threshold: Record<string, unknown> = {},
  ) => {
    if (!ok) failed.push(ruleId);
    out.push(ex(ruleId, source, yesNo(ok), message, facts, threshold));
  };
  const line = `${fenToYuanText(policy.monitoringIncomeLineFen)}元`;
  const lineEn = `¥${fenToYuanText(policy.monitoringIncomeLineFen)}`;

  // 1. income stably above the line
  const s = r.stableIncome;
  guard(
    'S3.3.6.income_stably_above_line',
    'S1 §四(四)；S3 §三(六)',
    s.holds === true,
    s.holds === true
      ? {
          zh: `自 ${s.windowStart} 起人均纯收入稳定超过监测范围 ${line}`,
          en: `per-capita income has been above the line of ${lineEn} since ${s.windowStart}`,
        }
      : s.holds === false
        ? {
            zh: `${s.windowStart} 以来有收入记录人均纯收入未超过监测范围 ${line}`,
            en: `a record in force since ${s.windowStart} is not above the line of ${lineEn}`,
          }
        : {
            zh: `没有覆盖 ${s.windowStart} 以来的收入记录，不能证明收入稳定`,
            en: `no income record covers the time since ${s.windowStart}: stability cannot be shown`,
          },
    { countedMembers: r.income.countedMembers, records: s.records },
    {
      monitoringIncomeLineFen: policy.monitoringIncomeLineFen,
      stableIncomeMonths: g.stableIncomeMonths,
      comparison: 'net > line × people',
    },
  );

  // 2. 两不愁三保障 and water secured
  const gu = r.guarantees;
  guard(
    'S3.3.6.guarantees_secured',
    'S1 §四(四)；S3 §三(六)',
    gu.secured,
    gu.secured
      ? { zh: '"三保障"和饮水安全持续巩固', en: 'the guarantees and safe water are secured' }
      : { zh: '"两不愁三保障"或饮水安全仍有问题', en: 'a guarantee or safe water still fails' },
    {
      foodClothing: gu.foodClothing,
      compulsoryEducation: gu.compulsoryEducation,
      basicMedical: gu.basicMedical,
      housing: gu.housing,
      water: gu.water,
    },
  );

  // 3. rigid expenditure under control (S1 §四(四): 刚性支出不可控 keeps the help going)
  const rigidOk = r.income.rigidExpenseAbovePreviousIncome === false;
  guard(
    'S1.4.4.rigid_expense_controlled',
    'S1 §四(四)',
    rigidOk,
    rigidOk
      ? { zh: '刚性支出未超过上年度收入', en: "rigid expenditure is not above last year's income" }
      : r.income.rigidExpenseAbovePreviousIncome === true
        ? { zh: '刚性支出仍明显超过上年度收入', en: "rigid expenditure is still above last year's income" }
        : {
            zh: '缺少当年收支或上年度收入记录，无法确认刚性支出可控',
            en: "no current record or no previous year's income: rigid expenditure cannot be shown under control",
          },
    {
      rigidExpenseFen: r.income.rigidExpenseFen,
      previousYearNetFen: r.income.previousYearNetFen,
      record: r.income.record,
    },
    { rigidExpenseShareOfPreviousIncome: policy.suddenHardship.rigidExpenseShareOfPreviousIncome },
  );

  // 4. the risk recorded at identification is gone; 5. no new risk (S3 §三(六))
  const recorded = new Set<RiskType>(h.monitoring.riskTypes);
  const acute = riskTypesOf(r.risks.filter((x) => x.kind === 'acute'));
  const all = riskTypesOf(r.risks);
  const stillActive = acute.filter((t) => recorded.has(t));
  const mitigated = all.filter((t) => recorded.has(t) && !acute.includes(t));
  guard(
    'S3.3.6.recorded_risk_gone',
    'S1 §四(四)；S3 §三(六)',
    stillActive.length === 0,
    stillActive.length
      ? {
          zh: `识别时的风险仍然存在：${label(stillActive, 'zh')}`,
          en: `risk(s) recorded at identification still present: ${label(stillActive, 'en')}`,
        }
      : {
          zh: `识别时的风险已消除${mitigated.length ? `（${label(mitigated, 'zh')}为家庭长期状况，收入与保障已稳定）` : ''}`,
          en: `the risk(s) recorded at identification are gone${mitigated.length ? ` (${label(mitigated, 'en')}: a lasting condition, with income and guarantees now stable)` : ''}`,
        },
    { recordedRiskTypes: [...recorded], activeRiskTypes: acute, lastingConditions: mitigated },
  );
  const fresh = all.filter((t) => !recorded.has(t));
  guard(
    'S3.3.6.no_new_risk',
    'S3 §三(六)',
    fresh.length === 0,
    fresh.length
      ? { zh: `出现新的致贫返贫风险：${label(fresh, 'zh')}`, en: `new risk(s): ${label(fresh, 'en')}` }
      : { zh: '不存在新增致贫返贫风险', en: 'no new risk' },
    { recordedRiskTypes: [...recorded], riskTypesFound: all },
  );

  // 6. months monitored
  const since = h.monitoring.confirmedOn ?? h.monitoring.firstIdentifiedOn;
  const months = since && since <= asOf ? monthsBetween(since, asOf) : null;
  guard(
    'W3.min_months_monitored',
    // a working rule of ours, not a seed's: it cites no document
    '',
    months !== null && months >= g.minMonthsMonitored,
    months === null
      ? { zh: '没有认定日期，无法计算监测时长', en: 'no confirmation date: months monitored unknown' }
      : {
          zh: `自 ${since} 认定以来已监测 ${months} 个月（至少 ${g.minMonthsMonitored} 个月）`,
          en: `monitored for ${months} month(s) since ${since} (at least ${g.minMonthsMonitored})`,
        },
    {
      confirmedOn: h.monitoring.confirmedOn,
      firstIdentifiedOn: h.monitoring.firstIdentifiedOn,
      monthsMonitored: months,
    },
    { minMonthsMonitored: g.minMonthsMonitored },
  );

  // 7. measures in place
  const inPlace = h.monitoring.measures.filter((m) => isMeasureInPlace(m, asOf));
  guard(
    'W3.min_measures',
    'S3 §三(五)',
    inPlace.length >= g.minMeasures,
    {
      zh: `已落实帮扶措施 ${inPlace.length} 项（至少 ${g.minMeasures} 项）`,
      en: `${inPlace.length} measure(s) in place (at least ${g.minMeasures})`,
    },
    {
      measuresInPlace: inPlace.map((m) => ({ type: m.type, status: m.status, startOn: m.startOn })),
      measuresRecorded: h.monitoring.measures.length,
    },
    { minMeasures: g.minMeasures },
  );

  // 8. not a household without labour (S1 §四(四): 暂不标注风险消除; S3 §三(七))
  const noLabor = h.monitoring.wholeHouseholdNoLabor || r.noLaborCapacity;
  guard(
    'S3.3.7.not_no_labor_household',
    'S1 §四(四)；S3 §三(七)',
    !noLabor,
    noLabor
      ? {
          zh: `${h.monitoring.wholeHouseholdNoLabor ? '已标注整户无劳动能力' : '全户无劳动能力'}，落实社会保障措施后暂不标注风险消除，持续跟踪监测`,
          en: `${h.monitoring.wholeHouseholdNoLabor ? 'flagged as a whole-household-no-labour household' : 'no member can work'}: not marked eliminated; monitoring continues after social-security measures`,
        }
      : {
          zh: '家中有劳动能力的成员，未标注整户无劳动能力',
          en: 'some member can work and the no-labour flag is not set',
        },
    { wholeHouseholdNoLabor: h.monitoring.wholeHouseholdNoLabor, noLaborCapacity: r.noLaborCapacity },
  );

  return { met: failed.length === 0, failedRuleIds: failed, explanations: out };
}
