import type { GroundUnit } from './unit.js';

/**
 * 三保障 or water failing and the household cannot solve it itself (S3 §三(一)): in scope whatever the income;
 * below the line it takes the lifted/marginal category, otherwise basic living is severely hard although income
 * is not below the line (sudden severe hardship); with income unknown the category waits.
 */
export const guaranteesUnresolved: GroundUnit = {
  id: 'S3.3.1.guarantees_unresolved',
  source: 'S3 §三(一)',
  label: { zh: '"三保障"或饮水安全有问题且自身无法解决', en: 'a guarantee fails' },
  reads: ['foodClothingSecure', 'members[]', 'housingSafetyGrade', 'drinkingWaterSafe', 'guaranteesSelfResolvable'],
  stage: 'ground',
  decide: ({ r, typeCategory }) => {
    const g = r.guarantees;
    const below = r.income.belowLine;
    const route = !g.secured && !g.selfResolvable;
    const lifted = r.household.householdType === 'lifted_household';
    const typeZh = lifted ? '脱贫户' : '一般农户';
    const typeEn = lifted ? 'lifted household' : 'general household';
    return {
      category: !route ? null : below === true ? typeCategory : below === false ? 'sudden_hardship' : null,
      verdict: {
        outcome: route ? 'yes' : 'no',
        message: route
          ? {
              zh: `"三保障"或饮水安全出现问题且自身无法解决，应纳入监测；${below === true ? `收入低于监测范围，按${typeZh}归类` : below === false ? '收入不低于监测范围，基本生活出现严重困难，归为突发严重困难户' : '收入未知，类别待核实收入后确定'}`,
              en: `a guarantee or water fails and the household cannot solve it itself: to be monitored; ${below === true ? `below the line, so categorised as a ${typeEn}` : below === false ? 'not below the line, so basic living is severely hard: sudden severe hardship' : 'income unknown: the category waits for the income to be verified'}`,
            }
          : g.secured
            ? { zh: '三保障及饮水安全有保障', en: 'guarantees and water secured' }
            : {
                zh: '三保障或饮水安全有问题，但农户可自身解决',
                en: 'a guarantee fails, but the household can solve it itself',
              },
        facts: { secured: g.secured, selfResolvable: g.selfResolvable, belowLine: below },
      },
    };
  },
  sql: (x) => `not ${x}.secured and not ${x}.guarantees_self_resolvable`,
  categorySql: (x) =>
    `case when ${x}.below is true then case when ${x}.household_type = 'lifted_household' then 'unstable_lifted'
      else 'marginal_vulnerable' end when ${x}.below is false then 'sudden_hardship' end`,
};
