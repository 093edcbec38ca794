import { yes, yuan, yuanEn, type ReadingUnit } from './unit.js';

/**
 * Net income at or below a share of last year's (S1 §三(一)(二), §四(一)4). With no other risk found, the drop is
 * itself a risk of type 'other' (read-facts.ts adds it after every rule has spoken).
 */
export const incomeDrop: ReadingUnit = {
  id: 'S1.3.2.income_drop',
  source: 'S1 §三(一)(二)、§四(一)4',
  label: { zh: '收入大幅缩减', en: 'sharp income drop' },
  reads: ['incomes[]', 'policy.suddenHardship.incomeDropToShare'],
  stage: 'reading',
  decide: ({ policy, current, income }) => {
    if (!current || income.rigidExpenseFen === null) return null;
    const drop = income.sharpIncomeDrop;
    const sh = policy.suddenHardship;
    const net = income.netIncomeFen;
    const prevNet = income.previousYearNetFen;
    return {
      verdict: {
        outcome: drop === null ? 'unknown' : yes(drop),
        message:
          drop === null
            ? {
                zh: `没有 ${current.year - 1} 年度的正收入记录，无法判断收入是否大幅缩减`,
                en: `no positive ${current.year - 1} annual income to judge a sharp drop against`,
              }
            : {
                zh: `家庭纯收入 ${yuan(net)} ${drop ? '不超过' : '超过'}上年度 ${yuan(prevNet)} 的 ${sh.incomeDropToShare} 倍${drop ? '，收入大幅缩减' : ''}`,
                en: `net income ${yuanEn(net)} is ${drop ? 'at or below' : 'above'} ${sh.incomeDropToShare} × last year's ${yuanEn(prevNet)}${drop ? ': a sharp drop' : ''}`,
              },
        facts: { record: income.record, netIncomeFen: net, previousYearNetFen: prevNet },
        threshold: { incomeDropToShare: sh.incomeDropToShare, comparison: 'net ≤ share × previous net' },
      },
    };
  },
  sql: (x) => `${x}.sharp_drop is true`,
};
