import { chinaDate, CLOSED_STAGES, type DataQualityFacts, type DqMember, type Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { dataQualityFindingsSql, type DqQuery } from './data-quality.sql.js';
import { headNameOf } from './head-name.sql.js';
import { inScope } from './scope.js';

export interface DqFindingRow {
  householdId: string;
  regionCode: string;
  ruleIds: string[];
}

export interface DqHouseholdRow {
  householdId: string;
  householdNo: string;
  regionCode: string;
  headName: string | null;
}

/** Data-quality findings (issue 17 §2): the set-based statement, and one household's facts for core. */
export class DataQualityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The resident-ID numbers of the living members still in the households of a scope, opened by the store: they are
   * sealed at rest, so SQL can tell only that one is missing and the check digit is verified in TypeScript.
   */
  async residentIds(
    scope: Scope,
    asOf: string,
    householdIds: readonly string[] | null,
  ): Promise<{ householdId: string; regionCode: string; idNumber: string }[]> {
    let q = this.db
      .selectFrom('member as m')
      .innerJoin('household as h', 'h.id', 'm.householdId')
      .select(['m.householdId', 'h.regionCode', 'm.idNumber'])
      .where(inScope('household', scope, 'h'))
      .where('h.closedOn', 'is', null)
      .where('m.leftOn', 'is', null)
      .where((eb) => eb.or([eb('m.deceasedOn', 'is', null), eb('m.deceasedOn', '>', asOf)]))
      .where('m.idType', '=', 'resident_id')
      .where('m.idNumber', 'is not', null);
    if (householdIds) q = q.where('m.householdId', 'in', householdIds.length ? householdIds : ['']);
    return (await q.execute()) as { householdId: string; regionCode: string; idNumber: string }[];
  }

  async findings(q: DqQuery): Promise<DqFindingRow[]> {
    const r = await dataQualityFindingsSql(q).execute(this.db);
    return r.rows;
  }

  /** Household number, village and head of the households given (the list page shows them). */
  async households(ids: readonly string[]): Promise<DqHouseholdRow[]> {
    if (ids.length === 0) return [];
    const r = await sql<DqHouseholdRow>`
      select h.id as household_id, h.household_no, h.region_code, ${headNameOf('h.id')} as head_name
      from household h where h.id = any(${[...ids]}::uuid[])`.execute(this.db);
    return r.rows;
  }

  /** The rows core's `evaluateDataQuality` reads for one household, as the set-based statement reads them. */
  async factsOf(householdId: string, asOf: string): Promise<DataQualityFacts> {
    const h = await sql<{ countyCode: string; receivesDibao: boolean }>`
      select county_code, receives_dibao from household where id = ${householdId}`.execute(this.db);
    const { ids: memberIds, members: dqMembers } = await this.membersOf(householdId, asOf);
    const incomes = await sql<{ year: number; netFen: string; periodEnd: string }>`
      select year, (wage_fen + business_gross_fen - business_cost_fen + property_fen + transfer_fen) as net_fen,
        period_end::text as period_end
      from income_record where household_id = ${householdId} and kind = 'annual'`.execute(this.db);
    const visits = await sql<{
      visitedOn: string;
      note: string | null;
      incomeChange: string | null;
      newRisks: string[];
      estimatedAnnualIncomeFen: string | null;
    }>`
      select visited_on::text as visited_on, note, income_change, new_risks, estimated_annual_income_fen
      from visit where household_id = ${householdId}`.execute(this.db);
    const leads = await sql<{ discoveredAt: Date }>`
      select discovered_at from lead where household_id = ${householdId}`.execute(this.db);
    const oc = await sql<{ id: string; confirmedOn: string }>`
      select id, confirmed_on::text as confirmed_on from monitoring_case
      where household_id = ${householdId} and stage not in (${sql.join(CLOSED_STAGES.map((s) => sql.lit(s)))})
        and confirmed_on is not null and confirmed_on <= ${asOf}::date
      order by discovered_at desc, id limit 1`.execute(this.db);
    const openCase = oc.rows[0];
    const measures = openCase
      ? (
          await sql<{ status: string; startOn: string | null }>`
            select am.status, am.start_on::text as start_on from assistance_measure am
            join assistance_plan p on p.id = am.plan_id where p.case_id = ${openCase.id}`.execute(this.db)
        ).rows
      : [];
    const county = h.rows[0]?.countyCode ?? '';
    const feed = await sql<{ signalType: string; memberId: string | null }>`
      select r.signal_type, r.member_id from feed_row r
      where r.household_id = ${householdId} and r.batch_id in (
        select distinct on (b.county_code, b.department) b.id from feed_batch b
        where b.status = 'done' and b.county_code = ${county}
        order by b.county_code, b.department, b.finished_at desc nulls last, b.id)`.execute(this.db);
    const memberIndex = new Map(memberIds.map((id, i) => [id, i]));
    return {
      members: dqMembers,
      incomes: incomes.rows.map((r) => ({ year: r.year, netFen: Number(r.netFen), periodEnd: r.periodEnd })),
      visits: visits.rows.map((v) => ({
        ...v,
        estimatedAnnualIncomeFen: v.estimatedAnnualIncomeFen === null ? null : Number(v.estimatedAnnualIncomeFen),
      })),
      leadsOn: leads.rows.map((l) => chinaDate(new Date(l.discoveredAt))),
      monitoredSince: openCase?.confirmedOn ?? null,
      measures,
      receivesDibao: h.rows[0]?.receivesDibao ?? false,
      feedRows: feed.rows.map((r) => ({
        signal: r.signalType,
        memberIndex: r.memberId === null ? null : (memberIndex.get(r.memberId) ?? -1),
      })),
    };
  }

  /** The members in the household on the day, in id order (their index in explanations and feed rows). */
  private async membersOf(householdId: string, asOf: string): Promise<{ ids: string[]; members: DqMember[] }> {
    const members = await sql<{
      id: string;
      relation: string;
      sex: string;
      birthDate: string;
      idType: string;
      idNumber: string | null;
      idNumberIndex: string | null;
      deceasedOn: string | null;
      receivesDibao: boolean;
      isTekun: boolean;
    }>`
      select id, relation, sex, birth_date::text as birth_date, id_type, id_number, id_number_index,
        deceased_on::text as deceased_on, receives_dibao, is_tekun
      from member where household_id = ${householdId} and (left_on is null or left_on > ${asOf}::date)
        and birth_date <= ${asOf}::date
      order by id`.execute(this.db);
    const indexes = members.rows.flatMap((m) => (m.idNumberIndex ? [m.idNumberIndex] : []));
    const elsewhere = new Set(
      indexes.length === 0
        ? []
        : (
            await sql<{ idNumberIndex: string }>`
              select distinct o.id_number_index from member o join household oh on oh.id = o.household_id
              where o.id_number_index = any(${indexes}::text[]) and o.household_id <> ${householdId}
                and (o.left_on is null or o.left_on > ${asOf}::date) and not coalesce(o.deceased_on <= ${asOf}::date, false)
                and (oh.closed_on is null or oh.closed_on > ${asOf}::date) and oh.merged_into_id is null`.execute(
              this.db,
            )
          ).rows.map((r) => r.idNumberIndex),
    );
    const dqMembers: DqMember[] = members.rows.map((m, index) => ({
      index,
      relation: m.relation,
      sex: m.sex,
      birthDate: m.birthDate,
      idType: m.idType,
      idNumber: m.idNumber,
      deceasedOn: m.deceasedOn,
      receivesDibao: m.receivesDibao,
      isTekun: m.isTekun,
      sameIdElsewhere: m.idNumberIndex !== null && elsewhere.has(m.idNumberIndex),
    }));
    return { ids: members.rows.map((m) => m.id), members: dqMembers };
  }
}
