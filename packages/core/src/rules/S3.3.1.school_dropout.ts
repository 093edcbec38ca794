import { memberRef, yes, type ReadingUnit } from './unit.js';

/** A child of compulsory-education age out of school (S3 §三(一)): a current risk. */
export const schoolDropout: ReadingUnit = {
  id: 'S3.3.1.school_dropout',
  source: 'S3 §三(一)',
  label: { zh: '义务教育阶段失学辍学', en: 'a child out of school' },
  reads: [
    'members[].schoolStatus',
    'members[].birthDate',
    'policy.inclusion.compulsoryEducationMinAge',
    'policy.inclusion.compulsoryEducationMaxAge',
  ],
  stage: 'reading',
  risk: { kind: 'acute', type: 'school_dropout' },
  decide: ({ policy, dropouts }) => {
    const inc = policy.inclusion;
    return {
      risks: dropouts.length ? ['school_dropout'] : [],
      verdict: {
        outcome: yes(dropouts.length > 0),
        message: dropouts.length
          ? {
              zh: `有 ${dropouts.length} 名义务教育阶段适龄儿童失学辍学`,
              en: `${dropouts.length} compulsory-age child(ren) out of school`,
            }
          : { zh: '没有义务教育阶段失学辍学', en: 'no compulsory-age child out of school' },
        facts: { riskType: 'school_dropout', members: dropouts.map(memberRef) },
        threshold: { compulsoryEducationAges: [inc.compulsoryEducationMinAge, inc.compulsoryEducationMaxAge] },
      },
    };
  },
  sql: (x) => `${x}.has_dropout`,
};
