import { useMemo, useRef, type ReactNode } from 'react';
import type { z } from 'zod';
import { ExportButton } from '../ExportButton';
import { PageHeader } from '../PageHeader';
import { ErrorAlert } from '../QueryState';
import { ResponsiveTable, type Column } from '../ResponsiveTable';
import { useIsPhone } from '../../lib/responsive';
import { BulkBar } from './BulkBar';
import { SortSelect } from './SortSelect';
import { FilterCard, type FilterCardProps } from './FilterCard';
import { filterFieldsOf } from './schema-fields';
import type { ListPageData, ListState } from './use-list';

export interface ListFilters {
  /** the query keys with a control, in order (default: every filter of the schema) */
  fields?: readonly string[];
  labels?: FilterCardProps['labels'];
  search?: FilterCardProps['search'];
  extra?: ReactNode;
  chips?: boolean;
  /** filters never shown as chips (those `extra` already shows) */
  noChips?: readonly string[];
}

export interface ListPageProps<T, S extends z.ZodObject> {
  title: string;
  sub?: ReactNode;
  state: ListState<S, ListPageData<T>>;
  schema: S;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  filters?: ListFilters;
  /** the list's Excel export of the same query (GET …/export.xlsx), and its file name */
  exportPath?: string;
  exportName: string;
  /** the query the export takes, when it is not the list's own (default: the URL's) */
  exportQuery?: object;
  /** more buttons in the header, before the export */
  actions?: ReactNode;
  /** between the header and the filters (tabs) */
  before?: ReactNode;
  /** between the filters and the table (counts, a summary) */
  above?: ReactNode;
  /** the table's name for screen readers, when it is not the title */
  caption?: string;
  /** bulk actions on the selected rows, beside "export selected" */
  bulk?: (rows: T[], clear: () => void) => ReactNode;
  empty?: ReactNode;
}

/**
 * The one list scaffold: a header with the export of the same query, the filter card read from the endpoint's zod
 * query schema, the error alert, the bulk bar while rows are selected, and the table (cards on a phone) with
 * server-side sort and paging. Filters, page, page size and sort live in the URL (`useList`).
 */
/** The list's export of the same query; a long list goes to the 下载中心 (its row count decides). */
function ListExport<T, S extends z.ZodObject>({ path, p }: { path: string; p: ListPageProps<T, S> }) {
  const s = p.state;
  return (
    <ExportButton path={path} query={p.exportQuery ?? s.query} fileName={p.exportName} rows={s.list.data?.total} />
  );
}

export function ListPage<T, S extends z.ZodObject>(p: ListPageProps<T, S>) {
  const s = p.state;
  const phone = useIsPhone();
  const box = useRef<HTMLDivElement>(null);
  const all = useMemo(() => filterFieldsOf(p.schema), [p.schema]);
  const fields = useMemo(() => filterFieldsOf(p.schema, p.filters?.fields), [p.schema, p.filters?.fields]);
  const rows = s.list.data?.items ?? [];
  const chosen = rows.filter((r) => s.selected.includes(p.rowKey(r)));
  const clear = () => s.setSelected([]);
  const exported = p.columns.filter((c) => !c.fixed && c.exported !== false && typeof c.title === 'string');
  return (
    <>
      <PageHeader
        title={p.title}
        sub={p.sub}
        extra={
          <>
            {p.actions}
            {p.exportPath ? <ListExport path={p.exportPath} p={p} /> : null}
          </>
        }
      />
      {p.before}
      <FilterCard
        fields={fields}
        allFields={all}
        query={s.query as Record<string, unknown>}
        setQuery={s.setQuery as (patch: Record<string, unknown>) => void}
        labels={p.filters?.labels}
        search={p.filters?.search}
        extra={p.filters?.extra}
        chips={p.filters?.chips ?? true}
        noChips={p.filters?.noChips}
        tail={
          phone ? (
            <SortSelect
              choices={p.columns.flatMap((c) =>
                c.sortField && typeof c.title === 'string' ? [{ field: c.sortField, label: c.title }] : [],
              )}
              sort={s.sort}
              onChange={s.setSort}
            />
          ) : null
        }
      />
      {p.above}
      {s.list.isError ? <ErrorAlert error={s.list.error} onRetry={() => void s.list.refetch()} /> : null}
      {chosen.length ? (
        <BulkBar
          title={p.title}
          fileName={p.exportName}
          columns={exported.map((c) => ({ key: c.key, title: c.title as string }))}
          keys={chosen.map(p.rowKey)}
          root={() => box.current}
          onClear={clear}
          actions={p.bulk?.(chosen, clear)}
        />
      ) : null}
      <div ref={box}>
        <ResponsiveTable
          caption={p.caption ?? p.title}
          rows={rows}
          columns={p.columns}
          rowKey={p.rowKey}
          loading={s.list.isFetching}
          empty={p.empty}
          paging={s.paging}
          sort={{ field: s.sort?.field, desc: s.sort?.desc, onChange: s.setSort }}
          selection={{ keys: s.selected, onChange: s.setSelected }}
        />
      </div>
    </>
  );
}
