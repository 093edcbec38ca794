import { AppError } from '@dixian/core';
import { addDays, addMonths, chinaDate } from '@dixian/core';
import type { IncomeCreateBody, IncomeUpdateBody, IncomeView, VisitIncome } from '@dixian/core/api';
import type { Tx } from '../db/store.js';
import type { HouseholdRow } from '../repositories/household.repository.js';
import { appendAudit, diff } from '../audit/audit-log.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { IncomeRepository } from '../repositories/income.repository.js';
import { notFound, RECORD } from './access.js';
import type { ServiceContext } from './context.js';
import { applyEffectiveOn, checkEffectiveOn } from './effective-day.js';
import { validationFailed } from './errors.js';
import { loadHousehold } from './household.service.js';
import { toIncomeView } from './household-views.js';

/**
 * Income records (收支情况, DOMAIN §2.4): components in fen, one annual record per household and year, any
 * number of snapshots (at identification, after elimination, visit estimates). Audited against the household.
 */

function annualTaken(year: number): AppError {
  return new AppError('conflict', { zh: `${year}年的年度收支记录已存在`, en: `an annual record for ${year} exists` }, [
    { path: 'year', message: '该年度记录已存在 / an annual record for this year exists' },
  ]);
}

/**
 * A visit's income by component feeds the year's visit-estimate record (one per household and year, the twelve
 * months up to the latest visit): created by the first such visit of the year, updated by each later one, in the
 * visit's transaction. From the visit day it is the record in force (a later period end than last year's).
 */
export async function recordVisitIncome(
  tx: Tx,
  ctx: ServiceContext,
  h: HouseholdRow,
  visitedOn: string,
  income: VisitIncome,
): Promise<void> {
  // found on the visit: it holds from the visit day, though recorded or synced from a phone later (issue 20 §2)
  if (visitedOn <= chinaDate(ctx.now()) && visitedOn >= chinaDate(h.createdAt)) await applyEffectiveOn(tx, visitedOn);
  const year = Number(visitedOn.slice(0, 4));
  const periodStart = addDays(addMonths(visitedOn, -12), 1);
  const repo = new IncomeRepository(tx.db);
  const stored = (await repo.ofHousehold(h.id)).find((r) => r.kind === 'visit_estimate' && r.year === year);
  const values = { ...income, periodStart, periodEnd: visitedOn, note: '走访时估算 / estimated on a visit' };
  const r = stored
    ? await repo.update(h.id, stored.id, values)
    : await repo.insert({
        ...values,
        year,
        kind: 'visit_estimate',
        householdId: h.id,
        countyCode: h.countyCode,
        recordedBy: ctx.actor.id,
        createdAt: ctx.now(),
      });
  await appendAudit(tx, ctx, {
    action: stored ? 'income.update' : 'income.create',
    targetType: 'household',
    targetId: h.id,
    regionCode: h.regionCode,
    ...(stored ? { before: diff(stored, values)?.before ?? null } : {}),
    after: values,
    detail: { incomeId: r!.id, from: 'visit' },
  });
}

export async function createIncome(
  ctx: ServiceContext,
  householdId: string,
  body: IncomeCreateBody,
): Promise<IncomeView> {
  const h = await loadHousehold(ctx, 'income.write', householdId);
  return ctx.store.transaction(async (tx) => {
    const repo = new IncomeRepository(tx.db);
    if (body.kind === 'annual' && (await repo.annualOf(h.id, body.year))) throw annualTaken(body.year);
    const r = await repo.insert({
      ...body,
      householdId: h.id,
      countyCode: h.countyCode,
      recordedBy: ctx.actor.id,
      createdAt: ctx.now(),
    });
    await new HouseholdRepository(tx.db).touch(h.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'income.create',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      after: body,
      detail: { incomeId: r.id },
    });
    return toIncomeView(r);
  });
}

/** Income records have no version column: an update replaces the given fields (last write wins). */
export async function updateIncome(
  ctx: ServiceContext,
  householdId: string,
  incomeId: string,
  { effectiveOn: given, ...body }: IncomeUpdateBody,
): Promise<IncomeView> {
  const h = await loadHousehold(ctx, 'income.write', householdId);
  const effectiveOn = checkEffectiveOn(ctx, h, given);
  return ctx.store.transaction(async (tx) => {
    await applyEffectiveOn(tx, effectiveOn);
    const repo = new IncomeRepository(tx.db);
    const stored = await repo.get(h.id, incomeId);
    if (!stored) throw notFound(RECORD.income);
    const merged = { ...stored, ...body };
    if (merged.periodStart > merged.periodEnd) {
      throw validationFailed([
        { path: 'periodEnd', message: '统计期止日不能早于起日 / periodEnd must not be before periodStart' },
      ]);
    }
    if (merged.kind === 'annual' && (merged.year !== stored.year || stored.kind !== 'annual')) {
      if (await repo.annualOf(h.id, merged.year)) throw annualTaken(merged.year);
    }
    const changes = diff(stored, body);
    if (!changes) return toIncomeView(stored);
    const after = await repo.update(h.id, incomeId, body);
    await new HouseholdRepository(tx.db).touch(h.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'income.update',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      before: changes.before,
      after: changes.after,
      detail: { incomeId, ...(effectiveOn ? { effectiveOn } : {}) },
    });
    return toIncomeView(after!);
  });
}

export async function deleteIncome(ctx: ServiceContext, householdId: string, incomeId: string): Promise<void> {
  const h = await loadHousehold(ctx, 'income.write', householdId);
  await ctx.store.transaction(async (tx) => {
    const repo = new IncomeRepository(tx.db);
    const stored = await repo.get(h.id, incomeId);
    if (!stored || !(await repo.delete(h.id, incomeId))) throw notFound(RECORD.income);
    await new HouseholdRepository(tx.db).touch(h.id, ctx.now());
    const { createdAt: _c, ...before } = stored;
    await appendAudit(tx, ctx, {
      action: 'income.delete',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      before,
      detail: { incomeId },
    });
  });
}
