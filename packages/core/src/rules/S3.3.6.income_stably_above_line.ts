import { fenToYuanText } from '../policy.js';
import type { GuardUnit } from './unit.js';

/** Per-capita income stably above the line for the policy's months (S1 §四(四); S3 §三(六)). */
export const incomeStablyAboveLine: GuardUnit = {
  id: 'S3.3.6.income_stably_above_line',
  source: 'S1 §四(四)；S3 §三(六)',
  label: { zh: '收入未稳定超过监测范围', en: 'income not stably above the line' },
  reads: ['incomes[]', 'members[]', 'policy.monitoringIncomeLineFen', 'policy.eliminationGuards.stableIncomeMonths'],
  stage: 'guard',
  decide: ({ r, policy }) => {
    const s = r.stableIncome;
    const line = `${fenToYuanText(policy.monitoringIncomeLineFen)}元`;
    const lineEn = `¥${fenToYuanText(policy.monitoringIncomeLineFen)}`;
    return {
      outcome: s.holds === true ? 'yes' : 'no',
      message:
        s.holds === true
          ? {
              zh: `自 ${s.windowStart} 起人均纯收入稳定超过监测范围 ${line}`,
              en: `per-capita income has been above the line of ${lineEn} since ${s.windowStart}`,
            }
          : s.holds === false
            ? {
                zh: `${s.windowStart} 以来有收入记录人均纯收入未超过监测范围 ${line}`,
                en: `a record in force since ${s.windowStart} is not above the line of ${lineEn}`,
              }
            : {
                zh: `没有覆盖 ${s.windowStart} 以来的收入记录，不能证明收入稳定`,
                en: `no income record covers the time since ${s.windowStart}: stability cannot be shown`,
              },
      facts: { countedMembers: r.income.countedMembers, records: s.records },
      threshold: {
        monitoringIncomeLineFen: policy.monitoringIncomeLineFen,
        stableIncomeMonths: policy.eliminationGuards.stableIncomeMonths,
        comparison: 'net > line × people',
      },
    };
  },
  sql: (x) => `${x}.stable is true`,
};
