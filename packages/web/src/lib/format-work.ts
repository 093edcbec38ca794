import { chinaDate } from '@dixian/core';

/** The China calendar day of an instant from the server ('2026-11-20T23:00:00Z' → '2026-11-21'). */
export function chinaDay(instant: string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? instant : chinaDate(d);
}
