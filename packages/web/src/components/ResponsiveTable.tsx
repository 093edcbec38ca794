import { Card, List, Table, Typography, type TablePaginationConfig } from 'antd';
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
}

export interface Paging {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number, pageSize: number) => void;
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

export function ResponsiveTable<T>({
  rows,
  columns,
  rowKey,
  loading,
  paging,
  empty,
  caption,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  loading?: boolean;
  paging?: Paging;
  empty?: ReactNode;
  /** names the table for screen readers */
  caption?: string;
}) {
  const phone = useIsPhone();
  const { t } = useI18n();
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // A table wider than the screen scrolls sideways in its own box: keyboard users reach it by Tab and scroll it
    // with the arrow keys (WCAG 2.1.1; axe scrollable-region-focusable).
    for (const el of section.current?.querySelectorAll<HTMLElement>('.ant-table-content') ?? []) {
      el.tabIndex = 0;
      el.setAttribute('role', 'group');
      if (caption) el.setAttribute('aria-label', caption);
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

  if (phone) {
    const titleCol = columns.find((c) => c.card === 'title');
    const extraCol = columns.find((c) => c.card === 'extra');
    const fields = columns.filter((c) => !c.card || c.card === 'field');
    return (
      <section aria-label={caption}>
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
            <List.Item style={{ padding: '6px 0', border: 'none' }}>
              <Card
                size="small"
                style={{ width: '100%' }}
                title={titleCol ? titleCol.render(row, i) : undefined}
                extra={extraCol ? extraCol.render(row, i) : undefined}
              >
                <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px' }}>
                  {fields.map((c) => (
                    <div key={c.key} style={{ display: 'contents' }}>
                      <dt>
                        <Typography.Text type="secondary">{c.title}</Typography.Text>
                      </dt>
                      <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{c.render(row, i)}</dd>
                    </div>
                  ))}
                </dl>
              </Card>
            </List.Item>
          )}
        />
      </section>
    );
  }

  return (
    <section aria-label={caption} ref={section}>
      <Table<T>
        size="middle"
        loading={loading}
        dataSource={rows as T[]}
        rowKey={rowKey}
        pagination={pagination}
        locale={{ emptyText: empty }}
        scroll={{ x: 'max-content' }}
        columns={columns.map((c) => ({
          key: c.key,
          title: c.title,
          width: c.width,
          align: c.align,
          ...(c.fixed ? { fixed: c.fixed } : {}),
          render: (_: unknown, row: T, i: number) => c.render(row, i),
        }))}
      />
    </section>
  );
}
