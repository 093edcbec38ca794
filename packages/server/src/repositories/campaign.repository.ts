import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { CampaignCheck, DB, ScreeningCampaign } from '../db/types.js';
import { pageWindow } from './scope.js';

export type CampaignRow = Selectable<ScreeningCampaign>;
export type CampaignCheckRow = Selectable<CampaignCheck>;

export interface CampaignCounts {
  households: number;
  checked: number;
  risksFound: number;
}

export interface VillageProgressRow extends CampaignCounts {
  regionCode: string;
  regionName: string;
  newAssistance: number;
  newAssistanceChecked: number;
}

export interface PendingRow {
  householdId: string;
  householdNo: string;
  regionCode: string;
  regionName: string;
  headName: string | null;
  monitoringStatus: string;
  newAssistance: boolean;
  lastFullScreeningOn: string | null;
  total: number;
}

/**
 * The yearly full screening's campaigns and checks. Every count is made from the checks against the rural
 * households of the county (a household on a rural village), so progress cannot drift from what was recorded.
 */
export class CampaignRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insert(row: Insertable<ScreeningCampaign>): Promise<CampaignRow> {
    return this.db.insertInto('screeningCampaign').values(row).returningAll().executeTakeFirstOrThrow();
  }

  get(id: string): Promise<CampaignRow | undefined> {
    return this.db.selectFrom('screeningCampaign').selectAll().where('id', '=', id).executeTakeFirst();
  }

  ofCounty(countyCode: string, year: number): Promise<CampaignRow | undefined> {
    return this.db
      .selectFrom('screeningCampaign')
      .selectAll()
      .where('countyCode', '=', countyCode)
      .where('year', '=', year)
      .executeTakeFirst();
  }

  /** Campaigns of the counties under a region prefix, newest year first. */
  list(prefix: string): Promise<CampaignRow[]> {
    return this.db
      .selectFrom('screeningCampaign')
      .selectAll()
      .where('countyCode', 'like', `${prefix.slice(0, 6)}%`)
      .orderBy('year', 'desc')
      .orderBy('countyCode')
      .execute();
  }

  /** A household new to 低保 or 特困 since the campaign's date (never, when it has none). */
  /**
   * On 低保 or 特困 since the campaign's day: 低保 from the household's `dibao_since`, 特困 (which has no such date)
   * from its first approved case. Never null: a household with no date is not new (`is true`).
   */
  private static readonly NEW_ASSISTANCE = sql<boolean>`((c.new_assistance_since is not null
    and (h.receives_dibao or h.is_tekun)
    and coalesce(h.dibao_since, (select min(s.decided_on) from social_assistance_case s
          where s.household_id = h.id and s.kind = 'tekun' and s.status = 'approved')) >= c.new_assistance_since) is true)`;

  async counts(campaign: CampaignRow, prefix: string): Promise<CampaignCounts> {
    const r = await sql<CampaignCounts>`
      select count(h.id)::int as households, count(k.household_id)::int as checked,
             count(k.household_id) filter (where k.outcome = 'risk_found')::int as "risksFound"
        from household h join region r on r.code = h.region_code and r.is_rural
        left join campaign_check k on k.campaign_id = ${campaign.id} and k.household_id = h.id
       where h.county_code = ${campaign.countyCode} and h.region_code like ${`${prefix}%`}`.execute(this.db);
    return r.rows[0]!;
  }

  async progressByVillage(campaign: CampaignRow, prefix: string): Promise<VillageProgressRow[]> {
    const r = await sql<VillageProgressRow>`
      select r.code as "regionCode", r.name as "regionName", count(h.id)::int as households,
             count(k.household_id)::int as checked,
             count(k.household_id) filter (where k.outcome = 'risk_found')::int as "risksFound",
             count(h.id) filter (where ${CampaignRepository.NEW_ASSISTANCE})::int as "newAssistance",
             count(k.household_id) filter (where ${CampaignRepository.NEW_ASSISTANCE})::int as "newAssistanceChecked"
        from screening_campaign c
        join household h on h.county_code = c.county_code
        join region r on r.code = h.region_code and r.is_rural
        left join campaign_check k on k.campaign_id = c.id and k.household_id = h.id
       where c.id = ${campaign.id} and h.region_code like ${`${prefix}%`}
       group by r.code, r.name
       order by r.code`.execute(this.db);
    return r.rows;
  }

  /** The rural households of the area not yet checked, in household-number order. */
  async pending(
    campaign: CampaignRow,
    prefix: string,
    q: { page: number; pageSize: number; newAssistance?: boolean | undefined },
  ): Promise<{ items: PendingRow[]; total: number }> {
    const { limit, offset } = pageWindow(q.page, q.pageSize);
    const r = await sql<PendingRow>`
      select h.id as "householdId", h.household_no as "householdNo", h.region_code as "regionCode",
             r.name as "regionName", head.name as "headName", h.monitoring_status as "monitoringStatus",
             ${CampaignRepository.NEW_ASSISTANCE} as "newAssistance",
             h.last_full_screening_on::text as "lastFullScreeningOn", count(*) over ()::int as total
        from screening_campaign c
        join household h on h.county_code = c.county_code
        join region r on r.code = h.region_code and r.is_rural
        left join lateral (select m.name from member m where m.household_id = h.id and m.relation = 'head'
                            order by m.created_at limit 1) head on true
       where c.id = ${campaign.id} and h.region_code like ${`${prefix}%`}
         and not exists (select 1 from campaign_check k where k.campaign_id = c.id and k.household_id = h.id)
         ${q.newAssistance ? sql`and ${CampaignRepository.NEW_ASSISTANCE}` : sql``}
       order by h.household_no
       limit ${limit} offset ${offset}`.execute(this.db);
    return { items: r.rows, total: r.rows[0]?.total ?? 0 };
  }

  checkOf(campaignId: string, householdId: string): Promise<CampaignCheckRow | undefined> {
    return this.db
      .selectFrom('campaignCheck')
      .selectAll()
      .where('campaignId', '=', campaignId)
      .where('householdId', '=', householdId)
      .executeTakeFirst();
  }

  insertCheck(row: Insertable<CampaignCheck>): Promise<CampaignCheckRow> {
    return this.db.insertInto('campaignCheck').values(row).returningAll().executeTakeFirstOrThrow();
  }
}
