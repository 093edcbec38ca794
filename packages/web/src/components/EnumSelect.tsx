import type { Label } from '@dixian/core';
import { Select, type SelectProps } from 'antd';
import { useI18n } from '../i18n/i18n';

/**
 * A required Form.Item gives its control `aria-required`; antd's Select puts it on its outer box, where ARIA does
 * not allow it (axe: aria-allowed-attr). The form still marks and checks the field as required.
 */
export function withoutAriaRequired<P extends object>(props: P): P {
  const { 'aria-required': _dropped, ...rest } = props as P & { 'aria-required'?: unknown };
  return rest as P;
}

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
      {...withoutAriaRequired(props)}
      options={enumDef.values.map((v) => ({ value: v, label: L(enumDef.labels[v]) }))}
    />
  );
}
