import { parsePolicyRecord, type PolicyRecord } from '@dixian/core';
import type { Kysely, Selectable } from 'kysely';
import type { DB, Policy } from '../db/types.js';

export interface StoredPolicy extends PolicyRecord {
  id: string;
  source: string;
}

/** Policy records as stored; the body is re-validated on the way out so a bad row can never reach a rule. */
export class PolicyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async all(): Promise<StoredPolicy[]> {
    const rows = await this.db
      .selectFrom('policy')
      .selectAll()
      .orderBy('regionPrefix')
      .orderBy('effectiveFrom')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      ...parsePolicyRecord(
        {
          regionPrefix: r.regionPrefix,
          year: r.year,
          version: r.version,
          effectiveFrom: r.effectiveFrom,
          docNo: r.docNo,
          docTitle: r.docTitle,
          body: r.body,
        },
        `policy ${r.regionPrefix || 'national'} ${r.year} v${r.version}`,
      ),
    }));
  }

  /** Insert a record unless the same (region, year, version) exists; returns whether it was inserted. */
  async insertIfAbsent(record: PolicyRecord, source: string, createdBy?: string): Promise<boolean> {
    const r = await this.db
      .insertInto('policy')
      .values({
        regionPrefix: record.regionPrefix,
        year: record.year,
        version: record.version,
        effectiveFrom: record.effectiveFrom,
        docNo: record.docNo,
        docTitle: record.docTitle,
        source,
        body: JSON.stringify(record.body),
        createdBy: createdBy ?? null,
      })
      .onConflict((oc) => oc.columns(['regionPrefix', 'year', 'version']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Stored records as rows (with who made them and when), optionally only those that apply to a region:
   * its own prefix and every level above it, national first.
   */
  async history(regionCode?: string): Promise<Selectable<Policy>[]> {
    let q = this.db.selectFrom('policy').selectAll();
    if (regionCode !== undefined) {
      const prefixes = [
        '',
        ...[2, 4, 6, 9, 12].filter((l) => l <= regionCode.length).map((l) => regionCode.slice(0, l)),
      ];
      q = q.where('regionPrefix', 'in', prefixes);
    }
    return q
      .orderBy((eb) => eb.fn('length', ['regionPrefix']))
      .orderBy('effectiveFrom')
      .orderBy('year')
      .orderBy('version')
      .execute();
  }

  /** The next version number for a region prefix and year. */
  async nextVersion(regionPrefix: string, year: number): Promise<number> {
    const r = await this.db
      .selectFrom('policy')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('regionPrefix', '=', regionPrefix)
      .where('year', '=', year)
      .executeTakeFirst();
    return Number(r?.v ?? 0) + 1;
  }

  /** Insert a validated record; the unique (region, year, version) key refuses a concurrent duplicate. */
  insert(record: PolicyRecord, source: string, createdBy: string | null, createdAt: Date): Promise<Selectable<Policy>> {
    return this.db
      .insertInto('policy')
      .values({
        regionPrefix: record.regionPrefix,
        year: record.year,
        version: record.version,
        effectiveFrom: record.effectiveFrom,
        docNo: record.docNo,
        docTitle: record.docTitle,
        source,
        body: JSON.stringify(record.body),
        createdBy,
        createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
