import { cleanIdNumber, parseIdNumber, type Scope } from '@dixian/core';
import type { HOUSEHOLD_SORT, SortValue } from '@dixian/core/api';
import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SelectQueryBuilder,
  type Updateable,
} from 'kysely';
import type { DB, Household, HouseholdRiskEvent } from '../db/types.js';
import { headNameOf } from './head-name.sql.js';
import { householdStates, MONITORED_STATUSES } from './monitoring-state.sql.js';
import { inScope, likePrefix, pageWindow } from './scope.js';
import { orderByTerms, sortTerms } from './sort.js';
import { idIndex } from '../security/field-keys.js';

export type HouseholdRow = Selectable<Household>;

export interface HouseholdFilter {
  q?: string | undefined;
  /** a region prefix already narrowed to the caller's scope */
  regionPrefix?: string | undefined;
  category?: string | undefined;
  status?: string | undefined;
  riskType?: string | undefined;
  householdType?: string | undefined;
  /** core HouseholdSearchQuery's sort; the search only */
  sort?: SortValue<(typeof HOUSEHOLD_SORT)[number]> | undefined;
  /** judge status, category, risk type and elimination method on this day from the cases (monitoring-state.sql.ts) */
  asOf?: string | undefined;
  /** risk unresolved or eliminated (true), or neither (false) */
  monitored?: boolean | undefined;
  eliminationMethod?: string | undefined;
  identifiedFrom?: string | undefined;
  identifiedTo?: string | undefined;
  eliminatedFrom?: string | undefined;
  eliminatedTo?: string | undefined;
  page: number;
  pageSize: number;
}

export interface HouseholdListRow {
  id: string;
  householdNo: string;
  regionCode: string;
  regionName: string | null;
  headName: string | null;
  headIdNumber: string | null;
  memberCount: number;
  householdType: string;
  monitoringStatus: string;
  monitoringCategory: string | null;
  riskTypes: string[];
  version: number;
}

/** A household as exported: the list's columns and the status facts a ledger needs. */
export interface HouseholdExportRow {
  id: string;
  householdNo: string;
  regionCode: string;
  regionName: string | null;
  naturalVillage: string | null;
  headName: string | null;
  headIdNumber: string | null;
  phone: string | null;
  memberCount: number;
  householdType: string;
  liftedYear: number | null;
  monitoringStatus: string;
  monitoringCategory: string | null;
  riskTypes: string[];
  firstIdentifiedOn: string | null;
  riskEliminatedOn: string | null;
  eliminationMethod: string | null;
  wholeHouseholdNoLabor: boolean;
  receivesDibao: boolean;
  isTekun: boolean;
  lastVisitOn: string | null;
}

/** How a search text is read: an ID number (also tried as a household number), a household number, or a name. */
export type SearchTerm =
  | { kind: 'id_number'; idNumber: string; raw: string }
  | { kind: 'household_no'; raw: string }
  | { kind: 'name'; raw: string };

export function classifySearch(q: string): SearchTerm {
  const raw = q.trim();
  const cleaned = cleanIdNumber(raw);
  if (/^(\d{15}|\d{17}[\dX])$/.test(cleaned)) {
    const parsed = parseIdNumber(cleaned);
    return { kind: 'id_number', idNumber: parsed.ok ? parsed.value.idNumber : cleaned, raw };
  }
  if (/^[0-9A-Za-z-]+$/.test(raw)) return { kind: 'household_no', raw };
  return { kind: 'name', raw };
}

const HOUSEHOLD_SORT_COLUMNS: Record<(typeof HOUSEHOLD_SORT)[number], string> = {
  householdNo: 'h.householdNo',
  regionCode: 'h.regionCode',
  householdType: 'h.householdType',
  monitoringStatus: 'h.monitoringStatus',
  monitoringCategory: 'h.monitoringCategory',
};

/** Households, always within a scope: a row outside it is never read, counted or written. */
export class HouseholdRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The counties that have households (what the daily screening and `dixian screen` cover). */
  async counties(): Promise<string[]> {
    const rows = await this.db.selectFrom('household').select('countyCode').distinct().orderBy('countyCode').execute();
    return rows.map((r) => r.countyCode);
  }

  /** Lock the household row for this transaction (two openings of a case for it must not interleave). */
  async lockForUpdate(id: string): Promise<void> {
    await sql`select id from household where id = ${id} for update`.execute(this.db);
  }

  /** The household as a case shows it: number, village, status and the head's name. */
  async caseSummary(id: string) {
    return this.db
      .selectFrom('household as h')
      .select(['h.id', 'h.householdNo', 'h.regionCode', 'h.monitoringStatus', headNameOf('h.id').as('headName')])
      .where('h.id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /** Set some columns of one household (the national-system flags a case step sets, the last visit day). */
  async setColumns(id: string, values: Updateable<Household>): Promise<void> {
    await this.db.updateTable('household').set(values).where('id', '=', id).execute();
  }

  /** Risks found on a household (by a visit, say), which the assessment and the guards read. */
  async addRiskEvents(rows: Insertable<HouseholdRiskEvent>[]): Promise<void> {
    if (rows.length) await this.db.insertInto('householdRiskEvent').values(rows).execute();
  }

  /** The households of a scope that pass a filter (the search and its export share it). */
  private filtered(scope: Scope, f: Omit<HouseholdFilter, 'page' | 'pageSize'>) {
    // a household merged into another is closed (migration 0085): it is read on its own page, never listed
    let base = this.db
      .selectFrom('household as h')
      .where(inScope('household', scope, 'h'))
      .where('h.closedOn', 'is', null);
    if (f.regionPrefix && f.regionPrefix !== scope.regionPrefix) {
      base = base.where('h.regionCode', 'like', likePrefix(f.regionPrefix));
    }
    const window = !!(f.eliminatedFrom || f.eliminatedTo);
    if (f.asOf) {
      // the state on a day, from the cases: the definition the dashboard counts with
      const states = householdStates({ ...scope, regionPrefix: f.regionPrefix ?? scope.regionPrefix }, [f.asOf]);
      const conds: RawBuilder<boolean>[] = [];
      if (f.status && f.status !== 'not_monitored') conds.push(sql<boolean>`s.status = ${f.status}`);
      if (f.monitored === true) conds.push(sql<boolean>`s.status in (${sql.join(MONITORED_STATUSES)})`);
      if (f.category) conds.push(sql<boolean>`s.category = ${f.category}`);
      if (f.riskType) conds.push(sql<boolean>`${f.riskType} = any(s.risk_types)`);
      if (f.eliminationMethod && !window) conds.push(sql<boolean>`s.elimination_method = ${f.eliminationMethod}`);
      if (conds.length) {
        base = base.where(
          sql<boolean>`h.id in (select s.household_id from (${states}) s where ${sql.join(conds, sql` and `)})`,
        );
      }
      if (f.status === 'not_monitored') {
        base = base.where(sql<boolean>`h.id not in (select s.household_id from (${states}) s)`);
      }
      if (f.monitored === false) {
        base = base.where(
          sql<boolean>`h.id not in (select s.household_id from (${states}) s where s.status in (${sql.join(MONITORED_STATUSES)}))`,
        );
      }
    } else {
      if (f.category) base = base.where('h.monitoringCategory', '=', f.category);
      if (f.status) base = base.where('h.monitoringStatus', '=', f.status);
      if (f.riskType) base = base.where(sql<boolean>`${f.riskType} = any(h.risk_types)`);
      if (f.monitored !== undefined) {
        base = base.where('h.monitoringStatus', f.monitored ? 'in' : 'not in', [...MONITORED_STATUSES]);
      }
      if (f.eliminationMethod && !window) base = base.where('h.eliminationMethod', '=', f.eliminationMethod);
    }
    if (f.householdType) base = base.where('h.householdType', '=', f.householdType);
    if (f.identifiedFrom || f.identifiedTo) {
      base = base.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('monitoringCase as c')
            .select('c.id')
            .whereRef('c.householdId', '=', 'h.id')
            .where('c.confirmedOn', '>=', f.identifiedFrom ?? '0001-01-01')
            .where('c.confirmedOn', '<=', f.identifiedTo ?? '9999-12-31'),
        ),
      );
    }
    if (window) {
      base = base.where(({ exists, selectFrom }) => {
        let c = selectFrom('monitoringCase as c')
          .select('c.id')
          .whereRef('c.householdId', '=', 'h.id')
          .where('c.eliminatedOn', '>=', f.eliminatedFrom ?? '0001-01-01')
          .where('c.eliminatedOn', '<=', f.eliminatedTo ?? '9999-12-31');
        if (f.eliminationMethod) c = c.where('c.eliminationMethod', '=', f.eliminationMethod);
        return exists(c);
      });
    }
    if (f.q) base = base.where(this.termCondition(f.q));
    return base;
  }

  /** The households a search term names: an ID number, a household number, a name or a surname. */
  private termCondition(q: string): RawBuilder<boolean> {
    const term = classifySearch(q);
    // The matching households are few (a person, a name): collect their ids from the member and household
    // indexes first. Left to itself PostgreSQL walks households in household-number order probing members,
    // expecting to fill a page early, which at a million households takes seconds (bench/reports/api.md).
    const ids = (sub: SelectQueryBuilder<DB, 'member', { householdId: string }>) =>
      sql<boolean>`h.id = any(array(${sub}))`;
    if (term.kind === 'id_number') {
      return ids(
        this.db
          .selectFrom('member')
          .select('householdId')
          .where('idNumberIndex', '=', idIndex(term.idNumber))
          .union(
            this.db
              .selectFrom('household')
              .select('id as householdId')
              .where('householdNo', 'like', likePrefix(term.raw)),
          ),
      );
    }
    if (term.kind === 'household_no') return sql<boolean>`h.household_no like ${likePrefix(term.raw)}`;
    const byName = this.db.selectFrom('member').select('householdId').where('name', 'like', likePrefix(term.raw));
    // a surname alone matches a large share of a county: the page fills early in household-number order
    return [...term.raw].length >= 2 ? ids(byName) : sql<boolean>`h.id in (${byName})`;
  }

  async search(scope: Scope, f: HouseholdFilter): Promise<{ items: HouseholdListRow[]; total: number }> {
    const base = this.filtered(scope, f);
    const { limit, offset } = pageWindow(f.page, f.pageSize);
    // The page's households first, then their head, member count and region: a common name matches a thousand
    // households at a million, and the head and count are wanted for the twenty shown (bench/reports/api.md).
    const order = sortTerms(f.sort, HOUSEHOLD_SORT_COLUMNS, ['h.householdNo', 'h.id']) ?? [sql`h.household_no`];
    const page = orderByTerms(
      base.select([
        'h.id',
        'h.householdNo',
        'h.regionCode',
        'h.householdType',
        'h.monitoringStatus',
        'h.monitoringCategory',
        'h.riskTypes',
        'h.version',
      ]),
      order,
    )
      .limit(limit)
      .offset(offset)
      .as('h');
    const itemsQuery = this.db
      .selectFrom(page)
      .leftJoin('region as r', 'r.code', 'h.regionCode')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('member as m')
            .select(['m.name', 'm.idNumber'])
            .whereRef('m.householdId', '=', 'h.id')
            .where('m.relation', '=', 'head')
            .orderBy('m.createdAt')
            .limit(1)
            .as('head'),
        (join) => join.onTrue(),
      )
      .select((eb) => [
        'h.id',
        'h.householdNo',
        'h.regionCode',
        'r.name as regionName',
        'head.name as headName',
        'head.idNumber as headIdNumber',
        eb
          .selectFrom('member as mc')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('mc.householdId', '=', 'h.id')
          .where('mc.deceasedOn', 'is', null)
          .as('memberCount'),
        'h.householdType',
        'h.monitoringStatus',
        'h.monitoringCategory',
        'h.riskTypes',
        'h.version',
      ]);
    const [rows, count] = await Promise.all([
      orderByTerms(itemsQuery, order).execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    const items = rows.map((r) => ({
      ...r,
      regionName: r.regionName ?? null,
      headName: r.headName ?? null,
      headIdNumber: r.headIdNumber ?? null,
      memberCount: Number(r.memberCount ?? 0),
    }));
    return { items, total: Number(count.n) };
  }

  /**
   * A page of the filtered households for an export, in household-number order after `afterHouseholdNo` (a keyset
   * walk, so a large export reads page by page without holding a cursor or the database session).
   */
  async exportPage(
    scope: Scope,
    f: Omit<HouseholdFilter, 'page' | 'pageSize'>,
    afterHouseholdNo: string,
    limit: number,
  ): Promise<HouseholdExportRow[]> {
    const rows = await this.filtered(scope, f)
      .where('h.householdNo', '>', afterHouseholdNo)
      .leftJoin('region as r', 'r.code', 'h.regionCode')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('member as m')
            .select(['m.name', 'm.idNumber'])
            .whereRef('m.householdId', '=', 'h.id')
            .where('m.relation', '=', 'head')
            .orderBy('m.createdAt')
            .limit(1)
            .as('head'),
        (join) => join.onTrue(),
      )
      .select((eb) => [
        'h.id',
        'h.householdNo',
        'h.regionCode',
        'r.name as regionName',
        'h.naturalVillage',
        'head.name as headName',
        'head.idNumber as headIdNumber',
        'h.phone',
        eb
          .selectFrom('member as mc')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('mc.householdId', '=', 'h.id')
          .where('mc.deceasedOn', 'is', null)
          .as('memberCount'),
        'h.householdType',
        'h.liftedYear',
        'h.monitoringStatus',
        'h.monitoringCategory',
        'h.riskTypes',
        'h.firstIdentifiedOn',
        'h.riskEliminatedOn',
        'h.eliminationMethod',
        'h.wholeHouseholdNoLabor',
        'h.receivesDibao',
        'h.isTekun',
        'h.lastVisitOn',
      ])
      .orderBy('h.householdNo')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      ...r,
      regionName: r.regionName ?? null,
      headName: r.headName ?? null,
      headIdNumber: r.headIdNumber ?? null,
      memberCount: Number(r.memberCount ?? 0),
    }));
  }

  get(scope: Scope, id: string): Promise<HouseholdRow | undefined> {
    return this.db
      .selectFrom('household')
      .selectAll()
      .where('id', '=', id)
      .where(inScope('household', scope))
      .executeTakeFirst();
  }

  async householdNoTaken(householdNo: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('household')
      .select('id')
      .where('householdNo', '=', householdNo)
      .executeTakeFirst();
    return !!r;
  }

  insert(row: Insertable<Household>): Promise<HouseholdRow> {
    return this.db.insertInto('household').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** Update when in scope and the version matches; undefined otherwise (the caller tells which). */
  updateVersioned(
    scope: Scope,
    id: string,
    version: number,
    patch: Updateable<Household>,
  ): Promise<HouseholdRow | undefined> {
    return this.db
      .updateTable('household')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .where(inScope('household', scope))
      .returningAll()
      .executeTakeFirst();
  }

  /** Mark the household changed (its members or incomes were edited). */
  async touch(id: string, at: Date): Promise<void> {
    await this.db.updateTable('household').set({ updatedAt: at }).where('id', '=', id).execute();
  }
}
