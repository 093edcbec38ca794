import type { RiskType } from '../enums.js';
import { RISK_BIT } from './sql.js';
import { yes, yuan, yuanEn, type ReadingUnit } from './unit.js';

/**
 * Rigid expenditure (medical out-of-pocket, schooling, disaster loss) clearly above last year's net income
 * (S1 §三(一)(二), §四(一)2): each cost that makes it up is a risk of its type.
 */
export const rigidExpense: ReadingUnit = {
  id: 'S1.3.2.rigid_expense',
  source: 'S1 §三(一)(二)、§四(一)2',
  label: { zh: '刚性支出明显超过上年度收入', en: "rigid expenditure above last year's income" },
  reads: [
    'incomes[]',
    'policy.suddenHardship.rigidExpenseShareOfPreviousIncome',
    'policy.suddenHardship.netOfInsuranceClaims',
  ],
  stage: 'reading',
  risk: {
    kind: 'acute',
    mask: (x) =>
      `case when ${x}.rigid_above is true then (case when ${x}.cur_med > 0 then ${RISK_BIT.illness} else 0 end)
      | (case when ${x}.cur_school > 0 then ${RISK_BIT.education} else 0 end)
      | (case when ${x}.cur_disaster > 0 then ${RISK_BIT.natural_disaster} else 0 end) else 0 end`,
  },
  decide: ({ policy, current, income }) => {
    const rigid = income.rigidExpenseFen;
    if (!current || rigid === null) return null;
    const sh = policy.suddenHardship;
    const above = income.rigidExpenseAbovePreviousIncome;
    const prevNet = income.previousYearNetFen;
    const risks: RiskType[] = [];
    if (above) {
      if (current.medicalOutOfPocketFen > 0) risks.push('illness');
      if (current.schoolingExpenseFen > 0) risks.push('education');
      if (current.disasterLossFen > 0) risks.push('natural_disaster');
    }
    return {
      risks,
      verdict: {
        outcome: above === null ? 'unknown' : yes(above),
        message:
          above === null
            ? {
                zh: `刚性支出 ${yuan(rigid)}，但没有 ${current.year - 1} 年度收入记录可比`,
                en: `rigid expenditure ${yuanEn(rigid)}, but no ${current.year - 1} annual record to compare with`,
              }
            : {
                zh: `刚性支出 ${yuan(rigid)}（医疗自付、教育、灾害损失${sh.netOfInsuranceClaims ? '，扣除理赔' : ''}）${above ? '明显超过' : '未超过'}上年度家庭纯收入 ${yuan(prevNet)} 的 ${sh.rigidExpenseShareOfPreviousIncome} 倍`,
                en: `rigid expenditure ${yuanEn(rigid)} (medical out-of-pocket, schooling, disaster loss${sh.netOfInsuranceClaims ? ', less insurance payouts' : ''}) is ${above ? 'above' : 'not above'} ${sh.rigidExpenseShareOfPreviousIncome} × last year's net income ${yuanEn(prevNet)}`,
              },
        facts: {
          record: income.record,
          medicalOutOfPocketFen: current.medicalOutOfPocketFen,
          schoolingExpenseFen: current.schoolingExpenseFen,
          disasterLossFen: current.disasterLossFen,
          insuranceClaimFen: current.insuranceClaimFen,
          rigidExpenseFen: rigid,
          previousYearNetFen: prevNet,
        },
        threshold: {
          rigidExpenseShareOfPreviousIncome: sh.rigidExpenseShareOfPreviousIncome,
          netOfInsuranceClaims: sh.netOfInsuranceClaims,
          comparison: 'rigid > share × previous net',
        },
      },
    };
  },
  sql: (x) => `${x}.rigid_above is true`,
};
