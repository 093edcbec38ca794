import { describe, expect, it } from 'vitest';
import { monthSteps, reportPeriodOf, rhythmTaskStatus, SEVEN_STEP_DEFAULT_DAYS, stepDueDate } from '../src/index.js';

describe('the monthly rhythm calendar', () => {
  it('S0 plan two 五: 排 by the 5th and 访 by the 10th; a day past the month’s end is its last day', () => {
    const steps = monthSteps('2024-02', SEVEN_STEP_DEFAULT_DAYS);
    expect(steps.map((s) => `${s.step}:${s.level}:${s.dueDate}`)).toEqual([
      'screen:village:2024-02-05',
      'visit:township:2024-02-10',
      'evaluate:village:2024-02-15',
      'record:township:2024-02-20',
      'monitor:village:2024-02-25',
      'supplement:township:2024-02-28',
      'close:township:2024-02-29',
    ]);
    expect(stepDueDate('2023-02', 31)).toBe('2023-02-28');
  });

  it('a step is late only after its day, and done once marked', () => {
    expect(rhythmTaskStatus('2024-06-05', false, '2024-06-05')).toBe('open');
    expect(rhythmTaskStatus('2024-06-05', false, '2024-06-06')).toBe('late');
    expect(rhythmTaskStatus('2024-06-05', true, '2024-06-30')).toBe('done');
  });

  it('S1 §四(二): every half month is the 1st–15th and the 16th–end; other intervals cut the month alike', () => {
    expect(reportPeriodOf('2024-06-15', 15)).toEqual({ start: '2024-06-01', end: '2024-06-15', index: 0, count: 2 });
    expect(reportPeriodOf('2024-07-31', 15)).toEqual({ start: '2024-07-16', end: '2024-07-31', index: 1, count: 2 });
    expect(reportPeriodOf('2024-02-29', 15)).toEqual({ start: '2024-02-16', end: '2024-02-29', index: 1, count: 2 });
    expect(reportPeriodOf('2024-03-31', 10)).toEqual({ start: '2024-03-21', end: '2024-03-31', index: 2, count: 3 });
    expect(reportPeriodOf('2024-03-31', 30)).toEqual({ start: '2024-03-01', end: '2024-03-31', index: 0, count: 1 });
  });
});
