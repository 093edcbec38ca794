import type { Scope } from '@dixian/core';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB, IntegrityRecord } from '../db/types.js';
import { inScope, pageWindow } from './scope.js';

export interface IntegrityRow {
  id: string;
  householdId: string | null;
  householdNo: string | null;
  headName: string | null;
  memberId: string | null;
  memberName: string | null;
  regionCode: string | null;
  regionName: string | null;
  kind: string;
  reason: string;
  sanction: string | null;
  decidedOn: string;
  caseId: string | null;
  recoveryFen: number;
  recoveredFen: number;
  removedOn: string | null;
  removalReason: string | null;
  version: number;
}

export interface IntegrityFilter {
  householdId?: string | undefined;
  active?: boolean | undefined;
  kind?: string | undefined;
}

/** The 失信 list. Its rows carry no region: the household they name places them (and scopes them). */
export class IntegrityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private base(scope: Scope, f: IntegrityFilter) {
    let q = this.db
      .selectFrom('integrityRecord as r')
      .innerJoin('household as household', 'household.id', 'r.householdId')
      .where(inScope('household', scope));
    if (f.householdId) q = q.where('r.householdId', '=', f.householdId);
    if (f.active === true) q = q.where('r.removedOn', 'is', null);
    if (f.active === false) q = q.where('r.removedOn', 'is not', null);
    if (f.kind) q = q.where('r.kind', '=', f.kind);
    return q;
  }

  private detailed(scope: Scope, f: IntegrityFilter) {
    return this.base(scope, f)
      .leftJoin('region', 'region.code', 'household.regionCode')
      .leftJoin('member as m', 'm.id', 'r.memberId')
      .select([
        'r.id',
        'r.householdId',
        'household.householdNo',
        sql<
          string | null
        >`(select h.name from member h where h.household_id = household.id and h.relation = 'head' limit 1)`.as(
          'headName',
        ),
        'r.memberId',
        'm.name as memberName',
        'household.regionCode',
        'region.name as regionName',
        'r.kind',
        'r.reason',
        'r.sanction',
        sql<string>`to_char(r.decided_on, 'YYYY-MM-DD')`.as('decidedOn'),
        'r.caseId',
        sql<number>`r.recovery_fen::float8`.as('recoveryFen'),
        sql<number>`r.recovered_fen::float8`.as('recoveredFen'),
        sql<string | null>`to_char(r.removed_on, 'YYYY-MM-DD')`.as('removedOn'),
        'r.removalReason',
        'r.version',
      ]);
  }

  async list(
    scope: Scope,
    f: IntegrityFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ rows: IntegrityRow[]; total: number }> {
    const { limit, offset } = pageWindow(page.page, page.pageSize);
    const [rows, count] = await Promise.all([
      this.detailed(scope, f).orderBy('r.decidedOn', 'desc').orderBy('r.id').limit(limit).offset(offset).execute(),
      this.base(scope, f)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows as IntegrityRow[], total: Number(count.n) };
  }

  async get(scope: Scope, id: string): Promise<IntegrityRow | undefined> {
    return (await this.detailed(scope, {}).where('r.id', '=', id).executeTakeFirst()) as IntegrityRow | undefined;
  }

  /** A household's records still on the list, the most recent first (what an application is checked against). */
  async activeOf(householdId: string): Promise<IntegrityRow[]> {
    return (await this.detailed({ regionPrefix: '' }, { householdId, active: true })
      .orderBy('r.decidedOn', 'desc')
      .execute()) as IntegrityRow[];
  }

  async insert(row: Insertable<IntegrityRecord>): Promise<string> {
    return (await this.db.insertInto('integrityRecord').values(row).returning('id').executeTakeFirstOrThrow()).id;
  }

  /**
   * What a paid payroll took back (its lines' recoveries) counted as returned on the records still on the list that
   * came from those cases, never above what was to be returned. The records changed, before and after.
   */
  async addPayrollRecoveries(
    payrollId: string,
  ): Promise<{ id: string; householdId: string | null; before: number; after: number }[]> {
    const r = await sql<{ id: string; householdId: string | null; before: string; after: string }>`
      update integrity_record r set
        recovered_fen = least(r.recovery_fen, r.recovered_fen + l.recovery_fen), version = r.version + 1
      from payroll_line l, integrity_record old
      where l.payroll_id = ${payrollId} and l.recovery_fen > 0 and r.case_id = l.case_id and r.removed_on is null
        and old.id = r.id and r.recovered_fen < r.recovery_fen
      returning r.id, r.household_id, old.recovered_fen as before, r.recovered_fen as after`.execute(this.db);
    return r.rows.map((x) => ({ ...x, before: Number(x.before), after: Number(x.after) }));
  }

  /** A versioned change; false when the version read is stale. */
  async update(
    id: string,
    version: number,
    patch: Partial<Pick<IntegrityRecord, 'removedOn' | 'removalReason' | 'removedBy'>> & { recoveredFen?: number },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('integrityRecord')
      .set({ ...patch, version: version + 1 } as never)
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
