import { CASE_DEADLINE_LABELS, type CaseDeadlineKind } from '@dixian/core';
import { Tag, Typography } from 'antd';
import { useI18n } from '../i18n/i18n';
import { daysUntil } from '../lib/format';

/**
 * A case's nearest open deadline as a countdown: "还剩 3 天", "今天到期", "已逾期 2 天" (the due day itself is still
 * in time, core `deadlineStatus`).
 */
export function DeadlineCountdown({
  dueOn,
  kind,
  today,
}: {
  dueOn: string | null;
  kind: string | null;
  today?: string;
}) {
  const { t, L } = useI18n();
  if (!dueOn) return <Typography.Text type="secondary">{t('household.noDeadline')}</Typography.Text>;
  const days = daysUntil(dueOn, today);
  const label = kind && kind in CASE_DEADLINE_LABELS ? L(CASE_DEADLINE_LABELS[kind as CaseDeadlineKind]) : kind;
  const color = days < 0 ? 'red' : days <= 3 ? 'orange' : 'blue';
  const text =
    days < 0
      ? t('household.overdueBy', { n: -days })
      : days === 0
        ? t('household.dueToday')
        : t('household.daysLeft', { n: days });
  return (
    <span data-testid="deadline-countdown">
      {label ? <Typography.Text style={{ marginRight: 8 }}>{label}</Typography.Text> : null}
      <Tag color={color}>{text}</Tag>
      <Typography.Text type="secondary">{dueOn}</Typography.Text>
    </span>
  );
}
