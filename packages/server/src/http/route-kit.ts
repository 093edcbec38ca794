import { ErrorBody } from '@dixian/core/api';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/**
 * What a route file needs. A route file exports one `FastifyPluginAsyncZod`; each route declares its zod
 * schemas from `@dixian/core/api` (validation, types and OpenAPI from one declaration) and its handler makes
 * one service call with `ctxOf(req)`:
 *
 *   app.get('/api/households/:id', {
 *     schema: { tags: ['households'], summary: '农户详情 / household detail', params: IdParams,
 *               response: withErrors({ 200: HouseholdDetail }) },
 *   }, (req) => getHouseholdDetail(ctxOf(req), req.params.id));
 */
export type RoutePlugin = FastifyPluginAsyncZod;

const ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 422, 423, 429, 500] as const;

/** Add the error answers every route can give to a route's response schemas (for the OpenAPI document). */
export function withErrors<R extends Record<number, unknown>>(
  ok: R,
): R & Record<(typeof ERROR_STATUSES)[number], typeof ErrorBody> {
  const errors = Object.fromEntries(ERROR_STATUSES.map((s) => [s, ErrorBody])) as Record<
    (typeof ERROR_STATUSES)[number],
    typeof ErrorBody
  >;
  return { ...errors, ...ok };
}

/** The Fastify instance a route file registers on (with the zod type provider), for route groups of one file. */
export type RouteApp = Parameters<RoutePlugin>[0];
