import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Scope } from '@dixian/core';
import type { DB, Member } from '../db/types.js';
import { inScope } from './scope.js';
import { idIndex } from '../security/field-keys.js';

export type MemberRow = Selectable<Member>;

/**
 * Members of one household. Callers pass the id of a household they have already loaded within the actor's
 * scope (`loadHousehold`), so every query here is bound to that household.
 */
export class MemberRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The registered household of a person by ID number (living members only) within a scope, when the name given
   * is the registered name too: an ID number alone does not tie a report to someone's household.
   */
  async householdOfPerson(
    scope: Scope,
    idNumber: string,
    name: string,
  ): Promise<{ householdId: string; regionCode: string } | null> {
    const r = await this.db
      .selectFrom('member as m')
      .innerJoin('household as h', 'h.id', 'm.householdId')
      .select(['h.id', 'h.regionCode'])
      .where('m.idNumberIndex', '=', idIndex(idNumber))
      .where('m.name', '=', name.trim())
      .where('m.deceasedOn', 'is', null)
      .where(inScope('household', scope, 'h'))
      .limit(1)
      .executeTakeFirst();
    return r ? { householdId: r.id, regionCode: r.regionCode } : null;
  }

  ofHousehold(householdId: string): Promise<MemberRow[]> {
    return this.db
      .selectFrom('member')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy((eb) => eb('relation', '=', 'head'), 'desc')
      .orderBy('birthDate')
      .orderBy('id')
      .execute();
  }

  get(householdId: string, id: string): Promise<MemberRow | undefined> {
    return this.db
      .selectFrom('member')
      .selectAll()
      .where('householdId', '=', householdId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Another living member anywhere in the county with this ID number (DOMAIN §8.1: no duplicates). */
  async idNumberTaken(countyCode: string, idNumber: string, exceptId?: string): Promise<boolean> {
    let q = this.db
      .selectFrom('member')
      .select('id')
      .where('idNumberIndex', '=', idIndex(idNumber))
      .where('countyCode', '=', countyCode);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return !!(await q.executeTakeFirst());
  }

  insert(rows: Insertable<Member>[]): Promise<MemberRow[]> {
    return this.db.insertInto('member').values(rows).returningAll().execute();
  }

  updateVersioned(
    householdId: string,
    id: string,
    version: number,
    patch: Updateable<Member>,
  ): Promise<MemberRow | undefined> {
    return this.db
      .updateTable('member')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('householdId', '=', householdId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteVersioned(householdId: string, id: string, version: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('member')
      .where('householdId', '=', householdId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
