import { useMemo } from 'react';
import { useRegionTree } from '../../api/queries';
import { useI18n } from '../../i18n/i18n';

/** Region names of the user's area and its ancestors, so a list shows 桦树镇 rather than 220681100. */
export function useRegionNames(): (code: string) => string {
  const tree = useRegionTree();
  const { t } = useI18n();
  const names = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of [...(tree.data?.ancestors ?? []), ...(tree.data?.nodes ?? [])]) m.set(r.code, r.name);
    return m;
  }, [tree.data]);
  return (code) => names.get(code) ?? (code ? code : t('policy.national'));
}
