import type { Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope } from './scope.js';

export interface NoticeRow {
  noticeId: string;
  caseId: string;
  startOn: string;
  endOn: string;
  place: string | null;
  closedOn: string | null;
  headName: string | null;
  naturalVillage: string | null;
  size: number;
  category: string | null;
  eliminationMethod: string | null;
  active: boolean;
}

export interface ContactRow {
  role: string;
  displayName: string;
  phone: string | null;
}

/** The public notices of a village and the officials to object to. */
export class NoticeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The households on the village's notices of one purpose: posted on `asOf` (active: its period covers the day and
   * it was not taken down before), taken down, or all; newest period first.
   */
  async households(
    scope: Scope,
    village: string,
    purpose: string,
    asOf: string,
    active: boolean | undefined,
  ): Promise<NoticeRow[]> {
    const isActive = sql<boolean>`(n.start_on <= ${asOf}::date and n.end_on >= ${asOf}::date
      and (n.closed_on is null or n.closed_on >= ${asOf}::date))`;
    const which =
      active === true
        ? sql`and ${isActive}`
        : active === false
          ? sql`and n.start_on <= ${asOf}::date and not ${isActive}`
          : sql``;
    const r = await sql<NoticeRow>`
      select n.id as notice_id, n.case_id, n.start_on, n.end_on, n.place, n.closed_on, head.name as head_name,
        h.natural_village, (select count(*) from member m where m.household_id = h.id and m.deceased_on is null)::int
          as size, c.category, c.elimination_method, ${isActive} as active
      from public_notice n
      join monitoring_case c on c.id = n.case_id
      join household h on h.id = c.household_id
      left join lateral (
        select m.name from member m where m.household_id = h.id and m.relation = 'head' order by m.created_at limit 1
      ) head on true
      where ${inScope('publicNotice', scope, 'n')} and n.region_code = ${village} and n.purpose = ${purpose} ${which}
      order by n.start_on desc, n.end_on desc, h.natural_village nulls last, h.household_no`.execute(this.db);
    return r.rows;
  }

  /** Village cadres of the village and officers of its township who may receive an objection. */
  async contacts(village: string, township: string | null): Promise<ContactRow[]> {
    let q = this.db
      .selectFrom('appUser')
      .select(['role', 'displayName', 'phone'])
      .where('disabled', '=', false)
      .where((eb) =>
        eb.or([
          eb.and([eb('role', '=', 'village_cadre'), eb('scopeCode', '=', village)]),
          ...(township ? [eb.and([eb('role', '=', 'township_officer'), eb('scopeCode', '=', township)])] : []),
        ]),
      );
    q = q.orderBy('role').orderBy('displayName');
    return q.execute();
  }
}
