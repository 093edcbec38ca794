import { ancestorCodes } from '@dixian/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  AuditLog,
  CaseEvent,
  DB,
  DepartmentWarning,
  MonitoringCase,
  Visit,
  AssistanceMeasure,
} from '../db/types.js';
import type { IncomeRow } from './income.repository.js';
import type { MemberRow } from './member.repository.js';

/** How many rows of each kind the household page shows (newest first); lists have their own endpoints. */
export const DETAIL_LIMIT = 100;

/** Everything the household page shows besides the household row itself. */
export interface HouseholdPageRows {
  regionName: string;
  members: MemberRow[];
  incomes: IncomeRow[];
  cases: Selectable<MonitoringCase>[];
  events: Selectable<CaseEvent>[];
  visits: Selectable<Visit>[];
  measures: Selectable<AssistanceMeasure>[];
  warnings: Selectable<DepartmentWarning>[];
  audit: Selectable<AuditLog>[];
}

/**
 * Rows that json_agg gave: the store's CamelCasePlugin has already camelCased their keys (nested objects too, as
 * for any row); instants (`at`, `…At`) come as ISO text and become Date as the typed builder gives them. Dates
 * stay 'YYYY-MM-DD' text and int8/numeric are JSON numbers, as the store's type parsers give them.
 */
function fromJson<T>(rows: Record<string, unknown>[]): T[] {
  return rows.map((r) => {
    const out: Record<string, unknown> = { ...r };
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === 'string' && (k === 'at' || k.endsWith('At'))) out[k] = new Date(v);
    }
    return out as T;
  });
}

export class HouseholdDetailRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The household page in one round trip: the region's full name, the members (head first, then by age), the
   * income records (newest year first), the cases (newest episode first) and the newest DETAIL_LIMIT case events,
   * visits, measures, warnings and audit records of the household. The page is the most requested one, and
   * one statement instead of ten round trips is most of its cost (bench/reports/api.md).
   */
  async page(householdId: string, regionCode: string): Promise<HouseholdPageRows> {
    const limit = DETAIL_LIMIT;
    const r = await sql<{
      regionName: string | null;
      members: Record<string, unknown>[];
      incomes: Record<string, unknown>[];
      cases: Record<string, unknown>[];
      events: Record<string, unknown>[];
      visits: Record<string, unknown>[];
      measures: Record<string, unknown>[];
      warnings: Record<string, unknown>[];
      audit: Record<string, unknown>[];
    }>`select
      (select string_agg(r.name, '' order by length(r.code)) from region r
        where r.code = any(${[...ancestorCodes(regionCode), regionCode]}::text[])) as region_name,
      (select coalesce(json_agg(m order by m.relation = 'head' desc, m.birth_date, m.id), '[]')
         from member m where m.household_id = ${householdId}) as members,
      (select coalesce(json_agg(i order by i.year desc, i.period_end desc), '[]')
         from income_record i where i.household_id = ${householdId}) as incomes,
      (select coalesce(json_agg(c order by c.episode desc, c.created_at desc), '[]')
         from monitoring_case c where c.household_id = ${householdId}) as cases,
      (select coalesce(json_agg(e order by e.at desc), '[]') from (
         select e.* from case_event e join monitoring_case c on c.id = e.case_id
          where c.household_id = ${householdId} order by e.at desc limit ${limit}) e) as events,
      (select coalesce(json_agg(v order by v.visited_on desc), '[]') from (
         select * from visit where household_id = ${householdId} order by visited_on desc limit ${limit}) v) as visits,
      (select coalesce(json_agg(m order by m.start_on desc), '[]') from (
         select * from assistance_measure where household_id = ${householdId}
          order by start_on desc limit ${limit}) m) as measures,
      (select coalesce(json_agg(w order by w.created_at desc), '[]') from (
         select * from department_warning where household_id = ${householdId}
          order by created_at desc limit ${limit}) w) as warnings,
      (select coalesce(json_agg(a order by a.seq desc), '[]') from (
         select * from audit_log where target_type = 'household' and target_id = ${householdId}
          order by seq desc limit ${limit}) a) as audit`.execute(this.db);
    const x = r.rows[0]!;
    return {
      regionName: x.regionName ?? '',
      members: fromJson(x.members),
      incomes: fromJson(x.incomes),
      cases: fromJson(x.cases),
      events: fromJson(x.events),
      visits: fromJson(x.visits),
      measures: fromJson(x.measures),
      warnings: fromJson(x.warnings),
      audit: fromJson(x.audit),
    };
  }
}
