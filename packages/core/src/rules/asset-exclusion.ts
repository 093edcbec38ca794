import type { Verdict } from './unit.js';

/**
 * The four asset exclusions of S0 plan two §二(二)1 share their wording: a household with a car for private use,
 * commercial housing, a public servant or a real business is not taken into monitoring (each switchable).
 */
export function assetVerdict(enabled: boolean, has: boolean, zh: string, en: string, facts: Verdict['facts']): Verdict {
  return {
    outcome: enabled ? (has ? 'yes' : 'no') : 'disabled',
    message: enabled
      ? has
        ? { zh: `家庭有${zh}，不纳入监测对象`, en: `the household has ${en}: not taken into monitoring` }
        : { zh: `家庭没有${zh}`, en: `the household has no ${en.replace(/^an? /, '')}` }
      : { zh: `本政策未启用"${zh}"排除规则`, en: `the "${en}" exclusion is switched off in this policy` },
    facts,
    threshold: { enabled },
  };
}

export const ASSET_SOURCE = 'S0 方案二 §二(二)1';
