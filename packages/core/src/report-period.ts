import { endOfMonth, type IsoDate } from './dates.js';

/**
 * The period of a monthly or year-end report (issue 17 §5): 'YYYY-MM' or 'YYYY', in China dates. A period that
 * is still running ends today (the report of the current month is the month so far); one in the future has no
 * report.
 */
export interface ReportingPeriod {
  period: string;
  kind: 'month' | 'year';
  start: IsoDate;
  /** the period's last day, or today while it runs */
  end: IsoDate;
  /** the months it covers, 'YYYY-MM', up to `end` */
  months: string[];
  complete: boolean;
}

export const REPORT_PERIOD_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

/** The period of 'YYYY-MM' or 'YYYY' as seen on `today` (a China date); null when malformed or not begun. */
export function reportPeriod(period: string, today: IsoDate): ReportingPeriod | null {
  const m = REPORT_PERIOD_PATTERN.exec(period);
  if (!m) return null;
  const year = m[1]!;
  const month = m[2];
  const start = month ? `${year}-${month}-01` : `${year}-01-01`;
  const last = month ? endOfMonth(start) : `${year}-12-31`;
  if (start > today) return null;
  const end = last < today ? last : today;
  const months: string[] = [];
  if (month) months.push(`${year}-${month}`);
  else
    for (let i = 1; i <= 12; i++) {
      const mm = `${year}-${String(i).padStart(2, '0')}`;
      if (`${mm}-01` <= end) months.push(mm);
    }
  return { period, kind: month ? 'month' : 'year', start, end, months, complete: last <= today };
}

/** The period's title in Chinese: 2024年6月月度报告 / 2024年度报告. */
export function reportTitle(p: Pick<ReportingPeriod, 'period' | 'kind'>): string {
  const year = p.period.slice(0, 4);
  return p.kind === 'month' ? `${year}年${Number(p.period.slice(5, 7))}月月度报告` : `${year}年度报告`;
}
