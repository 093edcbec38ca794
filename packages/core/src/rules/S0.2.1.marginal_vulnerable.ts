import { INCOME_READS, incomeRoute, incomeRouteSql, incomeVerdict } from './income-ground.js';
import type { GroundUnit } from './unit.js';

/** 边缘易致贫户: a general household with per-capita income below the line and a risk (S0 plan two §二(一)2; S1 §三(一)). */
export const marginalVulnerable: GroundUnit = {
  id: 'S0.2.1.marginal_vulnerable',
  source: 'S0 方案二 §二(一)2；S1 §三(一)',
  label: { zh: '边缘易致贫户（收入低于监测范围且有风险）', en: 'marginal household' },
  reads: INCOME_READS,
  stage: 'ground',
  decide: (c) =>
    c.typeCategory === 'marginal_vulnerable'
      ? { verdict: incomeVerdict(c), category: incomeRoute(c) ? 'marginal_vulnerable' : null }
      : null,
  sql: (x) => incomeRouteSql(x, false),
  categorySql: () => `'marginal_vulnerable'`,
};
