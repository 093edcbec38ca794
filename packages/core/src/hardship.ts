/**
 * The multidimensional hardship indicators (S2 §二(三)9: "以家庭经济状况、健康状况、教育状况、居住状况、就业状况、社会参与
 * 等作为主要认定指标,综合评估家庭贫困程度,并将评估结果与…收入和财产核对、入户调查结果相结合"). Each dimension is scored
 * 0–100 (harder is higher) from the household's facts with its reason, weighted by the policy into one score and a
 * level shown beside the income test. The seed names the dimensions, not how to score them: the scoring here and the
 * weights and thresholds in the policy are local [INF].
 */
import type { LocalizedText } from './errors.js';
import type { HouseholdFacts } from './household-facts.js';
import { ageOn } from './id-number.js';
import { countedMembers } from './income.js';
import type { PolicyBody } from './policy.js';
import { isSeverelyDisabled } from './social-assistance.js';

export const HARDSHIP_DIMENSIONS = ['economic', 'health', 'education', 'housing', 'employment', 'social'] as const;
export type HardshipDimension = (typeof HARDSHIP_DIMENSIONS)[number];
export type HardshipLevel = 'severe' | 'considerable' | 'some' | 'none';

export const HARDSHIP_LEVEL_LABELS: Record<HardshipLevel, LocalizedText> = {
  severe: { zh: '特别困难', en: 'Severe hardship' },
  considerable: { zh: '比较困难', en: 'Considerable hardship' },
  some: { zh: '一般困难', en: 'Some hardship' },
  none: { zh: '不困难', en: 'No hardship' },
};

export interface HardshipScore {
  dimension: HardshipDimension;
  score: number;
  weight: number;
  reason: LocalizedText;
}

export interface HardshipAssessment {
  dimensions: HardshipScore[];
  /** the weighted score, 0–100, rounded to one decimal */
  total: number;
  level: HardshipLevel;
}

const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));
const NON_COMPULSORY = new Set([
  'senior_secondary',
  'vocational_secondary',
  'higher_vocational',
  'undergraduate',
  'postgraduate',
]);

type Scorer = (h: HouseholdFacts, ctx: ScoreContext) => { score: number; reason: LocalizedText };
interface ScoreContext {
  asOf: string;
  perCapitaFen: number;
  standardAnnualFen: number;
  elderlyAge: number;
  workingAgeMin: number;
  workingAgeMax: number;
}

function living(h: HouseholdFacts, asOf: string) {
  return countedMembers(h.members, asOf).map(({ member }) => ({ m: member, age: ageOn(member.birthDate, asOf) }));
}

const SCORERS: Record<HardshipDimension, Scorer> = {
  /** 经济状况: 0 at twice the standard or more, 100 at no income, linear between */
  economic: (_h, c) => {
    const ratio = c.standardAnnualFen > 0 ? c.perCapitaFen / c.standardAnnualFen : 2;
    const pct = Math.round(ratio * 100);
    return {
      score: clamp(((2 - ratio) / 2) * 100),
      reason: { zh: `人均收入为低保标准的${pct}%`, en: `income per head is ${pct}% of the standard` },
    };
  },
  /** 健康状况: a seriously ill or severely disabled member 100, chronic illness or other disability 50, per head */
  health: (h, c) => {
    const people = living(h, c.asOf);
    const points = people.map(({ m }): number =>
      m.healthStatus === 'serious_illness' || isSeverelyDisabled(m)
        ? 100
        : m.healthStatus === 'chronic_illness' || m.disabilityGrade !== null
          ? 50
          : 0,
    );
    const ill = points.filter((p) => p > 0).length;
    return {
      score: clamp(people.length ? (points.reduce((a, b) => a + b, 0) / people.length) * 2 : 0),
      reason: { zh: `${people.length}人中${ill}人患病或残疾`, en: `${ill} of ${people.length} ill or disabled` },
    };
  },
  /** 教育状况: a compulsory-age dropout 100; each student past compulsory school 50 (their costs) */
  education: (h, c) => {
    const people = living(h, c.asOf);
    const dropouts = people.filter(({ m }) => m.schoolStatus === 'dropout').length;
    const students = people.filter(({ m }) => NON_COMPULSORY.has(m.schoolStatus)).length;
    return {
      score: clamp(dropouts * 100 + students * 50),
      reason: {
        zh: `辍学${dropouts}人,非义务教育阶段在读${students}人`,
        en: `${dropouts} dropouts, ${students} students past compulsory school`,
      },
    };
  },
  /** 居住状况: housing grade D 100, C 70, B 30 */
  housing: (h) => {
    const grade = h.housingSafetyGrade;
    const score = grade === 'D' ? 100 : grade === 'C' ? 70 : grade === 'B' ? 30 : 0;
    return {
      score,
      reason: grade
        ? { zh: `住房安全等级${grade}级`, en: `housing grade ${grade}` }
        : { zh: '住房安全等级未鉴定', en: 'housing not graded' },
    };
  },
  /** 就业状况: the share of the able working-age members' months without work; none able to work is 100 */
  employment: (h, c) => {
    const able = living(h, c.asOf).filter(
      ({ m, age }) =>
        age >= c.workingAgeMin &&
        age <= c.workingAgeMax &&
        (m.laborCapacity === 'skilled' || m.laborCapacity === 'ordinary') &&
        m.schoolStatus === 'not_in_school',
    );
    if (!able.length)
      return { score: 100, reason: { zh: '无劳动年龄段有劳动能力成员', en: 'nobody of working age able to work' } };
    const idle = able.reduce((n, { m }) => n + (12 - (m.workMonths ?? 12)), 0);
    return {
      score: clamp((idle / (12 * able.length)) * 100),
      reason: {
        zh: `${able.length}名劳动力全年未就业${idle}个月`,
        en: `${able.length} able to work, ${idle} months without work`,
      },
    };
  },
  /** 社会参与: everyone elderly, disabled or a minor (no one to take part for the household) 100; one alone 50 */
  social: (h, c) => {
    const people = living(h, c.asOf);
    const dependent = people.every(
      ({ m, age }) => age >= c.elderlyAge || age < 18 || m.laborCapacity === 'none' || m.laborCapacity === 'lost',
    );
    if (people.length && dependent) {
      return {
        score: 100,
        reason: { zh: '家中均为老人、未成年人或无劳动能力者', en: 'only elderly, minors or people unable to work' },
      };
    }
    if (people.length === 1) return { score: 50, reason: { zh: '单人户', en: 'lives alone' } };
    return { score: 0, reason: { zh: '有成员可参与社会生活', en: 'members take part in social life' } };
  },
};

/** Score the six dimensions of S2 §二(三)9 and weigh them by the policy into a level. */
export function assessHardship(
  household: HouseholdFacts,
  income: { perCapitaFen: number; standardAnnualFen: number },
  asOf: string,
  policy: Pick<PolicyBody, 'dibao' | 'inclusion'>,
): HardshipAssessment {
  const p = policy.dibao.hardship;
  const ctx: ScoreContext = {
    asOf,
    ...income,
    elderlyAge: policy.inclusion.elderlyAge,
    workingAgeMin: policy.dibao.income.workingAgeMin,
    workingAgeMax: policy.dibao.income.workingAgeMax,
  };
  const dimensions = HARDSHIP_DIMENSIONS.map((dimension) => ({
    dimension,
    weight: p.weights[dimension],
    ...SCORERS[dimension](household, ctx),
  }));
  const weights = dimensions.reduce((n, d) => n + d.weight, 0);
  const total =
    weights > 0 ? Math.round((dimensions.reduce((n, d) => n + d.score * d.weight, 0) / weights) * 10) / 10 : 0;
  const level: HardshipLevel =
    total >= p.severeFrom
      ? 'severe'
      : total >= p.considerableFrom
        ? 'considerable'
        : total >= p.someFrom
          ? 'some'
          : 'none';
  return { dimensions, total, level };
}
