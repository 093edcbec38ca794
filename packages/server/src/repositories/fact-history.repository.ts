import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** The four tables whose rule-read columns keep their history (migration 0114). */
export type FactTable = 'household' | 'member' | 'separate_relative' | 'income_record';

/** One entry of fact_history: what a row was before a change, and the first day it no longer held. */
export interface FactHistoryEntry {
  id: number;
  householdId: string;
  factTable: FactTable;
  rowId: string;
  /** I: the row did not exist before validTo; U: image before an update; D: image before a removal */
  change: 'I' | 'U' | 'D';
  /** the rule-read columns, camelCased (null for I) */
  image: Record<string, unknown> | null;
  validTo: string;
  recordedAt: Date;
}

/**
 * fact_history reads, and the day a service's writes take effect. The rows are written by the triggers of
 * migration 0114 only; nothing here inserts.
 */
export class FactHistoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Date the fact changes of the rest of this transaction (a day the user gave as 生效日期). Must run inside the
   * transaction that writes (set_config's third argument makes it transaction-local).
   */
  async setEffectiveOn(day: string): Promise<void> {
    await sql`select set_config('dixian.effective_on', ${day}, true)`.execute(this.db);
  }

  /**
   * The entries that decide the facts of these households on a day: those with validTo after it, of rows that
   * belonged to the households then (by household) or belong to them now (by row: a member moved by a merge), in
   * the order they apply (validTo, then id).
   */
  async after(householdIds: readonly string[], rowIds: readonly string[], day: string): Promise<FactHistoryEntry[]> {
    if (!householdIds.length) return [];
    const rows = await this.db
      .selectFrom('factHistory')
      .selectAll()
      .where('validTo', '>', day)
      .where((eb) =>
        eb.or([
          sql<boolean>`household_id = any(${householdIds}::uuid[])`,
          ...(rowIds.length ? [sql<boolean>`row_id = any(${rowIds}::uuid[])`] : []),
        ]),
      )
      .orderBy('validTo')
      .orderBy('id')
      .execute();
    return rows as unknown as FactHistoryEntry[];
  }

  /** A household's entries with validTo after `day` (all when null), newest first, at most `limit`. */
  async ofHousehold(householdId: string, day: string | null, limit: number): Promise<FactHistoryEntry[]> {
    let q = this.db.selectFrom('factHistory').selectAll().where('householdId', '=', householdId);
    if (day) q = q.where('validTo', '>', day);
    const rows = await q.orderBy('validTo', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows as unknown as FactHistoryEntry[];
  }

  /** Entries of these rows after `day`, in the order they apply (the next image of a changed row). */
  async ofRows(rowIds: readonly string[], day: string | null): Promise<FactHistoryEntry[]> {
    if (!rowIds.length) return [];
    let q = this.db
      .selectFrom('factHistory')
      .selectAll()
      .where(sql<boolean>`row_id = any(${rowIds}::uuid[])`);
    if (day) q = q.where('validTo', '>', day);
    const rows = await q.orderBy('validTo').orderBy('id').execute();
    return rows as unknown as FactHistoryEntry[];
  }

  /** A household's relatives living apart as they are now (the changes list's current images). */
  relativesOf(householdId: string) {
    return this.db.selectFrom('separateRelative').selectAll().where('householdId', '=', householdId).execute();
  }
}
