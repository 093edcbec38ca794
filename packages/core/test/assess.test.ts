import { describe, expect, it } from 'vitest';
import { assess, type Assessment } from '../src/assess.js';
import { AppError } from '../src/errors.js';
import type { HouseholdFactsInput } from '../src/household-facts.js';
import {
  AS_OF,
  household,
  JILIN_VILLAGE,
  policyFor,
  policyWith,
  SHAANXI_VILLAGE,
  withIllness,
} from './assess.support.js';
import { FIXTURES, IDENTIFICATION_AS_OF } from './fixtures/index.js';

const LINE = 600_000; // 6000 yuan, S1 §三(二)
const national = policyFor();
const run = (h: HouseholdFactsInput, policy = national, asOf = AS_OF): Assessment => assess(h, policy, asOf);
const fixture = (name: keyof typeof FIXTURES, asOf = IDENTIFICATION_AS_OF) =>
  assess(FIXTURES[name], policyFor(FIXTURES[name].regionCode, asOf), asOf);
const explanation = (a: Assessment, ruleId: string) => {
  const e = a.explanations.find((x) => x.ruleId === ruleId);
  if (!e) throw new Error(`no explanation ${ruleId}`);
  return e;
};

describe('S0 plan two §二(一): 脱贫不稳定户 and 边缘易致贫户 (per-capita income below the line and a risk)', () => {
  it('S0 方案二 §二(一)1: a lifted household below 6000 yuan with a seriously ill member is an unstable lifted household', () => {
    const a = fixture('s0-unstable-lifted');
    expect(a).toMatchObject({
      inScope: true,
      category: 'unstable_lifted',
      riskTypes: ['illness'],
      grounds: ['S0.2.1.unstable_lifted'],
    });
    expect(a.income).toMatchObject({
      countedMembers: 3,
      netIncomeFen: 1_680_000,
      perCapitaFen: 560_000,
      belowLine: true,
    });
    const e = explanation(a, 'S1.3.2.income_below_line');
    expect(e.outcome).toBe('yes');
    expect(e.threshold).toMatchObject({ monitoringIncomeLineFen: LINE, lineTimesPeopleFen: LINE * 3 });
    expect(e.facts).toMatchObject({
      netIncomeFen: 1_680_000,
      countedMembers: 3,
      record: { year: 2023, kind: 'annual' },
    });
    expect(e.policyVersion).toBe('national 2021 v1');
  });

  it('S0 方案二 §二(一)2: an ordinary household below the line with a severely disabled member is marginal', () => {
    const a = fixture('s0-marginal-vulnerable');
    expect(a).toMatchObject({ inScope: true, category: 'marginal_vulnerable', riskTypes: ['disability'] });
    expect(explanation(a, 'S1.4.1.3.severe_disability').facts).toMatchObject({
      members: [{ index: 1, relation: 'spouse', disabilityGrade: 2 }],
    });
  });

  it('S0 方案二 §二(一): exactly on the line is not below it; one fen less in the year is', () => {
    expect(run(withIllness(household(LINE * 3)))).toMatchObject({ inScope: false, category: null });
    expect(run(withIllness(household(LINE * 3 - 1)))).toMatchObject({ inScope: true, category: 'marginal_vulnerable' });
    const lifted = { householdType: 'lifted_household' as const };
    expect(run(withIllness(household(LINE * 3, lifted))).category).toBeNull();
    expect(run(withIllness(household(LINE * 3 - 1, lifted))).category).toBe('unstable_lifted');
  });

  it('S0 方案二 §二(一): below the line without any risk in the facts is not taken in under the 2021 national policy', () => {
    const a = run(household(LINE * 3 - 1));
    expect(a).toMatchObject({ inScope: false, riskTypes: [], grounds: [] });
    expect(explanation(a, 'S0.2.1.marginal_vulnerable').message.en).toMatch(/no risk found/);
  });

  it('S3 §三(一): under the 2024 陕西 line of 7300 income below the line is itself the condition', () => {
    const a = fixture('s3-line-7300');
    expect(a).toMatchObject({ inScope: true, category: 'marginal_vulnerable', riskTypes: [] });
    expect(a.income).toMatchObject({ lineFen: 730_000, perCapitaFen: 650_000, belowLine: true });
    expect(a.policyVersion).toBe('national 2021 v1 + 61 2024 v1');
    // the same household in 临江 stays under the 6000 line of 2021 and is not below it
    const inJilin = run({ ...FIXTURES['s3-line-7300'], regionCode: JILIN_VILLAGE });
    expect(inJilin).toMatchObject({ inScope: false, income: { lineFen: 600_000, belowLine: false } });
    // and in 陕西 before the 2024 record took effect, the 6000 line applies
    const before = assess(FIXTURES['s3-line-7300'], policyFor(SHAANXI_VILLAGE, '2023-12-31'), '2023-12-31');
    expect(before).toMatchObject({ inScope: false, income: { lineFen: 600_000, belowLine: false } });
  });

  it('S0 方案二 注意2: only members of the same registration or living and sharing income count', () => {
    const a = fixture('s0-counted-members');
    // the married-out daughter neither registered nor living here is left out; the daughter-in-law counts
    expect(a.income).toMatchObject({
      countedMembers: 4,
      netIncomeFen: 2_600_000,
      perCapitaFen: 650_000,
      belowLine: false,
    });
    expect(a.inScope).toBe(false);
    expect(explanation(a, 'S0.2.note2.counted_members').facts).toMatchObject({
      members: [{ counted: true }, { counted: true }, { counted: true }, { counted: true }, { counted: false }],
    });
    // counting her would have put the household below the line
    const h = structuredClone(FIXTURES['s0-counted-members']);
    h.members![4]!.livesAndShares = true;
    expect(run(h)).toMatchObject({ inScope: true, category: 'marginal_vulnerable', income: { countedMembers: 5 } });
  });
});

describe('S1 §三(二): scope is the whole rural population, including relocated people', () => {
  it('S1 §三(二): relocated people now registered in town are in scope', () => {
    expect(fixture('s1-relocated')).toMatchObject({ inScope: true, category: 'marginal_vulnerable' });
  });

  it('S1 §三(二): an urban household that was not relocated is outside the monitored population', () => {
    const a = fixture('s1-urban-out-of-scope');
    expect(a).toMatchObject({ inScope: false, category: null });
    expect(explanation(a, 'S1.3.2.rural_population').outcome).toBe('no');
  });
});

describe('S1 §三(一)(二): 突发严重困难户 (rigid expenditure or a sharp income drop, above the line)', () => {
  it('S1 §三(二): medical costs above last year’s income make a household above the line a sudden hardship', () => {
    const a = fixture('s1-sudden-hardship-rigid');
    expect(a).toMatchObject({ inScope: true, category: 'sudden_hardship', grounds: ['S1.3.1.sudden_hardship'] });
    expect(a.riskTypes).toEqual(['illness']);
    // 35,000 out of pocket less 2,000 insurance payout, against 30,000 net income in 2023
    expect(a.income).toMatchObject({
      rigidExpenseFen: 3_300_000,
      previousYearNetFen: 3_000_000,
      rigidExpenseAbovePreviousIncome: true,
    });
    expect(explanation(a, 'S1.3.2.rigid_expense').threshold).toMatchObject({ rigidExpenseShareOfPreviousIncome: 1 });
  });

  it('S1 §三(二): rigid expenditure equal to last year’s income is not "clearly above" it; one fen more is', () => {
    const h = (medical: number) =>
      household(LINE * 3 + 300_000, {
        incomes: [
          { year: 2023, wageFen: 2_000_000 },
          {
            year: 2024,
            kind: 'at_identification',
            periodStart: '2023-06-01',
            periodEnd: '2024-05-31',
            wageFen: LINE * 3 + 300_000,
            medicalOutOfPocketFen: medical,
          },
        ],
      });
    expect(run(h(2_000_000))).toMatchObject({ inScope: false, income: { rigidExpenseAbovePreviousIncome: false } });
    expect(run(h(2_000_001))).toMatchObject({ inScope: true, category: 'sudden_hardship', riskTypes: ['illness'] });
  });

  it('S1 §三(一), §四(一)1: income halved after the main worker’s accident makes a sudden hardship', () => {
    const a = fixture('s1-sudden-hardship-income-drop');
    expect(a).toMatchObject({ inScope: true, category: 'sudden_hardship', riskTypes: ['accident'] });
    expect(a.income).toMatchObject({
      netIncomeFen: 1_900_000,
      previousYearNetFen: 4_200_000,
      sharpIncomeDrop: true,
      belowLine: false,
    });
  });

  it('S1 §三(二): income at exactly half of last year is a sharp drop; one fen more is not', () => {
    const h = (now: number) =>
      household(0, {
        riskEvents: [{ riskType: 'unstable_employment', occurredOn: '2024-03-01' }],
        incomes: [
          { year: 2023, wageFen: 4_000_000 },
          { year: 2024, kind: 'visit_estimate', periodStart: '2023-06-01', periodEnd: '2024-05-31', wageFen: now },
        ],
      });
    expect(run(h(2_000_000))).toMatchObject({ category: 'sudden_hardship', income: { sharpIncomeDrop: true } });
    expect(run(h(2_000_001))).toMatchObject({ inScope: false, income: { sharpIncomeDrop: false } });
  });

  it('S1 §四(一)4: a sharp drop with no cause in the facts is still a risk, recorded as "other"', () => {
    const h = household(0, {
      incomes: [
        { year: 2023, wageFen: 4_000_000 },
        { year: 2024, kind: 'visit_estimate', periodStart: '2023-06-01', periodEnd: '2024-05-31', wageFen: 1_900_000 },
      ],
    });
    expect(run(h)).toMatchObject({ inScope: true, category: 'sudden_hardship', riskTypes: ['other'] });
  });

  it('S0 方案二 §二(一): below the line with rigid costs too is judged by household type, not as a sudden hardship', () => {
    const h = withIllness(
      household(0, {
        incomes: [
          { year: 2023, wageFen: 1_000_000 },
          {
            year: 2024,
            kind: 'at_identification',
            periodStart: '2023-06-01',
            periodEnd: '2024-05-31',
            wageFen: 1_000_000,
            medicalOutOfPocketFen: 1_500_000,
          },
        ],
      }),
    );
    const a = run(h);
    expect(a.category).toBe('marginal_vulnerable');
    expect(a.grounds).toEqual(['S0.2.1.marginal_vulnerable']);
  });
});

describe('S3 §三(一): 两不愁三保障 and water; in scope when one fails and the household cannot solve it itself', () => {
  it('S3 §三(一): unsafe water the household cannot fix puts a household above the line in scope as a sudden hardship', () => {
    const a = fixture('s3-guarantees-unresolved');
    expect(a).toMatchObject({
      inScope: true,
      category: 'sudden_hardship',
      grounds: ['S3.3.1.guarantees_unresolved'],
      riskTypes: ['water_unsafe'],
      guarantees: { water: false, secured: false, selfResolvable: false },
      income: { belowLine: false },
    });
    expect(explanation(a, 'S3.3.1.guarantees_unresolved').message.zh).toMatch(/突发严重困难户/);
  });

  it('S3 §三(一): the same failure the household can solve itself does not', () => {
    expect(fixture('s3-guarantees-self-resolvable')).toMatchObject({
      inScope: false,
      grounds: [],
      riskTypes: ['water_unsafe'],
    });
  });

  it('S3 §三(一): below the line, a guarantee failure takes the category of the household type', () => {
    const a = run(household(LINE * 3 - 1, { householdType: 'lifted_household', foodClothingSecure: false }));
    expect(a).toMatchObject({ inScope: true, category: 'unstable_lifted', grounds: ['S3.3.1.guarantees_unresolved'] });
  });

  it('S3 §三(一): with no income record the household is in scope and its category waits for the income', () => {
    const a = run(household(0, { incomes: [], housingSafetyGrade: 'D' }));
    expect(a).toMatchObject({ inScope: true, category: null, income: { belowLine: null } });
    expect(explanation(a, 'S1.3.2.income_below_line').outcome).toBe('unknown');
  });

  it('S3 §三(一): basic medical care fails for a member without basic medical insurance; an unknown value fails nothing', () => {
    const h = household(LINE * 3 + 100);
    h.members![2] = { ...h.members![2]!, medicalInsurance: 'none' };
    expect(run(h)).toMatchObject({ inScope: true, guarantees: { basicMedical: false }, category: 'sudden_hardship' });
    h.members![2] = { ...h.members![2]!, medicalInsurance: null };
    expect(run(h)).toMatchObject({ inScope: false, guarantees: { basicMedical: true } });
  });

  it('S0 方案二 §三(二): electricity and telecoms are monitored but are not among the guarantees', () => {
    const a = run(household(LINE * 3 + 100, { electricityOk: false, telecomOk: false }));
    expect(a).toMatchObject({ inScope: false, guarantees: { electricity: false, telecom: false, secured: true } });
    expect(explanation(a, 'S3.3.1.guarantees').message.zh).toMatch(/生活用电、通讯未达标/);
  });

  it('S3 §三(一); DOMAIN §4.4: a compulsory-age child out of school is a failed guarantee and a risk', () => {
    const a = fixture('s3-school-dropout');
    expect(a).toMatchObject({
      inScope: true,
      category: 'marginal_vulnerable',
      riskTypes: ['school_dropout'],
      guarantees: { compulsoryEducation: false },
      grounds: ['S0.2.1.marginal_vulnerable', 'S3.3.1.guarantees_unresolved'],
    });
  });

  it('S3 §三(一): compulsory age is the policy’s 6–16; a 17-year-old dropout is not a compulsory-age dropout', () => {
    const h = (birthDate: string) => {
      const x = household(LINE * 3 + 100);
      x.members![2] = { ...x.members![2]!, birthDate, schoolStatus: 'dropout' };
      return x;
    };
    expect(run(h('2007-06-30')).guarantees.compulsoryEducation).toBe(true); // 17 on 2024-06-30
    expect(run(h('2007-07-01')).guarantees.compulsoryEducation).toBe(false); // still 16
  });
});

describe('S1 §四(一): risk types found in the facts', () => {
  it('S1 §四(一)2: chronic illness with out-of-pocket costs above the warning line (5000 for lifted, 20000 for others)', () => {
    const h = (medical: number, extra: Partial<HouseholdFactsInput> = {}) =>
      household(LINE * 3 - 1, {
        incomes: [{ year: 2023, wageFen: LINE * 3 - 1, medicalOutOfPocketFen: medical }],
        ...extra,
      });
    expect(run(h(500_000, { householdType: 'lifted_household' })).riskTypes).toEqual([]);
    expect(run(h(500_001, { householdType: 'lifted_household' })).riskTypes).toEqual(['illness']);
    expect(run(h(500_001)).riskTypes).toEqual([]);
    // for a general household the costs must exceed 20000 yuan or half of last year's net income
    expect(run(h(2_000_001)).riskTypes).toEqual(['illness']);
  });

  it('S1 §四(一)2: schooling costs above 10000 yuan are a schooling risk', () => {
    const a = fixture('s1-schooling-costs');
    expect(a).toMatchObject({ inScope: true, riskTypes: ['education'] });
    const h = (cost: number) =>
      household(LINE * 3 - 1, { incomes: [{ year: 2023, wageFen: LINE * 3 - 1, schoolingExpenseFen: cost }] });
    expect(run(h(1_000_000)).riskTypes).toEqual([]);
    expect(run(h(1_000_001)).riskTypes).toEqual(['education']);
  });

  it('S1 §四(一)3: grade 1–2 disability is severe; grade 3 is not', () => {
    const h = (grade: number) => {
      const x = household(LINE * 3 - 1);
      x.members![0] = { ...x.members![0]!, disabilityCategory: 'physical', disabilityGrade: grade };
      return x;
    };
    expect(run(h(2)).riskTypes).toEqual(['disability']);
    expect(run(h(3)).riskTypes).toEqual([]);
  });

  it('S1 §四(一)5: an elderly member with an intellectual disability (失智) is a disability risk at any grade', () => {
    const a = fixture('s1-frail-elderly');
    expect(a).toMatchObject({ inScope: true, category: 'marginal_vulnerable', riskTypes: ['disability'] });
    expect(explanation(a, 'S1.4.1.5.frail_elderly').outcome).toBe('yes');
    expect(explanation(a, 'S1.4.1.3.severe_disability').outcome).toBe('no');
  });

  it('S1 §四(一)1: no member with ordinary or skilled labour capacity is a lack of labour', () => {
    expect(fixture('s1-lack-of-labor')).toMatchObject({ inScope: true, riskTypes: ['lack_of_labor'] });
  });

  it('S0 方案二 §一、§三(二): a flood that damaged the house gives the disaster sub-type and unsafe housing', () => {
    const a = fixture('s0-disaster-flood');
    expect(a).toMatchObject({
      inScope: true,
      category: 'sudden_hardship',
      riskTypes: ['natural_disaster', 'housing_unsafe'],
      disasterSubtype: 'flood',
      guarantees: { housing: false },
    });
    expect(a.risks.map((r) => r.ruleId).sort()).toEqual([
      'S1.4.1.6.disaster_loss',
      'S1.4.1.6.risk_event',
      'S3.3.1.housing_unsafe',
    ]);
  });

  it('S1 §四(一)6: an event counts within the policy look-back unless resolved', () => {
    const h = (occurredOn: string, resolvedOn: string | null = null) =>
      household(LINE * 3 - 1, { riskEvents: [{ riskType: 'industry_failure', occurredOn, resolvedOn }] });
    expect(run(h('2023-07-01')).riskTypes).toEqual(['industry_failure']);
    expect(run(h('2023-06-30')).riskTypes).toEqual([]); // 12 months before 2024-06-30: out of the look-back
    expect(run(h('2024-01-01', '2024-06-30')).riskTypes).toEqual([]);
    expect(run(h('2024-01-01', '2024-07-01')).riskTypes).toEqual(['industry_failure']);
    expect(run(h('2024-07-01')).riskTypes).toEqual([]); // not yet happened
  });

  it('S3 §三(七): shows when no member can work and the household lives on social security', () => {
    const a = fixture('s1-no-labor-not-eliminated', '2024-07-15');
    expect(a.wholeHouseholdNoLabor).toEqual({ noLaborCapacity: true, livesOnSocialSecurity: true, flagged: false });
  });
});

describe('explanations (issue 3 §3: every conclusion carries rule id, zh/en message, facts, threshold and policy version)', () => {
  it('every explanation is complete, and no name or ID number leaks into the facts', () => {
    for (const [name, h] of Object.entries(FIXTURES)) {
      const withNames: HouseholdFactsInput = {
        ...h,
        members: h.members!.map((m, i) => ({ ...m, name: `张测试${i}`, idNumber: '22068119700101001X' })),
      };
      const a = assess(withNames, policyFor(h.regionCode), IDENTIFICATION_AS_OF);
      expect(a.explanations.length, name).toBeGreaterThan(15);
      for (const e of a.explanations) {
        expect(e.ruleId).toMatch(/^(S[0-3]|W\d|assess)\./);
        expect(e.message.zh.length).toBeGreaterThan(0);
        expect(e.message.en.length).toBeGreaterThan(0);
        expect(e.policyVersion).toBe(a.policyVersion);
        expect(['yes', 'no', 'disabled', 'unknown']).toContain(e.outcome);
      }
      const text = JSON.stringify(a);
      expect(text).not.toMatch(/张测试|22068119700101001X/);
    }
  });

  it('the conclusion names in words the exclusions that stopped a qualifying household (S0 方案二 §二(二)1)', () => {
    const e = explanation(fixture('s0-excluded-private-car'), 'assess.conclusion');
    expect(e.outcome).toBe('no');
    // an officer reads this: the exclusion's name, never its rule id
    expect(e.message.zh).toBe('符合条件但属于不纳入情形：家庭有消费型车辆');
    expect(e.message.en).toBe('would qualify, but excluded by has a private car');
    expect(e.facts.exclusions).toEqual(['S0.2.2.1.private_car']);
  });
});

describe('input validation', () => {
  it('names the offending field by path', () => {
    const h = household(100);
    h.members![1] = { ...h.members![1]!, birthDate: '1977-02-30' };
    h.incomes = [{ year: 2023, wageFen: -5 }];
    try {
      run(h);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).issues.map((i) => i.path).sort()).toEqual(['incomes.0.wageFen', 'members.1.birthDate']);
    }
  });

  it('refuses two annual records for one year, a disability grade without category, and an invalid as-of date', () => {
    expect(() => run(household(100, { incomes: [{ year: 2023 }, { year: 2023 }] }))).toThrow(/incomes\.1\.year/);
    const h = household(100);
    h.members![0] = { ...h.members![0]!, disabilityGrade: 2 };
    expect(() => run(h)).toThrow(/members\.0\.disabilityCategory/);
    expect(() => run(household(100), national, '2024-13-01')).toThrow(AppError);
  });

  it('accepts the 12-digit padded form of a region code and reads the canonical prefix', () => {
    expect(run(household(100, { regionCode: '220681100000' })).regionCode).toBe('220681100');
  });

  it('uses the policy it is given: the same facts with the national line set to 7300 by policy only', () => {
    const h = withIllness(household(2_000_000)); // 6666.66 yuan per person
    expect(run(h).inScope).toBe(false);
    expect(run(h, policyWith({ monitoringIncomeLineFen: 730_000 })).inScope).toBe(true);
  });
});
