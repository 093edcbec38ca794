import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { chinaDay } from './monitoring-state.sql.js';

/** The last day a department exchanged data with the agency, by kind (a feed: the day it was received). */
export interface LastExchangeRow {
  department: string;
  lastFeedOn: string | null;
  lastZeroReportOn: string | null;
}

/**
 * A county's data exchanges with its departments (S1 §四(二)3): imported feeds and 零报告. A department officer's
 * department narrows both.
 */
export class ExchangeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async lastExchanges(countyCode: string, department: string | undefined): Promise<LastExchangeRow[]> {
    let feeds = this.db
      .selectFrom('feedBatch as b')
      .where('b.countyCode', '=', countyCode)
      .where('b.status', '=', 'done')
      .select([
        'b.department',
        sql<string | null>`to_char(max(${chinaDay(sql.ref('b.startedAt'))}), 'YYYY-MM-DD')`.as('lastFeedOn'),
        sql<string | null>`null`.as('lastZeroReportOn'),
      ])
      .groupBy('b.department');
    let zeros = this.db
      .selectFrom('departmentZeroReport as z')
      .where('z.countyCode', '=', countyCode)
      .select([
        'z.department',
        sql<string | null>`null`.as('lastFeedOn'),
        sql<string | null>`to_char(max(z.reported_on), 'YYYY-MM-DD')`.as('lastZeroReportOn'),
      ])
      .groupBy('z.department');
    if (department) {
      feeds = feeds.where('b.department', '=', department);
      zeros = zeros.where('z.department', '=', department);
    }
    const rows = await feeds.unionAll(zeros).execute();
    const by = new Map<string, LastExchangeRow>();
    for (const r of rows) {
      const prev = by.get(r.department) ?? { department: r.department, lastFeedOn: null, lastZeroReportOn: null };
      by.set(r.department, {
        department: r.department,
        lastFeedOn: r.lastFeedOn ?? prev.lastFeedOn,
        lastZeroReportOn: r.lastZeroReportOn ?? prev.lastZeroReportOn,
      });
    }
    return [...by.values()];
  }

  async insertZeroReport(row: {
    countyCode: string;
    department: string;
    reportedOn: string;
    note: string | null;
    recordedBy: string;
  }): Promise<string> {
    const r = await this.db.insertInto('departmentZeroReport').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }
}
