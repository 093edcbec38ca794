/**
 * Rules of the linked social assistance (低保, 特困, 临时救助) that the services apply: who may decide a case, how
 * long a 低保 grace period (渐退) runs, the 低保 top-up, and which members a single-person (单人户) or 特困 case may
 * cover. Pure: the policy and the facts come in as data. Seeds: S2 (珙县 2020 pilot plan), S0 plan one.
 */
import { addDays, addMonths, startOfMonth, type IsoDate } from './dates.js';
import type {
  ApprovalLevel,
  DisabilityCategory,
  HealthStatus,
  LaborCapacity,
  ReliefSatisfaction,
  Role,
  SocialAssistanceKind,
} from './enums.js';
import { ReliefSatisfaction as ReliefSatisfactionEnum } from './enums.js';
import type { LocalizedText } from './errors.js';
import { ageOn } from './id-number.js';
import { ratioToBasisPoints } from './income.js';
import type { PolicyBody } from './policy.js';

// ---------------------------------------------------------------------------------------------------
// Who decides

/** The level a role decides at, or null for roles that never decide social assistance. */
export function approvalLevelOf(role: Role): ApprovalLevel | null {
  if (role === 'township_officer') return 'township';
  if (role === 'county_officer' || role === 'county_admin') return 'county';
  return null;
}

export interface DecisionLevel {
  /** the lowest level that may decide the case */
  required: ApprovalLevel;
  /** temporary assistance above the per-case cap (W36: a multiple of the monthly 低保 standard) */
  aboveCap: boolean;
  capFen: number | null;
  why: LocalizedText;
}

/**
 * The lowest level that may decide a case. S2 §三(二): from 2020-05-01 the county delegates the confirmation of
 * 低保 and of temporary assistance "3000元以下" (up to and including the township limit: 以下 includes the number) to
 * the townships; 特困 and larger temporary assistance stay with the county. An amount above the per-case cap of
 * the policy is not refused: S0 plan one §二 allows 一事一议 (case-by-case decisions), which the county takes.
 */
export function decisionLevel(
  kind: SocialAssistanceKind,
  amountFen: number | null,
  policy: Pick<PolicyBody, 'tempRelief' | 'dibao'>,
  /** the household fell back into poverty: S0 plan one 二 五是 适当提高救助标准, the cap is raised */
  returned = false,
): DecisionLevel {
  if (kind === 'dibao') {
    return {
      required: 'township',
      aboveCap: false,
      capFen: null,
      why: { zh: '低保由乡镇确认', en: 'the township confirms 低保' },
    };
  }
  if (kind === 'tekun') {
    return {
      required: 'county',
      aboveCap: false,
      capFen: null,
      why: { zh: '特困供养由县级审批', en: 'the county decides 特困 support' },
    };
  }
  const amount = amountFen ?? 0;
  const baseCap =
    (BigInt(policy.dibao.ruralMonthlyFen) * ratioToBasisPoints(policy.tempRelief.maxMultipleOfMonthlyStandard)) /
    10_000n;
  const capFen = Number(
    returned ? (baseCap * ratioToBasisPoints(policy.tempRelief.staged.capUplift)) / 10_000n : baseCap,
  );
  const aboveCap = amount > capFen;
  const limit = policy.tempRelief.townshipLimitFen;
  if (amount <= limit && !aboveCap) {
    return {
      required: 'township',
      aboveCap,
      capFen,
      why: {
        zh: `临时救助金额不超过 ${yuan(limit)} 元,由乡镇确认`,
        en: `temporary assistance up to ¥${yuan(limit)} is confirmed by the township`,
      },
    };
  }
  return {
    required: 'county',
    aboveCap,
    capFen,
    why: aboveCap
      ? {
          zh: `金额超过单次上限 ${yuan(capFen)} 元,须县级一事一议审批`,
          en: `above the per-case cap of ¥${yuan(capFen)}: the county decides case by case`,
        }
      : {
          zh: `临时救助金额超过 ${yuan(limit)} 元,由县级审批`,
          en: `temporary assistance above ¥${yuan(limit)} is decided by the county`,
        },
  };
}

/** May a decider at `actor` level decide a case that needs `required`? The county may decide anything. */
export function levelSuffices(actor: ApprovalLevel, required: ApprovalLevel): boolean {
  return actor === 'county' || required === 'township';
}

// ---------------------------------------------------------------------------------------------------
// 低保 amount and grace period

/**
 * The monthly 低保 top-up (补差, DOMAIN §4.7 after R2): the gap between the standard and the per-capita income
 * for each insured person, computed from the annual figures and rounded up to the fen once. Never negative.
 */
export function dibaoTopUpFen(input: {
  standardMonthlyFen: number;
  perCapitaIncomeFen: number;
  insuredCount: number;
}): number {
  const gapAnnual = BigInt(input.standardMonthlyFen) * 12n - BigInt(input.perCapitaIncomeFen);
  if (gapAnnual <= 0n || input.insuredCount <= 0) return 0;
  const total = gapAnnual * BigInt(input.insuredCount);
  return Number((total + 11n) / 12n);
}

export type GraceDecision =
  | {
      outcome: 'grace';
      months: number;
      startOn: IsoDate;
      endOn: IsoDate;
      /** the annual per-capita income limit of the grace period (maxMultiple × 12 × standard) */
      limitFen: number;
    }
  | { outcome: 'stay'; reason: 'income_not_above_standard'; standardAnnualFen: number }
  | { outcome: 'exit'; reason: 'income_above_grace_limit'; limitFen: number }
  | { outcome: 'invalid'; path: string; message: string };

/**
 * The 低保 grace period (渐退) when a household's income rises. S2 §二(一)1: "家庭人均收入超过当年低保标准且不高于2倍的,
 * 视其情况实行3—12个月的渐退救助期" — above the standard and at most `grace.maxMultiple` times it, a grace period of
 * `minMonths`..`maxMonths` months (the case decides; `defaultMonths` when not given). At or below the standard the
 * household stays on 低保; above the limit it leaves without a grace period. Incomes are annual per-capita fen and
 * the standard monthly, compared exactly. The period starts on the first day of the month after `from` and ends
 * the day before the same day `months` later (DOMAIN §4.7, R2's convention).
 */
export function dibaoGracePeriod(
  input: { perCapitaIncomeFen: number; standardMonthlyFen: number; from: IsoDate; months?: number | null },
  grace: PolicyBody['dibao']['grace'],
): GraceDecision {
  const standardAnnual = BigInt(input.standardMonthlyFen) * 12n;
  const income = BigInt(input.perCapitaIncomeFen);
  if (income <= standardAnnual) {
    return { outcome: 'stay', reason: 'income_not_above_standard', standardAnnualFen: Number(standardAnnual) };
  }
  const limit = (standardAnnual * ratioToBasisPoints(grace.maxMultiple)) / 10_000n;
  if (income > limit) return { outcome: 'exit', reason: 'income_above_grace_limit', limitFen: Number(limit) };
  const months = input.months ?? grace.defaultMonths;
  if (!Number.isInteger(months) || months < grace.minMonths || months > grace.maxMonths) {
    return {
      outcome: 'invalid',
      path: 'months',
      message: `渐退期应为${grace.minMonths}至${grace.maxMonths}个月 / the grace period is ${grace.minMonths} to ${grace.maxMonths} months`,
    };
  }
  const startOn = startOfMonth(addMonths(startOfMonth(input.from), 1));
  return { outcome: 'grace', months, startOn, endOn: addDays(addMonths(startOn, months), -1), limitFen: Number(limit) };
}

// ---------------------------------------------------------------------------------------------------
// Members a case may cover

/** What the member rules read of a member. */
export interface AssistanceMemberFacts {
  birthDate: IsoDate;
  healthStatus: HealthStatus;
  disabilityGrade: number | null;
  disabilityCategory: DisabilityCategory | null;
  laborCapacity: LaborCapacity;
  deceasedOn?: IsoDate | null;
}

export type MemberGround = 'severe_disability' | 'serious_illness' | 'elderly' | 'minor' | 'no_labor_capacity';

export const MEMBER_GROUND_LABELS: Record<MemberGround, LocalizedText> = {
  severe_disability: { zh: '重度残疾', en: 'severe disability' },
  serious_illness: { zh: '重特大疾病', en: 'serious illness' },
  elderly: { zh: '老年人', en: 'elderly' },
  minor: { zh: '未成年人', en: 'minor' },
  no_labor_capacity: { zh: '无劳动能力', en: 'no labour capacity' },
};

/** Grade 1–2 of any kind, and grade 3 intellectual or mental disability, count as severe (DOMAIN §2.3, R2). */
export function isSeverelyDisabled(m: Pick<AssistanceMemberFacts, 'disabilityGrade' | 'disabilityCategory'>): boolean {
  if (m.disabilityGrade == null) return false;
  return (
    m.disabilityGrade <= 2 ||
    (m.disabilityGrade === 3 && (m.disabilityCategory === 'intellectual' || m.disabilityCategory === 'mental'))
  );
}

/**
 * Why a member may be taken into 低保 alone (单人户), or null. S2 §二(一)2: "成年重度残疾人、重特大疾病患者、困难老年人、
 * 困难未成年人" of a low-income family whose supporters cannot fully support them. The supporters' situation is the
 * township's judgement; the member's group is checked here. Elderly from `elderlyAge` (policy, 60), minors under 18.
 */
export function singlePersonGround(m: AssistanceMemberFacts, on: IsoDate, elderlyAge: number): MemberGround | null {
  const age = ageOn(m.birthDate, on);
  if (age >= 18 && isSeverelyDisabled(m)) return 'severe_disability';
  if (age >= 18 && m.healthStatus === 'serious_illness') return 'serious_illness';
  if (age >= elderlyAge) return 'elderly';
  if (age < 18) return 'minor';
  return null;
}

/**
 * Why a member may receive 特困 support, or null: elderly from `elderlyAge`, people without labour capacity
 * (including the severely disabled), or minors below `tekunMinorAgeLimit`. S2 §二(一)4 raised that limit "从16周岁延长至
 * 18周岁". The other conditions (no income, no supporter able to support) are the township's finding.
 */
export function tekunGround(
  m: AssistanceMemberFacts,
  on: IsoDate,
  policy: { elderlyAge: number; tekunMinorAgeLimit: number },
): MemberGround | null {
  const age = ageOn(m.birthDate, on);
  if (age < policy.tekunMinorAgeLimit) return 'minor';
  if (age >= policy.elderlyAge) return 'elderly';
  if (m.laborCapacity === 'none' || m.laborCapacity === 'lost' || isSeverelyDisabled(m)) return 'no_labor_capacity';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Satisfaction

/**
 * The satisfaction identifier of a stored value: the identifier itself, or its Chinese label as written in
 * ledgers (满意 / 基本满意 / 不满意). Anything else is not a recorded satisfaction.
 */
export function satisfactionOf(value: string | null | undefined): ReliefSatisfaction | null {
  if (!value) return null;
  const v = value.trim();
  for (const id of ReliefSatisfactionEnum.values) {
    if (id === v || ReliefSatisfactionEnum.labels[id].zh === v) return id;
  }
  return null;
}

function yuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}

// ---------------------------------------------------------------------------------------------------
// 两线合一

export interface TwoLinesCheck {
  /** the annual rural 低保 standard is not below the monitoring line */
  aligned: boolean;
  dibaoAnnualFen: number;
  monitoringLineFen: number;
  /** how far the annual standard falls short of the line; 0 when aligned */
  shortfallFen: number;
  message: LocalizedText;
}

/**
 * 两线合一 (S0 plan one 一: "落实两线合一制度,确保标准同步提高"): the rural 低保 standard, as a year, should not fall
 * below the area's monitoring income line, so that raising one without the other shows. Both are per person per
 * year in fen and compared exactly; equal is aligned.
 */
export function twoLinesCheck(policy: Pick<PolicyBody, 'dibao' | 'monitoringIncomeLineFen'>): TwoLinesCheck {
  const dibaoAnnualFen = policy.dibao.ruralMonthlyFen * 12;
  const monitoringLineFen = policy.monitoringIncomeLineFen;
  const shortfallFen = Math.max(0, monitoringLineFen - dibaoAnnualFen);
  const aligned = shortfallFen === 0;
  return {
    aligned,
    dibaoAnnualFen,
    monitoringLineFen,
    shortfallFen,
    message: aligned
      ? {
          zh: `农村低保年标准 ${yuan(dibaoAnnualFen)} 元不低于防返贫监测范围 ${yuan(monitoringLineFen)} 元,两线合一`,
          en: `the annual rural dibao standard of ¥${yuan(dibaoAnnualFen)} is not below the monitoring line of ¥${yuan(monitoringLineFen)}: the two lines are aligned`,
        }
      : {
          zh: `农村低保年标准 ${yuan(dibaoAnnualFen)} 元低于防返贫监测范围 ${yuan(monitoringLineFen)} 元,相差 ${yuan(shortfallFen)} 元:应落实两线合一,确保标准同步提高(S0 方案一 一)`,
          en: `the annual rural dibao standard of ¥${yuan(dibaoAnnualFen)} is below the monitoring line of ¥${yuan(monitoringLineFen)} by ¥${yuan(shortfallFen)}: the two lines should be aligned and raised together (S0 plan one I)`,
        },
  };
}
