import { CaseStage, MonitoringStatus } from './enums.js';
import type { LocalizedText } from './errors.js';
import { RULES } from './rules/index.js';

/**
 * Short names of the rule ids a screening explanation cites (shown in words wherever an officer reads them): every
 * rule unit's label (rules/index.ts, the one catalogue of rule texts), and the reason tokens that are not rules.
 */
export const RULE_LABELS: Record<string, LocalizedText> = {
  ...Object.fromEntries(RULES.map((u) => [u.id, u.label])),
  'S3.3.2.monthly_visits': { zh: '每月走访', en: 'monthly visits' },
  out_of_scope: { zh: '已不在排查范围内（迁出或注销）', en: 'no longer within the scope' },
  not_recorded: { zh: '未记录离开原因', en: 'no reason recorded' },
  'whole_household_no_labor:flagged': { zh: '已标注整户无劳动能力', en: 'the no-labour flag is set' },
  'lives_on_social_security:no': { zh: '不再主要依靠社会保障', en: 'no longer lives mainly on social security' },
};

/** A reason token in words: a rule id, or a state change (`monitoring_status:…`, `open_case:…`, `visited:…`). */
export function reasonText(reason: string): LocalizedText {
  const known = RULE_LABELS[reason];
  if (known) return known;
  const [kind, value = ''] = reason.split(':');
  if (kind === 'monitoring_status') {
    const l = MonitoringStatus.labels[value as MonitoringStatus];
    return { zh: `监测状态为"${l?.zh ?? value}"`, en: `monitoring status is ${value}` };
  }
  if (kind === 'open_case') {
    const l = CaseStage.labels[value as CaseStage];
    return { zh: `已有在办案件（${l?.zh ?? value}）`, en: `a case is open (${value})` };
  }
  if (kind === 'visited') return { zh: `已于 ${value} 走访`, en: `visited on ${value}` };
  return { zh: reason, en: reason };
}
