import type { Scope } from '@dixian/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, IncomeRecord } from '../db/types.js';
import { inScope } from './scope.js';
import { visitDueSql, type VisitIntervals } from './visit-due.sql.js';

/**
 * What goes to the phone (issue 18 §1, §5): the open households of an area, a page at a time by id, each with what
 * a cadre needs in the field, in three statements a page (the page's ids, their rows, their income records); with
 * `since`, only the households where anything the phone holds changed. Set-based: no statement per household.
 */

/** A write that started before the watermark may commit after it: a change this recent is sent again next time. */
const COMMIT_MARGIN = sql`interval '2 minutes'`;

export interface OfflineFilter {
  /** the watermark of the last complete download: only households changed after it */
  since: Date | null;
  after: string | null;
  limit: number;
  /** the visits-due definition's inputs (visit-due.sql.ts) */
  today: string;
  intervals: readonly VisitIntervals[];
}

export interface OfflineMemberRow {
  id: string;
  name: string;
  relation: string | null;
  sex: string | null;
  birthYear: number | null;
  idNumber: string | null;
  health: string | null;
  laborAbility: string | null;
  inHousehold: boolean;
  /** what core's isCountedMember reads (not sent to the phone) */
  birthDate: string;
  deceasedOn: string | null;
  registeredHere: boolean;
  livesAndShares: boolean;
}

/** An income record as core's incomeRecordInForce reads it. */
export type OfflineIncomeRow = Selectable<IncomeRecord>;

export interface OfflineHouseholdRow {
  id: string;
  householdNo: string;
  regionCode: string;
  regionName: string | null;
  headName: string | null;
  householdType: string;
  monitoringStatus: string;
  monitoringCategory: string | null;
  riskTypes: string[];
  lastVisitOn: string | null;
  dueOn: string | null;
  overdue: boolean | null;
  naturalVillage: string | null;
  address: string | null;
  housingStructure: string | null;
  housingSafetyGrade: string | null;
  drinkingWaterSafe: boolean;
  waterIssue: string | null;
  pairedPartyMember: string | null;
  version: number;
  updatedAt: Date;
  members: OfflineMemberRow[];
  openCase: { id: string; stage: string; currentDueOn: string | null; currentDueKind: string | null } | null;
  measures: {
    id: string;
    planId: string;
    type: string;
    description: string | null;
    status: string;
    endOn: string | null;
    version: number;
  }[];
}

export class OfflineRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The open households of the area (not closed, not merged away). */
  private open(scope: Scope) {
    return sql`${inScope('household', scope, 'h')} and h.closed_on is null and h.merged_into_id is null`;
  }

  /** Every open household id of the area, in id order (the phone drops the ones no longer listed). */
  async allIds(scope: Scope): Promise<string[]> {
    const r = await sql<{ id: string }>`select h.id from household h where ${this.open(scope)} order by h.id`.execute(
      this.db,
    );
    return r.rows.map((x) => x.id);
  }

  /**
   * One page's household ids after the cursor (one more than `limit` when another page follows), and how many
   * households the whole download sends.
   */
  async pageIds(
    scope: Scope,
    f: Pick<OfflineFilter, 'since' | 'after' | 'limit'>,
  ): Promise<{ ids: string[]; total: number }> {
    const r = await sql<{ id: string | null; total: number }>`
      with sel as (select h.id from household h where ${this.open(scope)} and ${changedSince(f.since)}),
      page as (select s.id from sel s where ${f.after ? sql`s.id > ${f.after}::uuid` : sql`true`} order by s.id limit ${f.limit + 1})
      select p.id, (select count(*) from sel)::int as total from (select 1) one left join page p on true
      order by p.id`.execute(this.db);
    return { ids: r.rows.flatMap((x) => (x.id ? [x.id] : [])), total: r.rows[0]?.total ?? 0 };
  }

  /** The rows of these households, in id order, with their visit due day from the one definition. */
  async households(
    scope: Scope,
    ids: readonly string[],
    f: Pick<OfflineFilter, 'today' | 'intervals'>,
  ): Promise<OfflineHouseholdRow[]> {
    if (!ids.length) return [];
    const idList = sql`${[...ids]}::uuid[]`;
    const r = await sql<OfflineHouseholdRow>`
      select h.id, h.household_no, h.region_code, rg.name as region_name,
        (select m.name from member m where m.household_id = h.id and m.relation = 'head' order by m.created_at limit 1)
          as head_name,
        h.household_type, h.monitoring_status, h.monitoring_category, h.risk_types, h.last_visit_on,
        d.due_on, d.overdue, h.natural_village, h.address, h.housing_structure, h.housing_safety_grade,
        h.drinking_water_safe, h.water_issue, h.paired_party_member, h.version, h.updated_at,
        (select coalesce(json_agg(json_build_object('id', m.id, 'name', m.name, 'relation', m.relation, 'sex', m.sex,
            'birthYear', extract(year from m.birth_date)::int, 'idNumber', m.id_number, 'health', m.health_status,
            'laborAbility', m.labor_capacity, 'inHousehold', m.left_on is null and m.deceased_on is null,
            'birthDate', m.birth_date, 'deceasedOn', m.deceased_on, 'registeredHere', m.registered_here,
            'livesAndShares', m.lives_and_shares)
            order by m.relation = 'head' desc, m.birth_date, m.id), '[]')
           from member m where m.household_id = h.id) as members,
        (select json_build_object('id', c.id, 'stage', c.stage, 'currentDueOn', c.current_due_on,
            'currentDueKind', c.current_due_kind)
           from monitoring_case c where c.household_id = h.id and c.stage not in ('rejected', 'eliminated')
          order by c.episode desc, c.created_at desc limit 1) as open_case,
        (select coalesce(json_agg(json_build_object('id', a.id, 'planId', a.plan_id, 'type', a.type, 'description', a.description,
            'status', a.status, 'endOn', a.end_on, 'version', a.version) order by a.start_on nulls last, a.id), '[]')
           from assistance_measure a where a.household_id = h.id and a.status in ('planned', 'implementing'))
          as measures
      from household h
      left join region rg on rg.code = h.region_code
      left join (${visitDueSql(scope, f.today, f.intervals, sql<boolean>`h.id = any(${idList})`)}) d
        on d.household_id = h.id
      where h.id = any(${idList}) and ${inScope('household', scope, 'h')}
      order by h.id`.execute(this.db);
    return r.rows;
  }

  /** The income records of these households (the record in force is core's choice, not an ORDER BY here). */
  incomes(ids: readonly string[]): Promise<OfflineIncomeRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .selectFrom('incomeRecord')
      .selectAll()
      .where('householdId', 'in', [...ids])
      .orderBy('householdId')
      .orderBy('id')
      .execute();
  }
}

/**
 * The household, or anything of it the phone holds, changed after `since` (less the commit margin). A deletion
 * leaves no row to compare: anything audited against the household counts too (a measure deleted, say).
 */
function changedSince(since: Date | null) {
  if (!since) return sql`true`;
  const t = sql`(${since.toISOString()}::timestamptz - ${COMMIT_MARGIN})`;
  return sql`(h.updated_at > ${t}
    or exists (select 1 from member m where m.household_id = h.id and m.updated_at > ${t})
    or exists (select 1 from income_record i where i.household_id = h.id and i.created_at > ${t})
    or exists (select 1 from monitoring_case c where c.household_id = h.id and c.updated_at > ${t})
    or exists (select 1 from case_event e join monitoring_case c on c.id = e.case_id
                where c.household_id = h.id and e.at > ${t})
    or exists (select 1 from assistance_measure a where a.household_id = h.id and a.updated_at > ${t})
    or exists (select 1 from visit v where v.household_id = h.id and v.created_at > ${t})
    or exists (select 1 from visit_photo p where p.household_id = h.id and p.created_at > ${t})
    or exists (select 1 from audit_log a where a.target_type = 'household' and a.target_id = h.id::text
                and a.at > ${t}))`;
}
