import type { RiskType } from '../enums.js';
import { riskLabel, riskTypesOf } from './risk-labels.js';
import type { GuardUnit } from './unit.js';

/** No risk found that was not recorded at identification (S3 §三(六)). */
export const noNewRisk: GuardUnit = {
  id: 'S3.3.6.no_new_risk',
  source: 'S3 §三(六)',
  label: { zh: '出现新的风险', en: 'a new risk' },
  reads: ['monitoring.riskTypes', 'the risk types the reading rules find'],
  stage: 'guard',
  decide: ({ r }) => {
    const recorded = new Set<RiskType>(r.household.monitoring.riskTypes);
    const all = riskTypesOf(r.risks);
    const fresh = all.filter((t) => !recorded.has(t));
    return {
      outcome: fresh.length === 0 ? 'yes' : 'no',
      message: fresh.length
        ? { zh: `出现新的致贫返贫风险：${riskLabel(fresh, 'zh')}`, en: `new risk(s): ${riskLabel(fresh, 'en')}` }
        : { zh: '不存在新增致贫返贫风险', en: 'no new risk' },
      facts: { recordedRiskTypes: [...recorded], riskTypesFound: all },
    };
  },
  sql: (x) => `(${x}.acute_mask | ${x}.condition_mask) & ~${x}.recorded_mask = 0`,
};
