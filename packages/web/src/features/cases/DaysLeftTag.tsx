import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** "还剩 3 天" (orange within 3 days), "今天到期", "已逾期 2 天" (red): the case list's countdown. */
export function DaysLeftTag({ daysLeft, dueOn }: { daysLeft: number | null; dueOn: string | null }) {
  const { t } = useI18n();
  if (daysLeft === null || !dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = daysLeft < 0 ? 'red' : daysLeft <= 3 ? 'orange' : 'blue';
  const text =
    daysLeft < 0
      ? t('household.overdueBy', { n: -daysLeft })
      : daysLeft === 0
        ? t('household.dueToday')
        : t('household.daysLeft', { n: daysLeft });
  return (
    <Tag color={color} title={dueOn} data-testid="days-left">
      {text}
    </Tag>
  );
}
