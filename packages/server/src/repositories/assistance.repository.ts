import { ReliefSatisfaction, type Scope } from '@dixian/core';
import type { ASSISTANCE_SORT, AssistanceFilter, SortValue } from '@dixian/core/api';
import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable, type Updateable } from 'kysely';
import type { DB, SocialAssistanceCase } from '../db/types.js';
import { headNameOf } from './head-name.sql.js';
import { inScope } from './scope.js';
import { orderByTerms, sortTerms } from './sort.js';

export type AssistanceRow = Selectable<SocialAssistanceCase> & {
  householdNo: string | null;
  headName: string | null;
  regionCode: string;
  regionName: string | null;
  peopleCount: number;
  householdType: string;
  monitoringStatus: string;
  /** the months ('YYYY-MM') paid payrolls paid this case */
  paidMonths: string[];
};

/** A stored satisfaction as its identifier: the identifier itself or its Chinese label (older ledgers). */
function satisfactionSql(column: RawBuilder<unknown>): RawBuilder<string | null> {
  const whens = ReliefSatisfaction.values.map(
    (v) => sql`when ${column} in (${sql.lit(v)}, ${sql.lit(ReliefSatisfaction.labels[v].zh)}) then ${sql.lit(v)}`,
  );
  return sql<string | null>`(case ${sql.join(whens, sql` `)} else null end)`;
}

export interface LedgerCounts {
  /** the row of all cases (not one child region's) */
  isTotal: boolean;
  child: string | null;
  cases: number;
  people: number;
  amountFen: number;
  emergency: number;
  expense: number;
  reliefFirst: number;
  countyDecided: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  unknown: number;
}

const ASSISTANCE_SORT_COLUMNS: Record<(typeof ASSISTANCE_SORT)[number], string> = {
  appliedOn: 's.appliedOn',
  decidedOn: 's.decidedOn',
  kind: 's.kind',
  status: 's.status',
  regionCode: 'h.regionCode',
};

/** Social-assistance cases, scoped through their household (the case rows carry no region of their own). */
export class AssistanceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(scope: Scope, f: AssistanceFilter & { asOf: string }) {
    let q = this.db
      .selectFrom('socialAssistanceCase as s')
      .innerJoin('household as h', 'h.id', 's.householdId')
      .where(inScope('household', scope, 'h'));
    if (f.kind) q = q.where('s.kind', '=', f.kind);
    if (f.status) q = q.where('s.status', '=', f.status);
    if (f.householdId) q = q.where('s.householdId', '=', f.householdId);
    if (f.reliefFirst !== undefined) q = q.where('s.reliefFirst', '=', f.reliefFirst);
    if (f.approvalLevel) q = q.where('s.approvalLevel', '=', f.approvalLevel);
    if (f.decidedFrom) q = q.where('s.decidedOn', '>=', f.decidedFrom);
    if (f.decidedTo) q = q.where('s.decidedOn', '<=', f.decidedTo);
    if (f.inGrace !== undefined) {
      const inGrace = sql<boolean>`(s.status = 'approved' and s.grace_start_on <= ${f.asOf}::date
        and s.grace_end_on >= ${f.asOf}::date)`;
      q = q.where(f.inGrace ? inGrace : sql<boolean>`not coalesce(${inGrace}, false)`);
    }
    return q;
  }

  private withDetails(q: ReturnType<AssistanceRepository['filtered']>) {
    return q
      .leftJoin('region as r', 'r.code', 'h.regionCode')
      .selectAll('s')
      .select([
        'h.householdNo',
        'h.regionCode',
        'r.name as regionName',
        headNameOf('h.id').as('headName'),
        sql<number>`case when cardinality(s.insured_member_ids) > 0 then cardinality(s.insured_member_ids) else (
          select count(*) from member pm where pm.household_id = h.id and pm.deceased_on is null) end`.as(
          'peopleCount',
        ),
        satisfactionSql(sql.ref('s.satisfaction')).as('satisfactionId'),
        'h.householdType',
        'h.monitoringStatus',
        sql<string[]>`array(select p.month from payroll_line l join payroll p on p.id = l.payroll_id
          where l.case_id = s.id and l.status = 'included' and p.status = 'paid' order by p.month)`.as('paidMonths'),
      ]);
  }

  private static normalise(r: Record<string, unknown>): AssistanceRow {
    return {
      ...(r as AssistanceRow),
      householdNo: (r.householdNo as string | null) ?? null,
      headName: (r.headName as string | null) ?? null,
      regionName: (r.regionName as string | null) ?? null,
      peopleCount: Number(r.peopleCount ?? 0),
      paidMonths: (r.paidMonths as string[] | null) ?? [],
      satisfaction: (r.satisfactionId as string | null) ?? null,
    };
  }

  async list(
    scope: Scope,
    f: AssistanceFilter & { asOf: string; sort?: SortValue<(typeof ASSISTANCE_SORT)[number]> | undefined },
    page: { limit: number; offset: number },
  ): Promise<{ rows: AssistanceRow[]; total: number }> {
    const base = this.filtered(scope, f);
    const [rows, count] = await Promise.all([
      orderByTerms(
        this.withDetails(base),
        sortTerms(f.sort, ASSISTANCE_SORT_COLUMNS, ['s.id']) ?? [sql`s.applied_on desc`, sql`s.id`],
      )
        .limit(page.limit)
        .offset(page.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map((r) => AssistanceRepository.normalise(r)), total: Number(count.n) };
  }

  /** Cases of a filter after an id, in id order (a keyset walk for exports). */
  async exportPage(scope: Scope, f: AssistanceFilter & { asOf: string }, after: string, limit: number) {
    const rows = await this.withDetails(this.filtered(scope, f).where('s.id', '>', after))
      .orderBy('s.id')
      .limit(limit)
      .execute();
    return rows.map((r) => AssistanceRepository.normalise(r));
  }

  async get(scope: Scope, id: string): Promise<AssistanceRow | undefined> {
    const r = await this.withDetails(
      this.filtered(scope, { asOf: '0001-01-01' }).where('s.id', '=', id),
    ).executeTakeFirst();
    return r ? AssistanceRepository.normalise(r) : undefined;
  }

  /** The 低保 or 特困 case of a household still applied for or approved, if any. */
  async active(householdId: string, kind: 'dibao' | 'tekun'): Promise<{ id: string } | undefined> {
    return this.db
      .selectFrom('socialAssistanceCase')
      .select('id')
      .where('householdId', '=', householdId)
      .where('kind', '=', kind)
      .where('status', 'in', ['applied', 'approved'])
      .executeTakeFirst();
  }

  async insert(row: Insertable<SocialAssistanceCase>): Promise<string> {
    const r = await this.db.insertInto('socialAssistanceCase').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** Update at the version read; false when someone saved it since. */
  async updateVersioned(id: string, version: number, patch: Updateable<SocialAssistanceCase>): Promise<boolean> {
    const r = await this.db
      .updateTable('socialAssistanceCase')
      .set({ ...patch, version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Keep the registry's flags in step with the approved cases: household.receives_dibao / is_tekun / dibao_since
   * and each member's receives_dibao / is_tekun (DOMAIN §2.3; the rules and the screening read these). Returns the
   * household flags before and after when they changed.
   */
  async syncHouseholdFlags(
    householdId: string,
    at: Date,
  ): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> } | null> {
    const before = await this.db
      .selectFrom('household')
      .select(['receivesDibao', 'isTekun', 'dibaoSince'])
      .where('id', '=', householdId)
      .executeTakeFirstOrThrow();
    const approved = (kind: string) =>
      sql<boolean>`exists (select 1 from social_assistance_case s where s.household_id = ${householdId}
        and s.kind = ${kind} and s.status = 'approved')`;
    const after = await sql<{ receivesDibao: boolean; isTekun: boolean; dibaoSince: string | null }>`
      update household set receives_dibao = ${approved('dibao')}, is_tekun = ${approved('tekun')},
        dibao_since = (select min(s.decided_on) from social_assistance_case s where s.household_id = ${householdId}
          and s.kind = 'dibao' and s.status = 'approved'),
        updated_at = ${at}, version = version + 1
      where id = ${householdId}
        and (receives_dibao is distinct from ${approved('dibao')} or is_tekun is distinct from ${approved('tekun')}
          or dibao_since is distinct from (select min(s.decided_on) from social_assistance_case s
            where s.household_id = ${householdId} and s.kind = 'dibao' and s.status = 'approved'))
      returning receives_dibao, is_tekun, dibao_since`.execute(this.db);
    const member = (kind: string) =>
      sql<boolean>`exists (select 1 from social_assistance_case s where s.household_id = m.household_id
        and s.kind = ${kind} and s.status = 'approved' and m.id = any(s.insured_member_ids))`;
    await sql`
      update member m set receives_dibao = ${member('dibao')}, is_tekun = ${member('tekun')}, updated_at = ${at},
        version = m.version + 1
      where m.household_id = ${householdId}
        and (m.receives_dibao is distinct from ${member('dibao')} or m.is_tekun is distinct from ${member('tekun')})`.execute(
      this.db,
    );
    const a = after.rows[0];
    return a ? { before: { ...before }, after: { ...a } } : null;
  }

  /** End a household's approved 低保 and 特困 as obtained by deception (S2 §二(三)12 停止社会救助); the ids ended. */
  async endForIntegrity(householdId: string, on: string, note: string, by: string | null, at: Date): Promise<string[]> {
    const rows = await this.db
      .updateTable('socialAssistanceCase')
      .set((eb) => ({
        status: 'ended',
        endedOn: on,
        endReason: 'integrity_violation',
        endNote: note,
        endedBy: by,
        updatedAt: at,
        version: eb('version', '+', 1),
      }))
      .where('householdId', '=', householdId)
      .where('kind', 'in', ['dibao', 'tekun'])
      .where('status', '=', 'approved')
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * The township ledger of temporary assistance (S0 plan one §二) over the cases approved between two days: in
   * total and per child region (the first `childLength` digits of the village code).
   */
  async tempReliefLedger(
    scope: Scope,
    from: string,
    to: string,
    childLength: number | null,
  ): Promise<{
    counts: LedgerCounts[];
    causes: { isTotal: boolean; child: string | null; cause: string; cases: number }[];
  }> {
    const child = childLength ? sql`left(h.region_code, ${sql.lit(childLength)})` : sql`null::text`;
    const sat = satisfactionSql(sql.ref('s.satisfaction'));
    const base = sql`
      from social_assistance_case s
      join household h on h.id = s.household_id and ${inScope('household', scope, 'h')}
      where s.kind = 'temp_relief' and s.status = 'approved' and s.decided_on between ${from}::date and ${to}::date`;
    const counts = await sql<Omit<LedgerCounts, 'isTotal'> & { g: number }>`
      select ${child} as child, count(*)::int as cases,
        coalesce(sum(case when cardinality(s.insured_member_ids) > 0 then cardinality(s.insured_member_ids)
          else (select count(*) from member pm where pm.household_id = h.id and pm.deceased_on is null) end), 0)::int
          as people,
        coalesce(sum(s.amount_fen), 0)::bigint as amount_fen,
        count(*) filter (where s.relief_kind = 'emergency')::int as emergency,
        count(*) filter (where s.relief_kind = 'expense')::int as expense,
        count(*) filter (where s.relief_first)::int as relief_first,
        count(*) filter (where s.approval_level = 'county')::int as county_decided,
        count(*) filter (where ${sat} = 'satisfied')::int as satisfied,
        count(*) filter (where ${sat} = 'basically_satisfied')::int as basically_satisfied,
        count(*) filter (where ${sat} = 'dissatisfied')::int as dissatisfied,
        count(*) filter (where ${sat} is null)::int as unknown,
        grouping(${child})::int as g
      ${base}
      group by grouping sets ((), (${child}))`.execute(this.db);
    const causes = await sql<{ child: string | null; cause: string; cases: number; g: number }>`
      select ${child} as child, coalesce(s.cause, '') as cause, count(*)::int as cases, grouping(${child})::int as g
      ${base}
      group by grouping sets ((coalesce(s.cause, '')), (${child}, coalesce(s.cause, '')))
      order by cases desc, cause`.execute(this.db);
    return {
      counts: counts.rows.map(({ g, ...r }) => ({ ...r, isTotal: g === 1, amountFen: Number(r.amountFen) })),
      causes: causes.rows.map(({ g, ...r }) => ({ ...r, isTotal: g === 1 })),
    };
  }
}
