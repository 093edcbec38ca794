import { CHILD_RELATIONS, type ExclusionUnit, type Verdict } from './unit.js';

/**
 * An elderly household whose children (even in separate households) have a car, commercial housing, a public
 * servant or a business is not taken into monitoring: the children owe support (S0 plan two §二(二)3 and note 1).
 * Only the asset kinds whose own exclusion is switched on count.
 */
export const elderlyWellOffChildren: ExclusionUnit = {
  id: 'S0.2.2.3.elderly_well_off_children',
  source: 'S0 方案二 §二(二)3 及注意1',
  label: { zh: '老人户子女条件较好', en: 'elderly with well-off children' },
  reads: [
    'members[].birthDate',
    'separateRelatives[]',
    'policy.exclusions.elderlyWithWellOffChildren',
    'policy.exclusions.*.enabled',
  ],
  stage: 'exclusion',
  decide: ({ r, policy }) => {
    const exc = policy.exclusions;
    const rule = exc.elderlyWithWellOffChildren;
    const elderly = r.counted.length > 0 && r.counted.every((c) => c.age >= rule.elderlyAge);
    const kinds = (
      [
        ['hasPrivateCar', exc.privateCar.enabled],
        ['hasCommercialHousing', exc.commercialHousing.enabled],
        ['hasPublicServant', exc.publicServant.enabled],
        ['hasBusiness', exc.business.enabled],
      ] as const
    ).filter(([, on]) => on);
    const wellOff = r.household.separateRelatives
      .map((rel, index) => ({ index, rel }))
      .filter(({ rel }) => CHILD_RELATIONS.has(rel.relation) && kinds.some(([k]) => rel[k]));
    const applies = elderly && wellOff.length > 0;
    const message: Verdict['message'] = !rule.enabled
      ? {
          zh: '本政策未启用老人户子女条件排除规则',
          en: 'the well-off-children exclusion is switched off in this policy',
        }
      : applies
        ? {
            zh: `老人户，子女（含分户子女）有车辆、商品房、公职人员或经商办企业，不纳入监测对象；应督促子女履行赡养义务或采取司法援助`,
            en: `elderly household whose children (even in separate households) have a car, commercial housing, a public servant or a business: not taken into monitoring; the children should support them (legal aid if needed)`,
          }
        : elderly
          ? { zh: '老人户，但子女没有上述条件', en: 'elderly household, but no child has any of these' }
          : {
              zh: `不是老人户（有未满 ${rule.elderlyAge} 岁的成员）`,
              en: `not an elderly household (a member is under ${rule.elderlyAge})`,
            };
    return {
      outcome: rule.enabled ? (applies ? 'yes' : 'no') : 'disabled',
      message,
      facts: {
        ages: r.counted.map((c) => c.age),
        wellOffChildren: wellOff.map(({ index, rel }) => ({
          index,
          relation: rel.relation,
          hasPrivateCar: rel.hasPrivateCar,
          hasCommercialHousing: rel.hasCommercialHousing,
          hasPublicServant: rel.hasPublicServant,
          hasBusiness: rel.hasBusiness,
        })),
      },
      threshold: { enabled: rule.enabled, elderlyAge: rule.elderlyAge, assetKindsCounted: kinds.map(([k]) => k) },
    };
  },
  // the children's asset bits are masked by the policy's switched-on kinds when the row is built (well_off_child)
  sql: (x) =>
    `${x}.ex_elderly and ${x}.people > 0 and ${x}.youngest_birth <= ${x}.ex_elderly_born_by and ${x}.well_off_child`,
};
