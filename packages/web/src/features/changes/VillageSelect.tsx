import type { PublicRegionList } from '@dixian/core/api';
import { useQuery } from '@tanstack/react-query';
import { Flex, Select } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

function useChildren(parent: string | undefined) {
  return useQuery({
    queryKey: ['public', 'regions', parent ?? null],
    queryFn: () => api.get<PublicRegionList>('/api/public/regions', { parent }),
    enabled: !!parent,
    staleTime: Infinity,
  });
}

/**
 * A village of the county to move a household to: the township, then the village (GET /api/public/regions, the
 * self-application's list of rural villages, since the village moved to may lie outside the requester's area).
 */
export function VillageSelect({
  county,
  except,
  value,
  onChange,
  id,
}: {
  county: string;
  except: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const [township, setTownship] = useState<string | undefined>(value?.slice(0, 9) ?? except.slice(0, 9));
  const townships = useChildren(county);
  const villages = useChildren(township);
  return (
    <Flex vertical gap={8}>
      <Select
        showSearch
        optionFilterProp="label"
        value={township}
        aria-label={t('changes.township')}
        loading={townships.isPending}
        onChange={(c: string) => {
          setTownship(c);
          onChange?.(undefined);
        }}
        options={(townships.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
        data-testid="move-township"
      />
      <Select
        id={id}
        showSearch
        optionFilterProp="label"
        value={value}
        placeholder={t('changes.targetVillage')}
        aria-label={t('changes.targetVillage')}
        loading={villages.isPending}
        onChange={(c: string) => onChange?.(c)}
        options={(villages.data?.items ?? [])
          .filter((r) => r.code !== except)
          .map((r) => ({ value: r.code, label: r.name }))}
        data-testid="move-village"
      />
    </Flex>
  );
}
