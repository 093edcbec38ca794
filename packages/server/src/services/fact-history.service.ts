import type { FactChangeView, FactChangesQuery, FactChangesView } from '@dixian/core/api/assessment';
import { FactHistoryRepository, type FactHistoryEntry } from '../repositories/fact-history.repository.js';
import { IncomeRepository } from '../repositories/income.repository.js';
import { MemberRepository } from '../repositories/member.repository.js';
import type { ServiceContext } from './context.js';
import { loadHousehold } from './household.service.js';

/** Entries listed at most (newest first); a household page does not need years of edits. */
const LIMIT = 200;
/** Personal details the household page masks too: the list says they changed, not to what. */
const MASKED = new Set(['disease', 'birthDate']);
/** Kept in an image for reading, not a fact of its own. */
const NOT_A_FACT = new Set(['householdId', 'createdAt']);

type Image = Record<string, unknown>;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const order = (a: FactHistoryEntry, b: FactHistoryEntry) =>
  a.validTo === b.validTo ? a.id - b.id : a.validTo < b.validTo ? -1 : 1;

/**
 * What changed in a household's facts after a day (GET /api/households/:id/fact-changes, issue 20 §2): per change
 * the day it took effect, the record it concerns and each changed field's value before and after, read from
 * fact_history (migration 0114) and the rows as they are now. Same access as the household page; health details
 * and birth dates are masked, ID numbers and phones are not kept in the history at all, so the read holds nothing
 * the page would audit.
 */
export async function householdFactChanges(
  ctx: ServiceContext,
  id: string,
  query: FactChangesQuery,
): Promise<FactChangesView> {
  const h = await loadHousehold(ctx, 'household.read', id);
  const db = ctx.store.db;
  const repo = new FactHistoryRepository(db);
  const since = query.since ?? null;
  const entries = await repo.ofHousehold(h.id, since, LIMIT + 1);
  const listed = entries.slice(0, LIMIT);
  const later = (await repo.ofRows([...new Set(listed.map((e) => e.rowId))], since)).sort(order);
  const current = new Map<string, Image>([[h.id, h as unknown as Image]]);
  for (const r of await new MemberRepository(db).ofHousehold(h.id)) current.set(r.id, r as unknown as Image);
  for (const r of await new IncomeRepository(db).ofHousehold(h.id)) current.set(r.id, r as unknown as Image);
  for (const r of await repo.relativesOf(h.id)) current.set(r.id, r as unknown as Image);

  /** the row right after an entry: the next entry's image, else the row now (null: gone) */
  const afterOf = (e: FactHistoryEntry): Image | null => {
    const next = later.find((n) => n.rowId === e.rowId && order(n, e) > 0 && n.image);
    return next ? next.image : (current.get(e.rowId) ?? null);
  };
  const items = listed.flatMap((e): FactChangeView[] => {
    const after = e.change === 'I' ? (current.get(e.rowId) ?? afterOf(e)) : afterOf(e);
    const row = e.image ?? after ?? {};
    const base = {
      effectiveOn: e.validTo,
      recordedAt: new Date(e.recordedAt).toISOString(),
      table: e.factTable,
      rowId: e.rowId,
      subject: {
        name: e.factTable === 'member' || e.factTable === 'separate_relative' ? String(row['name'] ?? '') : null,
        year: e.factTable === 'income_record' ? Number(row['year']) : null,
        kind: e.factTable === 'income_record' ? String(row['kind']) : null,
      },
    };
    const whole = { ...base, field: null, before: null, after: null, masked: false };
    if (e.change === 'I') return [{ ...whole, change: 'added' }];
    if (e.change === 'D' || !after) return [{ ...whole, change: 'removed' }];
    return Object.keys(e.image!)
      .filter((k) => !NOT_A_FACT.has(k) && !same(e.image![k], after[k]))
      .map((k) => {
        const masked = MASKED.has(k);
        return {
          ...base,
          change: 'changed' as const,
          field: k,
          before: masked ? null : (e.image![k] ?? null),
          after: masked ? null : (after[k] ?? null),
          masked,
        };
      });
  });
  return { householdId: h.id, since, items, truncated: entries.length > LIMIT };
}
