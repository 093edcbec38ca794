import { RiskType } from '../enums.js';
import { yes, type ReadingUnit } from './unit.js';

/**
 * Events (accidents, disasters, job loss, failed projects …) within the look-back and not resolved by the date
 * (S0 plan two §一; S1 §四(一)1、6、7): each a current risk of its own type.
 */
export const riskEvent: ReadingUnit = {
  id: 'S1.4.1.6.risk_event',
  source: 'S0 方案二 §一；S1 §四(一)1、6、7',
  label: { zh: '近期未解决的风险事件', en: 'a recent unresolved event' },
  reads: ['riskEvents[]', 'policy.inclusion.eventLookbackMonths'],
  stage: 'reading',
  risk: { kind: 'acute', mask: (x) => `${x}.ev_mask` },
  decide: ({ policy, events, lookbackStart }) => {
    const months = policy.inclusion.eventLookbackMonths;
    return {
      risks: events.map((e) => e.riskType),
      verdict: {
        outcome: yes(events.length > 0),
        message: events.length
          ? {
              zh: `近 ${months} 个月内未解决的风险事件：${events.map((e) => `${RiskType.labels[e.riskType].zh}（${e.occurredOn}）`).join('、')}`,
              en: `unresolved events in the last ${months} months: ${events.map((e) => `${RiskType.labels[e.riskType].en} (${e.occurredOn})`).join(', ')}`,
            }
          : {
              zh: `近 ${months} 个月内没有未解决的风险事件`,
              en: `no unresolved event in the last ${months} months`,
            },
        facts: {
          events: events.map((e) => ({
            riskType: e.riskType,
            disasterSubtype: e.disasterSubtype,
            occurredOn: e.occurredOn,
            lossFen: e.lossFen,
          })),
        },
        threshold: { eventLookbackMonths: months, lookbackAfter: lookbackStart },
      },
    };
  },
  sql: (x) => `${x}.ev_mask <> 0`,
};
