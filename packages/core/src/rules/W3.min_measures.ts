import type { MeasureFacts } from '../household-facts.js';
import type { GuardUnit } from './unit.js';

/** A measure counts as in place once it is being implemented or done and has started by the date. */
export function isMeasureInPlace(m: MeasureFacts, asOf: string): boolean {
  return (m.status === 'implementing' || m.status === 'done') && (m.startOn === null || m.startOn <= asOf);
}

/** At least the policy's number of assistance measures in place (S3 §三(五): 帮扶措施落实). */
export const minMeasures: GuardUnit = {
  id: 'W3.min_measures',
  source: 'S3 §三(五)',
  label: { zh: '帮扶措施未落实', en: 'no measure in place' },
  reads: ['monitoring.measures[]', 'policy.eliminationGuards.minMeasures'],
  stage: 'guard',
  decide: ({ r, policy, asOf }) => {
    const measures = r.household.monitoring.measures;
    const min = policy.eliminationGuards.minMeasures;
    const inPlace = measures.filter((m) => isMeasureInPlace(m, asOf));
    return {
      outcome: inPlace.length >= min ? 'yes' : 'no',
      message: {
        zh: `已落实帮扶措施 ${inPlace.length} 项（至少 ${min} 项）`,
        en: `${inPlace.length} measure(s) in place (at least ${min})`,
      },
      facts: {
        measuresInPlace: inPlace.map((m) => ({ type: m.type, status: m.status, startOn: m.startOn })),
        measuresRecorded: measures.length,
      },
      threshold: { minMeasures: min },
    };
  },
  sql: (x) => `${x}.measures_in_place >= ${x}.min_measures`,
};
