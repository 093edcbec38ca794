import { memberRef, yes, type ReadingUnit } from './unit.js';

/** A severely disabled member (重度残疾, S1 §三(一), §四(一)3): a lasting disability risk. */
export const severeDisability: ReadingUnit = {
  id: 'S1.4.1.3.severe_disability',
  source: 'S1 §三(一)、§四(一)3',
  label: { zh: '家中有重度残疾人', en: 'a severely disabled member' },
  reads: ['members[].disabilityGrade', 'policy.warnings.severeDisabilityMaxGrade'],
  stage: 'reading',
  risk: { kind: 'condition', type: 'disability' },
  decide: ({ policy, counted }) => {
    const max = policy.warnings.severeDisabilityMaxGrade;
    const severe = counted.filter((c) => c.member.disabilityGrade !== null && c.member.disabilityGrade <= max);
    return {
      risks: severe.length ? ['disability'] : [],
      verdict: {
        outcome: yes(severe.length > 0),
        message: severe.length
          ? { zh: `有 ${severe.length} 名重度残疾人`, en: `${severe.length} severely disabled member(s)` }
          : { zh: '没有重度残疾的家庭成员', en: 'no severely disabled member' },
        facts: {
          riskType: 'disability',
          members: severe.map((c) => ({
            ...memberRef(c),
            disabilityCategory: c.member.disabilityCategory,
            disabilityGrade: c.member.disabilityGrade,
          })),
        },
        threshold: { severeDisabilityMaxGrade: max },
      },
    };
  },
  sql: (x) => `coalesce(${x}.min_grade <= ${x}.severe_grade, false)`,
};
