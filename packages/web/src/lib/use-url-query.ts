import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';

/**
 * List filters live in the URL, so every figure of the dashboard can link to the list behind it and a list can
 * be bookmarked or shared. The URL is read through the same zod schema the server validates the query with
 * (`HouseholdSearchQuery`, …); values that do not parse are dropped one by one rather than failing the page.
 *
 *   const [query, setQuery] = useUrlQuery(HouseholdSearchQuery);
 *   setQuery({ status: 'monitoring_unresolved' });      // keeps other filters, back to page 1
 */
export function useUrlQuery<S extends z.ZodObject>(
  schema: S,
): [Partial<z.output<S>>, (patch: Partial<Record<keyof z.output<S>, unknown>>, opts?: { keepPage?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  const query = useMemo(() => {
    const raw: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(key)) raw[k] = v;
    const full = schema.safeParse(raw);
    if (full.success) return full.data as Partial<z.output<S>>;
    // keep what is valid: drop the fields the issues name and parse again
    const bad = new Set(full.error.issues.map((i) => String(i.path[0])));
    const kept = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
    const again = schema.safeParse(kept);
    return (again.success ? again.data : {}) as Partial<z.output<S>>;
  }, [key, schema]);
  const set = useCallback(
    (patch: Partial<Record<keyof z.output<S>, unknown>>, opts?: { keepPage?: boolean }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!opts?.keepPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );
  return [query, set];
}
