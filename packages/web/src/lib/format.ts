import { chinaDate, daysBetween } from '@dixian/core';
import type { Lang } from '../i18n/i18n';

/** Today as the China calendar day, the day every deadline counts from. */
export function today(): string {
  return chinaDate(new Date());
}

/** Money from integer fen, as yuan with two decimals: 123456 → "1,234.56". */
export function yuan(fen: number | null | undefined): string {
  if (fen == null) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1,234.56 元" or "¥1,234.56". */
export function money(fen: number | null | undefined, lang: Lang): string {
  if (fen == null) return '—';
  return lang === 'zh' ? `${yuan(fen)} 元` : `¥${yuan(fen)}`;
}

/** Yuan typed in a form → integer fen (exact: the decimal text is read, never multiplied as a float). */
export function yuanToFen(value: string | number): number {
  const s = String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return Number.NaN;
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0')));
}

/** An instant or a calendar day as 'YYYY-MM-DD HH:mm' (China time) or 'YYYY-MM-DD'. */
export function when(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const china = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${china.slice(0, 10)} ${china.slice(11, 16)}`;
}

/** Days from today to a due day: 0 = today, negative = overdue. */
export function daysUntil(dueOn: string, from = today()): number {
  return daysBetween(from, dueOn);
}

/** A ratio as a percentage: 0.5 → "50%". */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 10_000) / 100}%`;
}

/** The China calendar day of an instant from the server ('2026-11-20T23:00:00Z' → '2026-11-21'). */
export function chinaDay(instant: string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? instant : chinaDate(d);
}

/** A list's subtitle, and when the daily rollup it was read from was made (large areas, issue 19 §1). */
export function withRollup(
  text: string,
  rollupAt: string | null | undefined,
  t: (key: 'list.rollupAt', vars: { time: string }) => string,
): string {
  return rollupAt ? `${text} · ${t('list.rollupAt', { time: when(rollupAt) })}` : text;
}
