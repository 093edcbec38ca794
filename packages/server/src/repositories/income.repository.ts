import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, IncomeRecord } from '../db/types.js';

export type IncomeRow = Selectable<IncomeRecord>;

/** Income records (收支情况) of one household already loaded within the actor's scope. */
export class IncomeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  ofHousehold(householdId: string): Promise<IncomeRow[]> {
    return this.db
      .selectFrom('incomeRecord')
      .selectAll()
      .where('householdId', '=', householdId)
      .orderBy('year', 'desc')
      .orderBy('periodEnd', 'desc')
      .execute();
  }

  get(householdId: string, id: string): Promise<IncomeRow | undefined> {
    return this.db
      .selectFrom('incomeRecord')
      .selectAll()
      .where('householdId', '=', householdId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The annual record of a year, if any (one per household and year). */
  annualOf(householdId: string, year: number): Promise<IncomeRow | undefined> {
    return this.db
      .selectFrom('incomeRecord')
      .selectAll()
      .where('householdId', '=', householdId)
      .where('year', '=', year)
      .where('kind', '=', 'annual')
      .executeTakeFirst();
  }

  insert(row: Insertable<IncomeRecord>): Promise<IncomeRow> {
    return this.db.insertInto('incomeRecord').values(row).returningAll().executeTakeFirstOrThrow();
  }

  update(householdId: string, id: string, patch: Updateable<IncomeRecord>): Promise<IncomeRow | undefined> {
    return this.db
      .updateTable('incomeRecord')
      .set(patch)
      .where('householdId', '=', householdId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(householdId: string, id: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('incomeRecord')
      .where('householdId', '=', householdId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
