import { parsePolicyRecord, type PolicyRecord } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

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
}
