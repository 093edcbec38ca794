/**
 * One household's eligibility for the linked social assistance (issue 16 §10; `dixian assistance`): 低保 (ordinary,
 * 支出型, 单人户 per member, 渐退 for a household already on it), 特困 per member, and 临时救助 (who decides the
 * amount, the per-case cap). It reads the household facts `assess` reads plus the 低保 deduction claims, and
 * composes the rules of `dibao-income.ts` and `social-assistance.ts`; it decides nothing those rules do not.
 * Findings only the township can make (supporters unable to support, assets) are named as such in the reasons.
 * Pure; integer fen. Seeds: S2 (珙县) 二(一)1–4, 三(二); S0 plan one 二.
 */
import { z } from 'zod';
import { DIBAO_DEDUCTION_KINDS, assessDibaoIncome, type DibaoIncomeAssessment } from './dibao-income.js';
import { SelfCareLevel, TempReliefKind } from './enums.js';
import type { LocalizedText } from './errors.js';
import { HouseholdFactsSchema, type HouseholdFacts } from './household-facts.js';
import { ageOn } from './id-number.js';
import { countedMembers, incomeRecordInForce, ratioToBasisPoints } from './income.js';
import type { PolicyBody } from './policy.js';
import {
  decisionLevel,
  dibaoGracePeriod,
  dibaoTopUpFen,
  MEMBER_GROUND_LABELS,
  singlePersonGround,
  tekunGround,
  type DecisionLevel,
  type GraceDecision,
  type MemberGround,
} from './social-assistance.js';

const fen = z.number().int('must be whole fen / 金额应为整数分').nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A deduction the applicant claims (S2 二(一)3), as on the 低保 application. */
export const AssistanceDeductionClaimSchema = z
  .object({
    kind: z.enum(DIBAO_DEDUCTION_KINDS),
    /** a member id of the household (`members[].id`); optional for household-wide spending */
    memberId: z.string().nullable().optional(),
    /** the year's amount, fen */
    amountFen: fen.min(1),
    /** work costs: the months worked, which bound the cap (default 12) */
    months: z.number().int().min(1).max(12).nullable().optional(),
    evidence: z.string().trim().min(1).max(200),
  })
  .strict();

/** The input of `dixian assistance`: the household facts of `dixian assess`, and what the application adds. */
export const AssistanceInputSchema = z
  .object({
    /** the household facts, exactly the format of `dixian assess` (docs/assessment.md) */
    household: HouseholdFactsSchema,
    /** 低保 deductions claimed with their evidence (S2 二(一)3) */
    deductionClaims: z.array(AssistanceDeductionClaimSchema).max(20).default([]),
    /** the monthly 低保 standard to apply instead of the policy's rural standard, fen */
    standardMonthlyFen: fen.min(1).nullable().default(null),
    /** 渐退: the months of the grace period when one applies (default: the policy's) */
    graceMonths: z.number().int().min(1).max(24).nullable().default(null),
    /** 特困 自理能力评估 (S2 二(一)4) by member id: sets the care allowance added to the support */
    selfCare: z.record(z.string(), z.enum(SelfCareLevel.values)).default({}),
    /** 临时救助 asked for: its kind and amount (S0 plan one 二; S2 三(二)) */
    tempRelief: z
      .object({
        kind: z.enum(TempReliefKind.values),
        amountFen: fen.min(1),
        /** a lifted household monitored again (返贫): one approval in stages, a raised cap (S0 plan one 二 五是) */
        returnedToPoverty: z.boolean().default(false),
      })
      .strict()
      .nullable()
      .default(null),
  })
  .strict()
  .superRefine((input, ctx) => {
    const ids = new Set(input.household.members.map((m) => m.id).filter(Boolean));
    for (const id of Object.keys(input.selfCare)) {
      if (!ids.has(id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['selfCare', id],
          message: '不是该户成员 / not a member id of this household',
        });
      }
    }
    input.deductionClaims.forEach((c, i) => {
      if (c.memberId && !ids.has(c.memberId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deductionClaims', i, 'memberId'],
          message: '不是该户成员 / not a member id of this household',
        });
      }
    });
  });
export type AssistanceInput = z.output<typeof AssistanceInputSchema>;
export type AssistanceInputFile = z.input<typeof AssistanceInputSchema>;

export type DibaoRoute = 'ordinary' | 'expenditure' | 'grace' | 'single_person' | 'none';

export const DIBAO_ROUTE_LABELS: Record<DibaoRoute, LocalizedText> = {
  ordinary: { zh: '低保(收入低于标准)', en: 'dibao (income below the standard)' },
  expenditure: { zh: '支出型低保', en: 'expenditure-type dibao' },
  grace: { zh: '低保渐退', en: 'dibao grace period' },
  single_person: { zh: '单人户纳入低保', en: 'single-person dibao' },
  none: { zh: '不符合低保条件', en: 'not eligible for dibao' },
};

export interface MemberVerdict {
  member: string;
  memberId: string | null;
  age: number;
  ground: MemberGround | null;
  groundLabel: LocalizedText | null;
  eligible: boolean;
  reason: LocalizedText;
}

export interface DibaoVerdict {
  route: DibaoRoute;
  /** the whole household (ordinary, 支出型, 渐退) */
  householdEligible: boolean;
  standardMonthlyFen: number;
  standardSource: 'policy' | 'input';
  income: DibaoIncomeAssessment;
  /** the monthly top-up (补差) for the counted members when the household is eligible; 0 otherwise */
  monthlyTopUpFen: number;
  /** for a household already on 低保 whose income is above the standard */
  grace: GraceDecision | null;
  /** 低收入家庭: per-capita income below `marginalMultiple` × the standard (S2 二(一)2 "城乡低收入家庭") */
  lowIncome: boolean;
  /** members who may be taken in alone (单人户) when the household is not */
  singlePerson: MemberVerdict[];
  reasons: LocalizedText[];
}

export interface TekunMemberVerdict extends MemberVerdict {
  selfCare: SelfCareLevel | null;
  /** the policy's monthly care allowance of that level (tekun.careMonthlyFen), when assessed */
  careMonthlyFen: number | null;
}

export interface TekunVerdict {
  members: TekunMemberVerdict[];
  reasons: LocalizedText[];
}

export interface TempReliefVerdict {
  kind: TempReliefKind;
  kindLabel: LocalizedText;
  amountFen: number;
  decision: DecisionLevel;
  townshipLimitFen: number;
  /** paid in stages: the household fell back into poverty (S0 plan one 二 五是) */
  staged: boolean;
  reasons: LocalizedText[];
}

export interface AssistanceEvaluation {
  asOf: string;
  regionCode: string;
  householdNo: string | null;
  policyVersion: string | null;
  dibao: DibaoVerdict;
  tekun: TekunVerdict;
  tempRelief: TempReliefVerdict | null;
}

/**
 * Evaluate a household on a day under a policy. The 低保 standard is the policy's rural standard of the day (the
 * standard of this year, S2 二(一)1 "当年低保标准") unless the input gives one.
 */
export function evaluateAssistance(
  input: AssistanceInput,
  policy: PolicyBody & { versionLabel?: string },
  asOf: string,
): AssistanceEvaluation {
  const h = input.household;
  return {
    asOf,
    regionCode: h.regionCode,
    householdNo: h.householdNo ?? null,
    policyVersion: policy.versionLabel ?? null,
    dibao: dibaoVerdict(input, policy, asOf),
    tekun: tekunVerdict(h, input.selfCare, policy, asOf),
    tempRelief: input.tempRelief ? tempReliefVerdict(input.tempRelief, h.householdType, policy) : null,
  };
}

function who(m: HouseholdFacts['members'][number], index: number): string {
  return m.name ?? `成员${index + 1}`;
}

function dibaoVerdict(input: AssistanceInput, policy: PolicyBody, asOf: string): DibaoVerdict {
  const h = input.household;
  const standardMonthlyFen = input.standardMonthlyFen ?? policy.dibao.ruralMonthlyFen;
  const income = assessDibaoIncome({
    members: h.members,
    record: incomeRecordInForce(h.incomes, asOf) ?? null,
    claims: input.deductionClaims,
    asOf,
    standardMonthlyFen,
    policy,
  });
  const annual = income.standardAnnualFen;
  const pc = yuan(income.perCapitaFen);
  const reasons: LocalizedText[] = [];
  const people = BigInt(Math.max(1, income.people));
  const lowIncome =
    income.people > 0 &&
    BigInt(income.assessedFen) * 10_000n < BigInt(annual) * people * ratioToBasisPoints(policy.dibao.marginalMultiple);
  const verdict = (
    route: DibaoRoute,
    extra: { grace?: GraceDecision | null; singlePerson?: MemberVerdict[] } = {},
  ): DibaoVerdict => {
    const householdEligible = route === 'ordinary' || route === 'expenditure' || route === 'grace';
    const topUp =
      route === 'ordinary' || route === 'expenditure'
        ? dibaoTopUpFen({ standardMonthlyFen, perCapitaIncomeFen: income.perCapitaFen, insuredCount: income.people })
        : 0;
    return {
      route,
      householdEligible,
      standardMonthlyFen,
      standardSource: input.standardMonthlyFen === null ? 'policy' : 'input',
      income,
      monthlyTopUpFen: topUp,
      grace: extra.grace ?? null,
      lowIncome,
      singlePerson: extra.singlePerson ?? [],
      reasons,
    };
  };

  if (income.people === 0) {
    reasons.push({ zh: '没有共同生活的家庭成员', en: 'nobody lives in the household on the day' });
    return verdict('none');
  }
  if (income.expenditureType) {
    reasons.push({
      zh: `人均收入 ${yuan(income.perCapitaBeforeRigidFen)} 元超过年低保标准 ${yuan(annual)} 元,但扣除刚性支出后为 ${pc} 元,低于标准:支出型低保(S2 二(一)3 一是)`,
      en: `income per head ¥${yuan(income.perCapitaBeforeRigidFen)} is above the annual standard of ¥${yuan(annual)}, but ¥${pc} after rigid spending, below it: expenditure-type dibao (S2 II(1)3 first)`,
    });
    return verdict('expenditure');
  }
  if (income.belowStandard) {
    reasons.push({
      zh: `扣减后人均年收入 ${pc} 元低于当年低保标准 ${yuan(annual)} 元(每月 ${yuan(standardMonthlyFen)} 元)`,
      en: `income per head after deductions ¥${pc} a year is below this year's standard of ¥${yuan(annual)} (¥${yuan(standardMonthlyFen)} a month)`,
    });
    reasons.push({ zh: '家庭财产状况由乡镇核对', en: 'the township checks the household’s assets' });
    return verdict('ordinary');
  }
  reasons.push({
    zh: `扣减后人均年收入 ${pc} 元不低于当年低保标准 ${yuan(annual)} 元`,
    en: `income per head after deductions ¥${pc} a year is not below this year's standard of ¥${yuan(annual)}`,
  });
  const grace = h.receivesDibao
    ? dibaoGracePeriod(
        { perCapitaIncomeFen: income.perCapitaFen, standardMonthlyFen, from: asOf, months: input.graceMonths },
        policy.dibao.grace,
      )
    : null;
  if (grace) reasons.push(graceReason(grace));
  if (grace?.outcome === 'grace') return verdict('grace', { grace });
  const singlePerson = singlePersonVerdicts(h, policy, asOf, lowIncome);
  return verdict(singlePerson.some((s) => s.eligible) ? 'single_person' : 'none', { grace, singlePerson });
}

function graceReason(grace: GraceDecision): LocalizedText {
  switch (grace.outcome) {
    case 'grace':
      return {
        zh: `已享受低保,人均收入超过当年标准但不高于 ${yuan(grace.limitFen)} 元:渐退 ${grace.months} 个月(${grace.startOn} 至 ${grace.endOn})(S2 二(一)1)`,
        en: `on dibao with income above this year's standard but not above ¥${yuan(grace.limitFen)}: a grace period of ${grace.months} months (${grace.startOn} to ${grace.endOn}) (S2 II(1)1)`,
      };
    case 'exit':
      return {
        zh: `已享受低保,人均收入超过渐退上限 ${yuan(grace.limitFen)} 元:退出,不设渐退期(S2 二(一)1)`,
        en: `on dibao with income above the grace limit of ¥${yuan(grace.limitFen)}: leaves without a grace period (S2 II(1)1)`,
      };
    case 'invalid':
      return { zh: grace.message, en: grace.message };
    default:
      return { zh: '收入不高于当年低保标准', en: 'income not above this year’s standard' };
  }
}

/** 单人户 (S2 二(一)2): each living member with a ground; may be taken in alone only from a 低收入家庭. */
function singlePersonVerdicts(
  h: HouseholdFacts,
  policy: PolicyBody,
  asOf: string,
  lowIncome: boolean,
): MemberVerdict[] {
  return countedMembers(h.members, asOf).flatMap(({ member: m, index }): MemberVerdict[] => {
    const ground = singlePersonGround(m, asOf, policy.inclusion.elderlyAge);
    if (!ground) return [];
    return [
      {
        member: who(m, index),
        memberId: m.id ?? null,
        age: ageOn(m.birthDate, asOf),
        ground,
        groundLabel: MEMBER_GROUND_LABELS[ground],
        eligible: lowIncome,
        reason: lowIncome
          ? {
              zh: `${MEMBER_GROUND_LABELS[ground].zh},家庭为低收入家庭:赡养、抚养、扶养义务人本身为低收入家庭或兜底保障对象且不能完全承担义务的,可按单人户纳入(由乡镇认定)(S2 二(一)2)`,
              en: `${MEMBER_GROUND_LABELS[ground].en} in a low-income family: may be taken in alone if the supporters are themselves low-income or assisted and cannot fully support them (the township's finding) (S2 II(1)2)`,
            }
          : {
              zh: `${MEMBER_GROUND_LABELS[ground].zh},但家庭人均收入不低于低保标准的 ${policy.dibao.marginalMultiple} 倍,不是低收入家庭(S2 二(一)2)`,
              en: `${MEMBER_GROUND_LABELS[ground].en}, but the family's income is not below ${policy.dibao.marginalMultiple} times the standard: not a low-income family (S2 II(1)2)`,
            },
      },
    ];
  });
}

function tekunVerdict(
  h: HouseholdFacts,
  selfCare: AssistanceInput['selfCare'],
  policy: PolicyBody,
  asOf: string,
): TekunVerdict {
  const limits = { elderlyAge: policy.inclusion.elderlyAge, tekunMinorAgeLimit: policy.dibao.tekunMinorAgeLimit };
  const members = h.members.flatMap((m, index): TekunMemberVerdict[] => {
    if (m.birthDate > asOf || (m.deceasedOn && m.deceasedOn <= asOf)) return [];
    const age = ageOn(m.birthDate, asOf);
    const ground = tekunGround(m, asOf, limits);
    const level = (m.id && selfCare[m.id]) || null;
    return [
      {
        member: who(m, index),
        memberId: m.id ?? null,
        selfCare: level,
        careMonthlyFen: level ? policy.tekun.careMonthlyFen[level] : null,
        age,
        ground,
        groundLabel: ground ? MEMBER_GROUND_LABELS[ground] : null,
        eligible: ground !== null,
        reason: ground
          ? ground === 'minor'
            ? {
                zh: `${age} 周岁,未满 ${limits.tekunMinorAgeLimit} 周岁的未成年人(S2 二(一)4:从16周岁延长至18周岁)`,
                en: `${age}, a minor under ${limits.tekunMinorAgeLimit} (S2 II(1)4: raised from 16 to 18)`,
              }
            : {
                zh: `${MEMBER_GROUND_LABELS[ground].zh}(${age} 周岁)`,
                en: `${MEMBER_GROUND_LABELS[ground].en} (age ${age})`,
              }
          : {
              zh: `${age} 周岁,有劳动能力,不属于老年人、未成年人或无劳动能力人员`,
              en: `age ${age} and able to work: neither elderly, a minor nor without labour capacity`,
            },
      },
    ];
  });
  return {
    members,
    reasons: [
      {
        zh: '无劳动能力、无生活来源、无法定赡养抚养扶养义务人或其无履行能力,由乡镇调查认定,县级审批',
        en: 'no labour capacity, no income and no supporter able to support: the township finds it, the county decides',
      },
    ],
  };
}

function tempReliefVerdict(
  t: NonNullable<AssistanceInput['tempRelief']>,
  householdType: string,
  policy: PolicyBody,
): TempReliefVerdict {
  const returned = t.returnedToPoverty && householdType === 'lifted_household';
  const decision = decisionLevel('temp_relief', t.amountFen, policy, returned);
  const reasons: LocalizedText[] = [decision.why];
  if (returned) {
    const { maxStages, maxMonths } = policy.tempRelief.staged;
    reasons.push({
      zh: `返贫户:单次上限提高至 ${yuan(decision.capFen ?? 0)} 元,可一次审批、分阶段救助(2 至 ${maxStages} 期,${maxMonths} 个月内发完;S0 方案一 二 五是)`,
      en: `fell back into poverty: the cap is raised to ¥${yuan(decision.capFen ?? 0)}; one approval may be paid in 2 to ${maxStages} instalments within ${maxMonths} months (S0 plan one II, 5)`,
    });
  } else if (t.returnedToPoverty) {
    reasons.push({
      zh: '返贫指脱贫户重新陷入困难;本户不是脱贫户,按一般临时救助一次发放',
      en: 'only a lifted household falls back into poverty; this one is paid at once',
    });
  }
  if (t.kind === 'emergency') {
    reasons.push({
      zh: '急难型可先行救助,事后补齐手续(S0 方案一 二)',
      en: 'emergency relief may be paid first and the procedure completed afterwards (S0 plan one II)',
    });
  }
  return {
    kind: t.kind,
    kindLabel: TempReliefKind.labels[t.kind],
    amountFen: t.amountFen,
    decision,
    townshipLimitFen: policy.tempRelief.townshipLimitFen,
    staged: returned,
    reasons,
  };
}

function yuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}
