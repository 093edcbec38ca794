import type { Scope } from '@dixian/core';
import type { DeadlineFilter, DeadlineItem, DeadlinePage, DeadlineQuery } from '@dixian/core/api';
import {
  DeadlineRepository,
  visitIntervalsOf,
  type DeadlineCursor,
  type DeadlineParams,
  type DeadlineRow,
} from '../repositories/deadline.repository.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { areaOf, reportDay } from './area.js';
import type { ServiceContext } from './context.js';
import { PolicyBook } from '../policies/policy-at.js';
import { visitDueSource } from './rollup.service.js';

/** The parameters of a deadline query over a scope: the visit intervals come from the policies in force there. */
export async function deadlineParams(
  ctx: ServiceContext,
  scope: Scope,
  asOf: string,
  f: { kind?: DeadlineFilter['kind']; status?: DeadlineFilter['status']; withinDays: number },
): Promise<DeadlineParams> {
  const book = new PolicyBook(await new PolicyRepository(ctx.store.db).all());
  const visitIntervals = book.across(scope.regionPrefix, asOf).map((p) => visitIntervalsOf(p.prefix, p.policy));
  const visitSource = await visitDueSource(ctx.store, ctx.config.rollupMinHouseholds, scope, asOf, book);
  return { scope, asOf, withinDays: f.withinDays, kind: f.kind, status: f.status, visitIntervals, visitSource };
}

export function toDeadlineItem(r: DeadlineRow): DeadlineItem {
  return { ...r, daysLeft: r.daysLeft === null ? null : Number(r.daysLeft) };
}

/** GET /api/deadlines: open deadlines due within the window or overdue, in the caller's area. */
export async function listDeadlines(ctx: ServiceContext, q: DeadlineQuery): Promise<DeadlinePage> {
  const scope = areaOf(ctx).list('case.read', q.region);
  const asOf = reportDay(ctx, q.asOf);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize, asOf, withinDays: q.withinDays };
  if (!scope) return empty;
  const params = await deadlineParams(ctx, scope, asOf, q);
  const { rows, total } = await new DeadlineRepository(ctx.store.db).list(
    { ...params, sort: q.sort },
    {
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    },
  );
  const rollupAt = params.visitSource?.kind === 'rollup' ? params.visitSource.builtAt.toISOString() : null;
  return { ...empty, items: rows.map(toDeadlineItem), total, rollupAt };
}

/** Every deadline of a filter, page by page (keyset), for the export. */
export async function* walkDeadlines(
  ctx: ServiceContext,
  f: DeadlineFilter,
  batch = 2000,
): AsyncGenerator<DeadlineItem[]> {
  const scope = areaOf(ctx).list('case.read', f.region);
  const asOf = reportDay(ctx, f.asOf);
  if (!scope) return;
  const params = await deadlineParams(ctx, scope, asOf, f);
  const repo = new DeadlineRepository(ctx.store.db);
  let after: DeadlineCursor | undefined;
  for (;;) {
    const { rows } = await repo.list(params, { limit: batch, ...(after ? { after } : {}) });
    if (!rows.length) return;
    yield rows.map(toDeadlineItem);
    const last = rows.at(-1)!;
    after = { dueOn: last.dueOn, kind: last.kind, refId: last.refId };
    if (rows.length < batch) return;
  }
}
