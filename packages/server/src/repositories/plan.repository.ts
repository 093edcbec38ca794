import type { Scope } from '@dixian/core';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AssistanceMeasure, AssistancePlan, DB } from '../db/types.js';
import { inScope } from './scope.js';

export type MeasureRow = Selectable<AssistanceMeasure>;

/** A plan with what its scope and deadline come from: its case's village, stage and plan deadline. */
export interface PlanRow extends Selectable<AssistancePlan> {
  regionCode: string;
  caseStage: string;
  planDueOn: string | null;
}

/**
 * Assistance plans and their measures. A plan has no region of its own: it is in an actor's area when its
 * case is, so every read joins the case and applies the scope there.
 */
export class PlanRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** A case's (first) plan with its number of measures, as the case page shows it. */
  firstOfCase(caseId: string) {
    return this.db
      .selectFrom('assistancePlan as p')
      .select([
        'p.id',
        'p.createdOn',
        'p.version',
        (eb) =>
          eb
            .selectFrom('assistanceMeasure as m')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('m.planId', '=', 'p.id')
            .as('measures'),
      ])
      .where('p.caseId', '=', caseId)
      .orderBy('p.createdOn')
      .limit(1)
      .executeTakeFirst();
  }

  get(scope: Scope, id: string): Promise<PlanRow | undefined> {
    return this.db
      .selectFrom('assistancePlan as p')
      .innerJoin('monitoringCase as c', 'c.id', 'p.caseId')
      .selectAll('p')
      .select(['c.regionCode', 'c.stage as caseStage', 'c.planDueOn'])
      .where('p.id', '=', id)
      .where(inScope('monitoringCase', scope, 'c'))
      .executeTakeFirst();
  }

  insert(row: Insertable<AssistancePlan>): Promise<Selectable<AssistancePlan>> {
    return this.db.insertInto('assistancePlan').values(row).returningAll().executeTakeFirstOrThrow();
  }

  updateVersioned(id: string, version: number, patch: Updateable<AssistancePlan>) {
    return this.db
      .updateTable('assistancePlan')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  measures(planId: string): Promise<MeasureRow[]> {
    return this.db
      .selectFrom('assistanceMeasure')
      .selectAll()
      .where('planId', '=', planId)
      .orderBy('startOn')
      .orderBy('id')
      .execute();
  }

  measure(planId: string, id: string): Promise<MeasureRow | undefined> {
    return this.db
      .selectFrom('assistanceMeasure')
      .selectAll()
      .where('planId', '=', planId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  insertMeasures(rows: Insertable<AssistanceMeasure>[]): Promise<MeasureRow[]> {
    return rows.length
      ? this.db.insertInto('assistanceMeasure').values(rows).returningAll().execute()
      : Promise.resolve([]);
  }

  updateMeasureVersioned(
    planId: string,
    id: string,
    version: number,
    patch: Updateable<AssistanceMeasure>,
  ): Promise<MeasureRow | undefined> {
    return this.db
      .updateTable('assistanceMeasure')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('planId', '=', planId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst();
  }

  async deleteMeasureVersioned(planId: string, id: string, version: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('assistanceMeasure')
      .where('planId', '=', planId)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
