import { MEMBER } from './sql.js';
import { memberRef, WORKING_CAPACITY, yes, type ReadingUnit } from './unit.js';

/** No member with ordinary or skilled labour capacity (S1 §四(一)1, §五(三)): a lasting risk. */
export const lackOfLabor: ReadingUnit = {
  id: 'S1.4.1.1.lack_of_labor',
  source: 'S1 §四(一)1、§五(三)',
  label: { zh: '家中缺少劳动力', en: 'no one able to work' },
  reads: ['members[].laborCapacity'],
  stage: 'reading',
  risk: { kind: 'condition', type: 'lack_of_labor' },
  decide: ({ counted }) => {
    const workers = counted.filter((c) => WORKING_CAPACITY.includes(c.member.laborCapacity));
    const found = counted.length > 0 && workers.length === 0;
    return {
      risks: found ? ['lack_of_labor'] : [],
      verdict: {
        outcome: yes(found),
        message: workers.length
          ? { zh: `有 ${workers.length} 名劳动力`, en: `${workers.length} member(s) able to work` }
          : { zh: '家中没有普通或技能劳动力', en: 'no member with ordinary or skilled labour capacity' },
        facts: {
          riskType: 'lack_of_labor',
          laborCapacities: counted.map((c) => ({ ...memberRef(c), laborCapacity: c.member.laborCapacity })),
        },
        threshold: { workingCapacities: WORKING_CAPACITY },
      },
    };
  },
  sql: (x) => `${x}.people > 0 and ${x}.any_member & ${MEMBER.worker} = 0`,
};
