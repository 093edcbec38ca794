/**
 * Calendar arithmetic on 'YYYY-MM-DD' strings. Deadlines in the seeds are counted in calendar days
 * (S3 §三(四): "不超过15天"), so no time zone or clock is involved; callers pass `today` in.
 */

const DAY_MS = 86_400_000;

export type IsoDate = string;

export function isIsoDate(s: string): boolean {
  if (VALID_DAYS.has(s)) return true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const ok = m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[m - 1]!);
  // the rules check the same few hundred days millions of times in a screening or scenario: remember them
  if (ok) {
    if (VALID_DAYS.size >= 50_000) VALID_DAYS.clear();
    VALID_DAYS.add(s);
  }
  return ok;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const VALID_DAYS = new Set<string>();

function toUtc(d: IsoDate): number {
  if (!isIsoDate(d)) throw new Error(`不是有效日期 / not a valid date (YYYY-MM-DD): "${d}"`);
  return Date.parse(`${d}T00:00:00Z`);
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromUtc(toUtc(d) + n * DAY_MS);
}

/** Add calendar months, clamping to the month's last day (2024-01-31 + 1 month = 2024-02-29). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return fromUtc(Date.UTC(ny, nm, Math.min(day, last)));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** Whole calendar months from a to b, counting a month only once its day is reached. */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am, ad] = a.split('-').map(Number) as [number, number, number];
  const [by, bm, bd] = b.split('-').map(Number) as [number, number, number];
  let months = (by - ay) * 12 + (bm - am);
  if (bd < ad && addMonths(a, months) > b) months -= 1;
  return months;
}

export function minDate(...ds: (IsoDate | null | undefined)[]): IsoDate | undefined {
  return ds.filter((d): d is IsoDate => !!d).sort()[0];
}

export function maxDate(...ds: (IsoDate | null | undefined)[]): IsoDate | undefined {
  return ds
    .filter((d): d is IsoDate => !!d)
    .sort()
    .at(-1);
}

/** The calendar date of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaDate(instant: Date): IsoDate {
  return fromUtc(instant.getTime() + 8 * 3_600_000);
}

/** The instant a calendar day begins in China (00:00 UTC+8): the lower bound of "on that day" in a time column. */
export function chinaDayStart(day: IsoDate): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** An instant as 'YYYY-MM-DD HH:mm:ss' in China Standard Time (UTC+8): what officers read, never UTC. */
export function chinaDateTime(instant: Date): string {
  const china = new Date(instant.getTime() + 8 * 3_600_000).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 19)}`;
}

export function startOfMonth(d: IsoDate): IsoDate {
  return `${d.slice(0, 7)}-01`;
}

export function endOfMonth(d: IsoDate): IsoDate {
  return addDays(addMonths(startOfMonth(d), 1), -1);
}

/**
 * A department's data exchange (S1 §四(二)3: 行业部门每2个月至少进行一次数据交换): the last exchange (a feed or a
 * 零报告, whichever is later), the next due `months` after it, and whether it is overdue on `today` (never
 * exchanged: overdue).
 */
export function exchangeDue(
  lastFeedOn: IsoDate | null | undefined,
  lastZeroReportOn: IsoDate | null | undefined,
  months: number,
  today: IsoDate,
): { lastExchangeOn: IsoDate | null; nextDueOn: IsoDate | null; overdue: boolean } {
  const lastExchangeOn = maxDate(lastFeedOn, lastZeroReportOn) ?? null;
  const nextDueOn = lastExchangeOn ? addMonths(lastExchangeOn, months) : null;
  return { lastExchangeOn, nextDueOn, overdue: nextDueOn === null || nextDueOn < today };
}
