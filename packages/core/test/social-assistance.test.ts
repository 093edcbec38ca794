import { describe, expect, it } from 'vitest';
import nationalRecord from '../policies/national-2021.json' with { type: 'json' };
import {
  approvalLevelOf,
  decisionLevel,
  dibaoGracePeriod,
  dibaoTopUpFen,
  levelSuffices,
  parsePolicyRecord,
  PolicyBodySchema,
  satisfactionOf,
  singlePersonGround,
  tekunGround,
  type AssistanceMemberFacts,
  type PolicyBody,
} from '../src/index.js';

const national = PolicyBodySchema.parse(parsePolicyRecord(nationalRecord, 'national-2021.json').body);
const policy: PolicyBody = national;
// 500 元/月 rural standard in the national pack: 6000 元 a year, twice that 12000 元
const STD = policy.dibao.ruralMonthlyFen;
const grace = policy.dibao.grace;

describe('低保 grace period (渐退)', () => {
  it('uses the policy of the pack: above the standard and at most 2×, 3–12 months (S2 §二(一)1)', () => {
    expect(grace).toMatchObject({ maxMultiple: 2, minMonths: 3, maxMonths: 12 });
  });

  it('S2 §二(一)1: income above the standard and not above twice it gives a grace period of the chosen months', () => {
    const r = dibaoGracePeriod(
      { perCapitaIncomeFen: 800_000, standardMonthlyFen: STD, from: '2024-05-17', months: 6 },
      grace,
    );
    expect(r).toEqual({ outcome: 'grace', months: 6, startOn: '2024-06-01', endOn: '2024-11-30', limitFen: 1_200_000 });
  });

  it('S2 §二(一)1: exactly twice the standard still qualifies ("不高于2倍"); one fen more leaves without grace', () => {
    const atLimit = dibaoGracePeriod(
      { perCapitaIncomeFen: 24 * STD, standardMonthlyFen: STD, from: '2024-01-10' },
      grace,
    );
    expect(atLimit.outcome).toBe('grace');
    const above = dibaoGracePeriod(
      { perCapitaIncomeFen: 24 * STD + 1, standardMonthlyFen: STD, from: '2024-01-10' },
      grace,
    );
    expect(above).toEqual({ outcome: 'exit', reason: 'income_above_grace_limit', limitFen: 24 * STD });
  });

  it('S2 §二(一)1: income at the standard is not "超过" it: the household stays on 低保 without a grace period', () => {
    expect(
      dibaoGracePeriod({ perCapitaIncomeFen: 12 * STD, standardMonthlyFen: STD, from: '2024-01-10' }, grace),
    ).toEqual({
      outcome: 'stay',
      reason: 'income_not_above_standard',
      standardAnnualFen: 12 * STD,
    });
    expect(
      dibaoGracePeriod({ perCapitaIncomeFen: 12 * STD + 1, standardMonthlyFen: STD, from: '2024-01-10' }, grace)
        .outcome,
    ).toBe('grace');
  });

  it('S2 §二(一)1: 3 and 12 months are allowed, 2 and 13 are refused naming the field', () => {
    const at = (months: number) =>
      dibaoGracePeriod({ perCapitaIncomeFen: 700_000, standardMonthlyFen: STD, from: '2024-12-31', months }, grace);
    expect(at(3)).toMatchObject({ outcome: 'grace', startOn: '2025-01-01', endOn: '2025-03-31' });
    expect(at(12)).toMatchObject({ outcome: 'grace', startOn: '2025-01-01', endOn: '2025-12-31' });
    expect(at(2)).toMatchObject({ outcome: 'invalid', path: 'months' });
    expect(at(13)).toMatchObject({ outcome: 'invalid', path: 'months' });
  });

  it('takes the default months of the policy when none are given, and follows a regional override', () => {
    expect(
      dibaoGracePeriod({ perCapitaIncomeFen: 700_000, standardMonthlyFen: STD, from: '2024-02-29' }, grace),
    ).toMatchObject({ months: grace.defaultMonths, startOn: '2024-03-01' });
    const local = { ...grace, maxMultiple: 1.5, maxMonths: 6 };
    expect(
      dibaoGracePeriod({ perCapitaIncomeFen: 18 * STD + 1, standardMonthlyFen: STD, from: '2024-02-29' }, local)
        .outcome,
    ).toBe('exit');
    expect(
      dibaoGracePeriod({ perCapitaIncomeFen: 700_000, standardMonthlyFen: STD, from: '2024-02-29', months: 12 }, local)
        .outcome,
    ).toBe('invalid');
  });
});

describe('who decides (S2 §三(二))', () => {
  it('S2 §三(二): the township confirms temporary assistance up to 3000 yuan inclusive ("3000元以下"), the county above', () => {
    expect(policy.tempRelief.townshipLimitFen).toBe(300_000);
    expect(decisionLevel('temp_relief', 300_000, policy).required).toBe('township');
    expect(decisionLevel('temp_relief', 300_001, policy).required).toBe('county');
    expect(decisionLevel('temp_relief', 50_000, policy).required).toBe('township');
  });

  it('S2 §三(二): the township confirms 低保; 特困 support is not delegated and stays with the county', () => {
    expect(decisionLevel('dibao', null, policy).required).toBe('township');
    expect(decisionLevel('tekun', null, policy).required).toBe('county');
  });

  it('S0 plan one §二 (一事一议): above the per-case cap the county decides; the cap is the multiple of the monthly standard', () => {
    const cap = STD * policy.tempRelief.maxMultipleOfMonthlyStandard;
    expect(decisionLevel('temp_relief', cap, policy)).toMatchObject({
      required: 'county',
      aboveCap: false,
      capFen: cap,
    });
    expect(decisionLevel('temp_relief', cap + 1, policy)).toMatchObject({ required: 'county', aboveCap: true });
  });

  it('maps roles to levels: the county may decide what a township may, not the other way round', () => {
    expect(approvalLevelOf('township_officer')).toBe('township');
    expect(approvalLevelOf('county_officer')).toBe('county');
    expect(approvalLevelOf('county_admin')).toBe('county');
    expect(approvalLevelOf('village_cadre')).toBeNull();
    expect(approvalLevelOf('inspector')).toBeNull();
    expect(levelSuffices('county', 'township')).toBe(true);
    expect(levelSuffices('township', 'township')).toBe(true);
    expect(levelSuffices('township', 'county')).toBe(false);
  });
});

describe('低保 top-up (DOMAIN §4.7, R2)', () => {
  it('pays the gap between the standard and the per-capita income for each insured person, rounded up once', () => {
    // standard 500 元/月; per-capita income 4000 元/年 = 333.33 元/月; gap 166.67 × 3 = 500.00 元
    expect(dibaoTopUpFen({ standardMonthlyFen: 50_000, perCapitaIncomeFen: 400_000, insuredCount: 3 })).toBe(50_000);
    // 1 fen of annual gap for one person is 1/12 fen a month: rounded up to 1 fen
    expect(dibaoTopUpFen({ standardMonthlyFen: 50_000, perCapitaIncomeFen: 599_999, insuredCount: 1 })).toBe(1);
    expect(dibaoTopUpFen({ standardMonthlyFen: 50_000, perCapitaIncomeFen: 600_000, insuredCount: 2 })).toBe(0);
    expect(dibaoTopUpFen({ standardMonthlyFen: 50_000, perCapitaIncomeFen: 0, insuredCount: 2 })).toBe(100_000);
  });
});

const person = (over: Partial<AssistanceMemberFacts> = {}): AssistanceMemberFacts => ({
  birthDate: '1980-06-01',
  healthStatus: 'healthy',
  disabilityGrade: null,
  disabilityCategory: null,
  laborCapacity: 'ordinary',
  ...over,
});

describe('members a case may cover', () => {
  const on = '2024-06-01';
  it('S2 §二(一)2: an adult with severe disability or serious illness, an elderly person or a minor may be taken in alone', () => {
    expect(singlePersonGround(person({ disabilityGrade: 2, disabilityCategory: 'physical' }), on, 60)).toBe(
      'severe_disability',
    );
    expect(singlePersonGround(person({ disabilityGrade: 3, disabilityCategory: 'mental' }), on, 60)).toBe(
      'severe_disability',
    );
    expect(singlePersonGround(person({ disabilityGrade: 3, disabilityCategory: 'physical' }), on, 60)).toBeNull();
    expect(singlePersonGround(person({ healthStatus: 'serious_illness' }), on, 60)).toBe('serious_illness');
    expect(singlePersonGround(person({ birthDate: '1964-06-01' }), on, 60)).toBe('elderly');
    expect(singlePersonGround(person({ birthDate: '1964-06-02' }), on, 60)).toBeNull();
    expect(singlePersonGround(person({ birthDate: '2006-06-02' }), on, 60)).toBe('minor');
    expect(singlePersonGround(person({ healthStatus: 'chronic_illness' }), on, 60)).toBeNull();
  });

  it('S2 §二(一)4: 特困 covers minors up to 18 (no longer 16): 17 is covered, 18 is not on that ground', () => {
    const limits = { elderlyAge: 60, tekunMinorAgeLimit: policy.dibao.tekunMinorAgeLimit };
    expect(limits.tekunMinorAgeLimit).toBe(18);
    expect(tekunGround(person({ birthDate: '2006-06-02' }), on, limits)).toBe('minor'); // 17 years old
    expect(tekunGround(person({ birthDate: '2006-06-01' }), on, limits)).toBeNull(); // 18 today
    expect(tekunGround(person({ birthDate: '2007-01-01' }), on, { ...limits, tekunMinorAgeLimit: 16 })).toBeNull();
  });

  it('S2 §二(一)4: elderly people and people without labour capacity may receive 特困 support', () => {
    const limits = { elderlyAge: 60, tekunMinorAgeLimit: 18 };
    expect(tekunGround(person({ birthDate: '1950-01-01' }), on, limits)).toBe('elderly');
    expect(tekunGround(person({ laborCapacity: 'lost' }), on, limits)).toBe('no_labor_capacity');
    expect(tekunGround(person({ disabilityGrade: 1, disabilityCategory: 'visual' }), on, limits)).toBe(
      'no_labor_capacity',
    );
    expect(tekunGround(person({ laborCapacity: 'weak_or_half' }), on, limits)).toBeNull();
  });
});

describe('satisfaction (S0 plan one §二 ledger)', () => {
  it('reads identifiers and the Chinese labels written in ledgers, and nothing else', () => {
    expect(satisfactionOf('satisfied')).toBe('satisfied');
    expect(satisfactionOf('满意')).toBe('satisfied');
    expect(satisfactionOf('基本满意')).toBe('basically_satisfied');
    expect(satisfactionOf(' 不满意 ')).toBe('dissatisfied');
    expect(satisfactionOf('很好')).toBeNull();
    expect(satisfactionOf(null)).toBeNull();
  });
});
