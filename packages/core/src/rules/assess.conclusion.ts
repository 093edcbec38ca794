import { MonitoringCategory } from '../enums.js';
import { EXCLUSION_RULES } from './exclusions.js';
import type { ConclusionUnit } from './unit.js';

/** The exclusions in words, never their rule ids (an officer reads these messages). */
const named = (ids: readonly string[], lang: 'zh' | 'en') =>
  ids.map((id) => EXCLUSION_RULES.find((u) => u.id === id)?.label[lang] ?? id).join(lang === 'zh' ? '、' : ', ');

/** In scope: in the monitored population, with a ground, and no exclusion (S0 plan two §二; S1 §三; S3 §三(一)). */
export const conclusion: ConclusionUnit = {
  id: 'assess.conclusion',
  source: 'S0 方案二 §二；S1 §三；S3 §三(一)',
  label: { zh: '不再符合纳入监测条件', en: 'no longer meets the conditions' },
  reads: ['the population, grounds and exclusions above'],
  stage: 'conclusion',
  decide: (_c, { population, grounds, exclusions, eligible, inScope, category }) => ({
    outcome: inScope ? 'yes' : 'no',
    message: inScope
      ? {
          zh: `纳入监测范围：${category ? MonitoringCategory.labels[category].zh : '类别待定'}`,
          en: `in scope: ${category ? MonitoringCategory.labels[category].en : 'category to be decided'}`,
        }
      : !population
        ? { zh: '不属于监测范围的人口', en: 'outside the monitored population' }
        : exclusions.length && eligible
          ? {
              zh: `符合条件但属于不纳入情形：${named(exclusions, 'zh')}`,
              en: `would qualify, but excluded by ${named(exclusions, 'en')}`,
            }
          : exclusions.length
            ? {
                zh: `不符合纳入条件，且属于不纳入情形：${named(exclusions, 'zh')}`,
                en: `does not qualify, and excluded by ${named(exclusions, 'en')}`,
              }
            : { zh: '不符合纳入监测条件', en: 'does not meet the conditions for monitoring' },
    facts: { population, grounds, exclusions },
  }),
  sql: (x) => `${x}.population and ${x}.ground_mask <> 0 and ${x}.exclusion_mask = 0`,
};
