import { ASSET_SOURCE, assetVerdict } from './asset-exclusion.js';
import type { ExclusionUnit } from './unit.js';

/** Commercial housing (商品房) excludes the household (S0 plan two §二(二)1). */
export const commercialHousing: ExclusionUnit = {
  id: 'S0.2.2.1.commercial_housing',
  source: ASSET_SOURCE,
  label: { zh: '家庭有商品房', en: 'has commercial housing' },
  reads: ['hasCommercialHousing', 'policy.exclusions.commercialHousing.enabled'],
  stage: 'exclusion',
  decide: ({ r, policy }) =>
    assetVerdict(
      policy.exclusions.commercialHousing.enabled,
      r.household.hasCommercialHousing,
      '商品房',
      'commercial housing',
      { hasCommercialHousing: r.household.hasCommercialHousing },
    ),
  sql: (x) => `${x}.ex_housing and ${x}.has_commercial_housing`,
};
