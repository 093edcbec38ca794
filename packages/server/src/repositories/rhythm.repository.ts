import type { Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { inScope, likePrefix } from './scope.js';

export interface RhythmTaskRow {
  id: string;
  countyCode: string;
  regionCode: string;
  regionName: string | null;
  month: string;
  step: string;
  dueDate: string;
  doneAt: Date | null;
  doneBy: string | null;
  doneByName: string | null;
  note: string | null;
}

export interface NewRhythmTask {
  countyCode: string;
  regionCode: string;
  month: string;
  step: string;
  dueDate: string;
}

/** The places the monthly steps are owed by: the villages and townships of a county. */
export interface RhythmPlace {
  code: string;
  name: string;
  level: 'village' | 'township';
}

/** rhythm_task rows (the seven steps of each month) and the places they belong to. SQL only. */
export class RhythmRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Counties that use the system: those with households or with users working in them. */
  async activeCounties(): Promise<string[]> {
    const r = await sql<{ code: string }>`
      select county_code as code from household
      union
      select substr(scope_code, 1, 6) as code from app_user where length(scope_code) >= 6
      order by code`.execute(this.db);
    return r.rows.map((x) => x.code.trim());
  }

  /** The townships and villages of a county (or a narrower prefix), in code order. */
  async places(prefix: string): Promise<RhythmPlace[]> {
    const rows = await this.db
      .selectFrom('region')
      .select(['code', 'name', 'level'])
      .where('code', 'like', likePrefix(prefix))
      .where('level', 'in', ['township', 'village'])
      .where('countyCode', '=', prefix.slice(0, 6))
      .orderBy('code')
      .execute();
    return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as RhythmPlace['level'] }));
  }

  /** Insert the tasks not there yet (the unique key skips the rest); returns how many were new. */
  async insertMissing(tasks: NewRhythmTask[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < tasks.length; i += 500) {
      const r = await this.db
        .insertInto('rhythmTask')
        .values(tasks.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['month', 'step', 'regionCode']).doNothing())
        .executeTakeFirst();
      inserted += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  }

  private base() {
    return this.db
      .selectFrom('rhythmTask')
      .leftJoin('region', 'region.code', 'rhythmTask.regionCode')
      .leftJoin('appUser', 'appUser.id', 'rhythmTask.doneBy')
      .select([
        'rhythmTask.id',
        'rhythmTask.countyCode',
        'rhythmTask.regionCode',
        'region.name as regionName',
        'rhythmTask.month',
        'rhythmTask.step',
        'rhythmTask.dueDate',
        'rhythmTask.doneAt',
        'rhythmTask.doneBy',
        'appUser.displayName as doneByName',
        'rhythmTask.note',
      ]);
  }

  /** A month's tasks in the scope, by due date, step and region. */
  list(scope: Scope, month: string): Promise<RhythmTaskRow[]> {
    return this.base()
      .where(inScope('rhythmTask', scope))
      .where('rhythmTask.month', '=', month)
      .orderBy('rhythmTask.dueDate')
      .orderBy('rhythmTask.regionCode')
      .execute();
  }

  async get(scope: Scope, id: string): Promise<RhythmTaskRow | undefined> {
    return this.base().where(inScope('rhythmTask', scope)).where('rhythmTask.id', '=', id).executeTakeFirst();
  }

  /** Mark a task done unless it already is; false when someone else was first. */
  async markDone(id: string, by: string, at: Date, note: string | null): Promise<boolean> {
    const r = await this.db
      .updateTable('rhythmTask')
      .set({ doneAt: at, doneBy: by, note })
      .where('id', '=', id)
      .where('doneAt', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** How many tasks a county has for a month (the job's summary). */
  async count(countyCode: string, month: string): Promise<number> {
    const r = await this.db
      .selectFrom('rhythmTask')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('countyCode', '=', countyCode)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    return r.n;
  }
}
