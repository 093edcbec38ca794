import { grossIncomeFen } from '../income.js';
import { memberRef, NO_CAPACITY, yes, type ReadingUnit } from './unit.js';

/** 整户无劳动能力 (S1 §四(四); S3 §三(七)): no counted member can work; and whether they live on social security. */
export const wholeHouseholdNoLabor: ReadingUnit = {
  id: 'S3.3.7.whole_household_no_labor',
  source: 'S1 §四(四)；S3 §三(七)',
  label: { zh: '家中有劳动能力的成员', en: 'some member can work' },
  reads: [
    'members[].laborCapacity',
    'receivesDibao',
    'isTekun',
    'incomes[].transferFen',
    'monitoring.wholeHouseholdNoLabor',
  ],
  stage: 'reading',
  decide: ({ h, counted, current, noLaborCapacity, onAssistance, livesOnSocialSecurity }) => ({
    verdict: {
      outcome: yes(noLaborCapacity),
      message: noLaborCapacity
        ? {
            zh: `全户无劳动能力${livesOnSocialSecurity ? '，主要依靠社会保障维持基本生活' : ''}；${h.monitoring.wholeHouseholdNoLabor ? '已' : '未'}标注整户无劳动能力`,
            en: `no member can work${livesOnSocialSecurity ? ', living mainly on social security' : ''}; the no-labour flag is ${h.monitoring.wholeHouseholdNoLabor ? 'set' : 'not set'}`,
          }
        : { zh: '家中有劳动能力的成员', en: 'some member can work' },
      facts: {
        laborCapacities: counted.map((c) => ({ ...memberRef(c), laborCapacity: c.member.laborCapacity })),
        receivesDibaoOrTekun: onAssistance,
        transferFen: current?.transferFen ?? null,
        grossIncomeFen: current ? grossIncomeFen(current) : null,
        flagged: h.monitoring.wholeHouseholdNoLabor,
      },
      threshold: { noCapacity: NO_CAPACITY, mainlyTransfers: 'transfer × 2 ≥ gross income' },
    },
  }),
  sql: (x) => `${x}.no_labor_capacity`,
};
