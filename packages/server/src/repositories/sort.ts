import { parseSort, type SortValue } from '@dixian/core/api';
import { sql, type RawBuilder } from 'kysely';

/**
 * A list's `sort` parameter (core `sortQuery`) as ORDER BY terms: the column its whitelist maps the field to (nulls
 * last either way), then the tie-break columns ascending, so consecutive pages neither overlap nor skip a row.
 * Null when no sort was asked for: the list keeps its own default order.
 */
export function sortTerms<F extends string>(
  sort: SortValue<F> | undefined,
  columns: Record<F, string>,
  tieBreak: readonly (string | RawBuilder<unknown>)[],
): RawBuilder<unknown>[] | null {
  const s = parseSort(sort);
  if (!s) return null;
  const dir = sql.raw(s.desc ? 'desc nulls last' : 'asc nulls last');
  return [
    sql`${sql.ref(columns[s.field])} ${dir}`,
    ...tieBreak.map((c) => (typeof c === 'string' ? sql`${sql.ref(c)} asc` : c)),
  ];
}

/** Add ORDER BY terms to a select, in order. */
export function orderByTerms<Q extends { orderBy: (e: RawBuilder<unknown>) => Q }>(
  qb: Q,
  terms: readonly RawBuilder<unknown>[],
): Q {
  return terms.reduce((q, t) => q.orderBy(t), qb);
}
