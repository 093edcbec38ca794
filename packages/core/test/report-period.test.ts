import { describe, expect, it } from 'vitest';
import { reportPeriod, reportTitle } from '../src/report-period.js';

/** Issue 17 §5: the periods of the monthly and the year-end report, in China dates. */
describe('report periods', () => {
  it('a past month runs from its first to its last day', () => {
    expect(reportPeriod('2024-02', '2024-06-03')).toEqual({
      period: '2024-02',
      kind: 'month',
      start: '2024-02-01',
      end: '2024-02-29',
      months: ['2024-02'],
      complete: true,
    });
  });

  it('a running year ends today and covers its months so far', () => {
    const p = reportPeriod('2024', '2024-06-03')!;
    expect([p.kind, p.start, p.end, p.complete]).toEqual(['year', '2024-01-01', '2024-06-03', false]);
    expect(p.months).toEqual(['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']);
    expect(reportPeriod('2023', '2024-06-03')!.months).toHaveLength(12);
  });

  it('the current month ends today; the last day of a month is complete on that day', () => {
    expect(reportPeriod('2024-06', '2024-06-03')).toMatchObject({ end: '2024-06-03', complete: false });
    expect(reportPeriod('2024-06', '2024-06-30')).toMatchObject({ end: '2024-06-30', complete: true });
  });

  it('refuses a period not begun and malformed ones', () => {
    expect(reportPeriod('2024-07', '2024-06-03')).toBeNull();
    expect(reportPeriod('2025', '2024-06-03')).toBeNull();
    for (const bad of ['2024-13', '2024-00', '24-05', '2024-5', '2024-05-01', '']) {
      expect(reportPeriod(bad, '2024-06-03')).toBeNull();
    }
  });

  it('titles the reports in Chinese', () => {
    expect(reportTitle({ period: '2024-05', kind: 'month' })).toBe('2024年5月月度报告');
    expect(reportTitle({ period: '2024', kind: 'year' })).toBe('2024年度报告');
  });
});
