import type { PayableCase, Scope } from '@dixian/core';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, PayrollLine } from '../db/types.js';
import { headNameOf } from './head-name.sql.js';
import { inScope } from './scope.js';

export interface PayrollRow {
  id: string;
  countyCode: string;
  regionCode: string;
  regionName: string | null;
  month: string;
  status: string;
  lineCount: number;
  peopleCount: number;
  totalFen: number;
  recoveryFen: number;
  preparedAt: Date;
  preparedByName: string | null;
  approvedAt: Date | null;
  approvedByName: string | null;
  paidOn: string | null;
  version: number;
}

export interface PayrollLineRow {
  id: string;
  caseId: string;
  householdId: string;
  householdNo: string | null;
  villageCode: string;
  villageName: string | null;
  headName: string | null;
  kind: string;
  peopleCount: number;
  monthlyAmountFen: number;
  amountFen: number;
  payeeName: string | null;
  payeeIdNumber: string | null;
  payMethod: string | null;
  accountNo: string | null;
  status: string;
  stopReason: string | null;
  recoveryFen: number;
  note: string | null;
}

/** A 低保 or 特困 case of a township with what the payroll needs (the payee's account opened from its seal). */
export interface PayrollCaseRow extends PayableCase {
  householdId: string;
  householdNo: string | null;
  headName: string | null;
  villageCode: string;
  peopleCount: number;
  payMethod: string | null;
  payAccount: string | null;
  payeeMemberId: string | null;
  payeeName: string | null;
}

/** One line of a paid (or other) payroll of a case: what the reconciliation and the recoveries read. */
export interface CasePaymentRow {
  caseId: string;
  payrollId: string;
  month: string;
  payrollStatus: string;
  amountFen: number;
  recoveryFen: number;
  lineStatus: string;
}

const day = (col: string) => sql<string | null>`to_char(${sql.ref(col)}, 'YYYY-MM-DD')`;

/** Monthly payrolls of 低保 and 特困 per township and their lines (issue 16 §6). */
export class PayrollRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * A payroll is the township's: seen by the township and above, and by a village of it (which sees its own lines
   * only, see `lines`).
   */
  static visible(scope: Scope) {
    const p = scope.regionPrefix;
    return p.length > 9
      ? sql<boolean>`(payroll.region_code = ${p.slice(0, 9)} and payroll.county_code = ${p.slice(0, 6)})`
      : inScope('payroll', scope);
  }

  private summaries(scope: Scope) {
    return this.db
      .selectFrom('payroll as payroll')
      .leftJoin('region as r', 'r.code', 'payroll.regionCode')
      .leftJoin('appUser as pu', 'pu.id', 'payroll.preparedBy')
      .leftJoin('appUser as au', 'au.id', 'payroll.approvedBy')
      .where(PayrollRepository.visible(scope))
      .select([
        'payroll.id',
        'payroll.countyCode',
        'payroll.regionCode',
        'r.name as regionName',
        'payroll.month',
        'payroll.status',
        'payroll.lineCount',
        'payroll.peopleCount',
        sql<number>`payroll.total_fen::float8`.as('totalFen'),
        sql<number>`payroll.recovery_fen::float8`.as('recoveryFen'),
        'payroll.preparedAt',
        sql<string | null>`coalesce(pu.display_name, pu.username)`.as('preparedByName'),
        'payroll.approvedAt',
        sql<string | null>`coalesce(au.display_name, au.username)`.as('approvedByName'),
        day('payroll.paidOn').as('paidOn'),
        'payroll.version',
      ]);
  }

  async list(scope: Scope, f: { month?: string | undefined; status?: string | undefined }): Promise<PayrollRow[]> {
    let q = this.summaries(scope);
    if (f.month) q = q.where('payroll.month', '=', f.month);
    if (f.status) q = q.where('payroll.status', '=', f.status);
    return (await q.orderBy('payroll.month', 'desc').orderBy('payroll.regionCode').execute()) as PayrollRow[];
  }

  async get(scope: Scope, id: string): Promise<PayrollRow | undefined> {
    return (await this.summaries(scope).where('payroll.id', '=', id).executeTakeFirst()) as PayrollRow | undefined;
  }

  async find(regionCode: string, month: string): Promise<{ id: string; status: string; version: number } | undefined> {
    return this.db
      .selectFrom('payroll')
      .select(['id', 'status', 'version'])
      .where('regionCode', '=', regionCode)
      .where('month', '=', month)
      .executeTakeFirst();
  }

  /** The lines of a payroll, of one village when `villagePrefix` is longer than a township's code. */
  async lines(payrollId: string, villagePrefix = ''): Promise<PayrollLineRow[]> {
    const rows = await this.db
      .selectFrom('payrollLine as l')
      .leftJoin('household as h', 'h.id', 'l.householdId')
      .leftJoin('region as v', 'v.code', 'l.villageCode')
      .leftJoin('member as pm', 'pm.id', 'l.payeeMemberId')
      .where('l.payrollId', '=', payrollId)
      .where('l.villageCode', 'like', `${villagePrefix.length > 9 ? villagePrefix : ''}%`)
      .select([
        'l.id',
        'l.caseId',
        'l.householdId',
        'h.householdNo',
        'l.villageCode',
        'v.name as villageName',
        headNameOf('l.householdId').as('headName'),
        'l.kind',
        'l.peopleCount',
        sql<number>`l.monthly_amount_fen::float8`.as('monthlyAmountFen'),
        sql<number>`l.amount_fen::float8`.as('amountFen'),
        'l.payeeName',
        'pm.idNumber as payeeIdNumber',
        'l.payMethod',
        'l.accountNo',
        'l.status',
        'l.stopReason',
        sql<number>`l.recovery_fen::float8`.as('recoveryFen'),
        'l.note',
      ])
      .orderBy('l.villageCode')
      .orderBy('h.householdNo')
      .orderBy('l.id')
      .execute();
    return rows as PayrollLineRow[];
  }

  async line(payrollId: string, lineId: string): Promise<PayrollLineRow | undefined> {
    return (await this.lines(payrollId)).find((l) => l.id === lineId);
  }

  /**
   * The 低保 and 特困 cases and the staged temporary assistance of a township's villages decided by a day (what a month
   * can pay or recover).
   */
  async townshipCases(townshipCode: string, countyCode: string, decidedBy: string): Promise<PayrollCaseRow[]> {
    const rows = await this.db
      .selectFrom('socialAssistanceCase as s')
      .innerJoin('household as h', 'h.id', 's.householdId')
      .where(inScope('household', { regionPrefix: townshipCode }, 'h'))
      .where('h.countyCode', '=', countyCode)
      .where((eb) =>
        eb.or([
          eb('s.kind', 'in', ['dibao', 'tekun']),
          eb.and([eb('s.kind', '=', 'temp_relief'), eb('s.reliefStages', 'is not', null)]),
        ]),
      )
      .where('s.status', 'in', ['approved', 'ended'])
      .where('s.decidedOn', '<=', decidedBy)
      .select([
        's.id',
        's.householdId',
        'h.householdNo',
        headNameOf('h.id').as('headName'),
        'h.regionCode as villageCode',
        's.kind',
        's.status',
        day('s.decidedOn').as('decidedOn'),
        sql<number | null>`s.monthly_amount_fen::float8`.as('monthlyAmountFen'),
        day('s.graceStartOn').as('graceStartOn'),
        day('s.graceEndOn').as('graceEndOn'),
        day('s.endedOn').as('endedOn'),
        's.endReason',
        sql<PayrollCaseRow['reliefStages']>`s.relief_stages`.as('reliefStages'),
        sql<number>`case when cardinality(s.insured_member_ids) > 0 then cardinality(s.insured_member_ids) else (
          select count(*) from member pm where pm.household_id = h.id and pm.deceased_on is null) end`.as(
          'peopleCount',
        ),
        's.payMethod',
        's.payAccount',
        sql<string | null>`coalesce(s.payee_member_id, (select m.id from member m where m.household_id = h.id
          and m.relation = 'head' order by m.created_at limit 1))`.as('payeeMemberId'),
        sql<string | null>`coalesce((select m.name from member m where m.id = s.payee_member_id),
          ${headNameOf('h.id')})`.as('payeeName'),
      ])
      .orderBy('h.regionCode')
      .orderBy('h.householdNo')
      .execute();
    return rows.map((r) => ({ ...r, peopleCount: Number(r.peopleCount) })) as PayrollCaseRow[];
  }

  /** Every payroll line of these cases with its payroll's month and status. */
  async payments(caseIds: readonly string[]): Promise<CasePaymentRow[]> {
    if (!caseIds.length) return [];
    const rows = await this.db
      .selectFrom('payrollLine as l')
      .innerJoin('payroll as p', 'p.id', 'l.payrollId')
      .where('l.caseId', 'in', caseIds)
      .select([
        'l.caseId',
        'l.payrollId',
        'p.month',
        'p.status as payrollStatus',
        sql<number>`l.amount_fen::float8`.as('amountFen'),
        sql<number>`l.recovery_fen::float8`.as('recoveryFen'),
        'l.status as lineStatus',
      ])
      .execute();
    return rows as CasePaymentRow[];
  }

  async insertPayroll(row: {
    countyCode: string;
    regionCode: string;
    month: string;
    preparedBy: string | null;
    preparedAt: Date;
  }): Promise<string> {
    return (await this.db.insertInto('payroll').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Replace a draft's lines and totals (re-preparing rebuilds it); false when the draft changed since. */
  async rebuild(
    id: string,
    version: number | null,
    lines: Omit<Insertable<PayrollLine>, 'payrollId' | 'countyCode'>[],
    prepared: { preparedBy: string | null; preparedAt: Date },
  ): Promise<boolean> {
    if (version !== null) {
      const r = await this.db
        .updateTable('payroll')
        .set((eb) => ({ ...prepared, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
    }
    await this.db.deleteFrom('payrollLine').where('payrollId', '=', id).execute();
    if (lines.length) {
      // a line lives in its payroll's county (migration 0116: the county is part of every key)
      const { countyCode } = await this.db
        .selectFrom('payroll')
        .select('countyCode')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await this.db
        .insertInto('payrollLine')
        .values(lines.map((l) => ({ ...l, payrollId: id, countyCode })))
        .execute();
    }
    await this.retotal(id);
    return true;
  }

  /** Totals from the lines. */
  async retotal(id: string): Promise<void> {
    await sql`update payroll p set
        line_count = (select count(*) from payroll_line l where l.payroll_id = p.id and l.status = 'included'),
        people_count = coalesce((select sum(l.people_count) from payroll_line l
          where l.payroll_id = p.id and l.status = 'included'), 0),
        total_fen = coalesce((select sum(l.amount_fen) from payroll_line l where l.payroll_id = p.id), 0),
        recovery_fen = coalesce((select sum(l.recovery_fen) from payroll_line l where l.payroll_id = p.id), 0)
      where p.id = ${id}`.execute(this.db);
  }

  async stopLine(payrollId: string, lineId: string, reason: string): Promise<void> {
    await this.db
      .updateTable('payrollLine')
      .set({ status: 'stopped', stopReason: reason, amountFen: 0 })
      .where('id', '=', lineId)
      .where('payrollId', '=', payrollId)
      .execute();
  }

  /** A versioned change of a payroll in a status; false when it moved on since it was read. */
  async advance(
    id: string,
    version: number,
    from: string,
    patch: { status: string; approvedBy?: string | null; approvedAt?: Date; paidOn?: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('payroll')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', from)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async bumpVersion(id: string, version: number): Promise<boolean> {
    const r = await this.db
      .updateTable('payroll')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The townships (level township) under a region prefix, in code order. */
  async townships(prefix: string): Promise<{ code: string; name: string; countyCode: string | null }[]> {
    return this.db
      .selectFrom('region')
      .select(['code', 'name', 'countyCode'])
      .where('level', '=', 'township')
      .where('code', 'like', `${prefix}%`)
      .orderBy('code')
      .execute();
  }
}
