import { CASE_DEADLINE_LABELS, type CaseDeadlineKind } from '@dixian/core';
import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { daysUntil } from '../../lib/format';
import { useDaysLeft } from './DaysLeftTag';

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
  const daysLeftOf = useDaysLeft();
  if (!dueOn) return <Typography.Text type="secondary">{t('household.noDeadline')}</Typography.Text>;
  const label = kind && kind in CASE_DEADLINE_LABELS ? L(CASE_DEADLINE_LABELS[kind as CaseDeadlineKind]) : kind;
  const { color, text } = daysLeftOf(daysUntil(dueOn, today));
  return (
    <span data-testid="deadline-countdown">
      {label ? <Typography.Text style={{ marginRight: 8 }}>{label}</Typography.Text> : null}
      <Tag color={color}>{text}</Tag>
      <Typography.Text type="secondary">{dueOn}</Typography.Text>
    </span>
  );
}
