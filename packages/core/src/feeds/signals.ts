/**
 * Department warning rules (部门筛查预警; issue 5 §2, DOMAIN §6, S1 §四(二)3). A feed row names one candidate
 * signal; whether it becomes a warning depends on the policy's thresholds and on the household it matched. The
 * server evaluates the same conditions in set-based SQL (feeds/warning-sql.ts); a test feeds both engines the same
 * generated rows and demands the same answers.
 */
import type { Department, Label, MonitoringStatus, RiskType } from '../enums.js';
import type { PolicyBody } from '../policy.js';

export const SIGNAL_TYPES = [
  'medical_out_of_pocket',
  'serious_illness',
  'severe_disability',
  'unsafe_housing',
  'disaster_loss',
  'school_dropout',
  'schooling_self_pay',
  'main_earner_unemployed',
  'new_dibao_not_monitored',
  'death_changes_size',
  'water_outage',
  'industry_failure',
] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** What a signal means, where the rule comes from, and which 致贫/返贫 risk it points at. */
export interface SignalRule {
  signal: SignalType;
  department: Department;
  label: Label;
  /** seed paragraph the rule implements (officers read it: never our design documents) */
  source: string;
  /** risk types of a lead raised by this signal (the disaster rule picks per row) */
  riskTypes: RiskType[];
  /** unit of metric and threshold */
  unit: 'fen' | 'days' | 'grade' | null;
}

export const SIGNAL_RULES: Record<SignalType, SignalRule> = {
  medical_out_of_pocket: {
    signal: 'medical_out_of_pocket',
    department: 'medical_insurance',
    label: { zh: '医疗个人自付费用过高', en: 'High out-of-pocket medical cost' },
    source: 'S1 §三(二) 刚性支出明显超过上年度收入; S1 §四(一)2',
    riskTypes: ['illness'],
    unit: 'fen',
  },
  serious_illness: {
    signal: 'serious_illness',
    department: 'health',
    label: { zh: '新增大病患者', en: 'Newly diagnosed serious illness' },
    source: 'S1 §三(一) 重点关注有大病重病; S1 §四(一)1–2',
    riskTypes: ['illness'],
    unit: null,
  },
  severe_disability: {
    signal: 'severe_disability',
    department: 'disabled_federation',
    label: { zh: '新增重度残疾', en: 'New severe disability' },
    source: 'S1 §四(一)3 重度残疾人',
    riskTypes: ['disability'],
    unit: 'grade',
  },
  unsafe_housing: {
    signal: 'unsafe_housing',
    department: 'housing',
    label: { zh: '住房鉴定为危房', en: 'House appraised unsafe' },
    source: 'S1 §三(二) 两不愁三保障',
    riskTypes: ['housing_unsafe'],
    unit: null,
  },
  disaster_loss: {
    signal: 'disaster_loss',
    department: 'emergency',
    label: { zh: '受灾或意外事故损失', en: 'Disaster or accident loss' },
    source: 'S1 §四(一)6',
    riskTypes: ['natural_disaster'],
    unit: 'fen',
  },
  school_dropout: {
    signal: 'school_dropout',
    department: 'education',
    label: { zh: '义务教育阶段失学辍学', en: 'Compulsory-age child out of school' },
    source: 'S1 §三(二) 义务教育有保障',
    riskTypes: ['school_dropout'],
    unit: null,
  },
  schooling_self_pay: {
    signal: 'schooling_self_pay',
    department: 'education',
    label: { zh: '非义务教育自付费用过高', en: 'High self-paid schooling cost' },
    source: 'S1 §四(一)2 教育支出等刚性支出',
    riskTypes: ['education'],
    unit: 'fen',
  },
  main_earner_unemployed: {
    signal: 'main_earner_unemployed',
    department: 'human_resources',
    label: { zh: '家庭主要劳动力失业', en: 'Main earner unemployed' },
    source: 'S1 §四(一)1 家庭主要劳动力…劳动力大幅减少; S1 §三(二) 收入大幅缩减',
    riskTypes: ['unstable_employment'],
    unit: null,
  },
  new_dibao_not_monitored: {
    signal: 'new_dibao_not_monitored',
    department: 'civil_affairs',
    label: { zh: '新增低保或分散特困户未纳入监测', en: 'New dibao or tekun household not monitored' },
    source: 'S3 §三(二) 新增的低保对象和分散供养特困人员…坚决杜绝以落实低保为由不识别监测对象',
    riskTypes: [],
    unit: null,
  },
  death_changes_size: {
    signal: 'death_changes_size',
    department: 'civil_affairs',
    label: { zh: '家庭成员死亡致家庭人口变化', en: 'A death changes the household size' },
    source: 'S1 §三(二) 收入大幅缩减',
    riskTypes: [],
    unit: null,
  },
  water_outage: {
    signal: 'water_outage',
    department: 'water',
    label: { zh: '饮水安全问题', en: 'Drinking-water problem' },
    source: 'S1 §三(二) 饮水安全',
    riskTypes: ['water_unsafe'],
    unit: 'days',
  },
  industry_failure: {
    signal: 'industry_failure',
    department: 'agriculture',
    label: { zh: '产业项目失败或农业损失', en: 'Failed industry project or farm loss' },
    source: 'S1 §四(二)3',
    riskTypes: ['industry_failure'],
    unit: 'fen',
  },
};

/** The facts of one staged feed row that the rules read (row-local; the household comes separately). */
export interface SignalFact {
  signal: SignalType;
  metricFen: number | null;
  metricValue: number | null;
  /** medical: the year the costs belong to (the previous year's income is compared) */
  year?: number | null;
  /** disability: category from the certificate */
  disabilityCategory?: string | null;
  /** housing: appraisal grade */
  housingGrade?: 'A' | 'B' | 'C' | 'D' | null;
  /** emergency: the house collapsed or was severely damaged */
  houseDestroyed?: boolean;
  /** water: a water-quality problem (not only an outage) */
  waterQualityProblem?: boolean;
  /** 人社: the file says whether the person is the household's main earner; null when it does not say */
  mainEarnerFlag?: boolean | null;
}

/** The household and member facts the rules read, as the database holds them. */
export interface SignalContext {
  householdType: 'lifted_household' | 'general_household' | string;
  monitoringStatus: MonitoringStatus | string;
  /** annual income record of the year before the costs: wage + business − cost + property + transfer */
  previousYearNetIncomeFen: number | null;
  memberHealthStatus: string;
  memberDisabilityGrade: number | null;
  memberDeceased: boolean;
  /** living members of the household other than this person */
  otherLivingMembers: number;
  /** see isMainEarner */
  isMainEarner: boolean;
}

export interface SignalOutcome {
  fires: boolean;
  /** the threshold the metric was compared with (fen, days or grade), when there is one */
  threshold: number | null;
  /** why, in zh-CN and English */
  reason: Label;
}

/** Ratios compared in exact integer arithmetic (share to 1/10 000), so the SQL and TypeScript agree exactly. */
export const SHARE_SCALE = 10_000;
export function shareUnits(share: number): number {
  return Math.round(share * SHARE_SCALE);
}

/** Lifted households (脱贫户) and households in monitoring (any status but not_monitored) get the lower bar. */
export function isLiftedOrMonitored(ctx: Pick<SignalContext, 'householdType' | 'monitoringStatus'>): boolean {
  return ctx.householdType === 'lifted_household' || ctx.monitoringStatus !== 'not_monitored';
}

/**
 * DOMAIN §2.3 (R2): grades 1–2 of any type (the policy's severeDisabilityMaxGrade), and grade 3 intellectual or
 * mental, count as severe (重残).
 */
export function isSevereDisability(grade: number, category: string | null | undefined, maxGrade: number): boolean {
  return grade <= maxGrade || (grade === 3 && (category === 'intellectual' || category === 'mental'));
}

export interface EarnerFacts {
  id: string;
  workMonths: number | null;
  laborCapacity: string;
  deceased: boolean;
}

/**
 * 家庭主要劳动力 (S1 §四(一)1): the living member with the most months of work in the household (ties all count);
 * when nobody in the household works, a member with skilled or ordinary labour capacity.
 */
export function isMainEarner(person: EarnerFacts, household: readonly EarnerFacts[]): boolean {
  if (person.deceased) return false;
  const others = household.filter((m) => m.id !== person.id && !m.deceased);
  const wm = person.workMonths ?? 0;
  if (wm > 0) return !others.some((o) => (o.workMonths ?? 0) > wm);
  return !others.some((o) => (o.workMonths ?? 0) > 0) && ['skilled', 'ordinary'].includes(person.laborCapacity);
}

type Warnings = PolicyBody['warnings'];
const yuan = (fen: number) => (fen / 100).toFixed(2);

const no = (zh: string, en: string, threshold: number | null = null): SignalOutcome => ({
  fires: false,
  threshold,
  reason: { zh, en },
});
const yes = (zh: string, en: string, threshold: number | null = null): SignalOutcome => ({
  fires: true,
  threshold,
  reason: { zh, en },
});

/** Medical costs: above the amount for the person's household, or above a share of last year's income. */
function medicalSignal(m: number, ctx: SignalContext, w: Warnings): SignalOutcome {
  // DOMAIN §6: a lower amount for lifted and monitored people; or a share of last year's household income.
  const bar = isLiftedOrMonitored(ctx) ? w.medicalOutOfPocketLiftedFen : w.medicalOutOfPocketFen;
  if (m > bar) return yes(`自付${yuan(m)}元,超过${yuan(bar)}元`, `out of pocket ${yuan(m)} > ${yuan(bar)}`, bar);
  const prev = ctx.previousYearNetIncomeFen;
  const units = shareUnits(w.medicalShareOfPreviousIncome);
  if (prev !== null && m * SHARE_SCALE > units * prev) {
    const t = Math.floor((units * prev) / SHARE_SCALE);
    return yes(
      `自付${yuan(m)}元,超过上年家庭纯收入${yuan(prev)}元的${w.medicalShareOfPreviousIncome * 100}%`,
      `out of pocket ${yuan(m)} > ${w.medicalShareOfPreviousIncome * 100}% of last year's net income ${yuan(prev)}`,
      t,
    );
  }
  return no(`自付${yuan(m)}元,未超过${yuan(bar)}元`, `out of pocket ${yuan(m)} ≤ ${yuan(bar)}`, bar);
}

/**
 * Decide whether a candidate signal becomes a warning for this household, under this policy. Pure; the SQL in
 * the server mirrors every branch.
 */
export function evaluateSignal(fact: SignalFact, ctx: SignalContext, policy: { warnings: Warnings }): SignalOutcome {
  const w = policy.warnings;
  const m = fact.metricFen ?? 0;
  switch (fact.signal) {
    case 'medical_out_of_pocket':
      return medicalSignal(m, ctx, w);
    case 'serious_illness':
      return ctx.memberHealthStatus === 'serious_illness'
        ? no('已登记为患有大病', 'already recorded with a serious illness')
        : yes('新确诊大病', 'newly diagnosed serious illness');
    case 'severe_disability': {
      const g = fact.metricValue ?? 9;
      if (!isSevereDisability(g, fact.disabilityCategory, w.severeDisabilityMaxGrade)) {
        return no(`${g}级不属重度残疾`, `grade ${g} is not severe`, w.severeDisabilityMaxGrade);
      }
      if (ctx.memberDisabilityGrade !== null && ctx.memberDisabilityGrade <= g) {
        return no('已登记同等或更重的残疾等级', 'already recorded at this grade or a more severe one');
      }
      return yes(`新增${g}级残疾`, `new grade-${g} disability`, w.severeDisabilityMaxGrade);
    }
    case 'unsafe_housing':
      return fact.housingGrade && w.unsafeHousingGrades.includes(fact.housingGrade)
        ? yes(`鉴定为${fact.housingGrade}级危房`, `appraised grade ${fact.housingGrade}`)
        : no(`鉴定为${fact.housingGrade ?? '?'}级,不属危房`, `grade ${fact.housingGrade ?? '?'} is safe`);
    case 'disaster_loss':
      if (fact.houseDestroyed) return yes('房屋倒塌或严重损坏', 'house collapsed or badly damaged', w.disasterLossFen);
      return m > w.disasterLossFen
        ? yes(`损失${yuan(m)}元,超过${yuan(w.disasterLossFen)}元`, `loss ${yuan(m)} > threshold`, w.disasterLossFen)
        : no(`损失${yuan(m)}元,未超过${yuan(w.disasterLossFen)}元`, `loss below threshold`, w.disasterLossFen);
    case 'school_dropout':
      // compulsory age is checked when the row is read (it needs only the ID number and the date)
      return yes('义务教育阶段适龄儿童失学辍学', 'compulsory-age child out of school');
    case 'schooling_self_pay':
      return m > w.schoolingSelfPayFen
        ? yes(
            `自付${yuan(m)}元,超过${yuan(w.schoolingSelfPayFen)}元`,
            'self-paid cost above threshold',
            w.schoolingSelfPayFen,
          )
        : no(`自付${yuan(m)}元,未超过阈值`, 'self-paid cost below threshold', w.schoolingSelfPayFen);
    case 'main_earner_unemployed':
      if (fact.mainEarnerFlag === false)
        return no('部门注明非家庭主要劳动力', 'the department says: not the main earner');
      if (fact.mainEarnerFlag === true || ctx.isMainEarner) return yes('家庭主要劳动力失业', 'main earner lost work');
      return no('不是家庭主要劳动力', 'not the main earner');
    case 'new_dibao_not_monitored':
      return ctx.monitoringStatus === 'not_monitored'
        ? yes('新增低保/特困,尚未纳入监测,须逐户排查', 'new dibao/tekun household not monitored: screen it')
        : no('已纳入监测', 'already monitored');
    case 'death_changes_size':
      if (ctx.memberDeceased) return no('死亡已登记', 'death already recorded');
      return ctx.otherLivingMembers > 0
        ? yes('家庭成员死亡,家庭人口和人均收入变化', 'a member died: household size and per-capita income change')
        : no('单人户成员死亡,户已消亡', 'single-person household ended');
    case 'water_outage':
      if (fact.waterQualityProblem) return yes('饮用水水质问题', 'drinking-water quality problem', w.waterOutageDays);
      return (fact.metricValue ?? 0) > w.waterOutageDays
        ? yes(`停水${fact.metricValue}天,超过${w.waterOutageDays}天`, 'outage longer than threshold', w.waterOutageDays)
        : no(
            `停水${fact.metricValue ?? 0}天,未超过${w.waterOutageDays}天`,
            'outage shorter than threshold',
            w.waterOutageDays,
          );
    case 'industry_failure':
      return m > 0 ? yes(`产业损失${yuan(m)}元`, `industry loss ${yuan(m)}`) : no('未报损失', 'no loss reported');
  }
}

/** A staged row (as feed_row holds it) back into the facts the rules read. */
export function signalFactOf(row: {
  signalType: SignalType;
  metricFen: number | null;
  metricValue: number | null;
  detail: Record<string, unknown>;
}): SignalFact {
  const d = row.detail;
  return {
    signal: row.signalType,
    metricFen: row.metricFen,
    metricValue: row.metricValue,
    year: typeof d.year === 'number' ? d.year : null,
    disabilityCategory: typeof d.category === 'string' ? d.category : null,
    housingGrade: typeof d.grade === 'string' ? (d.grade as SignalFact['housingGrade']) : null,
    houseDestroyed: d.houseDestroyed === true,
    waterQualityProblem: d.waterQualityProblem === true,
    mainEarnerFlag: typeof d.mainEarner === 'boolean' ? d.mainEarner : null,
  };
}

const yuanText = (fen: number) => {
  const [whole, cents] = (fen / 100).toFixed(2).split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
};

/**
 * Which rule raised a medical out-of-pocket warning, in words (S1 §三(二), §四(一)2): the amount above the bar
 * ("自付 5,121.33 元，超过标准 5,000.00 元"), or above the policy's share of the household's net income of the year
 * before ("自付 1,163.11 元，超过上年家庭纯收入 2,000.00 元的 50%"). The stored threshold is the bar the import
 * compared with; null when neither rule holds on these figures.
 */
export function medicalWarningBasis(
  metricFen: number | null,
  thresholdFen: number | null,
  previousYearNetFen: number | null,
  share: number,
): Label | null {
  if (metricFen === null) return null;
  const units = shareUnits(share);
  const shareBar = previousYearNetFen === null ? null : Math.floor((units * previousYearNetFen) / SHARE_SCALE);
  const byShare = previousYearNetFen !== null && metricFen * SHARE_SCALE > units * previousYearNetFen;
  const byAmount = thresholdFen !== null && metricFen > thresholdFen && thresholdFen !== shareBar;
  const pct = `${Math.round(share * 10_000) / 100}%`;
  if (byAmount) {
    return {
      zh: `自付 ${yuanText(metricFen)} 元，超过标准 ${yuanText(thresholdFen)} 元`,
      en: `out of pocket ¥${yuanText(metricFen)}, above the limit of ¥${yuanText(thresholdFen)}`,
    };
  }
  if (byShare) {
    return {
      zh: `自付 ${yuanText(metricFen)} 元，超过上年家庭纯收入 ${yuanText(previousYearNetFen)} 元的 ${pct}`,
      en: `out of pocket ¥${yuanText(metricFen)}, above ${pct} of last year's net income of ¥${yuanText(previousYearNetFen)}`,
    };
  }
  return null;
}
