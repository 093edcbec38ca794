import { Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** How many days are left, in words and colour: "还剩 3 天" (orange within 3 days), "今天到期", "已逾期 2 天" (red). */
export function useDaysLeft(): (daysLeft: number) => { color: string; text: string } {
  const { t } = useI18n();
  return (daysLeft) => ({
    color: daysLeft < 0 ? 'red' : daysLeft <= 3 ? 'orange' : 'blue',
    text:
      daysLeft < 0
        ? t('household.overdueBy', { n: -daysLeft })
        : daysLeft === 0
          ? t('household.dueToday')
          : t('household.daysLeft', { n: daysLeft }),
  });
}

/** The countdown of a list row (cases, leads, warnings), its due day on hover. */
export function DaysLeftTag({ daysLeft, dueOn }: { daysLeft: number | null; dueOn: string | null }) {
  const daysLeftOf = useDaysLeft();
  if (daysLeft === null || !dueOn) return <Typography.Text type="secondary">—</Typography.Text>;
  const { color, text } = daysLeftOf(daysLeft);
  return (
    <Tag color={color} title={dueOn} data-testid="days-left">
      {text}
    </Tag>
  );
}
