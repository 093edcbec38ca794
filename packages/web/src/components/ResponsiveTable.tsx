import { Card, Checkbox, List, Table, Typography, type TablePaginationConfig, type TableProps } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { useIsPhone } from '../lib/responsive';

/**
 * One column of a list. On a desktop the list is an antd table; on a phone each row is a card: the `title`
 * column heads it, `extra` sits at its right, `hide` columns are left out and the rest are label: value lines.
 */
export interface Column<T> {
  key: string;
  title: ReactNode;
  render: (row: T, index: number) => ReactNode;
  width?: number | string;
  align?: 'left' | 'right' | 'center';
  card?: 'title' | 'extra' | 'hide' | 'field';
  /**
   * 'right': the row's actions. On a desktop the column stays at the right edge of the table's box while the
   * other columns scroll under it, so an action is never past the edge of the screen (a list wider than its box).
   */
  fixed?: 'right';
  /** the list's server-side sort field for this column (one of its query schema's `sort` values) */
  sortField?: string;
  /** false: left out of an export of the selected rows (actions are always left out) */
  exported?: boolean;
}

export interface Paging {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number, pageSize: number) => void;
}

/** The server-side sort shown on the column headers, and what a click on one asks for. */
export interface TableSort {
  field?: string | undefined;
  desc?: boolean | undefined;
  onChange: (sort: { field: string; desc: boolean } | undefined) => void;
}

/** Rows chosen with a box each (bulk actions); keys are the rows' `rowKey`. */
export interface Selection {
  keys: readonly string[];
  onChange: (keys: string[]) => void;
  /** a row's box's accessible name (default 选择此行) */
  label?: (key: string) => string;
  /** the boxes' data-testid */
  testId?: string;
}

/**
 * The paging of a list whose page lives in the URL (useUrlQuery): the server's answer when it has come, the
 * URL's values until then; changing page keeps the filters.
 */
export function urlPaging(
  data: { page: number; pageSize: number; total: number } | undefined,
  query: { page?: number | undefined; pageSize?: number | undefined },
  setQuery: (patch: { page: number; pageSize: number }, opts: { keepPage: boolean }) => void,
): Paging {
  return {
    page: data?.page ?? query.page ?? 1,
    pageSize: data?.pageSize ?? query.pageSize ?? 20,
    total: data?.total ?? 0,
    onChange: (page, pageSize) => setQuery({ page, pageSize }, { keepPage: true }),
  };
}

export interface TableProps2<T> {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  loading?: boolean;
  paging?: Paging;
  empty?: ReactNode;
  /** names the table for screen readers */
  caption?: string;
  sort?: TableSort;
  selection?: Selection;
}

export function ResponsiveTable<T>(props: TableProps2<T>) {
  const phone = useIsPhone();
  return phone ? <PhoneCards {...props} /> : <DesktopTable {...props} />;
}

/** Each row a card (below antd's md breakpoint), its cells marked with `data-col` like the table's. */
function PhoneCards<T>({ rows, columns, rowKey, loading, paging, empty, caption, selection }: TableProps2<T>) {
  const titleCol = columns.find((c) => c.card === 'title');
  const extraCol = columns.find((c) => c.card === 'extra');
  const fields = columns.filter((c) => !c.card || c.card === 'field');
  return (
    <section aria-label={caption} data-testid="list-cards">
      <List<T>
        loading={loading}
        dataSource={rows as T[]}
        rowKey={rowKey}
        locale={{ emptyText: empty }}
        pagination={
          paging
            ? {
                current: paging.page,
                pageSize: paging.pageSize,
                total: paging.total,
                onChange: paging.onChange,
                simple: true,
                size: 'small',
                align: 'center',
              }
            : false
        }
        renderItem={(row, i) => (
          <List.Item style={{ padding: '6px 0', border: 'none' }} data-row-key={rowKey(row)}>
            <Card
              size="small"
              style={{ width: '100%' }}
              title={<CardTitle row={row} i={i} col={titleCol} selection={selection} rowKey={rowKey(row)} />}
              extra={extraCol ? <span data-col={extraCol.key}>{extraCol.render(row, i)}</span> : undefined}
            >
              <CardFields row={row} i={i} fields={fields} />
            </Card>
          </List.Item>
        )}
      />
    </section>
  );
}

function CardTitle<T>(p: {
  row: T;
  i: number;
  col?: Column<T> | undefined;
  selection?: Selection | undefined;
  rowKey: string;
}) {
  const { t } = useI18n();
  const { selection, rowKey } = p;
  const checked = !!selection?.keys.includes(rowKey);
  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center', minWidth: 0 }}>
      {selection ? (
        <Checkbox
          checked={checked}
          aria-label={selection.label?.(rowKey) ?? t('list.selectRow')}
          data-testid={selection.testId}
          onChange={(e) =>
            selection.onChange(
              e.target.checked ? [...selection.keys, rowKey] : selection.keys.filter((k) => k !== rowKey),
            )
          }
        />
      ) : null}
      {p.col ? <span data-col={p.col.key}>{p.col.render(p.row, p.i)}</span> : null}
    </span>
  );
}

function CardFields<T>({ row, i, fields }: { row: T; i: number; fields: Column<T>[] }) {
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px' }}>
      {fields.map((c) => (
        <div key={c.key} style={{ display: 'contents' }}>
          <dt>
            <Typography.Text type="secondary">{c.title}</Typography.Text>
          </dt>
          <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }} data-col={c.key}>
            {c.render(row, i)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** antd's columns: header sort from the server's sort, `data-col` on every cell, actions fixed at the right. */
function tableColumns<T>(columns: Column<T>[], sort: TableSort | undefined): NonNullable<TableProps<T>['columns']> {
  return columns.map((c) => ({
    key: c.key,
    title: c.title,
    width: c.width,
    align: c.align,
    ...(c.fixed ? { fixed: c.fixed } : {}),
    ...(c.sortField && sort
      ? {
          sorter: true,
          sortDirections: ['ascend' as const, 'descend' as const],
          sortOrder: sort.field === c.sortField ? (sort.desc ? ('descend' as const) : ('ascend' as const)) : null,
        }
      : {}),
    onCell: () => ({ 'data-col': c.key }) as React.HTMLAttributes<HTMLElement>,
    render: (_: unknown, row: T, i: number) => c.render(row, i),
  }));
}

function DesktopTable<T>({ rows, columns, rowKey, loading, paging, empty, caption, sort, selection }: TableProps2<T>) {
  const { t } = useI18n();
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // A table wider than the screen scrolls sideways in its own box: keyboard users reach it by Tab and scroll it
    // with the arrow keys (WCAG 2.1.1; axe scrollable-region-focusable).
    for (const el of section.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body') ?? []) {
      el.tabIndex = 0;
      el.setAttribute('role', 'group');
      if (caption) el.setAttribute('aria-label', caption);
    }
    // antd's hidden row that measures column widths repeats the headers, sortable ones focusable: out of the tab
    // order and inert, so nothing hidden from screen readers can take the focus (axe aria-hidden-focus)
    for (const row of section.current?.querySelectorAll<HTMLElement>('.ant-table-measure-row') ?? []) {
      row.setAttribute('inert', '');
      for (const el of row.querySelectorAll<HTMLElement>('[tabindex]')) el.tabIndex = -1;
    }
  });
  const pagination: TablePaginationConfig | false = paging
    ? {
        current: paging.page,
        pageSize: paging.pageSize,
        total: paging.total,
        onChange: paging.onChange,
        showSizeChanger: true,
        showTotal: (n) => t('common.total', { n }),
      }
    : false;
  const byColumn = new Map(columns.map((c) => [c.key, c.sortField]));
  return (
    <section aria-label={caption} ref={section}>
      <Table<T>
        size="middle"
        loading={loading}
        dataSource={rows as T[]}
        rowKey={rowKey}
        pagination={pagination}
        locale={{
          // antd's placeholder text is too faint to read (and fails the contrast check): the plain text colour
          emptyText: typeof empty === 'string' ? <Typography.Text>{empty}</Typography.Text> : empty,
          triggerAsc: t('list.sortAsc'),
          triggerDesc: t('list.sortDesc'),
          cancelSort: t('list.sortCancel'),
        }}
        scroll={{ x: 'max-content' }}
        columns={tableColumns(columns, sort)}
        showSorterTooltip={false}
        onChange={(_p, _f, sorter, extra) => {
          if (extra.action !== 'sort' || !sort || Array.isArray(sorter)) return;
          const field = byColumn.get(String(sorter.columnKey));
          sort.onChange(field && sorter.order ? { field, desc: sorter.order === 'descend' } : undefined);
        }}
        rowSelection={
          selection
            ? {
                selectedRowKeys: [...selection.keys],
                onChange: (keys) => selection.onChange(keys.map(String)),
                getCheckboxProps: (row: T) =>
                  ({
                    'aria-label': selection.label?.(rowKey(row)) ?? t('list.selectRow'),
                    'data-testid': selection.testId,
                  }) as object,
              }
            : undefined
        }
      />
    </section>
  );
}
