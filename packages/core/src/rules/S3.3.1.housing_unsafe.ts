import { yes, type ReadingUnit } from './unit.js';

/** Housing appraised as an unsafe grade (S0 plan two §三(二); S3 §三(一)): a current risk. */
export const housingUnsafe: ReadingUnit = {
  id: 'S3.3.1.housing_unsafe',
  source: 'S0 方案二 §三(二)；S3 §三(一)',
  label: { zh: '住房不安全', en: 'unsafe housing' },
  reads: ['housingSafetyGrade', 'housingStructure', 'policy.warnings.unsafeHousingGrades'],
  stage: 'reading',
  risk: { kind: 'acute', type: 'housing_unsafe' },
  decide: ({ h, policy, housingUnsafe: unsafe }) => ({
    risks: unsafe ? ['housing_unsafe'] : [],
    verdict: {
      outcome: yes(unsafe),
      message: unsafe
        ? {
            zh: `住房鉴定为 ${h.housingSafetyGrade} 级危房`,
            en: `housing appraised as grade ${h.housingSafetyGrade} (unsafe)`,
          }
        : { zh: '住房安全', en: 'housing safe' },
      facts: {
        riskType: 'housing_unsafe',
        housingSafetyGrade: h.housingSafetyGrade,
        housingStructure: h.housingStructure,
      },
      threshold: { unsafeHousingGrades: policy.warnings.unsafeHousingGrades },
    },
  }),
  sql: (x) => `${x}.housing_unsafe`,
};
