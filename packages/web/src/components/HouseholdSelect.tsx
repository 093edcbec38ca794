import type { HouseholdPage } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { withoutAriaRequired } from './EnumSelect';

/**
 * Pick a registered household of the user's area by typing a name, an ID number or a household number (the
 * registry's own search, GET /api/households?q=). The value is the household id.
 */
export function HouseholdSelect({
  value,
  onChange,
  known,
  ...props
}: {
  value?: string;
  /** the id, and the option's text (head · household number · village) for showing the choice elsewhere */
  onChange?: (id: string | undefined, label?: string) => void;
  /** a household already chosen (opened from its page), shown by name before any search */
  known?: { id: string; label: string } | undefined;
} & Omit<SelectProps<string>, 'options' | 'value' | 'onChange'>) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const found = useQuery({
    queryKey: ['households', 'list', { q, pageSize: 10 }],
    queryFn: () => api.get<HouseholdPage>('/api/households', { q, pageSize: 10 }),
    enabled: q.length > 0,
  });
  return (
    <Select<string>
      showSearch
      allowClear
      filterOption={false}
      value={value}
      onChange={(v, option) => {
        const label = option && !Array.isArray(option) ? option.label : undefined;
        onChange?.(v || undefined, typeof label === 'string' ? label : undefined);
      }}
      onSearch={setText}
      loading={found.isFetching}
      placeholder={t('registry.searchPlaceholder')}
      notFoundContent={q ? t('registry.empty') : t('work.typeToSearch')}
      options={[
        ...(known && !found.data?.items.some((h) => h.id === known.id)
          ? [{ value: known.id, label: known.label }]
          : []),
        ...(found.data?.items ?? []).map((h) => ({
          value: h.id,
          label: `${h.headName ?? ''} · ${h.householdNo} · ${h.regionName ?? ''}`,
        })),
      ]}
      {...withoutAriaRequired(props)}
    />
  );
}
