import type { Scope } from '@dixian/core';
import type { WARNING_SORT, SortValue, WarningFilter } from '@dixian/core/api';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { chinaDay } from './monitoring-state.sql.js';
import { inScope } from './scope.js';
import { orderByTerms, sortTerms } from './sort.js';

export interface WarningListRow {
  id: string;
  department: string;
  regionCode: string;
  regionName: string | null;
  householdId: string;
  householdNo: string | null;
  personName: string | null;
  idNumber: string | null;
  signalType: string;
  metricValue: number | null;
  threshold: number | null;
  eventDate: string | null;
  status: string;
  verificationResult: string | null;
  verificationReason: string | null;
  verifyDueOn: string | null;
  verifiedAt: Date | null;
  verifiedByName: string | null;
  /** China day the result went back to the department */
  fedBackOn: string | null;
  version: number;
  leadId: string | null;
  caseId: string | null;
  createdAt: Date;
  /** medical warnings: the household's net income of the year before the costs (the 50 % rule's base) */
  previousYearNetFen: number | string | null;
}

export const TO_VERIFY_STATUSES = ['received', 'lead_created', 'attached'] as const;

const WARNING_SORT_COLUMNS: Record<(typeof WARNING_SORT)[number], string> = {
  createdAt: 'w.createdAt',
  department: 'w.department',
  status: 'w.status',
  eventDate: 'w.eventDate',
  verifyDueOn: 'w.verifyDueOn',
  regionCode: 'w.regionCode',
};

/** Department warnings of a scope (a department officer's scope carries the department), filtered. */
export class WarningListRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(scope: Scope, f: WarningFilter) {
    let q = this.db.selectFrom('departmentWarning as w').where(inScope('departmentWarning', scope, 'w'));
    if (f.status === 'to_verify') {
      q = q.where('w.status', 'in', [...TO_VERIFY_STATUSES]).where('w.verifiedAt', 'is', null);
    } else if (f.status) q = q.where('w.status', '=', f.status);
    if (f.department) q = q.where('w.department', '=', f.department);
    if (f.householdId) q = q.where('w.householdId', '=', f.householdId);
    const created = chinaDay(sql.ref('w.createdAt'));
    const verified = chinaDay(sql.ref('w.verifiedAt'));
    if (f.receivedFrom) q = q.where(sql<boolean>`${created} >= ${f.receivedFrom}::date`);
    if (f.receivedTo) q = q.where(sql<boolean>`${created} <= ${f.receivedTo}::date`);
    if (f.verifiedFrom) q = q.where(sql<boolean>`${verified} >= ${f.verifiedFrom}::date`);
    if (f.verifiedTo) q = q.where(sql<boolean>`${verified} <= ${f.verifiedTo}::date`);
    return q;
  }

  /** A page, newest first; with `after` (the last id of the previous page) a keyset walk by id for exports. */
  async list(
    scope: Scope,
    f: WarningFilter & { sort?: SortValue<(typeof WARNING_SORT)[number]> | undefined },
    page: { limit: number; offset?: number; after?: string },
  ): Promise<{ rows: WarningListRow[]; total: number }> {
    const base = this.filtered(scope, f);
    let q = this.selectRows(base);
    if (page.after !== undefined) {
      q = q.where('w.id', '>', page.after).orderBy('w.id');
      return { rows: (await q.limit(page.limit).execute()) as WarningListRow[], total: 0 };
    }
    const terms = sortTerms(f.sort, WARNING_SORT_COLUMNS, ['w.id']) ?? [sql`w.created_at desc`, sql`w.id`];
    // the page is chosen from the warnings alone, then joined: joining a county's warnings to its households first
    // read all 300,000 of them (270 ms) for twenty rows
    const pageIds = orderByTerms(base.select('w.id'), terms)
      .limit(page.limit)
      .offset(page.offset ?? 0);
    const [rows, count] = await Promise.all([
      orderByTerms(
        this.selectRows(this.db.selectFrom('departmentWarning as w').where('w.id', 'in', pageIds)),
        terms,
      ).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as WarningListRow[], total: Number(count.n) };
  }

  /** One warning in the scope, as listed. */
  async get(scope: Scope, id: string): Promise<WarningListRow | undefined> {
    const row = await this.selectRows(this.filtered(scope, {}).where('w.id', '=', id)).executeTakeFirst();
    return row as WarningListRow | undefined;
  }

  /**
   * Record a verification at the version read, once: false when the warning changed since or was verified
   * already (the caller tells which).
   */
  async verify(
    scope: Scope,
    id: string,
    version: number,
    v: { status: string; result: string; reason: string; by: string; at: Date },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('departmentWarning as w')
      .set({
        status: v.status,
        verificationResult: v.result,
        verificationReason: v.reason,
        verifiedBy: v.by,
        verifiedAt: v.at,
        // the department reads the result on its batch from now on: that is the feedback (S1 §四(二)3)
        feedbackAt: v.at,
        version: (eb) => eb('w.version', '+', 1),
      })
      .where('w.id', '=', id)
      .where('w.version', '=', version)
      .where('w.verifiedAt', 'is', null)
      .where(inScope('departmentWarning', scope, 'w'))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  private selectRows(base: ReturnType<WarningListRepository['filtered']>) {
    return base
      .leftJoin('household as h', 'h.id', 'w.householdId')
      .leftJoin('region as r', 'r.code', 'w.regionCode')
      .leftJoin('appUser as u', 'u.id', 'w.verifiedBy')
      .select([
        'w.id',
        'w.department',
        'w.regionCode',
        'r.name as regionName',
        'w.householdId',
        'h.householdNo',
        'w.personName',
        'w.idNumber',
        'w.signalType',
        'w.metricValue',
        'w.threshold',
        'w.eventDate',
        'w.status',
        'w.verificationResult',
        'w.verificationReason',
        'w.verifyDueOn',
        'w.verifiedAt',
        'u.displayName as verifiedByName',
        sql<string | null>`to_char(${chinaDay(sql.ref('w.feedbackAt'))}, 'YYYY-MM-DD')`.as('fedBackOn'),
        'w.version',
        'w.leadId',
        'w.caseId',
        'w.createdAt',
        // the year of the costs: the feed's, else the event's (as the import compares them, warning.repository.ts)
        sql<number | null>`case when w.signal_type = 'medical_out_of_pocket' then (
          select ir.wage_fen + ir.business_gross_fen - ir.business_cost_fen + ir.property_fen + ir.transfer_fen
            from income_record ir
           where ir.household_id = w.household_id and ir.kind = 'annual'
             and ir.year = coalesce((w.detail->>'year')::int, extract(year from w.event_date)::int) - 1
           limit 1) end`.as('previousYearNetFen'),
      ]);
  }
}
