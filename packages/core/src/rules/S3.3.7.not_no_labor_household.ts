import type { GuardUnit } from './unit.js';

/**
 * Not a household without labour (S1 §四(四): 暂不标注风险消除; S3 §三(七)): such a household stays monitored
 * with social-security measures.
 */
export const notNoLaborHousehold: GuardUnit = {
  id: 'S3.3.7.not_no_labor_household',
  source: 'S1 §四(四)；S3 §三(七)',
  label: { zh: '整户无劳动能力，暂不消除', en: 'no-labour household' },
  reads: ['monitoring.wholeHouseholdNoLabor', 'members[].laborCapacity'],
  stage: 'guard',
  decide: ({ r }) => {
    const flagged = r.household.monitoring.wholeHouseholdNoLabor;
    const noLabor = flagged || r.noLaborCapacity;
    return {
      outcome: noLabor ? 'no' : 'yes',
      message: noLabor
        ? {
            zh: `${flagged ? '已标注整户无劳动能力' : '全户无劳动能力'}，落实社会保障措施后暂不标注风险消除，持续跟踪监测`,
            en: `${flagged ? 'flagged as a whole-household-no-labour household' : 'no member can work'}: not marked eliminated; monitoring continues after social-security measures`,
          }
        : {
            zh: '家中有劳动能力的成员，未标注整户无劳动能力',
            en: 'some member can work and the no-labour flag is not set',
          },
      facts: { wholeHouseholdNoLabor: flagged, noLaborCapacity: r.noLaborCapacity },
    };
  },
  sql: (x) => `not (${x}.whole_household_no_labor or ${x}.no_labor_capacity)`,
};
