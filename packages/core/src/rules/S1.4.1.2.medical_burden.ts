import { exceedsShare, netIncomeFen } from '../income.js';
import { yes, yuan, yuanEn, type ReadingUnit } from './unit.js';

/**
 * Medical out-of-pocket costs above the warning line (lower for lifted and monitored households) or above a
 * share of last year's net income (S1 §三(一), §四(一)2): a current illness risk.
 */
export const medicalBurden: ReadingUnit = {
  id: 'S1.4.1.2.medical_burden',
  source: 'S1 §三(一)、§四(一)2',
  label: { zh: '医疗自付负担较重', en: 'heavy medical costs' },
  reads: [
    'incomes[].medicalOutOfPocketFen',
    'householdType',
    'monitoring.status',
    'policy.warnings.medicalOutOfPocketFen',
    'policy.warnings.medicalOutOfPocketLiftedFen',
    'policy.warnings.medicalShareOfPreviousIncome',
  ],
  stage: 'reading',
  risk: { kind: 'acute', type: 'illness' },
  decide: ({ policy, current, previous, income, lifted }) => {
    if (!current) return null;
    const warn = policy.warnings;
    const medLimit = lifted ? warn.medicalOutOfPocketLiftedFen : warn.medicalOutOfPocketFen;
    const med = current.medicalOutOfPocketFen;
    const overAmount = med > medLimit;
    const overShare =
      previous !== undefined && med > 0 && exceedsShare(med, netIncomeFen(previous), warn.medicalShareOfPreviousIncome);
    const found = overAmount || overShare;
    return {
      risks: found ? ['illness'] : [],
      verdict: {
        outcome: yes(found),
        message: {
          zh: `医疗自付 ${yuan(med)}${found ? '，负担较重' : '，未超过预警线'}（${lifted ? '脱贫户/监测户' : '一般农户'}线 ${yuan(medLimit)}，或上年度纯收入的 ${warn.medicalShareOfPreviousIncome} 倍）`,
          en: `medical out-of-pocket ${yuanEn(med)}${found ? ': a heavy burden' : ': below the warning level'} (${lifted ? 'lifted/monitored' : 'general'} limit ${yuanEn(medLimit)}, or ${warn.medicalShareOfPreviousIncome} × last year's net income)`,
        },
        facts: {
          riskType: 'illness',
          medicalOutOfPocketFen: med,
          previousYearNetFen: income.previousYearNetFen,
          liftedOrMonitored: lifted,
        },
        threshold: {
          medicalOutOfPocketLimitFen: medLimit,
          medicalShareOfPreviousIncome: warn.medicalShareOfPreviousIncome,
        },
      },
    };
  },
  sql: (x) => `${x}.med_burden`,
};
