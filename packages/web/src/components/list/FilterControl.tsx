import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { RegionPicker } from '../RegionPicker';
import type { FilterField } from './schema-fields';

export interface ControlProps {
  field: FilterField;
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
}

const full = { style: { width: '100%' } };

/** The control of one filter, by the kind its zod type gives: select, area tree, date or month, number. */
export function FilterControl({ field, label, value, onChange }: ControlProps) {
  const { t, L } = useI18n();
  const aria = { 'aria-label': label, placeholder: label, ...full };
  switch (field.kind) {
    case 'region':
      return <RegionPicker {...aria} value={value as string | undefined} onChange={onChange} />;
    case 'enum':
      return (
        <Select<string>
          {...aria}
          allowClear
          showSearch
          optionFilterProp="label"
          value={value as string | undefined}
          onChange={(v) => onChange(v)}
          // only values with a label of their own: never a code on screen
          options={(field.values ?? []).flatMap((v) => {
            const l = field.enumDef?.labels[v];
            return l ? [{ value: v, label: L(l) }] : [];
          })}
        />
      );
    case 'bool':
      return (
        <Select<string>
          {...aria}
          allowClear
          value={value === undefined ? undefined : String(value)}
          onChange={(v) => onChange(v)}
          options={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
        />
      );
    case 'date':
    case 'month':
      return (
        <DatePicker
          {...aria}
          inputReadOnly
          picker={field.kind === 'month' ? 'month' : 'date'}
          value={typeof value === 'string' && value ? dayjs(value) : null}
          onChange={(d) => onChange(d ? d.format(field.kind === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD') : undefined)}
        />
      );
    case 'number':
      return (
        <InputNumber {...aria} min={0} value={value as number | undefined} onChange={(v) => onChange(v ?? undefined)} />
      );
    case 'search':
      return <TextFilter label={label} value={value} onChange={onChange} />;
    default:
      return null;
  }
}

/** A text filter other than the list's search box (a username, a record number): applied on Enter or on leaving. */
function TextFilter({ label, value, onChange }: Omit<ControlProps, 'field'>) {
  const [text, setText] = useState(String(value ?? ''));
  useEffect(() => setText(String(value ?? '')), [value]);
  const apply = () => onChange(text.trim() || undefined);
  return (
    <Input
      aria-label={label}
      placeholder={label}
      allowClear
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) onChange(undefined);
      }}
      onPressEnter={apply}
      onBlur={apply}
    />
  );
}
