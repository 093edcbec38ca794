import { CLOSED_STAGES, type Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope } from './scope.js';

/** What a flag is about: a case, a measure or social assistance the cadre handled, or his own household's. */
export type FavouritismKind = 'case' | 'measure' | 'assistance' | 'own_case' | 'own_assistance';

export interface FavouritismFlag {
  kind: FavouritismKind;
  recordId: string;
  householdId: string;
  householdNo: string;
  userId: string;
  displayName: string;
  /** how the household is the cadre's: his own (same household), or a relative registered in the register */
  relation: 'same_household' | 'registered_relative';
}

/**
 * 优亲厚友 (issue 17 §3, S3 二) as one statement: the households of each linked staff member's circle (his own
 * household; the relatives his household registers in another household, by link or ID number; the households that
 * register him or a member of his household as their relative), then the cases, measures and social assistance of
 * those households he handled, and his own household's monitoring and assistance in force. Only households of the
 * scope are flagged.
 */
export class FavouritismRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async flags(scope: Scope): Promise<FavouritismFlag[]> {
    const closed = sql.join(CLOSED_STAGES.map((s) => sql.lit(s)));
    const r = await sql<FavouritismFlag>`
      with u as (
        select a.id as user_id, a.display_name, m.household_id as own_hh
        from app_user a join member m on m.id = a.person_member_id
        where a.person_member_id is not null and not a.disabled
      ),
      own_idx as (
        select u.user_id, m.id_number_index from u join member m on m.household_id = u.own_hh
        where m.id_number_index is not null
      ),
      rel as (
        select user_id, own_hh as household_id, 'same_household' as relation from u
        union
        select u.user_id, sr.other_household_id, 'registered_relative' from u
          join separate_relative sr on sr.household_id = u.own_hh where sr.other_household_id is not null
        union
        select u.user_id, om.household_id, 'registered_relative' from u
          join separate_relative sr on sr.household_id = u.own_hh
          join member om on om.id_number_index = sr.id_number_index
        union
        select u.user_id, sr.household_id, 'registered_relative' from u
          join separate_relative sr on sr.other_household_id = u.own_hh
        union
        select oi.user_id, sr.household_id, 'registered_relative' from own_idx oi
          join separate_relative sr on sr.id_number_index = oi.id_number_index
      ),
      circle as (
        select distinct on (r.user_id, r.household_id) r.user_id, r.household_id, r.relation
        from rel r join household h on h.id = r.household_id
        where ${inScope('household', scope, 'h')}
        order by r.user_id, r.household_id, r.relation desc
      ),
      f as (
        select 'case' as kind, c.id as record_id, c.household_id, k.user_id, k.relation
        from circle k join monitoring_case c on c.household_id = k.household_id
        where exists (select 1 from case_event e where e.case_id = c.id and e.actor_id = k.user_id)
          or exists (select 1 from lead l where l.id = c.lead_id and l.created_by = k.user_id)
        union all
        select 'measure', am.id, am.household_id, k.user_id, k.relation
        from circle k join assistance_measure am on am.household_id = k.household_id
          join assistance_plan p on p.id = am.plan_id
        where p.contact_user_id = k.user_id
        union all
        select 'assistance', sa.id, sa.household_id, k.user_id, k.relation
        from circle k join social_assistance_case sa on sa.household_id = k.household_id
        where sa.created_by = k.user_id or sa.decided_by = k.user_id
        union all
        select 'own_case', c.id, c.household_id, k.user_id, k.relation
        from circle k join monitoring_case c on c.household_id = k.household_id
        where k.relation = 'same_household' and c.confirmed_on is not null and c.stage not in (${closed})
        union all
        select 'own_assistance', sa.id, sa.household_id, k.user_id, k.relation
        from circle k join social_assistance_case sa on sa.household_id = k.household_id
        where k.relation = 'same_household' and sa.status = 'approved'
      )
      select f.kind, f.record_id, f.household_id, h.household_no, f.user_id, u.display_name, f.relation
      from f join household h on h.id = f.household_id join app_user u on u.id = f.user_id
      order by h.region_code, h.household_no, f.kind, f.record_id`.execute(this.db);
    return r.rows;
  }

  /** A living member still in a household of the county, by the blind index of the ID number. */
  async memberByIdIndex(index: string, countyCode: string): Promise<string | null> {
    const r = await sql<{ id: string }>`
      select m.id from member m join household h on h.id = m.household_id
      where m.id_number_index = ${index} and m.county_code like ${`${countyCode}%`} and m.deceased_on is null
        and m.left_on is null and h.closed_on is null and h.merged_into_id is null
      order by m.id limit 1`.execute(this.db);
    return r.rows[0]?.id ?? null;
  }
}
