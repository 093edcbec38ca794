import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, useEffect } from 'react';
import type { z } from 'zod';
import { api, type Query } from '../../api/client';
import { useUrlQuery } from '../../lib/use-url-query';
import { urlPaging, type Paging } from '../ResponsiveTable';

/** A list's sort as the table shows it: the field and its direction, from the URL's `sort=field` / `-field`. */
export interface SortState {
  field: string;
  desc: boolean;
}

export function sortOf(sort: unknown): SortState | undefined {
  if (typeof sort !== 'string' || !sort) return undefined;
  return sort.startsWith('-') ? { field: sort.slice(1), desc: true } : { field: sort, desc: false };
}

export interface ListPageData<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * Everything a list page keeps in its URL (filters, page, page size, sort: `useUrlQuery` over the endpoint's own
 * zod query schema), the server's page for it (react-query, the previous page kept while the next loads), and the
 * rows selected on the page shown (cleared whenever the query changes).
 */
export function useList<S extends z.ZodObject, P extends ListPageData<unknown>>(
  schema: S,
  path: string,
  queryKey: readonly unknown[],
  /** values asked for when the URL has none (a ledger's default kind, say) */
  defaults?: Partial<z.output<S>>,
) {
  const [urlQuery, setQuery] = useUrlQuery(schema);
  const query = { ...defaults, ...urlQuery } as Partial<z.output<S>>;
  const list = useQuery({
    queryKey: [...queryKey, query],
    queryFn: () => api.get<P>(path, query as Query),
    placeholderData: keepPreviousData,
  });
  const [selected, setSelected] = useState<string[]>([]);
  const key = JSON.stringify(query);
  useEffect(() => setSelected([]), [key]);
  const q = query as { page?: number; pageSize?: number; sort?: string };
  const paging: Paging = urlPaging(list.data, q, setQuery as (p: object, o: { keepPage: boolean }) => void);
  const setSort = (s: SortState | undefined) =>
    setQuery({ sort: s ? `${s.desc ? '-' : ''}${s.field}` : undefined } as never);
  return { query, setQuery, list, paging, sort: sortOf(q.sort), setSort, selected, setSelected };
}

export type ListState<S extends z.ZodObject, P extends ListPageData<unknown>> = ReturnType<typeof useList<S, P>>;
