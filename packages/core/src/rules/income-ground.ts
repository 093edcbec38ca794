import { RiskType } from '../enums.js';
import type { AssessContext, Verdict } from './unit.js';

/** Income below the line with a risk (or without, where the policy drops that requirement), for either type. */
export function incomeRoute(c: AssessContext): boolean {
  const below = c.r.income.belowLine;
  return below === true && (c.riskTypes.length > 0 || !c.policy.inclusion.belowLineRequiresRisk);
}

/**
 * 脱贫不稳定户 / 边缘易致贫户 (S0 plan two §二(一); S1 §三(一)): the same test for lifted and general households;
 * each unit speaks only for its own household type.
 */
export function incomeVerdict(c: AssessContext): Verdict {
  const h = c.r.household;
  const below = c.r.income.belowLine;
  const route = incomeRoute(c);
  const hasRisk = c.riskTypes.length > 0;
  const typeZh = h.householdType === 'lifted_household' ? '脱贫户' : '一般农户';
  const typeEn = h.householdType === 'lifted_household' ? 'lifted household' : 'general household';
  return {
    outcome: below === null ? 'unknown' : route ? 'yes' : 'no',
    message: route
      ? {
          zh: `${typeZh}，人均纯收入低于监测范围${hasRisk ? `，且有${c.riskTypes.map((t) => RiskType.labels[t].zh).join('、')}风险` : '（本政策不要求另有风险）'}`,
          en: `${typeEn} with per-capita income below the line${hasRisk ? ` and risk(s): ${c.riskTypes.join(', ')}` : ' (this policy needs no further risk)'}`,
        }
      : below === true
        ? {
            zh: `${typeZh}，收入低于监测范围，但事实中没有发现返贫致贫风险`,
            en: `${typeEn} below the line, but no risk found in the facts`,
          }
        : below === false
          ? { zh: '人均纯收入不低于监测范围', en: 'per-capita income is not below the line' }
          : { zh: '收入未知，无法按收入判断', en: 'income unknown: the income test cannot be applied' },
    facts: { householdType: h.householdType, belowLine: below, riskTypes: c.riskTypes },
    threshold: { belowLineRequiresRisk: c.policy.inclusion.belowLineRequiresRisk },
  };
}

export const INCOME_READS = ['householdType', 'incomes[]', 'members[]', 'policy.inclusion.belowLineRequiresRisk'];

/** The income route in SQL, for the household types `lifted` selects. */
export const incomeRouteSql = (x: string, lifted: boolean) =>
  `coalesce(${x}.below, false) and (${x}.acute_mask | ${x}.condition_mask <> 0 or not ${x}.require_risk)
    and ${x}.household_type ${lifted ? '=' : '<>'} 'lifted_household'`;
