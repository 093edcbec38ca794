import { describe, expect, it } from 'vitest';
import { assess } from '../src/assess.js';
import type { HouseholdFactsInput } from '../src/household-facts.js';
import { AS_OF, policyFor, policyWith } from './assess.support.js';
import { FIXTURES } from './fixtures/index.js';

const national = policyFor();
const run = (h: HouseholdFactsInput, policy = national) => assess(h, policy, AS_OF);
const off = (key: string) => policyWith({ exclusions: { [key]: { enabled: false } } });

describe('S0 plan two §二(二)1: a car, commercial housing, a public servant or a real business excludes the household', () => {
  const cases = [
    ['s0-excluded-private-car', 'S0.2.2.1.private_car', 'privateCar'],
    ['s0-excluded-commercial-housing', 'S0.2.2.1.commercial_housing', 'commercialHousing'],
    ['s0-excluded-public-servant', 'S0.2.2.1.public_servant', 'publicServant'],
    ['s0-excluded-business', 'S0.2.2.1.business', 'business'],
  ] as const;

  it.each(cases)('S0 方案二 §二(二)1: %s is excluded by %s although it would qualify', (name, ruleId) => {
    const a = run(FIXTURES[name]);
    expect(a).toMatchObject({
      inScope: false,
      category: null,
      exclusions: [ruleId],
      grounds: ['S0.2.1.marginal_vulnerable'],
    });
    expect(a.explanations.find((e) => e.ruleId === ruleId)).toMatchObject({
      outcome: 'yes',
      threshold: { enabled: true },
    });
  });

  it.each(cases)('S0 方案二 §二(二)1: %s is in scope when the policy switches %s off', (name, ruleId, key) => {
    const a = run(FIXTURES[name], off(key));
    expect(a).toMatchObject({ inScope: true, category: 'marginal_vulnerable', exclusions: [] });
    expect(a.explanations.find((e) => e.ruleId === ruleId)!.outcome).toBe('disabled');
  });

  it('S0 方案二 §二(二)1、注意2: a public servant counts only as a member of the household', () => {
    const h = structuredClone(FIXTURES['s0-marginal-vulnerable']);
    // a married-out daughter, a teacher, neither registered here nor living and sharing income
    h.members!.push({
      relation: 'daughter',
      sex: 'female',
      birthDate: '1998-01-01',
      isPublicServant: true,
      registeredHere: false,
      livesAndShares: false,
    });
    expect(run(h)).toMatchObject({ inScope: true, exclusions: [] });
    h.members![4]!.livesAndShares = true;
    expect(run(h).exclusions).toEqual(['S0.2.2.1.public_servant']);
  });

  it('S0 方案二 §二(二)1: the household flag alone (from a department check) is enough', () => {
    const h = { ...FIXTURES['s0-marginal-vulnerable'], hasPublicServant: true };
    expect(run(h).exclusions).toEqual(['S0.2.2.1.public_servant']);
  });
});

describe('S0 plan two §二(二)2: a mud-brick only home with income stably above the line and no illness, disability or lost labour', () => {
  it('S0 方案二 §二(二)2: is excluded even though the house is unsafe and the household cannot fix it', () => {
    const a = run(FIXTURES['s0-excluded-mud-brick']);
    expect(a).toMatchObject({
      inScope: false,
      exclusions: ['S0.2.2.2.mud_brick_stable_income'],
      grounds: ['S3.3.1.guarantees_unresolved'],
    });
  });

  it('S0 方案二 §二(二)2: a disabled member, a serious illness or lost labour keeps the household in scope', () => {
    for (const change of [
      { disabilityCategory: 'hearing', disabilityGrade: 4 },
      { healthStatus: 'serious_illness' },
      { laborCapacity: 'lost' },
    ] as const) {
      const h = structuredClone(FIXTURES['s0-excluded-mud-brick']);
      h.members![2] = { ...h.members![2]!, ...change };
      expect(run(h), JSON.stringify(change)).toMatchObject({
        inScope: true,
        category: 'sudden_hardship',
        exclusions: [],
      });
    }
  });

  it('S0 方案二 §二(二)2 "稳定超过": income must have been above the line for the policy months; a recent record alone is not stable', () => {
    const h = structuredClone(FIXTURES['s0-excluded-mud-brick']);
    h.incomes = [
      { year: 2024, kind: 'visit_estimate', periodStart: '2023-06-01', periodEnd: '2024-05-31', wageFen: 3_000_000 },
    ];
    expect(run(h)).toMatchObject({ inScope: true, exclusions: [] });
  });

  it('S0 方案二 §二(二)2: income exactly on the line is not "above" it, so the exclusion does not apply', () => {
    const h = structuredClone(FIXTURES['s0-excluded-mud-brick']);
    h.incomes = [
      { year: 2022, wageFen: 1_800_000 },
      { year: 2023, wageFen: 1_800_000 },
    ];
    expect(run(h).exclusions).toEqual([]);
    h.incomes = [
      { year: 2022, wageFen: 1_800_001 },
      { year: 2023, wageFen: 1_800_001 },
    ];
    expect(run(h).exclusions).toEqual(['S0.2.2.2.mud_brick_stable_income']);
  });

  it('S0 方案二 §二(二)2: switched off, the unsafe mud-brick home is in scope', () => {
    expect(run(FIXTURES['s0-excluded-mud-brick'], off('mudBrickStableIncome'))).toMatchObject({
      inScope: true,
      category: 'sudden_hardship',
    });
  });
});

describe('S0 plan two §二(二)3 and note 1: elderly households whose children (even in separate households) are well off', () => {
  it('S0 方案二 §二(二)3、注意1: an elderly couple whose separately registered son owns commercial housing is excluded', () => {
    const a = run(FIXTURES['s0-excluded-elderly-children']);
    expect(a).toMatchObject({ inScope: false, exclusions: ['S0.2.2.3.elderly_well_off_children'] });
    const e = a.explanations.find((x) => x.ruleId === 'S0.2.2.3.elderly_well_off_children')!;
    expect(e.facts).toMatchObject({
      ages: [76, 74],
      wellOffChildren: [{ index: 0, relation: 'son', hasCommercialHousing: true }],
    });
  });

  it('S0 方案二 §二(二)3: a household with a member under the elderly age is not an elderly household', () => {
    const h = structuredClone(FIXTURES['s0-excluded-elderly-children']);
    h.members![1]!.birthDate = '1964-07-01'; // 59 on 2024-06-30
    expect(run(h).exclusions).toEqual([]);
    h.members![1]!.birthDate = '1964-06-30'; // 60 that day
    expect(run(h).exclusions).toEqual(['S0.2.2.3.elderly_well_off_children']);
  });

  it('S0 方案二 §二(二)3: only children count, and only for asset kinds whose own exclusion is switched on', () => {
    const h = structuredClone(FIXTURES['s0-excluded-elderly-children']);
    h.separateRelatives = [{ relation: 'nephew', hasCommercialHousing: true }];
    expect(run(h).exclusions).toEqual([]);
    h.separateRelatives = [{ relation: 'daughter', hasPrivateCar: true }];
    expect(run(h).exclusions).toEqual(['S0.2.2.3.elderly_well_off_children']);
    expect(run(h, off('privateCar')).exclusions).toEqual([]);
  });

  it('S0 方案二 §二(二)3: switched off, the elderly couple below the line with no labour is in scope', () => {
    expect(run(FIXTURES['s0-excluded-elderly-children'], off('elderlyWithWellOffChildren'))).toMatchObject({
      inScope: true,
      category: 'marginal_vulnerable',
      riskTypes: ['lack_of_labor'],
    });
  });
});
