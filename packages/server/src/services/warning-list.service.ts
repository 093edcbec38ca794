import { chinaDate, maskIdNumber, medicalWarningBasis, type Scope } from '@dixian/core';
import type { WarningFilter, WarningListItem, WarningListQuery, WarningPage } from '@dixian/core/api';
import { WarningListRepository, type WarningListRow } from '../repositories/warning-list.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { PolicyBook, policyOf } from '../policies/policy-at.js';

/** The policies of an area today: a medical warning's basis needs the policy's income share. */
async function sharesOf(ctx: ServiceContext, scope: Scope): Promise<(regionCode: string) => number> {
  const policies = (await PolicyBook.load(ctx.store.db)).across(scope.regionPrefix, chinaDate(ctx.now()));
  return (regionCode) => policyOf(policies, regionCode).policy.warnings.medicalShareOfPreviousIncome;
}

/** A warning as listed; the ID number masked unless `unmask` (an audited export by a role that may). */
export function toWarningListItem(
  row: WarningListRow,
  unmask = false,
  shareOf: (regionCode: string) => number = () => 0.5,
): WarningListItem {
  const { previousYearNetFen, ...r } = row;
  const metric = r.metricValue === null ? null : Number(r.metricValue);
  const threshold = r.threshold === null ? null : Number(r.threshold);
  const prev = previousYearNetFen === null ? null : Number(previousYearNetFen);
  return {
    ...r,
    basis:
      r.signalType === 'medical_out_of_pocket'
        ? medicalWarningBasis(metric, threshold, prev, shareOf(r.regionCode))
        : null,
    department: r.department as WarningListItem['department'],
    status: r.status as WarningListItem['status'],
    verificationResult: r.verificationResult as WarningListItem['verificationResult'],
    idNumber: unmask ? r.idNumber : maskIdNumber(r.idNumber),
    metricValue: metric,
    threshold,
    verifiedAt: r.verifiedAt ? r.verifiedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** GET /api/warnings: department warnings in the caller's area (a department officer: their department's). */
export async function listWarnings(ctx: ServiceContext, q: WarningListQuery): Promise<WarningPage> {
  const scope = areaOf(ctx).list('warning.read', q.region);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const { rows, total } = await new WarningListRepository(ctx.store.db).list(scope, q, {
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const shareOf = await sharesOf(ctx, scope);
  return { ...empty, items: rows.map((r) => toWarningListItem(r, false, shareOf)), total };
}

export async function* walkWarnings(
  ctx: ServiceContext,
  f: WarningFilter,
  unmask: boolean,
  batch = 2000,
): AsyncGenerator<WarningListItem[]> {
  const scope = areaOf(ctx).list('warning.read', f.region);
  if (!scope) return;
  const repo = new WarningListRepository(ctx.store.db);
  const shareOf = await sharesOf(ctx, scope);
  // keyset by id from the nil uuid, so every page (the first too) is in the same order
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await repo.list(scope, f, { limit: batch, after });
    if (!rows.length) return;
    yield rows.map((r) => toWarningListItem(r, unmask, shareOf));
    after = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}
