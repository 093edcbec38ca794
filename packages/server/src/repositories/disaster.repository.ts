import { sql, type Insertable, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DB, Disaster, DisasterHousehold } from '../db/types.js';
import { pageWindow } from './scope.js';

export type DisasterRow = Selectable<Disaster>;
export type DisasterHouseholdRow = Selectable<DisasterHousehold>;

export interface DisasterFiguresRow {
  affected: number;
  visited: number;
  visitsOverdue: number;
  atRisk: number;
  monitored: number;
  helped: number;
}

export interface DisasterHouseholdListRow {
  householdId: string;
  householdNo: string;
  regionCode: string;
  regionName: string;
  headName: string | null;
  source: string;
  lossFen: number | null;
  monitoringStatus: string;
  lastVisitOn: string | null;
  visited: boolean;
  screenedOn: string | null;
  outcome: string | null;
  category: string | null;
  leadId: string | null;
  helped: boolean;
  total: number;
}

export type DisasterHouseholdState = 'unvisited' | 'visited' | 'at_risk' | 'monitored' | 'helped';

/** A household counts as visited after the disaster from a visit on or after its date. */
const VISITED = sql<boolean>`exists (select 1 from visit v where v.household_id = dh.household_id
  and v.visited_on >= d.occurred_on)`;
/** Helped: an assistance plan made, or a measure started, on or after the disaster's date. */
const HELPED = sql<boolean>`(exists (select 1 from assistance_plan p where p.household_id = dh.household_id
    and p.created_on >= d.occurred_on)
  or exists (select 1 from assistance_measure m where m.household_id = dh.household_id
    and m.start_on >= d.occurred_on))`;
const AT_RISK = sql<boolean>`dh.outcome in ('at_risk', 'already_monitored')`;
const MONITORED = sql<boolean>`h.monitoring_status in ('identifying', 'monitoring_unresolved')`;

function figures(asOf: string): RawBuilder<unknown> {
  return sql`count(*)::int as affected,
    count(*) filter (where ${VISITED})::int as visited,
    count(*) filter (where not ${VISITED} and d.visit_due_on < ${asOf}::date)::int as "visitsOverdue",
    count(*) filter (where ${AT_RISK})::int as "atRisk",
    count(*) filter (where ${MONITORED})::int as monitored,
    count(*) filter (where ${HELPED})::int as helped`;
}

function stateWhere(state: DisasterHouseholdState | undefined): RawBuilder<unknown> {
  if (state === 'unvisited') return sql`and not ${VISITED}`;
  if (state === 'visited') return sql`and ${VISITED}`;
  if (state === 'at_risk') return sql`and ${AT_RISK}`;
  if (state === 'monitored') return sql`and ${MONITORED}`;
  if (state === 'helped') return sql`and ${HELPED}`;
  return sql``;
}

/**
 * Disasters, their villages and their affected households (issue 15 §6). Every figure is counted from the
 * affected households against the visits, the monitoring status and the plans, so nothing can drift.
 */
export class DisasterRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(row: Insertable<Disaster>): Promise<DisasterRow> {
    return this.db.insertInto('disaster').values(row).returningAll().executeTakeFirstOrThrow();
  }

  get(id: string): Promise<DisasterRow | undefined> {
    return this.db.selectFrom('disaster').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Disasters of the counties under a region prefix, newest first. */
  list(prefix: string): Promise<DisasterRow[]> {
    return this.db
      .selectFrom('disaster')
      .selectAll()
      .where('countyCode', 'like', `${prefix.slice(0, 6)}%`)
      .orderBy('occurredOn', 'desc')
      .orderBy('createdAt', 'desc')
      .execute();
  }

  async insertVillages(disasterId: string, villages: readonly string[]): Promise<void> {
    if (!villages.length) return;
    await this.db
      .insertInto('disasterVillage')
      .values(villages.map((regionCode) => ({ disasterId, regionCode })))
      .execute();
  }

  async villagesOf(disasterId: string): Promise<{ regionCode: string; regionName: string }[]> {
    const r = await sql<{ regionCode: string; regionName: string }>`
      select r.code as "regionCode", r.name as "regionName"
        from disaster_village dv join region r on r.code = dv.region_code
       where dv.disaster_id = ${disasterId} order by r.code`.execute(this.db);
    return r.rows;
  }

  /** The villages among these codes that exist, are rural (村) and lie in the county. */
  async ruralVillages(countyCode: string, codes: readonly string[]): Promise<string[]> {
    if (!codes.length) return [];
    const rows = await this.db
      .selectFrom('region')
      .select('code')
      .where('code', 'in', [...codes])
      .where('isRural', '=', true)
      .where('code', 'like', `${countyCode}%`)
      .execute();
    return rows.map((r) => r.code);
  }

  /** Every open household of the villages becomes affected (a household merged away is closed, migration 0085). */
  async addVillageHouseholds(disasterId: string, villages: readonly string[]): Promise<number> {
    if (!villages.length) return 0;
    const r = await sql`
      insert into disaster_household (disaster_id, household_id, county_code, region_code, source)
      select ${disasterId}, h.id, h.county_code, h.region_code, 'village'
        from household h
       where h.region_code in (${sql.join(villages.map((v) => sql`${v}`))}) and h.closed_on is null
      on conflict do nothing`.execute(this.db);
    return Number(r.numAffectedRows ?? 0);
  }

  /** Households named by number in the county, with their ids and villages. */
  async householdsByNo(
    countyCode: string,
    numbers: readonly string[],
  ): Promise<{ id: string; householdNo: string; regionCode: string; countyCode: string }[]> {
    if (!numbers.length) return [];
    return this.db
      .selectFrom('household')
      .select(['id', 'householdNo', 'regionCode', 'countyCode'])
      .where('countyCode', '=', countyCode)
      .where('householdNo', 'in', [...numbers])
      .execute();
  }

  /**
   * The households an imported 应急 feed of the county matched, with the largest loss a row gives; undefined when
   * the batch is not an emergency feed of the county.
   */
  async fromEmergencyFeed(
    countyCode: string,
    batchId: string,
  ): Promise<{ id: string; regionCode: string; countyCode: string; lossFen: number | null }[] | undefined> {
    const batch = await this.db
      .selectFrom('feedBatch')
      .select(['id'])
      .where('id', '=', batchId)
      .where('department', '=', 'emergency')
      .where((eb) => eb.or([eb('countyCode', '=', countyCode), eb('countyCode', 'is', null)]))
      .executeTakeFirst();
    if (!batch) return undefined;
    const r = await sql<{ id: string; regionCode: string; countyCode: string; lossFen: number | null }>`
      select h.id, h.region_code as "regionCode", h.county_code as "countyCode", max(r.metric_fen) as "lossFen"
        from feed_row r join household h on h.id = r.household_id
       where r.batch_id = ${batchId} and h.county_code = ${countyCode} and h.closed_on is null
       group by h.id, h.region_code, h.county_code`.execute(this.db);
    return r.rows.map((x) => ({ ...x, lossFen: x.lossFen === null ? null : Number(x.lossFen) }));
  }

  /** A listed household: added with its loss, or its loss set when its village already brought it in. */
  async upsertListed(row: Insertable<DisasterHousehold>): Promise<void> {
    await this.db
      .insertInto('disasterHousehold')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['disasterId', 'householdId', 'countyCode']).doUpdateSet({ lossFen: row.lossFen ?? null }),
      )
      .execute();
  }

  /** The affected households under a prefix, to screen: id and loss. */
  affected(disasterId: string, prefix: string): Promise<DisasterHouseholdRow[]> {
    return this.db
      .selectFrom('disasterHousehold')
      .selectAll()
      .where('disasterId', '=', disasterId)
      .where('regionCode', 'like', `${prefix}%`)
      .orderBy('householdId')
      .execute();
  }

  /** The disasters a household is affected by, with the disaster. */
  async ofHousehold(householdId: string): Promise<{ disaster: DisasterRow; entry: DisasterHouseholdRow }[]> {
    const entries = await this.db
      .selectFrom('disasterHousehold')
      .selectAll()
      .where('householdId', '=', householdId)
      .execute();
    const out: { disaster: DisasterRow; entry: DisasterHouseholdRow }[] = [];
    for (const entry of entries) {
      const disaster = await this.get(entry.disasterId);
      if (disaster) out.push({ disaster, entry });
    }
    return out;
  }

  async setOutcome(
    disasterId: string,
    householdId: string,
    o: { screenedOn: string; outcome: string; category: string | null; leadId: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('disasterHousehold')
      .set(o)
      .where('disasterId', '=', disasterId)
      .where('householdId', '=', householdId)
      .execute();
  }

  async markScreened(disasterId: string, at: Date): Promise<void> {
    await this.db.updateTable('disaster').set({ screenedAt: at }).where('id', '=', disasterId).execute();
  }

  async figures(d: DisasterRow, prefix: string, asOf: string): Promise<DisasterFiguresRow> {
    const r = await sql<DisasterFiguresRow>`
      select ${figures(asOf)}
        from disaster d join disaster_household dh on dh.disaster_id = d.id
        join household h on h.id = dh.household_id
       where d.id = ${d.id} and dh.region_code like ${`${prefix}%`}`.execute(this.db);
    return r.rows[0]!;
  }

  async figuresByVillage(
    d: DisasterRow,
    prefix: string,
    asOf: string,
  ): Promise<(DisasterFiguresRow & { regionCode: string; regionName: string })[]> {
    const r = await sql<DisasterFiguresRow & { regionCode: string; regionName: string }>`
      select r.code as "regionCode", r.name as "regionName", ${figures(asOf)}
        from disaster d join disaster_household dh on dh.disaster_id = d.id
        join household h on h.id = dh.household_id
        join region r on r.code = dh.region_code
       where d.id = ${d.id} and dh.region_code like ${`${prefix}%`}
       group by r.code, r.name
       order by r.code`.execute(this.db);
    return r.rows;
  }

  /** The affected households of the area, by household number, with their visit and screening. */
  async households(
    d: DisasterRow,
    prefix: string,
    q: { page: number; pageSize: number; state?: DisasterHouseholdState | undefined },
  ): Promise<{ items: DisasterHouseholdListRow[]; total: number }> {
    const { limit, offset } = pageWindow(q.page, q.pageSize);
    const r = await sql<DisasterHouseholdListRow>`
      select h.id as "householdId", h.household_no as "householdNo", h.region_code as "regionCode",
             r.name as "regionName", head.name as "headName", dh.source, dh.loss_fen as "lossFen",
             h.monitoring_status as "monitoringStatus", h.last_visit_on::text as "lastVisitOn",
             ${VISITED} as visited, dh.screened_on::text as "screenedOn", dh.outcome, dh.category,
             dh.lead_id as "leadId", ${HELPED} as helped, count(*) over ()::int as total
        from disaster d join disaster_household dh on dh.disaster_id = d.id
        join household h on h.id = dh.household_id
        join region r on r.code = h.region_code
        left join lateral (select m.name from member m where m.household_id = h.id and m.relation = 'head'
                            order by m.created_at limit 1) head on true
       where d.id = ${d.id} and dh.region_code like ${`${prefix}%`} ${stateWhere(q.state)}
       order by h.household_no
       limit ${limit} offset ${offset}`.execute(this.db);
    return {
      items: r.rows.map((i) => ({ ...i, lossFen: i.lossFen === null ? null : Number(i.lossFen) })),
      total: r.rows[0]?.total ?? 0,
    };
  }
}
