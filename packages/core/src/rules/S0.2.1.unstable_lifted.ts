import { INCOME_READS, incomeRoute, incomeRouteSql, incomeVerdict } from './income-ground.js';
import type { GroundUnit } from './unit.js';

/** 脱贫不稳定户: a lifted household with per-capita income below the line and a risk (S0 plan two §二(一)1; S1 §三(一)). */
export const unstableLifted: GroundUnit = {
  id: 'S0.2.1.unstable_lifted',
  source: 'S0 方案二 §二(一)1；S1 §三(一)',
  label: { zh: '脱贫不稳定户（收入低于监测范围且有风险）', en: 'unstable lifted household' },
  reads: INCOME_READS,
  stage: 'ground',
  decide: (c) =>
    c.typeCategory === 'unstable_lifted'
      ? { verdict: incomeVerdict(c), category: incomeRoute(c) ? 'unstable_lifted' : null }
      : null,
  sql: (x) => incomeRouteSql(x, true),
  categorySql: () => `'unstable_lifted'`,
};
