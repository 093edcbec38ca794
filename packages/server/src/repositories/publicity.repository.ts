import type { Scope } from '@dixian/core';
import type { Insertable, Kysely } from 'kysely';
import type { AwarenessSurvey, DB, PublicityDelivery } from '../db/types.js';
import { headNameOf } from './head-name.sql.js';

/** Publicity records (S3 §三(一)): leaflets delivered per household and awareness surveys, within a scope. */
export class PublicityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertDelivery(row: Insertable<PublicityDelivery>): Promise<string | null> {
    const r = await this.db
      .insertInto('publicityDelivery')
      .values(row)
      .onConflict((oc) => oc.columns(['householdId', 'leaflet', 'year', 'countyCode']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return r?.id ?? null;
  }

  private deliveries(scope: Scope, year?: number) {
    let q = this.db
      .selectFrom('publicityDelivery as d')
      .innerJoin('household as h', 'h.id', 'd.householdId')
      .where('d.regionCode', 'like', `${scope.regionPrefix}%`);
    if (year) q = q.where('d.year', '=', year);
    return q;
  }

  async listDeliveries(scope: Scope, f: { year?: number | undefined; limit: number; offset: number; id?: string }) {
    let q = this.deliveries(scope, f.year);
    if (f.id) q = q.where('d.id', '=', f.id);
    const rows = await q
      .select([
        'd.id',
        'd.householdId',
        'h.householdNo',
        headNameOf('d.householdId').as('headName'),
        'd.regionCode',
        'd.leaflet',
        'd.deliveredOn',
        'd.deliveredBy',
        'd.signatureRef',
        'd.photoRef',
        'd.createdAt',
      ])
      .orderBy('d.deliveredOn', 'desc')
      .orderBy('d.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const total = await this.deliveries(scope, f.year)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  async insertSurvey(row: Insertable<AwarenessSurvey>): Promise<string> {
    const r = await this.db.insertInto('awarenessSurvey').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async listSurveys(scope: Scope, f: { year?: number | undefined; limit: number; offset: number; id?: string }) {
    let q = this.db.selectFrom('awarenessSurvey as s').where('s.regionCode', 'like', `${scope.regionPrefix}%`);
    if (f.year) q = q.where('s.surveyedOn', '>=', `${f.year}-01-01`).where('s.surveyedOn', '<=', `${f.year}-12-31`);
    if (f.id) q = q.where('s.id', '=', f.id);
    const rows = await q
      .leftJoin('region as r', 'r.code', 's.regionCode')
      .select([
        's.id',
        's.regionCode',
        'r.name as regionName',
        's.surveyedOn',
        's.respondents',
        's.aware',
        's.conductedBy',
        's.note',
        's.createdAt',
      ])
      .orderBy('s.surveyedOn', 'desc')
      .orderBy('s.id')
      .limit(f.limit)
      .offset(f.offset)
      .execute();
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }
}
