/**
 * The multidimensional hardship indicators (issue 16 §9) against S2 §二(三)9: "以家庭经济状况、健康状况、教育状况、
 * 居住状况、就业状况、社会参与等作为主要认定指标,综合评估家庭贫困程度". Six dimensions scored with their reasons,
 * weighted by the policy into a level; the weights are the policy's.
 */
import { describe, expect, it } from 'vitest';
import nationalRecord from '../policies/national-2021.json' with { type: 'json' };
import {
  assessHardship,
  HARDSHIP_DIMENSIONS,
  HouseholdFactsSchema,
  parsePolicyRecord,
  PolicyBodySchema,
  type HouseholdFacts,
} from '../src/index.js';

const policy = PolicyBodySchema.parse(parsePolicyRecord(nationalRecord, 'national-2021.json').body);
const STD = policy.dibao.ruralMonthlyFen * 12;
const AS_OF = '2024-06-03';
const household = (over: object): HouseholdFacts =>
  HouseholdFactsSchema.parse({ regionCode: '220681100200', members: [], ...over });

const elderlyIll = household({
  housingSafetyGrade: 'D',
  members: [
    { sex: 'male', birthDate: '1950-01-01', relation: 'head', healthStatus: 'serious_illness', laborCapacity: 'lost' },
    {
      sex: 'female',
      birthDate: '1952-01-01',
      relation: 'spouse',
      healthStatus: 'chronic_illness',
      laborCapacity: 'none',
    },
  ],
});
const youngWorking = household({
  housingSafetyGrade: 'A',
  members: [
    { sex: 'male', birthDate: '1990-01-01', relation: 'head', workMonths: 12 },
    { sex: 'female', birthDate: '1991-01-01', relation: 'spouse', workMonths: 12 },
  ],
});

describe('S2 §二(三)9 hardship indicators', () => {
  it('scores all six dimensions, each with its reason', () => {
    const a = assessHardship(elderlyIll, { perCapitaFen: STD / 4, standardAnnualFen: STD }, AS_OF, policy);
    expect(a.dimensions.map((d) => d.dimension)).toEqual([...HARDSHIP_DIMENSIONS]);
    const by = Object.fromEntries(a.dimensions.map((d) => [d.dimension, d]));
    expect(by.economic).toMatchObject({ score: 88, reason: { zh: '人均收入为低保标准的25%' } });
    expect(by.health).toMatchObject({ score: 100, reason: { zh: '2人中2人患病或残疾' } });
    expect(by.housing).toMatchObject({ score: 100, reason: { zh: '住房安全等级D级' } });
    expect(by.employment!.score).toBe(100);
    expect(by.social!.score).toBe(100);
    expect(a.level).toBe('severe');
  });

  it('a working couple at twice the standard in safe housing is not in hardship', () => {
    const a = assessHardship(youngWorking, { perCapitaFen: STD * 2, standardAnnualFen: STD }, AS_OF, policy);
    expect(a.total).toBe(0);
    expect(a.level).toBe('none');
  });

  it('the levels follow the policy’s thresholds, and the weights are the policy’s', () => {
    // only the economic dimension counts: at the standard it scores 50
    const onlyIncome = {
      ...policy,
      dibao: {
        ...policy.dibao,
        hardship: {
          ...policy.dibao.hardship,
          weights: { economic: 1, health: 0, education: 0, housing: 0, employment: 0, social: 0 },
        },
      },
    };
    const at = assessHardship(youngWorking, { perCapitaFen: STD, standardAnnualFen: STD }, AS_OF, onlyIncome);
    expect(at).toMatchObject({ total: 50, level: 'considerable' });
    const below = assessHardship(
      youngWorking,
      { perCapitaFen: Math.round(STD * 0.8), standardAnnualFen: STD },
      AS_OF,
      onlyIncome,
    );
    expect(below).toMatchObject({ total: 60, level: 'severe' });
  });

  it('a compulsory-age dropout and a student past compulsory school weigh on education', () => {
    const h = household({
      members: [
        { sex: 'male', birthDate: '1980-01-01', relation: 'head', workMonths: 12 },
        { sex: 'male', birthDate: '2011-01-01', relation: 'son', schoolStatus: 'dropout' },
        { sex: 'female', birthDate: '2006-01-01', relation: 'daughter', schoolStatus: 'senior_secondary' },
      ],
    });
    const a = assessHardship(h, { perCapitaFen: STD, standardAnnualFen: STD }, AS_OF, policy);
    expect(a.dimensions.find((d) => d.dimension === 'education')).toMatchObject({
      score: 100,
      reason: { zh: '辍学1人,非义务教育阶段在读1人' },
    });
  });
});
