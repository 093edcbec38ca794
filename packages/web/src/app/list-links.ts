import type { Action } from '@dixian/core';
import { allowed, PAGES } from './routes';

/**
 * The list behind a dashboard figure (`{ list, query }` from GET /api/stats/overview) as a web address: the
 * `/households`, `/deadlines` or `/warnings` page with the same query in its URL. Null when that page is not
 * built yet or the role may not open it, so the figure is shown without a link.
 */
export function listHref(
  link: { list: string; query: Record<string, string> },
  can: (a: Action) => boolean,
): string | null {
  const path = `/${link.list}`;
  const page = PAGES.find((p) => p.path === path);
  if (!page || !allowed(page, can)) return null;
  const qs = new URLSearchParams(link.query).toString();
  return qs ? `${path}?${qs}` : path;
}
