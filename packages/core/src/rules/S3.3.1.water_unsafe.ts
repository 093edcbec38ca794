import { yes, type ReadingUnit } from './unit.js';

/** Drinking water not safe (S0 plan two §三(二); S1 §三(二); S3 §三(一)): a current risk. */
export const waterUnsafe: ReadingUnit = {
  id: 'S3.3.1.water_unsafe',
  source: 'S0 方案二 §三(二)；S1 §三(二)；S3 §三(一)',
  label: { zh: '饮水不安全', en: 'unsafe drinking water' },
  reads: ['drinkingWaterSafe', 'waterIssue'],
  stage: 'reading',
  risk: { kind: 'acute', type: 'water_unsafe' },
  decide: ({ h }) => ({
    risks: h.drinkingWaterSafe ? [] : ['water_unsafe'],
    verdict: {
      outcome: yes(!h.drinkingWaterSafe),
      message: h.drinkingWaterSafe
        ? { zh: '饮水安全', en: 'drinking water safe' }
        : { zh: `饮水不安全${h.waterIssue ? `：${h.waterIssue}` : ''}`, en: 'drinking water unsafe' },
      facts: { riskType: 'water_unsafe', drinkingWaterSafe: h.drinkingWaterSafe, waterIssue: h.waterIssue ?? null },
    },
  }),
  sql: (x) => `not ${x}.drinking_water_safe`,
};
