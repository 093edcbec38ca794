import { describe, expect, it } from 'vitest';
import national from '../policies/national-2021.json' with { type: 'json' };
import { assess } from '../src/assess.js';
import { parsePolicyRecord, PolicyError, resolvePolicy } from '../src/policy.js';
import { BUILTIN, household, JILIN_VILLAGE, SHAANXI_VILLAGE, withIllness } from './assess.support.js';

const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).issues.map((i) => i.path);
  }
  throw new Error('expected a PolicyError');
};

describe('policy resolution (issue 3 §1; DOMAIN §4.2, §10.1)', () => {
  it('S1 §三(二): 临江 in 2024 runs on the 2021 national guideline of 6000 yuan', () => {
    const p = resolvePolicy(BUILTIN, JILIN_VILLAGE, '2024-06-30');
    expect(p.monitoringIncomeLineFen).toBe(600_000);
    expect(p.versionLabel).toBe('national 2021 v1');
    expect(p.sources[0]!.docNo).toBe('中农组发〔2021〕7号');
  });

  it('S3 §三(一): a 陕西 village from 2024-01-01 runs on 7300 yuan, and below the line needs no further risk', () => {
    const p = resolvePolicy(BUILTIN, SHAANXI_VILLAGE, '2024-01-01');
    expect(p).toMatchObject({ monitoringIncomeLineFen: 730_000, versionLabel: 'national 2021 v1 + 61 2024 v1' });
    expect(p.inclusion.belowLineRequiresRisk).toBe(false);
    // every other number still comes from the national record
    expect(p.deadlines).toEqual(resolvePolicy(BUILTIN, JILIN_VILLAGE, '2024-01-01').deadlines);
    const before = resolvePolicy(BUILTIN, SHAANXI_VILLAGE, '2023-12-31');
    expect(before).toMatchObject({ monitoringIncomeLineFen: 600_000, versionLabel: 'national 2021 v1' });
    expect(before.inclusion.belowLineRequiresRisk).toBe(true);
  });

  it('S3 §三(一): a county file with 7300 replaces 6000 for that county only, with no code change', () => {
    // what a county would write and load with `dixian policy load` or pass with `dixian assess --policy`
    const file = JSON.parse(`{
      "regionPrefix": "220681",
      "year": 2024,
      "version": 1,
      "effectiveFrom": "2024-01-01",
      "docNo": "临乡振发〔2024〕1号",
      "docTitle": "关于调整2024年防止返贫监测范围的通知",
      "body": { "monitoringIncomeLineFen": 730000 }
    }`);
    const records = [...BUILTIN, parsePolicyRecord(file, 'county-2024.json')];
    const h = withIllness(household(2_000_000)); // 6666.66 yuan per person, a seriously ill member
    const before = assess(h, resolvePolicy(BUILTIN, JILIN_VILLAGE, '2024-06-30'), '2024-06-30');
    const after = assess(h, resolvePolicy(records, JILIN_VILLAGE, '2024-06-30'), '2024-06-30');
    expect(before).toMatchObject({ inScope: false, policyVersion: 'national 2021 v1' });
    expect(after).toMatchObject({
      inScope: true,
      category: 'marginal_vulnerable',
      policyVersion: 'national 2021 v1 + 220681 2024 v1',
    });
    expect(after.explanations.find((e) => e.ruleId === 'S1.3.2.income_below_line')!.threshold).toMatchObject({
      monitoringIncomeLineFen: 730_000,
    });
    // the neighbouring county keeps 6000
    expect(resolvePolicy(records, '220602100201', '2024-06-30').monitoringIncomeLineFen).toBe(600_000);
  });

  it('a later national version in force replaces the earlier one; a later version number on the same day wins', () => {
    const v = (version: number, effectiveFrom: string, line: number) =>
      parsePolicyRecord({
        ...national,
        year: 2024,
        version,
        effectiveFrom,
        body: { ...national.body, monitoringIncomeLineFen: line },
      });
    const records = [...BUILTIN, v(1, '2024-03-01', 700_000), v(2, '2024-03-01', 710_000)];
    expect(resolvePolicy(records, JILIN_VILLAGE, '2024-02-29').monitoringIncomeLineFen).toBe(600_000);
    expect(resolvePolicy(records, JILIN_VILLAGE, '2024-03-01')).toMatchObject({
      monitoringIncomeLineFen: 710_000,
      versionLabel: 'national 2024 v2',
    });
  });

  it('a national file written before the inclusion parameters existed is still valid and gets their defaults', () => {
    const { inclusion: _inclusion, ...older } = national.body;
    const sh = { ...national.body.suddenHardship } as Record<string, unknown>;
    delete sh.netOfInsuranceClaims;
    const p = resolvePolicy(
      [parsePolicyRecord({ ...national, body: { ...older, suddenHardship: sh } })],
      JILIN_VILLAGE,
      '2024-06-30',
    );
    expect(p.inclusion).toEqual({
      belowLineRequiresRisk: true,
      eventLookbackMonths: 12,
      compulsoryEducationMinAge: 6,
      compulsoryEducationMaxAge: 16,
      elderlyAge: 60,
    });
    expect(p.suddenHardship.netOfInsuranceClaims).toBe(true);
  });
});

describe('an invalid policy is refused, naming the field (issue 3 §1)', () => {
  const regional = (body: Record<string, unknown>) => ({
    regionPrefix: '220681',
    year: 2024,
    version: 1,
    effectiveFrom: '2024-01-01',
    docNo: 'x',
    docTitle: 'x',
    body,
  });

  it('a national record missing a section names the section', () => {
    const { dibao: _dibao, ...body } = national.body;
    expect(issuesOf(() => parsePolicyRecord({ ...national, body }))).toEqual(['body.dibao']);
  });

  it('a regional override with a misspelt field is refused when read, not when first used', () => {
    expect(issuesOf(() => parsePolicyRecord(regional({ exclusions: { privateCar: { enabld: false } } })))).toEqual([
      'body.exclusions.privateCar.enabld',
    ]);
    expect(issuesOf(() => parsePolicyRecord(regional({ monitoringIncomeLine: 730000 })))).toEqual([
      'body.monitoringIncomeLine',
    ]);
  });

  it('a regional override with an invalid value names it: negative money, fractional fen, a ratio finer than 4 decimals', () => {
    expect(
      issuesOf(() =>
        parsePolicyRecord(
          regional({
            monitoringIncomeLineFen: -1,
            tempRelief: { townshipLimitFen: 3000.5 },
            suddenHardship: { incomeDropToShare: 0.12345 },
          }),
        ),
      ).sort(),
    ).toEqual([
      'body.monitoringIncomeLineFen',
      'body.suddenHardship.incomeDropToShare',
      'body.tempRelief.townshipLimitFen',
    ]);
  });

  it('a record with a bad region prefix or date names those fields', () => {
    expect(
      issuesOf(() => parsePolicyRecord({ ...regional({}), regionPrefix: '2206811', effectiveFrom: '2024-1-1' })).sort(),
    ).toEqual(['effectiveFrom', 'regionPrefix']);
  });

  it('with no national record in force, resolution says so', () => {
    expect(() => resolvePolicy(BUILTIN, JILIN_VILLAGE, '2020-12-31')).toThrow(
      /no national policy in force on 2020-12-31/,
    );
  });
});
