import { RiskType } from '../enums.js';
import type { GroundUnit } from './unit.js';

/**
 * 突发严重困难户 (S1 §三(一)(二)): income not below the line, but rigid expenditure clearly above last year's
 * income or income sharply reduced, with a risk.
 */
export const suddenHardship: GroundUnit = {
  id: 'S1.3.1.sudden_hardship',
  source: 'S1 §三(一)(二)',
  label: { zh: '突发严重困难户（刚性支出骤增或收入骤减）', en: 'sudden severe hardship' },
  reads: ['incomes[]', 'members[]', 'policy.suddenHardship'],
  stage: 'ground',
  decide: ({ r, riskTypes }) => {
    const { belowLine: below, rigidExpenseAbovePreviousIncome: rigidAbove, sharpIncomeDrop } = r.income;
    const route = below === false && (rigidAbove === true || sharpIncomeDrop === true) && riskTypes.length > 0;
    return {
      category: route ? 'sudden_hardship' : null,
      verdict: {
        outcome: below === null ? 'unknown' : route ? 'yes' : 'no',
        message: route
          ? {
              zh: `收入不低于监测范围，但${rigidAbove ? '刚性支出明显超过上年度收入' : '收入大幅缩减'}，且有${riskTypes.map((t) => RiskType.labels[t].zh).join('、')}风险，基本生活出现严重困难`,
              en: `not below the line, but ${rigidAbove ? "rigid expenditure is clearly above last year's income" : 'income dropped sharply'}, with risk(s) ${riskTypes.join(', ')}: basic living is severely hard`,
            }
          : below === true
            ? {
                zh: '收入低于监测范围，按脱贫不稳定户或边缘易致贫户判断',
                en: 'below the line: judged as unstable lifted or marginal instead',
              }
            : { zh: '没有刚性支出骤增或收入骤减', en: 'no jump in rigid expenditure and no sharp income drop' },
        facts: { belowLine: below, rigidExpenseAbovePreviousIncome: rigidAbove, sharpIncomeDrop, riskTypes },
      },
    };
  },
  sql: (x) =>
    `${x}.below is false and (${x}.rigid_above is true or ${x}.sharp_drop is true)
    and ${x}.acute_mask | ${x}.condition_mask <> 0`,
  categorySql: () => `'sudden_hardship'`,
};
