import type { Label } from '@dixian/core';
import { Select, type SelectProps } from 'antd';
import { useI18n } from '../i18n/i18n';

/** A select over one of core's enums (enums.ts), labelled in the UI language. */
export function EnumSelect<V extends string>({
  enumDef,
  ...props
}: { enumDef: { values: readonly V[]; labels: Record<V, Label> } } & Omit<SelectProps<V>, 'options'>) {
  const { L } = useI18n();
  return (
    <Select<V>
      allowClear
      showSearch
      optionFilterProp="label"
      {...props}
      options={enumDef.values.map((v) => ({ value: v, label: L(enumDef.labels[v]) }))}
    />
  );
}
