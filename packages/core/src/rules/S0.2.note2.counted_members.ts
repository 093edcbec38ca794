import type { ReadingUnit } from './unit.js';

/** Who counts as family (S0 plan two note 2): same registration or living and sharing income, born and alive. */
export const countedMembers: ReadingUnit = {
  id: 'S0.2.note2.counted_members',
  source: 'S0 方案二 §二 注意2',
  label: { zh: '计入家庭人口', en: 'members counted' },
  reads: ['members[].registeredHere', 'members[].livesAndShares', 'members[].birthDate', 'members[].deceasedOn'],
  stage: 'reading',
  decide: ({ h, counted, notCounted }) => ({
    verdict: {
      outcome: counted.length > 0 ? 'yes' : 'unknown',
      message: {
        zh: `计入家庭人口 ${counted.length} 人（同一户口或生活经济共同、在世）${notCounted.length ? `；不计入第 ${notCounted.join('、')} 号成员` : ''}`,
        en: `${counted.length} member(s) counted (same registration or living and sharing income, alive)${notCounted.length ? `; not counted: member(s) ${notCounted.join(', ')}` : ''}`,
      },
      facts: {
        members: h.members.map((m, index) => ({
          index,
          relation: m.relation,
          registeredHere: m.registeredHere,
          livesAndShares: m.livesAndShares,
          deceasedOn: m.deceasedOn,
          counted: counted.some((c) => c.index === index),
        })),
      },
    },
  }),
  sql: (x) => `${x}.people > 0`,
};
