import type { Scope } from '@dixian/core';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, Lead } from '../db/types.js';
import { inScope, likePrefix, pageWindow } from './scope.js';
import type { LEAD_SORT, SortValue } from '@dixian/core/api';
import { orderByTerms, sortTerms } from './sort.js';
import { idIndex } from '../security/field-keys.js';

export type LeadRow = Selectable<Lead>;

/** The head of the lead's household by name (a lead list shows people, the household number second). */
const HEAD_NAME = sql<string | null>`(select m.name from member m where m.household_id = h.id and m.relation = 'head'
  order by m.created_at limit 1)`.as('headName');

/** A lead with what its views show from other tables. */
export interface LeadListRow extends LeadRow {
  regionName: string | null;
  householdNo: string | null;
  /** the household head's name (names are not masked in lists; ID numbers and phones are) */
  headName?: string | null;
  caseStage: string | null;
}

const LEAD_SORT_COLUMNS: Record<(typeof LEAD_SORT)[number], string> = {
  discoveredOn: 'l.discoveredAt',
  status: 'l.status',
  channel: 'l.channel',
  regionCode: 'l.regionCode',
  verifyDueOn: 'l.verifyDueOn',
};

export interface LeadFilter {
  status?: string | undefined;
  channel?: string | undefined;
  /** a region prefix already narrowed to the caller's scope */
  regionPrefix?: string | undefined;
  householdId?: string | undefined;
  overdue?: boolean | undefined;
  /** core LeadListQuery's sort */
  sort?: SortValue<(typeof LEAD_SORT)[number]> | undefined;
  /** the calendar day "overdue" is judged on */
  today: string;
  page: number;
  pageSize: number;
}

/** Leads (风险线索), always within a scope. */
export class LeadRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** An open lead of a person not in the registry, by ID number within the county (a repeated application). */
  async openOfApplicant(countyCode: string, idNumber: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('lead')
      .select('id')
      .where('countyCode', '=', countyCode)
      .where('applicantIdIndex', '=', idIndex(idNumber))
      .where('householdId', 'is', null)
      .where('status', '=', 'open')
      .orderBy('discoveredAt')
      .limit(1)
      .executeTakeFirst();
    return r?.id ?? null;
  }

  /** Tie a lead of a person not yet registered to the household they were registered in. */
  async tieToHousehold(id: string, household: { id: string; regionCode: string }): Promise<void> {
    await this.db
      .updateTable('lead')
      .set({ householdId: household.id, regionCode: household.regionCode })
      .where('id', '=', id)
      .execute();
  }

  private withViewColumns() {
    return this.db
      .selectFrom('lead as l')
      .leftJoin('region as r', 'r.code', 'l.regionCode')
      .leftJoin('household as h', 'h.id', 'l.householdId')
      .leftJoin('monitoringCase as c', 'c.id', 'l.caseId')
      .selectAll('l')
      .select(['r.name as regionName', 'h.householdNo', 'c.stage as caseStage', HEAD_NAME]);
  }

  get(scope: Scope, id: string): Promise<LeadListRow | undefined> {
    return this.withViewColumns()
      .where('l.id', '=', id)
      .where(inScope('lead', scope, 'l'))
      .executeTakeFirst();
  }

  /** The lead row alone, locked for this transaction (start-verification changes it). */
  getForUpdate(scope: Scope, id: string): Promise<LeadRow | undefined> {
    return this.db
      .selectFrom('lead')
      .selectAll()
      .where('id', '=', id)
      .where(inScope('lead', scope))
      .forUpdate()
      .executeTakeFirst();
  }

  async list(scope: Scope, f: LeadFilter): Promise<{ items: LeadListRow[]; total: number }> {
    let base = this.db.selectFrom('lead as l').where(inScope('lead', scope, 'l'));
    if (f.regionPrefix && f.regionPrefix !== scope.regionPrefix) {
      base = base.where('l.regionCode', 'like', likePrefix(f.regionPrefix));
    }
    if (f.status) base = base.where('l.status', '=', f.status);
    if (f.channel) base = base.where('l.channel', '=', f.channel);
    if (f.householdId) base = base.where('l.householdId', '=', f.householdId);
    if (f.overdue !== undefined) {
      const late = sql<boolean>`(l.status = 'open' and (l.verify_due_on < ${f.today}::date
        or l.identification_due_on < ${f.today}::date))`;
      base = base.where(f.overdue ? late : sql<boolean>`not ${late}`);
    }
    const { limit, offset } = pageWindow(f.page, f.pageSize);
    const [items, count] = await Promise.all([
      base
        .leftJoin('region as r', 'r.code', 'l.regionCode')
        .leftJoin('household as h', 'h.id', 'l.householdId')
        .leftJoin('monitoringCase as c', 'c.id', 'l.caseId')
        .selectAll('l')
        .select(['r.name as regionName', 'h.householdNo', 'c.stage as caseStage', HEAD_NAME])
        .$call((q) =>
          orderByTerms(q, sortTerms(f.sort, LEAD_SORT_COLUMNS, ['l.id']) ?? [sql`l.discovered_at desc`, sql`l.id`]),
        )
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(count.n) };
  }

  insert(row: Insertable<Lead>): Promise<LeadRow> {
    return this.db.insertInto('lead').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Update when the version matches; undefined otherwise. */
  updateVersioned(id: string, version: number, patch: Updateable<Lead>): Promise<LeadRow | undefined> {
    return this.db
      .updateTable('lead')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  /** The lead became a case: it and every report attached to it point at the case. */
  async convert(leadId: string, caseId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('lead')
      .set({ status: 'converted', caseId, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', leadId)
      .execute();
    await this.db
      .updateTable('lead')
      .set({ caseId, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('attachedToLeadId', '=', leadId)
      .execute();
  }

  /** The home verification found no risk (LeadStatus.dismissed). */
  async dismiss(leadId: string, reason: string, at: Date): Promise<void> {
    await this.db
      .updateTable('lead')
      .set({ status: 'dismissed', dismissedReason: reason, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', leadId)
      .where('status', 'in', ['open', 'converted'])
      .execute();
  }

  /**
   * A department warning verified as no risk or no such person closes its lead too, when the warning was all the
   * lead stood on: still open, no case, no other report attached and no other warning of it unverified. Returns
   * whether it was closed.
   */
  async dismissWithWarning(leadId: string, warningId: string, reason: string, at: Date): Promise<boolean> {
    const r = await this.db
      .updateTable('lead')
      .set({ status: 'dismissed', dismissedReason: reason, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', leadId)
      .where('status', '=', 'open')
      .where('caseId', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('lead as other')
              .select('other.id')
              .where('other.attachedToLeadId', '=', leadId)
              .where('other.status', '=', 'open'),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('departmentWarning as w')
              .select('w.id')
              .where('w.leadId', '=', leadId)
              .where('w.id', '<>', warningId)
              .where('w.verifiedAt', 'is', null),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** A household's open lead, the earliest first (the one a new report would join). */
  /** Did a lead of this sub-channel open the case (its own lead) or join it? */
  async caseHasSubChannel(c: { id: string; leadId: string | null }, subChannel: string): Promise<boolean> {
    let q = this.db
      .selectFrom('lead')
      .select('id')
      .where('subChannel', '=', subChannel)
      .where((eb) => (c.leadId ? eb.or([eb('caseId', '=', c.id), eb('id', '=', c.leadId)]) : eb('caseId', '=', c.id)));
    q = q.limit(1);
    return (await q.executeTakeFirst()) !== undefined;
  }

  openOfHousehold(householdId: string): Promise<LeadRow | undefined> {
    return this.db
      .selectFrom('lead')
      .selectAll()
      .where('householdId', '=', householdId)
      .where('status', '=', 'open')
      .orderBy('discoveredAt')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * A self-application by receipt number and the applicant's ID number (both must match), with what its status
   * follows: its case, or the lead it joined and that lead's case.
   */
  byReceipt(
    receiptNo: string,
    idNumber: string,
  ): Promise<
    (LeadRow & { regionName: string | null; caseStage: string | null; caseUpdatedAt: Date | null }) | undefined
  > {
    return (
      this.db
        .selectFrom('lead as l')
        // the village the applicant named, not the one the person is registered in
        .leftJoin('region as r', (j) => j.on(sql<boolean>`r.code = coalesce(l.applied_region_code, l.region_code)`))
        // only the case this application opened: one it joined is another record (publicStatusOf)
        .leftJoin('monitoringCase as c', (j) => j.onRef('c.id', '=', 'l.caseId').on('l.status', '<>', 'attached'))
        .selectAll('l')
        .select(['r.name as regionName', 'c.stage as caseStage', 'c.updatedAt as caseUpdatedAt'])
        .where('l.receiptNo', '=', receiptNo)
        .where('l.applicantIdIndex', '=', idIndex(idNumber))
        .executeTakeFirst()
    );
  }
}
