import type { Scope } from '@dixian/core';
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, VisitPhoto } from '../db/types.js';
import { inScope } from './scope.js';

export type VisitPhotoRow = Selectable<VisitPhoto>;

/** A visit's photos (migration 0110); the files themselves are under the photo directory (services/photo-store.ts). */
export class VisitPhotoRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(row: Insertable<VisitPhoto>): Promise<VisitPhotoRow> {
    return this.db.insertInto('visitPhoto').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** The photos of these visits, oldest first. */
  async ofVisits(visitIds: readonly string[]): Promise<VisitPhotoRow[]> {
    if (!visitIds.length) return [];
    return this.db
      .selectFrom('visitPhoto')
      .selectAll()
      .where('visitId', 'in', visitIds)
      .orderBy('createdAt')
      .orderBy('id')
      .execute();
  }

  async countOf(visitId: string): Promise<number> {
    const r = await this.db
      .selectFrom('visitPhoto')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('visitId', '=', visitId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A photo, if its household lies in the scope now, with the household's region (the access target). */
  get(scope: Scope, id: string): Promise<(VisitPhotoRow & { householdRegionCode: string }) | undefined> {
    return this.db
      .selectFrom('visitPhoto as p')
      .innerJoin('household as h', 'h.id', 'p.householdId')
      .selectAll('p')
      .select('h.regionCode as householdRegionCode')
      .where('p.id', '=', id)
      .where(inScope('household', scope, 'h'))
      .executeTakeFirst();
  }
}
