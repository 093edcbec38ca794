import type { RiskType } from '../enums.js';
import { riskLabel, riskTypesOf } from './risk-labels.js';
import type { GuardUnit } from './unit.js';

/**
 * The risk recorded at identification is gone (S1 §四(四); S3 §三(六)): no recorded type is still an acute risk;
 * a lasting condition of that type with income and guarantees now stable does not hold the household.
 */
export const recordedRiskGone: GuardUnit = {
  id: 'S3.3.6.recorded_risk_gone',
  source: 'S1 §四(四)；S3 §三(六)',
  label: { zh: '识别时的风险仍存在', en: 'the recorded risk persists' },
  reads: ['monitoring.riskTypes', 'the risk types the reading rules find'],
  stage: 'guard',
  decide: ({ r }) => {
    const recorded = new Set<RiskType>(r.household.monitoring.riskTypes);
    const acute = riskTypesOf(r.risks.filter((x) => x.kind === 'acute'));
    const stillActive = acute.filter((t) => recorded.has(t));
    const mitigated = riskTypesOf(r.risks).filter((t) => recorded.has(t) && !acute.includes(t));
    return {
      outcome: stillActive.length === 0 ? 'yes' : 'no',
      message: stillActive.length
        ? {
            zh: `识别时的风险仍然存在：${riskLabel(stillActive, 'zh')}`,
            en: `risk(s) recorded at identification still present: ${riskLabel(stillActive, 'en')}`,
          }
        : {
            zh: `识别时的风险已消除${mitigated.length ? `（${riskLabel(mitigated, 'zh')}为家庭长期状况，收入与保障已稳定）` : ''}`,
            en: `the risk(s) recorded at identification are gone${mitigated.length ? ` (${riskLabel(mitigated, 'en')}: a lasting condition, with income and guarantees now stable)` : ''}`,
          },
      facts: { recordedRiskTypes: [...recorded], activeRiskTypes: acute, lastingConditions: mitigated },
    };
  },
  sql: (x) => `${x}.acute_mask & ${x}.recorded_mask = 0`,
};
