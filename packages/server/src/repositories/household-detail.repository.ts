import type { Scope } from '@dixian/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type {
  AuditLog,
  CaseEvent,
  DB,
  DepartmentWarning,
  MonitoringCase,
  Visit,
  VisitPhoto,
  AssistanceMeasure,
} from '../db/types.js';
import type { HouseholdRow } from './household.repository.js';
import type { IncomeRow } from './income.repository.js';
import type { MemberRow } from './member.repository.js';
import { inScope } from './scope.js';

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
  /** the photos of the visits shown */
  photos: Selectable<VisitPhoto>[];
  measures: Selectable<AssistanceMeasure>[];
  warnings: Selectable<DepartmentWarning>[];
  audit: Selectable<AuditLog>[];
}

/** The household row and its page. */
export interface HouseholdPage extends HouseholdPageRows {
  household: HouseholdRow;
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
   * The household page in one round trip, the household row included: the household if it lies in the scope
   * (undefined otherwise), the region's full name, the members (head first, then by age), the income records
   * (newest year first), the cases (newest episode first) and the newest DETAIL_LIMIT case events, visits,
   * measures, warnings and audit records of the household. The page is the most requested one, and one statement
   * instead of several round trips is most of its cost (bench/reports/api.md).
   */
  async page(scope: Scope, householdId: string): Promise<HouseholdPage | undefined> {
    const limit = DETAIL_LIMIT;
    const json = sql<Record<string, unknown>[]>;
    const row = await this.db
      .selectFrom('household as h')
      .selectAll('h')
      .select([
        // the region and its ancestors (2, 4, 6, 9 digits: ancestorCodes in core)
        sql<string | null>`(select string_agg(r.name, '' order by length(r.code)) from region r
          where r.code = any(array[left(h.region_code, 2), left(h.region_code, 4), left(h.region_code, 6),
                                   left(h.region_code, 9), h.region_code]))`.as('pageRegionName'),
        json`(select coalesce(json_agg(m order by m.relation = 'head' desc, m.birth_date, m.id), '[]')
          from member m where m.household_id = h.id)`.as('pageMembers'),
        json`(select coalesce(json_agg(i order by i.year desc, i.period_end desc), '[]')
          from income_record i where i.household_id = h.id)`.as('pageIncomes'),
        json`(select coalesce(json_agg(c order by c.episode desc, c.created_at desc), '[]')
          from monitoring_case c where c.household_id = h.id)`.as('pageCases'),
        json`(select coalesce(json_agg(e order by e.at desc), '[]') from (
          select e.* from case_event e join monitoring_case c on c.id = e.case_id
           where c.household_id = h.id order by e.at desc limit ${limit}) e)`.as('pageEvents'),
        json`(select coalesce(json_agg(v order by v.visited_on desc), '[]') from (
          select * from visit v where v.household_id = h.id order by v.visited_on desc limit ${limit}) v)`.as(
          'pageVisits',
        ),
        json`(select coalesce(json_agg(p order by p.created_at), '[]') from (
          select p.* from visit_photo p where p.visit_id in (
            select v.id from visit v where v.household_id = h.id order by v.visited_on desc limit ${limit})) p)`.as(
          'pagePhotos',
        ),
        json`(select coalesce(json_agg(m order by m.start_on desc), '[]') from (
          select * from assistance_measure m where m.household_id = h.id
           order by m.start_on desc limit ${limit}) m)`.as('pageMeasures'),
        json`(select coalesce(json_agg(w order by w.created_at desc), '[]') from (
          select * from department_warning w where w.household_id = h.id
           order by w.created_at desc limit ${limit}) w)`.as('pageWarnings'),
        json`(select coalesce(json_agg(a order by a.seq desc), '[]') from (
          select * from audit_log a where a.target_type = 'household' and a.target_id = h.id::text
           order by a.seq desc limit ${limit}) a)`.as('pageAudit'),
      ])
      .where('h.id', '=', householdId)
      .where(inScope('household', scope, 'h'))
      .executeTakeFirst();
    if (!row) return undefined;
    const {
      pageRegionName,
      pageMembers,
      pageIncomes,
      pageCases,
      pageEvents,
      pageVisits,
      pagePhotos,
      pageMeasures,
      pageWarnings,
      pageAudit,
      ...household
    } = row;
    return {
      household,
      regionName: pageRegionName ?? '',
      members: fromJson(pageMembers),
      incomes: fromJson(pageIncomes),
      cases: fromJson(pageCases),
      events: fromJson(pageEvents),
      visits: fromJson(pageVisits),
      photos: fromJson(pagePhotos),
      measures: fromJson(pageMeasures),
      warnings: fromJson(pageWarnings),
      audit: fromJson(pageAudit),
    };
  }
}
