import type { Scope } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope } from './scope.js';

/**
 * What the interim data-accuracy checks of point 8 read (services/eight-points/data-accuracy.ts): the resident-ID
 * members still in the households of a scope (ID numbers are sealed at rest, so they are checked in TypeScript
 * after the store opens them), and the households without a head.
 */
export class DataAccuracyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async residentIds(scope: Scope): Promise<{ householdId: string; idNumber: string | null }[]> {
    return this.db
      .selectFrom('member as m')
      .innerJoin('household as h', 'h.id', 'm.householdId')
      .select(['m.householdId', 'm.idNumber'])
      .where(inScope('household', scope, 'h'))
      .where('h.closedOn', 'is', null)
      .where('m.leftOn', 'is', null)
      .where('m.idType', '=', 'resident_id')
      .execute();
  }

  async withoutHead(scope: Scope): Promise<string[]> {
    const rows = await this.db
      .selectFrom('household as h')
      .select('h.id')
      .where(inScope('household', scope, 'h'))
      .where('h.closedOn', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('member as m')
              .select('m.id')
              .whereRef('m.householdId', '=', 'h.id')
              .where('m.relation', '=', 'head')
              .where('m.leftOn', 'is', null),
          ),
        ),
      )
      .execute();
    return rows.map((r) => r.id);
  }
}
