import type { Scope } from '@dixian/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { chinaDay } from './monitoring-state.sql.js';
import { inScope } from './scope.js';

export interface CampaignRow {
  id: string;
  countyCode: string;
  year: number;
  name: string;
  opensOn: string;
  phases: { seq: number; name: string; task: string | null; endsOn: string }[];
}

/** The rectification campaign of a county and year with its phases (S3 §四), and the ledger's progress per phase. */
export class RectificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The new campaign's id, or null when the county already has one for the year. */
  async insert(
    c: { countyCode: string; year: number; name: string; opensOn: string; createdBy: string },
    phases: { seq: number; name: string; task: string | null; endsOn: string }[],
  ): Promise<string | null> {
    const r = await this.db
      .insertInto('rectificationCampaign')
      .values(c)
      .onConflict((oc) => oc.columns(['countyCode', 'year']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!r) return null;
    await this.db
      .insertInto('rectificationPhase')
      .values(phases.map((p) => ({ ...p, campaignId: r.id })))
      .execute();
    return r.id;
  }

  /** Campaigns of the counties a scope lies in or covers, of one year. */
  async list(scopePrefix: string, year: number): Promise<CampaignRow[]> {
    const county = scopePrefix.slice(0, 6);
    const rows = await this.db
      .selectFrom('rectificationCampaign as c')
      .select(['c.id', 'c.countyCode', 'c.year', 'c.name', 'c.opensOn'])
      .where('c.countyCode', 'like', `${county}%`)
      .where('c.year', '=', year)
      .orderBy('c.countyCode')
      .execute();
    if (!rows.length) return [];
    const phases = await this.db
      .selectFrom('rectificationPhase')
      .select(['campaignId', 'seq', 'name', 'task', 'endsOn'])
      .where(
        'campaignId',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('seq')
      .execute();
    return rows.map((r) => ({ ...r, phases: phases.filter((p) => p.campaignId === r.id) }));
  }

  /**
   * Ledger items of the scope opened and closed (销号) within each window, and still open at its end — one
   * statement over all the windows.
   */
  async progress(
    scope: Scope,
    windows: readonly { from: string; to: string }[],
  ): Promise<{ opened: number; closed: number; openAtEnd: number }[]> {
    if (!windows.length) return [];
    const created = chinaDay(sql`l.created_at`);
    const r = await sql<{ i: number; opened: number; closed: number; openAtEnd: number }>`
      select w.i, count(*) filter (where ${created} between w.f and w.t)::int as opened,
        count(*) filter (where l.closed_on between w.f and w.t)::int as closed,
        count(*) filter (where ${created} <= w.t and (l.closed_on is null or l.closed_on > w.t))::int as open_at_end
      from unnest(${windows.map((_, i) => i)}::int[], ${windows.map((w) => w.from)}::date[],
        ${windows.map((w) => w.to)}::date[]) as w(i, f, t)
      left join ledger_item l on ${inScope('ledgerItem', scope, 'l')}
      group by w.i order by w.i`.execute(this.db);
    return r.rows.map(({ opened, closed, openAtEnd }) => ({ opened, closed, openAtEnd }));
  }
}
