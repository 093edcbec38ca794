import { sql, type Kysely } from 'kysely';
import type { AuditHashInput } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import type { DB } from '../db/types.js';

/**
 * The reads of `dixian simulate` (src/simulate/): what the simulated staff look at before they act, and the
 * invariants checked after every simulated day. Every list is ordered by keys the seed fixes (household ids and
 * numbers, episodes), never by ids the services draw at random, so a seed replays the same year.
 */

export interface SimHousehold {
  id: string;
  householdNo: string;
  regionCode: string;
}

export interface SimAnnualIncome {
  year: number;
  wageFen: number;
  businessGrossFen: number;
  businessCostFen: number;
  propertyFen: number;
  transferFen: number;
}

export interface SimCase {
  id: string;
  householdId: string;
  householdNo: string;
  regionCode: string;
  stage: string;
  version: number;
  episode: number;
  confirmedOn: string | null;
  eliminationProposedOn: string | null;
  hasPlan: boolean;
  noLabor: boolean;
  lifted: boolean;
  people: number;
  /** an objection to its notice still open */
  openObjection: boolean;
}

export interface SimMember {
  id: string;
  name: string;
  idNumber: string | null;
  healthStatus: string;
  version: number;
}

export interface SimAssistance {
  id: string;
  householdId: string;
  status: string;
  version: number;
  decidedOn: string | null;
  graceStartOn: string | null;
  graceEndOn: string | null;
  standardFen: number | null;
}

export interface InvariantRow {
  caseId: string;
  householdNo: string;
  detail: string;
}

export interface CaseDeadlines {
  caseId: string;
  householdNo: string;
  identificationDueOn: string | null;
  planDueOn: string | null;
}

/** An audit record as the verifier reads it: the hashed columns, its place in the chain and its hash. */
export type AuditTail = AuditHashInput & { seq: number; hash: string };

export class SimulationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The open, unmerged households of a county, in the seed's order. */
  async households(county: string): Promise<SimHousehold[]> {
    return this.db
      .selectFrom('household')
      .select(['id', 'householdNo', 'regionCode'])
      .where('countyCode', '=', county)
      .where('closedOn', 'is', null)
      .where('mergedIntoId', 'is', null)
      .orderBy('householdNo')
      .execute();
  }

  /** The latest annual income record of each household (the yearly income survey starts from it). */
  async latestAnnualIncomes(ids: readonly string[]): Promise<Map<string, SimAnnualIncome>> {
    if (!ids.length) return new Map();
    const rows = await this.db
      .selectFrom('incomeRecord')
      .select(['householdId', 'year', 'wageFen', 'businessGrossFen', 'businessCostFen', 'propertyFen', 'transferFen'])
      .distinctOn('householdId')
      .where('householdId', 'in', ids)
      .where('kind', '=', 'annual')
      .orderBy('householdId')
      .orderBy('year', 'desc')
      .execute();
    return new Map(rows.map((r) => [r.householdId, r]));
  }

  /** Households of the county monitored now without this year's assistance-policy leaflet, in seed order. */
  async monitoredWithoutLeaflet(county: string, year: number): Promise<SimHousehold[]> {
    return this.db
      .selectFrom('household as h')
      .select(['h.id', 'h.householdNo', 'h.regionCode'])
      .where('h.countyCode', '=', county)
      .where('h.closedOn', 'is', null)
      .where('h.monitoringStatus', 'in', ['monitoring_unresolved', 'risk_eliminated'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('publicityDelivery as d')
              .select('d.id')
              .whereRef('d.householdId', '=', 'h.id')
              .where('d.leaflet', '=', 'assistance_policy')
              .where('d.year', '=', year),
          ),
        ),
      )
      .orderBy('h.householdNo')
      .execute();
  }

  /** Which of these households are monitoring objects now (risk eliminated or not). */
  async monitoredAmong(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .selectFrom('household')
      .select('id')
      .where('id', 'in', ids)
      .where('monitoringStatus', 'in', ['monitoring_unresolved', 'risk_eliminated'])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** The latest case of every household of the county that has one (a later episode hides the earlier). */
  async latestCases(county: string): Promise<SimCase[]> {
    const rows = await sql<SimCase>`
      select distinct on (c.household_id) c.id, c.household_id as "householdId", h.household_no as "householdNo",
        c.region_code as "regionCode", c.stage, c.version, c.episode, c.confirmed_on as "confirmedOn",
        c.elimination_proposed_on as "eliminationProposedOn",
        exists (select 1 from assistance_plan p where p.case_id = c.id) as "hasPlan",
        c.whole_household_no_labor as "noLabor", h.lifted_year is not null as lifted,
        (select count(*)::int from member m where m.household_id = h.id and m.deceased_on is null
           and m.left_on is null) as people,
        exists (select 1 from notice_objection o join public_notice n on n.id = o.notice_id
                where n.case_id = c.id and o.resolved_on is null) as "openObjection"
      from monitoring_case c join household h on h.id = c.household_id
      where c.county_code = ${county} and h.closed_on is null and h.merged_into_id is null
      order by c.household_id, c.episode desc, c.created_at desc`.execute(this.db);
    return rows.rows.sort((a, b) => (a.householdNo < b.householdNo ? -1 : a.householdNo > b.householdNo ? 1 : 0));
  }

  /** The open lead of each household that has one (the one a case would start from). */
  async openLeads(county: string): Promise<{ id: string; householdId: string; version: number }[]> {
    return this.db
      .selectFrom('lead')
      .select(['id', 'householdId as householdId', 'version'])
      .where('countyCode', '=', county)
      .where('status', '=', 'open')
      .where('householdId', 'is not', null)
      .orderBy('householdId')
      .orderBy('discoveredAt')
      .execute() as Promise<{ id: string; householdId: string; version: number }[]>;
  }

  /** The living members of a household, oldest first. */
  async members(householdId: string): Promise<SimMember[]> {
    return this.db
      .selectFrom('member')
      .select(['id', 'name', 'idNumber', 'healthStatus', 'version'])
      .where('householdId', '=', householdId)
      .where('deceasedOn', 'is', null)
      .where('leftOn', 'is', null)
      .orderBy('birthDate')
      .orderBy('personNo')
      .execute();
  }

  /** The 低保 cases of the county that the simulation may move on (approved, in grace or pending). */
  async dibaoCases(county: string): Promise<SimAssistance[]> {
    return this.db
      .selectFrom('socialAssistanceCase as a')
      .innerJoin('household as h', 'h.id', 'a.householdId')
      .select([
        'a.id',
        'a.householdId',
        'a.status',
        'a.version',
        'a.decidedOn',
        'a.graceStartOn',
        'a.graceEndOn',
        'a.standardFen',
      ])
      .where('a.countyCode', '=', county)
      .where('a.kind', '=', 'dibao')
      .orderBy('h.householdNo')
      .orderBy('a.appliedOn')
      .execute();
  }

  /** The rural villages of a county that have households, with their township. */
  async villages(county: string): Promise<{ code: string; households: number }[]> {
    const rows = await this.db
      .selectFrom('household')
      .select(['regionCode as code', (eb) => eb.fn.countAll<number>().as('households')])
      .where('countyCode', '=', county)
      .groupBy('regionCode')
      .orderBy('regionCode')
      .execute();
    return rows.map((r) => ({ code: r.code, households: Number(r.households) }));
  }

  // ---- invariants ----

  /**
   * Cases confirmed without a signed commitment, or without an identification notice posted before; only those
   * changed since `changedSince` (the daily check; a monthly one reads them all).
   */
  async confirmedWithoutCommitmentOrNotice(county: string, changedSince: Date): Promise<InvariantRow[]> {
    const r = await sql<InvariantRow>`
      select c.id as "caseId", h.household_no as "householdNo",
        case when not exists (select 1 from commitment_authorization a where a.case_id = c.id and a.signed_on <= c.confirmed_on)
             then 'no commitment' else 'no notice' end as detail
      from monitoring_case c join household h on h.id = c.household_id
      where c.county_code = ${county} and c.confirmed_on is not null and c.updated_at >= ${changedSince}
        and (not exists (select 1 from commitment_authorization a where a.case_id = c.id and a.signed_on <= c.confirmed_on)
          or not exists (select 1 from public_notice n where n.case_id = c.id and n.purpose = 'identification'
                           and n.start_on <= c.confirmed_on))
      order by h.household_no, c.episode`.execute(this.db);
    return r.rows;
  }

  /** Eliminated cases (or households) that carry the whole-household-no-labour flag (S3 §三(七)). */
  async eliminatedWithNoLabor(county: string, changedSince: Date): Promise<InvariantRow[]> {
    const r = await sql<InvariantRow>`
      select c.id as "caseId", h.household_no as "householdNo", 'case eliminated with the no-labour flag' as detail
      from monitoring_case c join household h on h.id = c.household_id
      where c.county_code = ${county} and c.stage = 'eliminated' and c.whole_household_no_labor
        and c.updated_at >= ${changedSince}
      union all
      select null, h.household_no, 'household eliminated with the no-labour flag'
      from household h
      where h.county_code = ${county} and h.monitoring_status = 'eliminated' and h.whole_household_no_labor
        and h.updated_at >= ${changedSince}
      order by 2`.execute(this.db);
    return r.rows;
  }

  /** The statutory deadlines of the cases changed since `changedSince`, to compare with the previous check. */
  async deadlines(county: string, changedSince: Date): Promise<CaseDeadlines[]> {
    const r = await sql<CaseDeadlines>`
      select c.id as "caseId", h.household_no as "householdNo", c.identification_due_on as "identificationDueOn",
        c.plan_due_on as "planDueOn"
      from monitoring_case c join household h on h.id = c.household_id
      where c.county_code = ${county} and c.updated_at >= ${changedSince}`.execute(this.db);
    return r.rows;
  }

  /** Case steps taken at or after `since` that have no audit record of the same case at the same instant. */
  async unauditedSteps(county: string, since: Date): Promise<InvariantRow[]> {
    const r = await sql<InvariantRow>`
      select e.case_id as "caseId", h.household_no as "householdNo", e.action as detail
      from case_event e join monitoring_case c on c.id = e.case_id join household h on h.id = c.household_id
      where e.county_code = ${county} and e.at >= ${since}
        and not exists (select 1 from audit_log l where l.target_type = 'monitoring_case'
                          and l.target_id = e.case_id::text and l.at = e.at)
      order by h.household_no, e.seq`.execute(this.db);
    return r.rows;
  }

  /**
   * The audit records of a chain after `afterSeq`, in order, to verify the chain incrementally. Raw SQL on the
   * transaction's client, as the verifier reads them: the typed builder's CamelCasePlugin would rename the keys
   * inside before/after/detail and the hash would no longer match.
   */
  static async auditAfter(tx: Pick<Tx, 'client'>, chain: string, afterSeq: number): Promise<AuditTail[]> {
    const r = await tx.client.query<AuditTail>(
      `select seq, chain, at, actor_id as "actorId", actor_username as "actorUsername", actor_role as "actorRole",
         action, target_type as "targetType", target_id as "targetId", request_id as "requestId",
         before, after, detail, prev_hash as "prevHash", hash
       from audit_log where chain = $1 and seq > $2 order by seq`,
      [chain, afterSeq],
    );
    return r.rows.map((x) => ({ ...x, seq: Number(x.seq), at: x.at instanceof Date ? x.at : new Date(x.at) }));
  }
}
