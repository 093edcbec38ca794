import type { RegionView } from '@dixian/core/api';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useRegionTree } from '../api/queries';
import { useI18n } from '../i18n/i18n';
import { withoutAriaRequired } from './EnumSelect';

interface Node {
  value: string;
  title: string;
  children?: Node[];
}

/** Nest the flat area list (ordered by code) by parentCode. */
export function nestRegions(nodes: readonly RegionView[], root: string): Node[] {
  const byCode = new Map<string, Node>();
  const roots: Node[] = [];
  for (const r of nodes) byCode.set(r.code, { value: r.code, title: r.name });
  for (const r of nodes) {
    const node = byCode.get(r.code)!;
    const parent = r.parentCode ? byCode.get(r.parentCode) : undefined;
    if (parent && r.code !== root) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/**
 * Pick a region of the user's area (county → township → village) over GET /api/regions/tree. The value is a
 * canonical region code; search matches names.
 */
export function RegionPicker({
  value,
  onChange,
  placeholder,
  id,
  style,
  ...aria
}: {
  value?: string | undefined;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
}) {
  const tree = useRegionTree();
  const { t } = useI18n();
  const treeData = useMemo(() => (tree.data ? nestRegions(tree.data.nodes, tree.data.root) : []), [tree.data]);
  return (
    <TreeSelect
      id={id}
      {...withoutAriaRequired(aria)}
      style={style}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v || undefined)}
      treeData={treeData}
      loading={tree.isPending}
      placeholder={placeholder ?? t('registry.area')}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandedKeys={tree.data ? [tree.data.root] : []}
      popupMatchSelectWidth={false}
    />
  );
}
