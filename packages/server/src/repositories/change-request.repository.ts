import { CLOSED_STAGES, type Scope } from '@dixian/core';
import type { CHANGE_REQUEST_SORT, SortValue } from '@dixian/core/api';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ChangeRequest, DB } from '../db/types.js';
import { headNameOf } from './head-name.sql.js';
import { inScope } from './scope.js';
import { orderByTerms, sortTerms } from './sort.js';

export type ChangeRequestRow = Selectable<ChangeRequest> & {
  householdNo: string;
  /** a merge: the village of the household that joins */
  otherRegionCode: string | null;
  headName: string | null;
  regionName: string | null;
  targetRegionName: string | null;
  requestedByName: string | null;
  decidedByName: string | null;
};

export interface ChangeRequestFilter {
  status?: string | undefined;
  kind?: string | undefined;
  householdId?: string | undefined;
  sort?: SortValue<(typeof CHANGE_REQUEST_SORT)[number]> | undefined;
}

/** A household as a change request compares it: the record, its current members and its open case. */
export interface HouseholdState {
  id: string;
  householdNo: string;
  regionCode: string;
  regionName: string | null;
  countyCode: string;
  monitoringStatus: string;
  monitoringCategory: string | null;
  riskTypes: string[];
  closedOn: string | null;
  version: number;
  openCase: { id: string; stage: string } | null;
  members: { id: string; name: string; relation: string }[];
}

const SORT_COLUMNS: Record<(typeof CHANGE_REQUEST_SORT)[number], string> = {
  requestedAt: 'c.requestedAt',
  decidedAt: 'c.decidedAt',
  kind: 'c.kind',
  status: 'c.status',
  regionCode: 'c.regionCode',
};

/** Change requests (migration 0085), scoped by the household's village when they were asked for. */
export class ChangeRequestRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(scope: Scope, f: ChangeRequestFilter) {
    let q = this.db.selectFrom('changeRequest as c').where(inScope('changeRequest', scope, 'c'));
    if (f.status) q = q.where('c.status', '=', f.status);
    if (f.kind) q = q.where('c.kind', '=', f.kind);
    if (f.householdId) q = q.where('c.householdId', '=', f.householdId);
    return q;
  }

  private withDetails(q: ReturnType<ChangeRequestRepository['filtered']>) {
    return q
      .innerJoin('household as h', 'h.id', 'c.householdId')
      .leftJoin('region as r', 'r.code', 'c.regionCode')
      .leftJoin('region as t', 't.code', 'c.targetRegionCode')
      .leftJoin('household as o', 'o.id', 'c.otherHouseholdId')
      .leftJoin('appUser as ru', 'ru.id', 'c.requestedBy')
      .leftJoin('appUser as du', 'du.id', 'c.decidedBy')
      .selectAll('c')
      .select([
        'h.householdNo',
        'o.regionCode as otherRegionCode',
        headNameOf('h.id').as('headName'),
        'r.name as regionName',
        't.name as targetRegionName',
        'ru.displayName as requestedByName',
        'du.displayName as decidedByName',
      ]);
  }

  async list(
    scope: Scope,
    f: ChangeRequestFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: ChangeRequestRow[]; total: number }> {
    const base = this.filtered(scope, f);
    const [rows, count] = await Promise.all([
      orderByTerms(
        this.withDetails(base),
        sortTerms(f.sort, SORT_COLUMNS, ['c.id']) ?? [sql`c.requested_at desc`, sql`c.id`],
      )
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as ChangeRequestRow[], total: Number(count.n) };
  }

  /** Requests of a filter after an id, in id order (a keyset walk for the export). */
  async exportPage(scope: Scope, f: ChangeRequestFilter, after: string, limit: number): Promise<ChangeRequestRow[]> {
    const rows = await this.withDetails(this.filtered(scope, f).where('c.id', '>', after))
      .orderBy('c.id')
      .limit(limit)
      .execute();
    return rows as ChangeRequestRow[];
  }

  async get(scope: Scope, id: string): Promise<ChangeRequestRow | undefined> {
    return (await this.withDetails(this.filtered(scope, {}).where('c.id', '=', id)).executeTakeFirst()) as
      ChangeRequestRow | undefined;
  }

  /** A pending request about the household, as the one changed or as the one a merge would close. */
  async pendingOf(householdId: string): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('changeRequest')
      .select('id')
      .where((eb) => eb.or([eb('householdId', '=', householdId), eb('otherHouseholdId', '=', householdId)]))
      .where('status', '=', 'pending')
      .executeTakeFirst();
  }

  /** Social assistance applied for or granted (低保, 特困, 临时救助 not yet decided). */
  async hasActiveAssistance(householdId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('socialAssistanceCase')
      .select('id')
      .where('householdId', '=', householdId)
      .where('status', 'in', ['applied', 'approved'])
      .executeTakeFirst();
    return !!r;
  }

  /** A case follows its members to another household: the case, its plans and measures, and its open lead. */
  async moveCase(caseId: string, fromId: string, toId: string, regionCode: string, at: Date): Promise<void> {
    const bump = { updatedAt: at, version: sql<number>`version + 1` };
    await this.db
      .updateTable('monitoringCase')
      .set({ householdId: toId, regionCode, ...bump })
      .where('id', '=', caseId)
      .execute();
    await this.db.updateTable('assistancePlan').set({ householdId: toId }).where('caseId', '=', caseId).execute();
    await this.db
      .updateTable('assistanceMeasure')
      .set({ householdId: toId })
      .where('householdId', '=', fromId)
      .where('planId', 'in', (eb) => eb.selectFrom('assistancePlan').select('id').where('caseId', '=', caseId))
      .execute();
    await this.db
      .updateTable('lead')
      .set({ householdId: toId, regionCode, ...bump })
      .where('householdId', '=', fromId)
      .where((eb) => eb.or([eb('caseId', '=', caseId), eb('status', '=', 'open')]))
      .execute();
  }

  /** The monitoring flags a household carries for its case (case-state householdFlags), to hand to another. */
  async monitoringFlags(householdId: string) {
    return this.db
      .selectFrom('household')
      .select([
        'monitoringStatus',
        'monitoringCategory',
        'riskTypes',
        'identifiedMonth',
        'firstIdentifiedOn',
        'riskEliminatedOn',
        'eliminationMethod',
        'wholeHouseholdNoLabor',
      ])
      .where('id', '=', householdId)
      .executeTakeFirstOrThrow();
  }

  async insert(row: Insertable<ChangeRequest>): Promise<string> {
    const r = await this.db.insertInto('changeRequest').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Decide at the version read, only while pending; false when someone decided or changed it since. */
  async decide(id: string, version: number, patch: Updateable<ChangeRequest>): Promise<boolean> {
    const r = await this.db
      .updateTable('changeRequest')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The household, its members still in it (neither left nor deceased) and its open case, or undefined. */
  async state(householdId: string): Promise<HouseholdState | undefined> {
    const h = await this.db
      .selectFrom('household as h')
      .leftJoin('region as r', 'r.code', 'h.regionCode')
      .select([
        'h.id',
        'h.householdNo',
        'h.regionCode',
        'r.name as regionName',
        'h.countyCode',
        'h.monitoringStatus',
        'h.monitoringCategory',
        'h.riskTypes',
        'h.closedOn',
        'h.version',
      ])
      .where('h.id', '=', householdId)
      .executeTakeFirst();
    if (!h) return undefined;
    const members = await this.db
      .selectFrom('member')
      .select(['id', 'name', 'relation'])
      .where('householdId', '=', householdId)
      .where('leftOn', 'is', null)
      .where('deceasedOn', 'is', null)
      .orderBy(sql`relation = 'head'`, 'desc')
      .orderBy('birthDate')
      .orderBy('id')
      .execute();
    const openCase = await this.db
      .selectFrom('monitoringCase')
      .select(['id', 'stage'])
      .where('householdId', '=', householdId)
      .where('stage', 'not in', [...CLOSED_STAGES])
      .orderBy('discoveredAt', 'desc')
      .limit(1)
      .executeTakeFirst();
    return { ...h, regionName: h.regionName ?? null, openCase: openCase ?? null, members };
  }

  /** Move members to another household with their new relations (a split). */
  async moveMembers(
    toHouseholdId: string,
    members: readonly { memberId: string; relation: string }[],
    at: Date,
  ): Promise<void> {
    for (const m of members) {
      await this.db
        .updateTable('member')
        .set({
          householdId: toHouseholdId,
          relation: m.relation,
          updatedAt: at,
          version: (eb) => eb('version', '+', 1),
        })
        .where('id', '=', m.memberId)
        .execute();
    }
  }

  /** A household moved: its open cases and open leads follow it to the new village (history stays where it was). */
  async moveOpenRecords(householdId: string, regionCode: string, at: Date): Promise<void> {
    await this.db
      .updateTable('monitoringCase')
      .set({ regionCode, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('householdId', '=', householdId)
      .where('stage', 'not in', [...CLOSED_STAGES])
      .execute();
    await this.db
      .updateTable('lead')
      .set({ regionCode, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('householdId', '=', householdId)
      .where('status', '=', 'open')
      .execute();
  }

  /** The open case's category (the household's own flag is set through HouseholdRepository). */
  async setCaseCategory(caseId: string, category: string, at: Date): Promise<void> {
    await this.db
      .updateTable('monitoringCase')
      .set({ category, updatedAt: at, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', caseId)
      .execute();
  }
}
