import type { Scope } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope } from './scope.js';

export interface HalfMonthReportRow {
  regionCode: string;
  householdIds: string[];
  zeroReport: boolean;
  reportedAt: Date;
  reportedByName: string | null;
}

export interface NewHalfMonthReport {
  countyCode: string;
  regionCode: string;
  periodStart: string;
  householdIds: string[];
  note: string | null;
  reportedBy: string;
  reportedAt: Date;
}

/** report_period (opened half-months) and halfmonth_report (the lists villages and townships send). SQL only. */
export class HalfMonthRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Open a county's period unless it is open; true when this call opened it. */
  async open(countyCode: string, start: string, end: string, at: Date): Promise<boolean> {
    const r = await this.db
      .insertInto('reportPeriod')
      .values({ countyCode, startDate: start, endDate: end, openedAt: at })
      .onConflict((oc) => oc.columns(['countyCode', 'startDate']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async isOpen(countyCode: string, start: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('reportPeriod')
      .select('startDate')
      .where('countyCode', '=', countyCode)
      .where('startDate', '=', start)
      .executeTakeFirst();
    return !!r;
  }

  /** A period's reports in the scope. */
  async list(scope: Scope, start: string): Promise<HalfMonthReportRow[]> {
    const rows = await this.db
      .selectFrom('halfmonthReport')
      .leftJoin('appUser', 'appUser.id', 'halfmonthReport.reportedBy')
      .select([
        'halfmonthReport.regionCode',
        'halfmonthReport.householdIds',
        'halfmonthReport.zeroReport',
        'halfmonthReport.reportedAt',
        'appUser.displayName as reportedByName',
      ])
      .where(inScope('halfmonthReport', scope))
      .where('halfmonthReport.periodStart', '=', start)
      .execute();
    return rows.map((r) => ({ ...r, householdIds: r.householdIds as string[] }));
  }

  /** Record a list; a second one for the same period and region replaces the first. */
  async upsert(r: NewHalfMonthReport): Promise<void> {
    const values = {
      countyCode: r.countyCode,
      regionCode: r.regionCode,
      periodStart: r.periodStart,
      householdIds: JSON.stringify(r.householdIds),
      zeroReport: r.householdIds.length === 0,
      note: r.note,
      reportedBy: r.reportedBy,
      reportedAt: r.reportedAt,
    };
    await this.db
      .insertInto('halfmonthReport')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['periodStart', 'regionCode']).doUpdateSet({
          householdIds: values.householdIds,
          zeroReport: values.zeroReport,
          note: values.note,
          reportedBy: values.reportedBy,
          reportedAt: values.reportedAt,
        }),
      )
      .execute();
  }

  /** Which of the ids are households lying under the region (a list names only its own households). */
  async householdsUnder(regionCode: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('household')
      .select('id')
      .where('id', 'in', ids)
      .where('regionCode', 'like', `${regionCode}%`)
      .where('countyCode', '=', regionCode.slice(0, 6))
      .execute();
    return rows.map((r) => r.id);
  }
}
