import { ScreeningFinding, type RectificationArea, type Scope } from '@dixian/core';
import type { LEDGER_SORT, LedgerFilter, SortValue } from '@dixian/core/api';
import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, LedgerItem } from '../db/types.js';
import { describeFinding } from '../screening/describe.js';
import { readExplanation } from '../screening/explain.sql.js';
import { headNameOf } from './head-name.sql.js';
import { inScope } from './scope.js';
import { orderByTerms, sortTerms } from './sort.js';

export type LedgerItemRow = Selectable<LedgerItem> & {
  regionName: string | null;
  householdNo: string | null;
  headName: string | null;
  ownerName: string | null;
  openChildren: number;
};

/** The rectification area each screening finding belongs to (S3 §三(二)(四)(六)(七)). */
export const FINDING_AREA: Record<ScreeningFinding, RectificationArea> = {
  should_include: 'inclusion',
  should_eliminate: 'elimination',
  should_flag_no_labor: 'no_labor_flag',
  visit_overdue: 'visits_and_screening',
};

const LEDGER_SORT_COLUMNS: Record<(typeof LEDGER_SORT)[number], string> = {
  deadline: 'l.deadline',
  status: 'l.status',
  ledger: 'l.ledger',
  area: 'l.area',
  regionCode: 'l.regionCode',
  createdAt: 'l.createdAt',
};
/** open items first, nearest deadline first */
const LEDGER_DEFAULT_ORDER = [
  sql`case when l.status = 'closed' then 1 else 0 end`,
  sql`l.deadline nulls last`,
  sql`l.created_at`,
  sql`l.id`,
];

/** Ledger items (S3 §五) within a scope: a row outside it is never read, counted or written. */
/** One suspected problem about a household, keyed by what raised it. */
export interface SuspectedIssueInput {
  householdId: string;
  area: string;
  /** what raised it: one open item per household and key */
  sourceFinding: string;
  title: string;
  description: string;
}

export interface RaisedItem {
  id: string;
  area: string;
  regionCode: string;
  householdId: string;
  sourceFinding: string;
}

export class LedgerRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(scope: Scope, f: LedgerFilter & { asOf: string }) {
    let q = this.db.selectFrom('ledgerItem as l').where(inScope('ledgerItem', scope, 'l'));
    if (f.ledger) q = q.where('l.ledger', '=', f.ledger);
    if (f.area) q = q.where('l.area', '=', f.area);
    if (f.householdId) q = q.where('l.householdId', '=', f.householdId);
    if (f.parentId) q = q.where('l.parentItemId', '=', f.parentId);
    if (f.overdue !== undefined) {
      const overdue = sql<boolean>`(l.status <> 'closed' and l.deadline < ${f.asOf}::date)`;
      q = q.where(f.overdue ? overdue : sql<boolean>`not ${overdue}`);
    }
    return q;
  }

  private withDetails(q: ReturnType<LedgerRepository['filtered']>) {
    return q
      .leftJoin('region as r', 'r.code', 'l.regionCode')
      .leftJoin('household as h', 'h.id', 'l.householdId')
      .leftJoin('appUser as o', 'o.id', 'l.ownerId')
      .selectAll('l')
      .select((eb) => [
        'r.name as regionName',
        'h.householdNo',
        headNameOf('l.householdId').as('headName'),
        'o.displayName as ownerName',
        eb
          .selectFrom('ledgerItem as c')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('c.parentItemId', '=', 'l.id')
          .where('c.status', '<>', 'closed')
          .as('openChildren'),
      ]);
  }

  private static normalise(r: Record<string, unknown>): LedgerItemRow {
    return {
      ...(r as LedgerItemRow),
      regionName: (r.regionName as string | null) ?? null,
      householdNo: (r.householdNo as string | null) ?? null,
      headName: (r.headName as string | null) ?? null,
      ownerName: (r.ownerName as string | null) ?? null,
      openChildren: Number(r.openChildren ?? 0),
    };
  }

  /** A page (open deadlines first), the total, and the counts by status of the filter without its status. */
  async list(
    scope: Scope,
    f: LedgerFilter & { asOf: string; sort?: SortValue<(typeof LEDGER_SORT)[number]> | undefined },
    page: { limit: number; offset: number },
  ): Promise<{ rows: LedgerItemRow[]; total: number; counts: Record<string, number> }> {
    const base = this.filtered(scope, f);
    const withStatus = f.status ? base.where('l.status', '=', f.status) : base;
    const order = sortTerms(f.sort, LEDGER_SORT_COLUMNS, ['l.id']) ?? LEDGER_DEFAULT_ORDER;
    const rows = await orderByTerms(this.withDetails(withStatus), order)
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    const counted = await base
      .select(['l.status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('l.status')
      .execute();
    const counts = Object.fromEntries(counted.map((c) => [c.status, Number(c.n)]));
    const total = f.status ? (counts[f.status] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
    return { rows: rows.map((r) => LedgerRepository.normalise(r)), total, counts };
  }

  /** Items of a filter after an id, in id order (a keyset walk for exports). */
  async exportPage(
    scope: Scope,
    f: LedgerFilter & { asOf: string },
    after: string,
    limit: number,
  ): Promise<LedgerItemRow[]> {
    let q = this.filtered(scope, f).where('l.id', '>', after);
    if (f.status) q = q.where('l.status', '=', f.status);
    const rows = await this.withDetails(q).orderBy('l.id').limit(limit).execute();
    return rows.map((r) => LedgerRepository.normalise(r));
  }

  async get(scope: Scope, id: string): Promise<LedgerItemRow | undefined> {
    const r = await this.withDetails(
      this.filtered(scope, { asOf: '9999-12-31' }).where('l.id', '=', id),
    ).executeTakeFirst();
    return r ? LedgerRepository.normalise(r) : undefined;
  }

  async insert(row: Insertable<LedgerItem>): Promise<string> {
    const r = await this.db.insertInto('ledgerItem').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Update when in scope and at the version read; false otherwise (the caller tells which). */
  async updateVersioned(scope: Scope, id: string, version: number, patch: Updateable<LedgerItem>): Promise<boolean> {
    const r = await this.db
      .updateTable('ledgerItem')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .where(inScope('ledgerItem', scope))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Suspected-issue items (疑似问题台账) for the findings of a screening run within the scope (all its flagged
   * households, or those chosen), one per household and finding, in one statement; a household that already has an open item for the finding gets none (the partial
   * unique index). Returns the areas of the items created and the number of findings considered.
   */
  async raiseFromScreening(p: {
    scope: Scope;
    runId: string;
    findings: readonly ScreeningFinding[];
    deadline: string | null;
    parentItemId: string | null;
    /** only these households (null: every household the run flagged) */
    householdIds: readonly string[] | null;
    createdBy: string;
    at: Date;
  }): Promise<{ created: { id: string; area: string; regionCode: string }[]; considered: number }> {
    const areaCase = sql.join(
      ScreeningFinding.values.map((f) => sql`when ${sql.lit(f)} then ${sql.lit(FINDING_AREA[f])}`),
      sql` `,
    );
    const labelCase = sql.join(
      ScreeningFinding.values.map((f) => sql`when ${sql.lit(f)} then ${sql.lit(ScreeningFinding.labels[f].zh)}`),
      sql` `,
    );
    const found = sql`
      select s.household_id, s.county_code, s.region_code, s.finding, s.explanation
      from screening_result s
      where s.run_id = ${p.runId} and not s.cleared and s.finding in (${sql.join([...p.findings])})
        and ${p.householdIds ? sql`s.household_id = any(${[...p.householdIds]}::uuid[])` : sql`true`}
        and ${inScope('screeningResult', p.scope, 's')}`;
    const inserted = await sql<{
      id: string;
      area: string;
      regionCode: string;
      finding: ScreeningFinding;
      explanation: unknown;
    }>`
      with ins as (
      insert into ledger_item (ledger, area, county_code, region_code, household_id, source_run_id, source_finding,
        parent_item_id, title, description, deadline, status, created_by, created_at, updated_at)
      select 'suspected_issue', case f.finding ${areaCase} end, f.county_code, f.region_code, f.household_id,
        ${p.runId}, f.finding, ${p.parentItemId}, (case f.finding ${labelCase} end) || ':户编号 ' || h.household_no,
        null,
        ${p.deadline}::date, 'open', ${p.createdBy}, ${p.at}, ${p.at}
      from (${found}) f
      join household h on h.id = f.household_id
      order by f.region_code, h.household_no
      on conflict (household_id, source_finding, county_code) where source_finding is not null and status <> 'closed' do nothing
      returning id, area, region_code, household_id, source_finding)
      select ins.id, ins.area, ins.region_code, ins.source_finding as finding, s.explanation
      from ins join screening_result s on s.run_id = ${p.runId} and s.household_id = ins.household_id
        and s.finding = ins.source_finding and not s.cleared`.execute(this.db);
    // Stored explanations are compact (no message); the description is written from their facts, as on read.
    if (inserted.rows.length) {
      const texts = inserted.rows.map((r) => {
        const m = describeFinding(r.finding, false, readExplanation(r.finding, false, r.explanation));
        return `${m.zh} / ${m.en}`;
      });
      await sql`
        update ledger_item l set description = v.d
        from unnest(${inserted.rows.map((r) => r.id)}::uuid[], ${texts}::text[]) as v(id, d)
        where l.id = v.id`.execute(this.db);
    }
    const considered = await sql<{ n: number }>`select count(*)::int as n from (${found}) f`.execute(this.db);
    return {
      created: inserted.rows.map((r) => ({ id: r.id, area: r.area, regionCode: r.regionCode })),
      considered: considered.rows[0]?.n ?? 0,
    };
  }

  /**
   * Suspected-issue items (疑似问题台账) in bulk, one per household and problem key (`source_finding` holds the key:
   * a screening finding, `deadline:<kind>` or `point:<id>`), in one statement; a household that already has an
   * open item for the key gets none (the partial unique index). Returns the ids created.
   */
  /** The open screening tasks of the regions under a prefix, by region and what raised them ('point:<id>'). */
  async openTasks(prefix: string): Promise<{ regionCode: string; sourceFinding: string }[]> {
    return (await this.db
      .selectFrom('ledgerItem')
      .select(['regionCode', 'sourceFinding'])
      .where('ledger', '=', 'screening_task')
      .where('status', '<>', 'closed')
      .where('sourceFinding', 'is not', null)
      .where('regionCode', 'like', `${prefix}%`)
      .execute()) as { regionCode: string; sourceFinding: string }[];
  }

  async insertTasks(p: {
    items: readonly {
      countyCode: string;
      regionCode: string;
      area: string;
      sourceKey: string;
      title: string;
      description: string;
    }[];
    deadline: string;
    ownerId: string;
    createdBy: string;
    at: Date;
  }): Promise<string[]> {
    if (!p.items.length) return [];
    const r = await this.db
      .insertInto('ledgerItem')
      .values(
        p.items.map((i) => ({
          ledger: 'screening_task',
          area: i.area,
          countyCode: i.countyCode,
          regionCode: i.regionCode,
          sourceFinding: i.sourceKey,
          title: i.title,
          description: i.description,
          ownerId: p.ownerId,
          deadline: p.deadline,
          status: 'open',
          createdBy: p.createdBy,
          createdAt: p.at,
          updatedAt: p.at,
        })),
      )
      .returning('id')
      .execute();
    return r.map((x) => x.id);
  }

  /**
   * Suspected problems raised from a point go under the open task of their region for that point (the task is
   * closed out only after its items, S3 §五 销号). Items already under a task stay where they are.
   */
  async attachToTasks(prefix: string): Promise<number> {
    const r = await sql`
      update ledger_item i set parent_item_id = t.id
      from ledger_item t
      where t.ledger = 'screening_task' and t.status <> 'closed' and t.region_code like ${`${prefix}%`}
        and i.ledger = 'suspected_issue' and i.parent_item_id is null and i.status <> 'closed'
        and i.source_finding = t.source_finding and starts_with(i.region_code, t.region_code)`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /**
   * Suspected problems (疑似问题台账, S3 §五) about households, each keyed by what raised it (`point:<id>`,
   * `deadline:<kind>`, `dq:<rule id>`, `favouritism:<kind>:<record id>`). The household places each one. Idempotent
   * through ledger_item_open_finding_uq: a household with an open item for the same key gets no second one.
   */
  async raiseItems(
    items: readonly SuspectedIssueInput[],
    p: { deadline: string | null; ownerId?: string | null; createdBy: string | null; at: Date },
  ): Promise<RaisedItem[]> {
    if (items.length === 0) return [];
    const col = <K extends keyof SuspectedIssueInput>(k: K) => items.map((i) => i[k]);
    const r = await sql<RaisedItem>`
      insert into ledger_item (ledger, area, county_code, region_code, household_id, source_finding, title, description,
        owner_id, deadline, status, created_by, created_at, updated_at)
      select 'suspected_issue', v.area, h.county_code, h.region_code, h.id, v.key, v.title, v.description,
        ${p.ownerId ?? null}::uuid, ${p.deadline}::date, 'open', ${p.createdBy}::uuid, ${p.at}, ${p.at}
      from unnest(${col('householdId')}::uuid[], ${col('area')}::text[], ${col('sourceFinding')}::text[],
        ${col('title')}::text[], ${col('description')}::text[]) as v(household_id, area, key, title, description)
      join household h on h.id = v.household_id
      order by h.region_code, h.household_no
      on conflict (household_id, source_finding, county_code) where source_finding is not null and status <> 'closed' do nothing
      returning id, area, region_code, household_id, source_finding`.execute(this.db);
    return r.rows;
  }
}
