import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { AssistanceCaseView } from '@dixian/core/api';
import { Alert, Button, Card, DatePicker, Flex, Form, InputNumber, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n/i18n';
import { money } from '../../lib/format';

/**
 * The instalments of one approval of temporary assistance for a household that fell back into poverty (S0 plan one
 * 二 五是 一次审批、分阶段救助). Left empty, the amount is paid at once. The server checks the plan again.
 */
export function ReliefStagesField() {
  const { t } = useI18n();
  return (
    <Form.List name="stages">
      {(fields, { add, remove }) => (
        <Card size="small" title={t('stages.title')} data-testid="relief-stages">
          <Typography.Paragraph type="secondary">{t('stages.hint')}</Typography.Paragraph>
          {fields.map((f, i) => (
            <Flex key={f.key} gap={8} wrap align="start" data-testid="relief-stage">
              <Form.Item
                name={[f.name, 'payOn']}
                label={t('stages.payOn', { n: i + 1 })}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <DatePicker inputReadOnly />
              </Form.Item>
              <Form.Item
                name={[f.name, 'amountYuan']}
                label={t('stages.amount', { n: i + 1 })}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <InputNumber min={0.01} precision={2} addonAfter={t('common.yuan')} inputMode="decimal" />
              </Form.Item>
              <Button
                aria-label={t('stages.remove', { n: i + 1 })}
                icon={<DeleteOutlined />}
                onClick={() => remove(f.name)}
                style={{ marginTop: 30 }}
              />
            </Flex>
          ))}
          <Button
            icon={<PlusOutlined />}
            onClick={() => add({ payOn: dayjs().add(fields.length, 'month') })}
            data-testid="relief-stage-add"
          >
            {t('stages.add')}
          </Button>
        </Card>
      )}
    </Form.List>
  );
}

/** Why a general household is paid at once: only 返贫 may be staged. */
export function OneOffNote() {
  const { t } = useI18n();
  return <Alert type="info" showIcon message={t('stages.oneOff')} style={{ marginBottom: 16 }} />;
}

/** The instalments of a case, each with its day, amount and whether a paid payroll has paid it. */
export function StagesText({ c }: { c: AssistanceCaseView }) {
  const { t, lang } = useI18n();
  if (!c.reliefStages?.length) return null;
  return (
    <Flex vertical gap={2} data-testid="stages-text">
      {c.reliefStages.map((s, i) => (
        <span key={s.payOn}>
          {t('stages.line', { n: i + 1, date: s.payOn, amount: money(s.amountFen, lang) })}{' '}
          <Tag color={s.paid ? 'green' : 'default'}>{s.paid ? t('stages.paid') : t('stages.unpaid')}</Tag>
        </span>
      ))}
    </Flex>
  );
}
