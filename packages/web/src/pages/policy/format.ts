import type { I18n } from '../../i18n/i18n';
import type { PolicyParam } from '../../i18n/labels';
import { money, percent } from '../../lib/format';

/** A policy value for people, by its unit: fen as money, ratios as a percentage or multiple, switches as 启用/停用. */
export function formatParam(param: PolicyParam, value: unknown, i18n: I18n): string {
  if (value === undefined || value === null) return '—';
  switch (param.unit) {
    case 'fen':
      return money(value as number, i18n.lang);
    case 'ratio': {
      const v = value as number;
      // shares are below 1 and read as percentages; multiples (1.5 × the standard) read as "× 1.5"
      return /Multiple/.test(param.path) ? `× ${v}` : percent(v);
    }
    case 'bool':
      return i18n.t(value ? 'policy.on' : 'policy.off');
    case 'days':
      return i18n.t('common.days', { n: value as number });
    case 'grades':
      return (value as string[]).join(', ');
    default:
      return String(value);
  }
}
