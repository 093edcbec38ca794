/**
 * One household's eligibility for 低保, 特困 and 临时救助 (issue 16 §10), against the seeds:
 * - S2 二(一)1 "家庭人均收入超过当年低保标准且不高于2倍的,视其情况实行3—12个月的渐退救助期";
 * - S2 二(一)2 单人户: "城乡低收入家庭中成年重度残疾人、重特大疾病患者、困难老年人、困难未成年人 … 可按单人户依程序纳入低保范围";
 * - S2 二(一)3 支出型 and the deductions;
 * - S2 二(一)4 "将特困供养覆盖的未成年人年龄从16周岁延长至18周岁";
 * - S2 三(二) "3000元以下临时救助审批权限委托下放至乡镇"; S0 plan one 二 一事一议.
 */
import { describe, expect, it } from 'vitest';
import nationalRecord from '../policies/national-2021.json' with { type: 'json' };
import {
  AssistanceInputSchema,
  evaluateAssistance,
  parsePolicyRecord,
  PolicyBodySchema,
  type AssistanceInputFile,
} from '../src/index.js';

const policy = PolicyBodySchema.parse(parsePolicyRecord(nationalRecord, 'national-2021.json').body);
const STD = policy.dibao.ruralMonthlyFen; // 500 元 a month
const YEAR = STD * 12; // 6000 元
const AS_OF = '2024-06-03';

type Member = NonNullable<AssistanceInputFile['household']['members']>[number];
const head = (over: Partial<Member> = {}): Member => ({
  id: 'a',
  name: '张一',
  sex: 'male',
  birthDate: '1970-01-01',
  relation: 'head',
  workMonths: 12,
  ...over,
});

function evaluate(
  over: Partial<AssistanceInputFile> & {
    members?: Member[];
    wageFen?: number;
    receivesDibao?: boolean;
    householdType?: 'lifted_household' | 'general_household';
  },
) {
  const { members, wageFen, receivesDibao, householdType, ...rest } = over;
  const input = AssistanceInputSchema.parse({
    household: {
      regionCode: '220681100201',
      ...(householdType ? { householdType } : {}),
      receivesDibao: receivesDibao ?? false,
      members: members ?? [head()],
      incomes: [{ year: 2023, wageFen: wageFen ?? 0 }],
    },
    ...rest,
  });
  return evaluateAssistance(input, policy, AS_OF);
}

describe('低保 for the whole household', () => {
  it('on the standard is not eligible; one fen below is, with the monthly top-up (strictly below)', () => {
    const on = evaluate({ wageFen: YEAR });
    expect(on.dibao).toMatchObject({ route: 'none', householdEligible: false, monthlyTopUpFen: 0 });
    const below = evaluate({ wageFen: YEAR - 1 });
    expect(below.dibao).toMatchObject({ route: 'ordinary', householdEligible: true, monthlyTopUpFen: 1 });
    expect(below.dibao.reasons[0]!.zh).toContain('低于当年低保标准 6000 元');
  });

  it('a standard given in the input replaces the policy’s (the standard of this year)', () => {
    const r = evaluate({ wageFen: YEAR, standardMonthlyFen: 55_000 });
    expect(r.dibao).toMatchObject({ route: 'ordinary', standardSource: 'input', monthlyTopUpFen: 5_000 });
  });

  it('S2 二(一)3 一是: income above the standard with rigid spending bringing it below is 支出型; the same income without it is not', () => {
    const claims = [{ kind: 'medical' as const, memberId: 'a', amountFen: 200_000, evidence: '住院发票' }];
    const r = evaluate({ wageFen: YEAR + 100_000, deductionClaims: claims });
    expect(r.dibao).toMatchObject({ route: 'expenditure', householdEligible: true });
    expect(r.dibao.income.lines.map((l) => l.code)).toEqual(['wage', 'medical']);
    expect(evaluate({ wageFen: YEAR + 100_000 }).dibao.route).toBe('none');
  });

  it('a claim naming someone not of the household is refused with its path', () => {
    const r = AssistanceInputSchema.safeParse({
      household: { regionCode: '220681100201', members: [head()] },
      deductionClaims: [{ kind: 'schooling', memberId: 'zz', amountFen: 1, evidence: '学费收据' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['deductionClaims', 0, 'memberId']);
  });
});

describe('渐退 (S2 二(一)1) for a household already on 低保, against this year’s standard', () => {
  it('twice the standard: a grace period of the policy’s default months from next month', () => {
    const r = evaluate({ receivesDibao: true, wageFen: YEAR * 2 });
    expect(r.dibao).toMatchObject({
      route: 'grace',
      householdEligible: true,
      grace: { outcome: 'grace', months: 6, startOn: '2024-07-01', endOn: '2024-12-31' },
    });
  });

  it('one fen above twice the standard: leaves without a grace period', () => {
    const r = evaluate({ receivesDibao: true, wageFen: YEAR * 2 + 1 });
    expect(r.dibao).toMatchObject({ route: 'none', grace: { outcome: 'exit' } });
  });

  it('month 3 and 12 are the bounds; 13 is refused', () => {
    expect(evaluate({ receivesDibao: true, wageFen: YEAR + 1, graceMonths: 3 }).dibao.grace).toMatchObject({
      months: 3,
      endOn: '2024-09-30',
    });
    expect(evaluate({ receivesDibao: true, wageFen: YEAR + 1, graceMonths: 12 }).dibao.grace).toMatchObject({
      months: 12,
      endOn: '2025-06-30',
    });
    expect(evaluate({ receivesDibao: true, wageFen: YEAR + 1, graceMonths: 13 }).dibao.grace).toMatchObject({
      outcome: 'invalid',
    });
  });
});

describe('单人户 (S2 二(一)2)', () => {
  const members = [
    head(),
    head({
      id: 'b',
      name: '张二',
      relation: 'son',
      birthDate: '1995-01-01',
      disabilityCategory: 'physical',
      disabilityGrade: 1,
      workMonths: null,
      laborCapacity: 'none',
    }),
  ];
  it('an adult with severe disability in a low-income family (below 1.5 × the standard) may be taken in alone', () => {
    const r = evaluate({ members, wageFen: YEAR * 3 - 1 });
    expect(r.dibao.route).toBe('single_person');
    expect(r.dibao.singlePerson).toEqual([
      expect.objectContaining({ member: '张二', ground: 'severe_disability', eligible: true }),
    ]);
  });
  it('at 1.5 × the standard the family is not low-income', () => {
    const r = evaluate({ members, wageFen: YEAR * 3 });
    expect(r.dibao).toMatchObject({ route: 'none', lowIncome: false });
    expect(r.dibao.singlePerson[0]).toMatchObject({ eligible: false });
  });
});

describe('特困 per member (S2 二(一)4: minors to 18)', () => {
  it('17 is a minor covered by 特困, 18 is not; a member of 60 is elderly', () => {
    const r = evaluate({
      members: [
        head({ birthDate: '1964-06-03' }),
        head({ id: 'b', name: '十七', relation: 'son', birthDate: '2006-06-04' }),
        head({ id: 'c', name: '十八', relation: 'son', birthDate: '2006-06-03' }),
      ],
    });
    expect(r.tekun.members).toEqual([
      expect.objectContaining({ member: '张一', age: 60, ground: 'elderly', eligible: true, selfCare: null }),
      expect.objectContaining({ member: '十七', age: 17, ground: 'minor', eligible: true }),
      expect.objectContaining({ member: '十八', age: 18, ground: null, eligible: false }),
    ]);
  });
});

describe('临时救助 (S2 三(二); S0 plan one 二)', () => {
  it('3,000 yuan is the township’s; one fen more the county’s; above ten months of the standard 一事一议', () => {
    const at = evaluate({ tempRelief: { kind: 'emergency', amountFen: 300_000 } }).tempRelief!;
    expect(at.decision).toMatchObject({ required: 'township', aboveCap: false, capFen: STD * 10 });
    const above = evaluate({ tempRelief: { kind: 'expense', amountFen: 300_001 } }).tempRelief!;
    expect(above.decision).toMatchObject({ required: 'county', aboveCap: false });
    const cap = evaluate({ tempRelief: { kind: 'expense', amountFen: STD * 10 + 1 } }).tempRelief!;
    expect(cap.decision).toMatchObject({ required: 'county', aboveCap: true });
    expect(evaluate({}).tempRelief).toBeNull();
  });

  it('S0 plan one 二 五是 (返贫人口 一次审批、分阶段救助,适当提高救助标准): a lifted household fell back gets the raised cap and stages', () => {
    const amountFen = STD * 10 + 1;
    const lifted = evaluate({
      householdType: 'lifted_household',
      tempRelief: { kind: 'expense', amountFen, returnedToPoverty: true },
    }).tempRelief!;
    expect(lifted).toMatchObject({ staged: true, decision: { aboveCap: false, capFen: STD * 15 } });
    expect(lifted.reasons.map((r) => r.zh).join()).toContain('分阶段');
    // a general household cannot fall back: the ordinary cap, paid at once
    const general = evaluate({ tempRelief: { kind: 'expense', amountFen, returnedToPoverty: true } }).tempRelief!;
    expect(general).toMatchObject({ staged: false, decision: { aboveCap: true, capFen: STD * 10 } });
  });
});

describe('特困 自理能力评估 (S2 二(一)4 "自理能力评估")', () => {
  it('the level of a member sets the policy’s care allowance; a level for someone not in the household is refused', () => {
    const r = evaluate({ members: [head({ birthDate: '1950-01-01' })], selfCare: { a: 'none' } });
    expect(r.tekun.members[0]).toMatchObject({
      selfCare: 'none',
      careMonthlyFen: policy.tekun.careMonthlyFen.none,
    });
    const bad = AssistanceInputSchema.safeParse({
      household: { regionCode: '220681100201', members: [head()] },
      selfCare: { zz: 'full' },
    });
    expect(bad.error!.issues[0]!.path).toEqual(['selfCare', 'zz']);
  });
});
