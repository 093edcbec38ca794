import type { Scope } from '@dixian/core';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, Household, IncomeRecord, Member, RegistryImport } from '../db/types.js';
import type { HouseholdRow } from './household.repository.js';
import type { IncomeRow } from './income.repository.js';
import type { MemberRow } from './member.repository.js';
import { idIndex } from '../security/field-keys.js';

export type RegistryImportRow = Selectable<RegistryImport>;
export type ChangeEntity = 'household' | 'member' | 'income';

/** Rows per multi-row statement: well below PostgreSQL's 65,535 parameters for the widest table. */
const CHUNK = 400;

function chunks<T>(rows: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += n) out.push(rows.slice(i, i + n));
  return out;
}

/** Tables whose rows point at a household without cascading: a created household with any of them stays. */
const HOUSEHOLD_REFERENCES = [
  'lead',
  'monitoring_case',
  'visit',
  'assistance_plan',
  'assistance_measure',
  'department_warning',
  'social_assistance_case',
  'integrity_record',
  'ledger_item',
  'household_risk_event',
  'change_request',
  'campaign_check',
  'disaster_household',
  'payroll_line',
] as const;

/**
 * Register imports (issue 14 §4): the batches and their staged rows, the county's header aliases, the before-images
 * of a commit and the fingerprints an undo checks. Batches are read within the caller's scope (their region is
 * the uploader's area).
 */
export class RegistryImportRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(row: Insertable<RegistryImport>): Promise<RegistryImportRow> {
    return this.db.insertInto('registryImport').values(row).returningAll().executeTakeFirstOrThrow();
  }

  async addRows(importId: string, rows: { sheet: string; rowNo: number; cells: Record<string, string> }[]) {
    for (const part of chunks(rows, 1000)) {
      await this.db
        .insertInto('registryImportRow')
        .values(part.map((r) => ({ importId, sheet: r.sheet, rowNo: r.rowNo, cells: JSON.stringify(r.cells) })))
        .execute();
    }
  }

  /** A batch in the scope (its uploader's area within the caller's), for update when `lock`. */
  async get(scope: Scope, id: string, lock = false): Promise<RegistryImportRow | undefined> {
    let q = this.db
      .selectFrom('registryImport')
      .selectAll()
      .where('id', '=', id)
      .where('regionCode', 'like', `${scope.regionPrefix}%`);
    if (lock) q = q.forUpdate();
    return q.executeTakeFirst();
  }

  /** The newest batches in the scope, with the uploader's name. */
  list(scope: Scope, limit: number) {
    return this.db
      .selectFrom('registryImport as r')
      .leftJoin('appUser as u', 'u.id', 'r.createdBy')
      .selectAll('r')
      .select('u.displayName as createdByName')
      .where('r.regionCode', 'like', `${scope.regionPrefix}%`)
      .orderBy('r.createdAt', 'desc')
      .orderBy('r.id', 'desc')
      .limit(limit)
      .execute();
  }

  async userName(id: string | null): Promise<string | null> {
    if (!id) return null;
    const r = await this.db.selectFrom('appUser').select('displayName').where('id', '=', id).executeTakeFirst();
    return r?.displayName ?? null;
  }

  async rows(importId: string) {
    const rows = await this.db
      .selectFrom('registryImportRow')
      .select(['sheet', 'rowNo', 'cells'])
      .where('importId', '=', importId)
      .orderBy('sheet')
      .orderBy('rowNo')
      .execute();
    return rows.map((r) => ({ sheet: r.sheet, rowNo: r.rowNo, cells: r.cells as Record<string, string> }));
  }

  /** Previews uploaded before `at`, every area (the expiry job acts for the system). */
  previewsBefore(at: Date): Promise<RegistryImportRow[]> {
    return this.db
      .selectFrom('registryImport')
      .selectAll()
      .where('status', '=', 'preview')
      .where('createdAt', '<', at)
      .execute();
  }

  async dropRows(importId: string): Promise<void> {
    await this.db.deleteFrom('registryImportRow').where('importId', '=', importId).execute();
  }

  async update(id: string, patch: Updateable<RegistryImport>): Promise<void> {
    await this.db.updateTable('registryImport').set(patch).where('id', '=', id).execute();
  }

  /** The county's remembered headers of a sheet: normalised header → field. */
  async aliases(countyCode: string): Promise<{ sheet: string; header: string; field: string }[]> {
    return this.db
      .selectFrom('registryHeaderAlias')
      .select(['sheet', 'header', 'field'])
      .where('countyCode', '=', countyCode)
      .execute();
  }

  async remember(countyCode: string, sheet: string, header: string, field: string, userId: string | null) {
    await this.db
      .insertInto('registryHeaderAlias')
      .values({ countyCode, sheet, header, field, createdBy: userId })
      .onConflict((oc) => oc.columns(['countyCode', 'sheet', 'header']).doUpdateSet({ field, createdBy: userId }))
      .execute();
  }

  async forget(countyCode: string, sheet: string, header: string): Promise<void> {
    await this.db
      .deleteFrom('registryHeaderAlias')
      .where('countyCode', '=', countyCode)
      .where('sheet', '=', sheet)
      .where('header', '=', header)
      .execute();
  }

  // ---- what the file touches --------------------------------------------------------------------------------

  async householdsByNo(nos: readonly string[]): Promise<HouseholdRow[]> {
    const out: HouseholdRow[] = [];
    for (const part of chunks(nos, 1000)) {
      if (part.length)
        out.push(...(await this.db.selectFrom('household').selectAll().where('householdNo', 'in', part).execute()));
    }
    return out;
  }

  async membersOf(householdIds: readonly string[]): Promise<MemberRow[]> {
    const out: MemberRow[] = [];
    for (const part of chunks(householdIds, 1000)) {
      if (part.length)
        out.push(...(await this.db.selectFrom('member').selectAll().where('householdId', 'in', part).execute()));
    }
    return out;
  }

  async incomesOf(householdIds: readonly string[]): Promise<IncomeRow[]> {
    const out: IncomeRow[] = [];
    for (const part of chunks(householdIds, 1000)) {
      if (part.length) {
        out.push(...(await this.db.selectFrom('incomeRecord').selectAll().where('householdId', 'in', part).execute()));
      }
    }
    return out;
  }

  /** Which of these ID numbers a member of the county holds, and in which household. */
  async idNumbersTaken(countyCode: string, ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(ids, 1000)) {
      if (!part.length) continue;
      const rows = await this.db
        .selectFrom('member')
        .select(['idNumber', 'householdId'])
        .where('countyCode', '=', countyCode)
        .where(
          'idNumberIndex',
          'in',
          part.map((id) => idIndex(id)),
        )
        .execute();
      for (const r of rows) if (r.idNumber) found.set(r.idNumber, r.householdId);
    }
    return found;
  }

  /** The level of each region code given that exists. */
  async regionLevels(codes: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(codes, 1000)) {
      if (!part.length) continue;
      const rows = await this.db.selectFrom('region').select(['code', 'level']).where('code', 'in', part).execute();
      for (const r of rows) found.set(r.code, r.level);
    }
    return found;
  }

  // ---- writing a commit ---------------------------------------------------------------------------------------

  async insertHouseholds(rows: Insertable<Household>[]): Promise<void> {
    for (const part of chunks(rows, 200)) await this.db.insertInto('household').values(part).execute();
  }

  async insertMembers(rows: Insertable<Member>[]): Promise<void> {
    for (const part of chunks(rows, 200)) await this.db.insertInto('member').values(part).execute();
  }

  async insertIncomes(rows: Insertable<IncomeRecord>[]): Promise<void> {
    for (const part of chunks(rows, 200)) await this.db.insertInto('incomeRecord').values(part).execute();
  }

  /** Set columns of a household or member (its version moves on, as every edit's does) or of an income record. */
  async patch(entity: ChangeEntity, id: string, values: Record<string, unknown>, at: Date): Promise<void> {
    if (entity === 'household') {
      await this.db
        .updateTable('household')
        .set({ ...(values as Updateable<Household>), updatedAt: at, version: (eb) => eb('version', '+', 1) })
        .where('id', '=', id)
        .execute();
    } else if (entity === 'member') {
      await this.db
        .updateTable('member')
        .set({ ...(values as Updateable<Member>), updatedAt: at, version: (eb) => eb('version', '+', 1) })
        .where('id', '=', id)
        .execute();
    } else {
      await this.db
        .updateTable('incomeRecord')
        .set(values as Updateable<IncomeRecord>)
        .where('id', '=', id)
        .execute();
    }
  }

  async touch(householdIds: readonly string[], at: Date): Promise<void> {
    for (const part of chunks(householdIds, 1000)) {
      if (part.length) await this.db.updateTable('household').set({ updatedAt: at }).where('id', 'in', part).execute();
    }
  }

  async recordChanges(
    importId: string,
    rows: { entity: ChangeEntity; rowId: string; householdId: string; op: 'create' | 'update'; before: unknown }[],
  ): Promise<void> {
    for (const part of chunks(rows, 1000)) {
      await this.db
        .insertInto('registryImportChange')
        .values(
          part.map((r) => ({
            importId,
            entity: r.entity,
            rowId: r.rowId,
            householdId: r.householdId,
            op: r.op,
            before: r.before === null ? null : JSON.stringify(r.before),
          })),
        )
        .execute();
    }
  }

  /**
   * A fingerprint of each household with its members and incomes: any later edit, addition or removal changes it
   * (the screening's bookkeeping column aside).
   */
  async fingerprints(householdIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const part of chunks(householdIds, 500)) {
      if (!part.length) continue;
      const r = await sql<{ id: string; fp: string }>`
        select h.id::text as id, md5((to_jsonb(h) - 'last_full_screening_on')::text
          || coalesce((select string_agg(to_jsonb(m)::text, '|' order by m.id) from member m where m.household_id = h.id), '')
          || coalesce((select string_agg(to_jsonb(i)::text, '|' order by i.id) from income_record i
                       where i.household_id = h.id), '')) as fp
        from household h where h.id in (${sql.join(part)})`.execute(this.db);
      for (const x of r.rows) found.set(x.id, x.fp);
    }
    return found;
  }

  async recordFingerprints(
    importId: string,
    rows: { householdId: string; householdNo: string; fingerprint: string }[],
  ) {
    for (const part of chunks(rows, 1000)) {
      await this.db
        .insertInto('registryImportHousehold')
        .values(part.map((r) => ({ importId, ...r })))
        .execute();
    }
  }

  // ---- undo -------------------------------------------------------------------------------------------------------

  async committedHouseholds(importId: string) {
    return this.db
      .selectFrom('registryImportHousehold')
      .select(['householdId', 'householdNo', 'fingerprint'])
      .where('importId', '=', importId)
      .orderBy('householdNo')
      .execute();
  }

  async changes(importId: string) {
    return this.db
      .selectFrom('registryImportChange')
      .select(['entity', 'rowId', 'householdId', 'op', 'before'])
      .where('importId', '=', importId)
      .execute();
  }

  /** Of these households, the numbers of those that other records (a lead, a case, a visit …) point at. */
  async referenced(householdIds: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (const part of chunks(householdIds, 500)) {
      if (!part.length) continue;
      const refs = HOUSEHOLD_REFERENCES.map(
        (t) => sql`exists (select 1 from ${sql.table(t)} x where x.household_id = h.id)`,
      );
      const r = await sql<{ no: string }>`
        select h.household_no as no from household h
        where h.id in (${sql.join(part)}) and (${sql.join(refs, sql` or `)}
          or exists (select 1 from separate_relative s where s.other_household_id = h.id))
        order by h.household_no`.execute(this.db);
      out.push(...r.rows.map((x) => x.no));
    }
    return out;
  }

  async deleteRows(entity: ChangeEntity, ids: readonly string[]): Promise<void> {
    const table = entity === 'household' ? 'household' : entity === 'member' ? 'member' : 'incomeRecord';
    for (const part of chunks(ids, 1000)) {
      if (part.length) await this.db.deleteFrom(table).where('id', 'in', part).execute();
    }
  }
}
