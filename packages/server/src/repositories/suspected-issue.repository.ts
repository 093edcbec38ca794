import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** One suspected problem (疑似问题台账, S3 §五 二) about a household, keyed by what raised it. */
export interface SuspectedIssueInput {
  householdId: string;
  area: string;
  /** what raised it ('dq:<rule id>', 'favouritism:<kind>:<record id>'): one open item per household and key */
  sourceFinding: string;
  title: string;
  description: string;
}

/**
 * Suspected issues raised by rules other than the screening run (data quality, 优亲厚友). Idempotent through
 * ledger_item_open_finding_uq: a household with an open item for the same key gets no second one.
 */
export class SuspectedIssueRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async raise(
    items: readonly SuspectedIssueInput[],
    p: { deadline: string | null; createdBy: string | null; at: Date },
  ): Promise<{ id: string; area: string; regionCode: string; householdId: string; sourceFinding: string }[]> {
    if (items.length === 0) return [];
    const r = await sql<{ id: string; area: string; regionCode: string; householdId: string; sourceFinding: string }>`
      insert into ledger_item (ledger, area, county_code, region_code, household_id, source_finding, title, description,
        deadline, status, created_by, created_at, updated_at)
      select 'suspected_issue', v.area, h.county_code, h.region_code, h.id, v.key, v.title, v.description,
        ${p.deadline}::date, 'open', ${p.createdBy}::uuid, ${p.at}, ${p.at}
      from unnest(${items.map((i) => i.householdId)}::uuid[], ${items.map((i) => i.area)}::text[],
        ${items.map((i) => i.sourceFinding)}::text[], ${items.map((i) => i.title)}::text[],
        ${items.map((i) => i.description)}::text[]) as v(household_id, area, key, title, description)
      join household h on h.id = v.household_id
      order by h.region_code, h.household_no
      on conflict (household_id, source_finding) where source_finding is not null and status <> 'closed' do nothing
      returning id, area, region_code, household_id, source_finding`.execute(this.db);
    return r.rows;
  }
}
