import { monthsBetween } from '../dates.js';
import type { GuardUnit } from './unit.js';

/** Monitored for at least the policy's months since confirmation (or first identification). */
export const minMonthsMonitored: GuardUnit = {
  id: 'W3.min_months_monitored',
  source: '',
  workingRule: 'a working rule of ours, not a seed’s: the policy sets how long a household is monitored at least',
  label: { zh: '监测时间不足', en: 'not monitored long enough' },
  reads: ['monitoring.confirmedOn', 'monitoring.firstIdentifiedOn', 'policy.eliminationGuards.minMonthsMonitored'],
  stage: 'guard',
  decide: ({ r, policy, asOf }) => {
    const m = r.household.monitoring;
    const min = policy.eliminationGuards.minMonthsMonitored;
    const since = m.confirmedOn ?? m.firstIdentifiedOn;
    const months = since && since <= asOf ? monthsBetween(since, asOf) : null;
    return {
      outcome: months !== null && months >= min ? 'yes' : 'no',
      message:
        months === null
          ? { zh: '没有认定日期，无法计算监测时长', en: 'no confirmation date: months monitored unknown' }
          : {
              zh: `自 ${since} 认定以来已监测 ${months} 个月（至少 ${min} 个月）`,
              en: `monitored for ${months} month(s) since ${since} (at least ${min})`,
            },
      facts: { confirmedOn: m.confirmedOn, firstIdentifiedOn: m.firstIdentifiedOn, monthsMonitored: months },
      threshold: { minMonthsMonitored: min },
    };
  },
  sql: (x) => `${x}.months_monitored >= ${x}.min_months`,
};
