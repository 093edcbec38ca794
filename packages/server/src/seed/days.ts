import type { IsoDate } from '@dixian/core';

/**
 * Fast calendar arithmetic for the generator, which does millions of date steps. Same results as core's
 * dates.ts (which validates every argument, the right thing for user input but a third of the generator's
 * time): days are numbered from 1900-01-01 and formatted from a table built once.
 */

const FIRST = Date.UTC(1900, 0, 1);
const DAY = 86_400_000;
const COUNT = Math.round((Date.UTC(2101, 0, 1) - FIRST) / DAY);
const names: string[] = new Array(COUNT);
const index = new Map<string, number>();
for (let i = 0; i < COUNT; i++) {
  const s = new Date(FIRST + i * DAY).toISOString().slice(0, 10);
  names[i] = s;
  index.set(s, i);
}

function dayNumber(d: IsoDate): number {
  const n = index.get(d);
  if (n === undefined) throw new Error(`不是 1900–2100 间的有效日期 / not a valid date between 1900 and 2100: "${d}"`);
  return n;
}

function dayName(n: number): IsoDate {
  const s = names[n];
  if (s === undefined) throw new Error(`日期超出 1900–2100 / date out of range 1900–2100 (day ${n})`);
  return s;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return dayName(dayNumber(d) + n);
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Calendar months, clamped to the month's last day (as core's addMonths). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${ny}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

export function startOfMonth(d: IsoDate): IsoDate {
  return `${d.slice(0, 7)}-01`;
}

export function endOfMonth(d: IsoDate): IsoDate {
  return addDays(addMonths(startOfMonth(d), 1), -1);
}
