import { Select } from 'antd';
import { useI18n } from '../../i18n/i18n';
import type { SortState } from './use-list';

export interface SortChoice {
  field: string;
  label: string;
}

/**
 * The list's sort as one select, for where there are no column headers to click (cards on a phone): each sortable
 * column ascending and descending; cleared, the list's own order.
 */
export function SortSelect(p: {
  choices: SortChoice[];
  sort?: SortState | undefined;
  onChange: (s: SortState | undefined) => void;
}) {
  const { t } = useI18n();
  if (!p.choices.length) return null;
  const value = p.sort ? `${p.sort.desc ? '-' : ''}${p.sort.field}` : undefined;
  return (
    <Select<string>
      allowClear
      style={{ width: '100%' }}
      aria-label={t('list.sort')}
      placeholder={t('list.sort')}
      value={value}
      onChange={(v) => p.onChange(v ? { field: v.replace(/^-/, ''), desc: v.startsWith('-') } : undefined)}
      options={p.choices.flatMap((c) => [
        { value: c.field, label: `${c.label} ${t('list.ascending')}` },
        { value: `-${c.field}`, label: `${c.label} ${t('list.descending')}` },
      ])}
      data-testid="list-sort"
    />
  );
}
