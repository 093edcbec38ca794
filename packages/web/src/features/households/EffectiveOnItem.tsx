import { DatePicker, Form, type FormRule } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import { today } from '../../lib/format';

/**
 * 生效日期 of a change of facts (issue 20 §2): the day it happened when that is not today (a car sold last month).
 * Sent only with a change; the server refuses a day after today or before the household's registration.
 */
export function EffectiveOnItem({ rules }: { rules: FormRule[] }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="effectiveOn"
      label={t('history.effectiveOnLabel')}
      extra={t('history.effectiveOnHelp')}
      rules={rules}
    >
      <DatePicker
        size="large"
        inputReadOnly
        style={{ width: '100%' }}
        // China's day, as the server checks it: a browser set to another zone must not offer China's tomorrow
        disabledDate={(d) => d.isAfter(dayjs(today()), 'day')}
        data-testid="effective-on"
      />
    </Form.Item>
  );
}

/** A form's body with 生效日期 only when something changed and the user gave one. */
export function withEffectiveOn<B extends Record<string, unknown>>(changed: B, effectiveOn: unknown): B {
  return typeof effectiveOn === 'string' && effectiveOn ? { ...changed, effectiveOn } : changed;
}
