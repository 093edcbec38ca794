import type { GuardUnit } from './unit.js';

/** Rigid expenditure under control (S1 §四(四): 刚性支出不可控 keeps the help going). */
export const rigidExpenseControlled: GuardUnit = {
  id: 'S1.4.4.rigid_expense_controlled',
  source: 'S1 §四(四)',
  label: { zh: '刚性支出未可控', en: 'rigid expenditure not under control' },
  reads: ['incomes[]', 'policy.suddenHardship.rigidExpenseShareOfPreviousIncome'],
  stage: 'guard',
  decide: ({ r, policy }) => {
    const above = r.income.rigidExpenseAbovePreviousIncome;
    return {
      outcome: above === false ? 'yes' : 'no',
      message:
        above === false
          ? { zh: '刚性支出未超过上年度收入', en: "rigid expenditure is not above last year's income" }
          : above === true
            ? { zh: '刚性支出仍明显超过上年度收入', en: "rigid expenditure is still above last year's income" }
            : {
                zh: '缺少当年收支或上年度收入记录，无法确认刚性支出可控',
                en: "no current record or no previous year's income: rigid expenditure cannot be shown under control",
              },
      facts: {
        rigidExpenseFen: r.income.rigidExpenseFen,
        previousYearNetFen: r.income.previousYearNetFen,
        record: r.income.record,
      },
      threshold: { rigidExpenseShareOfPreviousIncome: policy.suddenHardship.rigidExpenseShareOfPreviousIncome },
    };
  },
  sql: (x) => `${x}.rigid_above is false`,
};
