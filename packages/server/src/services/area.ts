import { chinaDate, narrowScope, scopeOf, type Scope } from '@dixian/core';
import type { ServiceContext } from './context.js';

/**
 * The scope a list reads: the actor's, narrowed to a requested region inside it (a region above it gives the
 * actor's own; one outside it gives null, an empty list, so a list never says whether a region exists).
 */
export function areaOf(ctx: ServiceContext, region: string | undefined | null): Scope | null {
  const scope = scopeOf(ctx.actor);
  const prefix = narrowScope(scope.regionPrefix, region);
  return prefix === null ? null : { ...scope, regionPrefix: prefix };
}

/** The day a report or deadline list is judged on: the requested one, or today in China. */
export function reportDay(ctx: ServiceContext, asOf: string | undefined | null): string {
  return asOf ?? chinaDate(ctx.now());
}
