import { MEMBER } from './sql.js';
import { memberRef, SEVERE_ILLNESS, yes, type ReadingUnit } from './unit.js';

/** A member seriously ill (大病重病, S1 §三(一), §四(一)2): a lasting illness risk. */
export const seriousIllness: ReadingUnit = {
  id: 'S1.4.1.2.serious_illness',
  source: 'S1 §三(一)、§四(一)2',
  label: { zh: '家庭成员患大病重病', en: 'a member seriously ill' },
  reads: ['members[].healthStatus'],
  stage: 'reading',
  risk: { kind: 'condition', type: 'illness' },
  decide: ({ counted }) => {
    const ill = counted.filter((c) => SEVERE_ILLNESS.includes(c.member.healthStatus));
    return {
      risks: ill.length ? ['illness'] : [],
      verdict: {
        outcome: yes(ill.length > 0),
        message: ill.length
          ? { zh: `有 ${ill.length} 名家庭成员患大病重病`, en: `${ill.length} member(s) seriously ill` }
          : { zh: '没有患大病重病的家庭成员', en: 'no seriously ill member' },
        facts: {
          riskType: 'illness',
          members: ill.map((c) => ({ ...memberRef(c), healthStatus: c.member.healthStatus })),
        },
      },
    };
  },
  sql: (x) => `${x}.any_member & ${MEMBER.serious} <> 0`,
};
