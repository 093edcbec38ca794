import { Department, MEASURE_CATEGORIES, MEASURE_TYPES, MeasureCategory, MeasureType } from '@dixian/core';
import { DatePicker, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { FieldPath, ZodForm } from '../../forms/zod-form';
import { useI18n } from '../../i18n/i18n';

/**
 * The measure types of core's catalogue (measures.ts) grouped by the five kinds of S1 §五, each kind naming its
 * lead departments, so the person planning sees who carries a measure before choosing it.
 */
export function useMeasureTypeOptions() {
  const { L } = useI18n();
  return MeasureCategory.values.map((cat) => {
    const info = MEASURE_CATEGORIES[cat];
    const leads = [...info.leadDepartments.map((d) => L(Department.labels[d])), ...info.otherLeads.map(L)];
    return {
      label: `${L(MeasureCategory.labels[cat])}${leads.length ? ` · ${leads.join('、')}` : ''}`,
      options: MeasureType.values
        .filter((ty) => MEASURE_TYPES[ty].category === cat)
        .map((ty) => ({ value: ty, label: L(MeasureType.labels[ty]) })),
    };
  });
}

/** The lead department a measure gets when none is chosen: the type's usual department (core MEASURE_TYPES). */
export function defaultDepartment(type: MeasureType | undefined): Department | undefined {
  return type ? MEASURE_TYPES[type].departments[0] : undefined;
}

/**
 * One measure's fields. `name` is the fields' name prefix where they sit (`[field.name]` inside a Form.List,
 * `[]` alone), `path` the same place in the request body (`['measures', 2]`, `[]`), for the schema's rules.
 * Amounts are typed in yuan (`amountYuan`) and sent in fen.
 */
export function MeasureFields({ zf, name: at, path }: { zf: ZodForm<never, never>; name: FieldPath; path: FieldPath }) {
  const { t, L } = useI18n();
  const typeOptions = useMeasureTypeOptions();
  const form = Form.useFormInstance();
  const type = Form.useWatch([...path, 'type'], form) as MeasureType | undefined;
  const name = (k: string) => [...at, k];
  const rulePath = (k: string): FieldPath => [...path, k];
  const allowed = type ? MEASURE_TYPES[type].departments : Department.values;
  return (
    <>
      <Form.Item name={name('type')} label={t('plan.measureType')} rules={zf.rules(rulePath('type'))}>
        <Select
          size="large"
          options={typeOptions}
          showSearch
          optionFilterProp="label"
          data-testid="measure-type"
          onChange={() => form.setFieldValue([...path, 'department'], undefined)}
        />
      </Form.Item>
      <Form.Item
        name={name('department')}
        label={t('plan.department')}
        rules={zf.rules(rulePath('department'))}
        extra={
          type ? (
            <Typography.Text type="secondary">
              {t('plan.defaultDepartment', { dept: L(Department.labels[defaultDepartment(type)!]) })} ·{' '}
              {MEASURE_TYPES[type].basis}
            </Typography.Text>
          ) : undefined
        }
      >
        <Select
          size="large"
          allowClear
          placeholder={type ? L(Department.labels[defaultDepartment(type)!]) : undefined}
          options={allowed.map((d) => ({ value: d, label: L(Department.labels[d]) }))}
        />
      </Form.Item>
      <Form.Item name={name('description')} label={t('plan.description')} rules={zf.rules(rulePath('description'))}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name={name('startOn')} label={t('plan.startOn')} rules={zf.rules(rulePath('startOn'))}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name={name('endOn')} label={t('plan.endOn')} rules={zf.rules(rulePath('endOn'))}>
        <DatePicker style={{ width: '100%' }} inputReadOnly />
      </Form.Item>
      <Form.Item name={name('amountYuan')} label={t('plan.amount')}>
        <InputNumber
          min={0}
          precision={2}
          style={{ width: '100%' }}
          addonAfter={t('common.yuan')}
          inputMode="decimal"
        />
      </Form.Item>
    </>
  );
}
