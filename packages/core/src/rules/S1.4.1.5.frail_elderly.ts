import { memberRef, yes, type ReadingUnit } from './unit.js';

/**
 * 失能失智老年人 (S1 §三(一), §四(一)5): an elderly member with an intellectual or mental disability (失智), or
 * disabled and unable to work (失能); a lasting disability risk.
 */
export const frailElderly: ReadingUnit = {
  id: 'S1.4.1.5.frail_elderly',
  source: 'S1 §三(一)、§四(一)5',
  label: { zh: '家中有失能失智老年人', en: 'a disabled or demented elderly member' },
  reads: [
    'members[].birthDate',
    'members[].disabilityCategory',
    'members[].laborCapacity',
    'policy.inclusion.elderlyAge',
  ],
  stage: 'reading',
  risk: { kind: 'condition', type: 'disability' },
  decide: ({ policy, counted }) => {
    const elderlyAge = policy.inclusion.elderlyAge;
    const frail = counted.filter(
      (c) =>
        c.age >= elderlyAge &&
        (c.member.disabilityCategory === 'intellectual' ||
          c.member.disabilityCategory === 'mental' ||
          (c.member.disabilityCategory !== null && c.member.laborCapacity === 'lost')),
    );
    return {
      risks: frail.length ? ['disability'] : [],
      verdict: {
        outcome: yes(frail.length > 0),
        message: frail.length
          ? { zh: `有 ${frail.length} 名失能失智老年人`, en: `${frail.length} disabled or demented elderly member(s)` }
          : { zh: '没有失能失智老年人', en: 'no disabled or demented elderly member' },
        facts: {
          riskType: 'disability',
          members: frail.map((c) => ({
            ...memberRef(c),
            disabilityCategory: c.member.disabilityCategory,
            laborCapacity: c.member.laborCapacity,
          })),
        },
        threshold: { elderlyAge },
      },
    };
  },
  sql: (x) => `coalesce(${x}.oldest_frail_birth <= ${x}.elderly_born_by, false)`,
};
