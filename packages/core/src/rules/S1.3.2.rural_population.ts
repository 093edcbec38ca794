import { MEMBER } from './sql.js';
import { memberRef, yes, type PopulationUnit } from './unit.js';

/** The monitored population: all rural people, including relocated people now registered as urban (S1 §三(二)). */
export const ruralPopulation: PopulationUnit = {
  id: 'S1.3.2.rural_population',
  source: 'S1 §三(二)',
  label: { zh: '不属于农村人口或搬迁人口', en: 'outside the rural population' },
  reads: ['regionIsRural', 'inResettlementSite', 'members[].isRelocated'],
  stage: 'population',
  decide: ({ r }) => {
    const h = r.household;
    const relocatedMembers = r.counted.filter((c) => c.member.isRelocated);
    const population = h.regionIsRural || h.inResettlementSite || relocatedMembers.length > 0;
    return {
      outcome: yes(population),
      message: population
        ? {
            zh: h.regionIsRural ? '农村人口，属于监测范围' : '易地扶贫搬迁人口（已转城镇户籍），属于监测范围',
            en: h.regionIsRural
              ? 'rural population: within the monitored population'
              : 'relocated population (now urban): within the monitored population',
          }
        : {
            zh: '城镇社区非搬迁人口，不属于监测范围',
            en: 'urban community, not relocated: outside the monitored population',
          },
      facts: {
        regionCode: h.regionCode,
        regionIsRural: h.regionIsRural,
        inResettlementSite: h.inResettlementSite,
        relocatedMembers: relocatedMembers.map(memberRef),
      },
    };
  },
  sql: (x) => `${x}.region_is_rural or ${x}.in_resettlement_site or ${x}.any_member & ${MEMBER.relocated} <> 0`,
};
