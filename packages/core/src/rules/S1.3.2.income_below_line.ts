import { yes, yuan, yuanEn, type ReadingUnit } from './unit.js';

/** Per-capita net income strictly below the line (S0 plan two §二(一); S1 §三(二); S3 §三(一)): net < line × people. */
export const incomeBelowLine: ReadingUnit = {
  id: 'S1.3.2.income_below_line',
  source: 'S0 方案二 §二(一)；S1 §三(二)；S3 §三(一)',
  label: { zh: '人均纯收入低于监测范围', en: 'income below the line' },
  reads: ['incomes[]', 'members[]', 'policy.monitoringIncomeLineFen'],
  stage: 'reading',
  decide: ({ asOf, current, income }) => {
    const { belowLine, netIncomeFen: net, countedMembers: people, lineFen: line } = income;
    return {
      verdict: {
        outcome: belowLine === null ? 'unknown' : yes(belowLine),
        message:
          belowLine === null
            ? {
                zh: current
                  ? '没有计入的家庭人口，无法计算人均纯收入'
                  : `${asOf} 没有已结束期间的收入记录，无法判断收入`,
                en: current
                  ? 'no counted members: per-capita income cannot be computed'
                  : `no income record whose period ended by ${asOf}: income cannot be judged`,
              }
            : {
                zh: `家庭纯收入 ${yuan(net)}，${people} 人，人均 ${yuan(income.perCapitaFen)}，${belowLine ? '低于' : '不低于'}监测范围 ${yuan(line)}/人·年`,
                en: `net income ${yuanEn(net)} for ${people}, ${yuanEn(income.perCapitaFen)} per person: ${belowLine ? 'below' : 'not below'} the line of ${yuanEn(line)} per person per year`,
              },
        facts: {
          record: income.record,
          components: current
            ? {
                wageFen: current.wageFen,
                businessGrossFen: current.businessGrossFen,
                businessCostFen: current.businessCostFen,
                propertyFen: current.propertyFen,
                transferFen: current.transferFen,
              }
            : null,
          netIncomeFen: net,
          countedMembers: people,
          perCapitaFen: income.perCapitaFen,
        },
        threshold: {
          monitoringIncomeLineFen: line,
          lineTimesPeopleFen: people > 0 ? line * people : null,
          comparison: 'net < line × people',
        },
      },
    };
  },
  sql: (x) => `${x}.below is true`,
};
