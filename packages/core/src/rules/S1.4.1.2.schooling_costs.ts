import { yes, yuan, yuanEn, type ReadingUnit } from './unit.js';

/** Schooling costs above what the household can pay itself (S1 §四(一)2): a current education risk. */
export const schoolingCosts: ReadingUnit = {
  id: 'S1.4.1.2.schooling_costs',
  source: 'S1 §四(一)2',
  label: { zh: '教育支出较大', en: 'high schooling costs' },
  reads: ['incomes[].schoolingExpenseFen', 'policy.warnings.schoolingSelfPayFen'],
  stage: 'reading',
  risk: { kind: 'acute', type: 'education' },
  decide: ({ policy, current }) => {
    if (!current) return null;
    const limit = policy.warnings.schoolingSelfPayFen;
    const school = current.schoolingExpenseFen;
    const found = school > limit;
    return {
      risks: found ? ['education'] : [],
      verdict: {
        outcome: yes(found),
        message: {
          zh: `教育支出 ${yuan(school)}，${found ? '超过' : '未超过'} ${yuan(limit)}`,
          en: `schooling costs ${yuanEn(school)}: ${found ? 'above' : 'not above'} ${yuanEn(limit)}`,
        },
        facts: { riskType: 'education', schoolingExpenseFen: school },
        threshold: { schoolingSelfPayFen: limit },
      },
    };
  },
  sql: (x) => `${x}.school_over`,
};
