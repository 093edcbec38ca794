import { ancestorCodes } from '@dixian/core';
import type { PublicRegionList } from '@dixian/core/api';
import { useQueries } from '@tanstack/react-query';
import { Flex, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type Item = PublicRegionList['items'][number];

const LEVEL_LABEL: Record<Item['level'], MessageKey> = {
  province: 'apply.province',
  prefecture: 'apply.prefecture',
  county: 'apply.county',
  township: 'apply.township',
  village: 'apply.village',
};

/**
 * The village picker of the self-application, one full-width select per level (a phone cannot show five
 * cascading columns side by side) over GET /api/public/regions. A level with a single choice is taken without
 * asking and shown as text, so a county's farmers only choose their township and village. The value is the
 * 12-digit code of a rural village; a QR code on the village board can preset it (`/apply?village=…`).
 */
export function VillageChain({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
}) {
  const { t } = useI18n();
  // the chosen code at each level, province first
  const [chain, setChain] = useState<string[]>(() => (value ? [...ancestorCodes(value), value] : []));
  useEffect(() => {
    if (value && value !== chain[chain.length - 1]) setChain([...ancestorCodes(value), value]);
    // only when the value comes from outside (a preset); picking updates the chain itself
  }, [value]);

  // the children of the root and of every chosen level above the village
  const parents = useMemo(() => [undefined, ...chain.filter((c) => c.length < 12)], [chain]);
  const levels = useQueries({
    queries: parents.map((parent) => ({
      queryKey: ['public', 'regions', parent ?? null],
      queryFn: () => api.get<PublicRegionList>('/api/public/regions', { parent }),
      staleTime: Infinity,
    })),
  });

  // take the only choice of a level by itself
  useEffect(() => {
    const i = chain.length;
    const items = levels[i]?.data?.items;
    if (items && items.length === 1 && items[0]!.level !== 'village') setChain([...chain, items[0]!.code]);
  }, [levels, chain]);

  const pick = (level: number, code: string | undefined) => {
    const next = code ? [...chain.slice(0, level), code] : chain.slice(0, level);
    setChain(next);
    const last = next[next.length - 1];
    onChange?.(last && last.length === 12 ? last : undefined);
  };

  const fixed: string[] = [];
  const selects = levels.map((q, i) => {
    const items = q.data?.items ?? [];
    if (items.length === 1 && items[0]!.level !== 'village') {
      fixed.push(items[0]!.name);
      return null;
    }
    const level = items[0]?.level ?? (i === 0 ? 'province' : 'village');
    return (
      <Select
        key={i}
        id={i === levels.length - 1 ? id : undefined}
        size="large"
        showSearch
        optionFilterProp="label"
        loading={q.isPending}
        value={chain[i]}
        placeholder={t(LEVEL_LABEL[level])}
        aria-label={t(LEVEL_LABEL[level])}
        onChange={(code: string) => pick(i, code)}
        options={items.map((r) => ({ value: r.code, label: r.name }))}
        style={{ width: '100%' }}
        data-testid={`region-level-${level}`}
      />
    );
  });
  return (
    <Flex vertical gap={8}>
      {fixed.length ? <Typography.Text type="secondary">{fixed.join(' ')}</Typography.Text> : null}
      {selects}
    </Flex>
  );
}
