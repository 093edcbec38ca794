import { ASSET_SOURCE, assetVerdict } from './asset-exclusion.js';
import type { ExclusionUnit } from './unit.js';

/** A car for private use (消费型车辆) excludes the household (S0 plan two §二(二)1). */
export const privateCar: ExclusionUnit = {
  id: 'S0.2.2.1.private_car',
  source: ASSET_SOURCE,
  label: { zh: '家庭有消费型车辆', en: 'has a private car' },
  reads: ['hasPrivateCar', 'policy.exclusions.privateCar.enabled'],
  stage: 'exclusion',
  decide: ({ r, policy }) =>
    assetVerdict(
      policy.exclusions.privateCar.enabled,
      r.household.hasPrivateCar,
      '消费型车辆',
      'a car for private use',
      {
        hasPrivateCar: r.household.hasPrivateCar,
      },
    ),
  sql: (x) => `${x}.ex_car and ${x}.has_private_car`,
};
