import { business } from './S0.2.2.1.business.js';
import { commercialHousing } from './S0.2.2.1.commercial_housing.js';
import { privateCar } from './S0.2.2.1.private_car.js';
import { publicServant } from './S0.2.2.1.public_servant.js';
import { mudBrickStableIncome } from './S0.2.2.2.mud_brick_stable_income.js';
import { elderlyWellOffChildren } from './S0.2.2.3.elderly_well_off_children.js';
import type { ExclusionUnit } from './unit.js';

/** The exclusions (S0 plan two §二(二)), in order: bit i of the exclusion mask. */
export const EXCLUSION_RULES: readonly ExclusionUnit[] = [
  privateCar,
  commercialHousing,
  publicServant,
  business,
  mudBrickStableIncome,
  elderlyWellOffChildren,
];
