import { ASSET_SOURCE, assetVerdict } from './asset-exclusion.js';
import type { ExclusionUnit } from './unit.js';

/** A real business (实质性经商办企业) excludes the household (S0 plan two §二(二)1). */
export const business: ExclusionUnit = {
  id: 'S0.2.2.1.business',
  source: ASSET_SOURCE,
  label: { zh: '家庭实质性经商办企业', en: 'runs a business' },
  reads: ['hasBusiness', 'policy.exclusions.business.enabled'],
  stage: 'exclusion',
  decide: ({ r, policy }) =>
    assetVerdict(policy.exclusions.business.enabled, r.household.hasBusiness, '实质性经商办企业', 'a real business', {
      hasBusiness: r.household.hasBusiness,
    }),
  sql: (x) => `${x}.ex_business and ${x}.has_business`,
};
