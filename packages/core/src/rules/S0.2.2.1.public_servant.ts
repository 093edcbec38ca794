import { ASSET_SOURCE, assetVerdict } from './asset-exclusion.js';
import type { ExclusionUnit } from './unit.js';
import { MEMBER } from './sql.js';
import { memberRef } from './unit.js';

/** A public servant (公职人员) in the household excludes it (S0 plan two §二(二)1). */
export const publicServant: ExclusionUnit = {
  id: 'S0.2.2.1.public_servant',
  source: ASSET_SOURCE,
  label: { zh: '家庭有公职人员', en: 'has a public servant' },
  reads: ['hasPublicServant', 'members[].isPublicServant', 'policy.exclusions.publicServant.enabled'],
  stage: 'exclusion',
  decide: ({ r, policy }) => {
    const servants = r.counted.filter((c) => c.member.isPublicServant);
    const h = r.household;
    return assetVerdict(
      policy.exclusions.publicServant.enabled,
      h.hasPublicServant || servants.length > 0,
      '公职人员',
      'a public servant',
      { hasPublicServant: h.hasPublicServant, publicServantMembers: servants.map(memberRef) },
    );
  },
  sql: (x) => `${x}.ex_servant and (${x}.has_public_servant or ${x}.any_member & ${MEMBER.servant} <> 0)`,
};
