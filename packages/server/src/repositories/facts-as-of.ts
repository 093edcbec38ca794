import type { FactHistoryEntry, FactTable } from './fact-history.repository.js';

/**
 * The rows of a fact table as they held on a day, from the current rows and the history entries with validTo
 * after that day (fact_history, migration 0114). Per row the earliest such entry decides: an I marker means the
 * row did not exist yet, an image (U, D) is what it was; a row without one is as it is now. Before a household's
 * first recorded change its facts are those first recorded: the register knows nothing earlier.
 */
export class FactsAsOf {
  /** the first entry per table and row, once `validTo > day` */
  private readonly first = new Map<string, FactHistoryEntry>();

  constructor(entries: readonly FactHistoryEntry[]) {
    const sorted = [...entries].sort((a, b) =>
      a.validTo === b.validTo ? a.id - b.id : a.validTo < b.validTo ? -1 : 1,
    );
    for (const e of sorted) {
      const key = `${e.factTable}:${e.rowId}`;
      if (!this.first.has(key)) this.first.set(key, e);
    }
  }

  get empty(): boolean {
    return this.first.size === 0;
  }

  /** The household's own row on the day (its rule-read columns from the image before the first later change). */
  household<R extends { id: string }>(row: R): R {
    const e = this.first.get(`household:${row.id}`);
    return e?.image ? ({ ...row, ...e.image } as R) : row;
  }

  /**
   * The household's rows of a side table on the day: current rows minus those added later, changed rows as they
   * were, removed (or moved away) rows put back from their images. Order is left to the caller.
   */
  rows<R extends { id: string; householdId: string }>(
    table: FactTable,
    householdId: string,
    current: readonly R[],
  ): R[] {
    const out: R[] = [];
    const seen = new Set<string>();
    for (const r of current) {
      seen.add(r.id);
      const e = this.first.get(`${table}:${r.id}`);
      if (!e) out.push(r);
      else if (e.image && e.image['householdId'] === householdId) out.push({ ...r, ...e.image } as R);
    }
    for (const e of this.first.values()) {
      if (e.factTable !== table || seen.has(e.rowId) || !e.image || e.image['householdId'] !== householdId) continue;
      out.push({ ...e.image, id: e.rowId } as unknown as R);
    }
    return out;
  }
}
