import { SIGNAL_RULES, type SignalType } from '@dixian/core';
import type { I18n } from '../../i18n/i18n';

/** A department signal (core feeds/signals.ts) in words, its rule's label; an unknown one as written. */
export function signalLabel(signal: string | null, L: I18n['L']): string {
  if (!signal) return '';
  const rule = SIGNAL_RULES[signal as SignalType];
  return rule ? L(rule.label) : signal;
}
