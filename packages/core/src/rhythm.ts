/**
 * The county's monthly rhythm: the seven steps 排访评录测补销 with a due day each month (S0 plan two 五) and the
 * half-monthly warning lists of villages and townships (S1 §四(二)1–2). Pure calendar arithmetic on China dates.
 */
import { endOfMonth, type IsoDate } from './dates.js';
import { SevenStep, type RhythmTaskStatus } from './enums.js';
import type { PolicyBody } from './policy.js';

/**
 * Who owes each step. S0 plan two 五 names the first two: 排 by the village 两委, 访 organised by the township.
 * The rest follow where the work is done [INF]: the review (评) and the follow-up (测) in the village, entering
 * into the system (录), filling the gaps (补) and closing out (销) by the township.
 */
export const SEVEN_STEP_LEVEL: Readonly<Record<SevenStep, 'village' | 'township'>> = {
  screen: 'village',
  visit: 'township',
  evaluate: 'village',
  record: 'township',
  monitor: 'village',
  supplement: 'township',
  close: 'township',
};

/** 'YYYY-MM' of a day. */
export function monthOf(day: IsoDate): string {
  return day.slice(0, 7);
}

/** The day a step is due in a month: the policy's day, or the month's last day when the month is shorter. */
export function stepDueDate(month: string, day: number): IsoDate {
  const last = endOfMonth(`${month}-01`);
  const clamped = Math.min(day, Number(last.slice(8, 10)));
  return `${month}-${String(clamped).padStart(2, '0')}`;
}

/** Every step's due date in a month under a policy, in the method's order. */
export function monthSteps(
  month: string,
  days: PolicyBody['sevenSteps'],
): { step: SevenStep; level: 'village' | 'township'; dueDate: IsoDate }[] {
  return SevenStep.values.map((step) => ({
    step,
    level: SEVEN_STEP_LEVEL[step],
    dueDate: stepDueDate(month, days[step]),
  }));
}

/** A task's state on a day: done once marked; late when its day has passed undone. */
export function rhythmTaskStatus(dueDate: IsoDate, done: boolean, today: IsoDate): RhythmTaskStatus {
  if (done) return 'done';
  return today > dueDate ? 'late' : 'open';
}

/** A reporting period inside a month: its first and last day, its place in the month and how many it has. */
export interface ReportPeriod {
  start: IsoDate;
  end: IsoDate;
  index: number;
  count: number;
}

/**
 * The reporting period a day falls in. Periods are anchored to the month so every village reports on the same
 * days: a month holds round(30 / intervalDays) periods of intervalDays days from the 1st, the last one running
 * to the month's end (15 days: the 1st–15th and the 16th–end, S1 "每半个月报送一次").
 */
export function reportPeriodOf(day: IsoDate, intervalDays: number): ReportPeriod {
  const interval = Math.max(1, intervalDays);
  const count = Math.max(1, Math.round(30 / interval));
  const dom = Number(day.slice(8, 10));
  const index = Math.min(count - 1, Math.floor((dom - 1) / interval));
  const month = monthOf(day);
  const startDay = index * interval + 1;
  const start = `${month}-${String(startDay).padStart(2, '0')}`;
  const end = index === count - 1 ? endOfMonth(day) : `${month}-${String(startDay + interval - 1).padStart(2, '0')}`;
  return { start, end, index, count };
}
