import type { ScenarioChange, ScenarioReasonOf } from '@dixian/core';
import type { ScenarioSummary } from '@dixian/core/api';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, PolicyDraft, PolicyScenario } from '../db/types.js';

/**
 * Storage of policy drafts and scenarios (migration 0113). Access is the service's business, except that every
 * read takes the reader's region prefix: a draft or scenario is seen from inside its area or from above it.
 */
export type DraftRow = Selectable<PolicyDraft>;
export type ScenarioRow = Selectable<PolicyScenario> & { draftName: string; summaryText: string | null };

/** One household's difference between the policy in force and the draft. */
export interface ScenarioResultRow {
  change: ScenarioChange;
  householdId: string;
  regionCode: string;
  people: number;
  category: string | null;
  riskTypes: string[];
  incomePerCapitaFen: number | null;
  baseTopUpFen: number;
  draftTopUpFen: number;
  reasons: ScenarioReasonOf[];
}

/** Seen from `prefix`: the row's region is inside it, or it covers it. */
const visibleFrom = (column: string, prefix: string) =>
  sql<boolean>`(${sql.ref(column)} like ${`${prefix}%`} or ${prefix} like ${sql.ref(column)} || '%')`;

export class ScenarioRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertDraft(d: { name: string; regionPrefix: string; body: unknown; createdBy: string | null; at: Date }) {
    return this.db
      .insertInto('policyDraft')
      .values({
        name: d.name,
        regionPrefix: d.regionPrefix,
        body: JSON.stringify(d.body),
        createdBy: d.createdBy,
        createdAt: d.at,
        updatedAt: d.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async updateDraft(id: string, d: { name: string; regionPrefix: string; body: unknown; at: Date }) {
    return this.db
      .updateTable('policyDraft')
      .set({ name: d.name, regionPrefix: d.regionPrefix, body: JSON.stringify(d.body), updatedAt: d.at })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async deleteDraft(id: string): Promise<void> {
    await this.db.deleteFrom('policyDraft').where('id', '=', id).execute();
  }

  async markPublished(id: string, policyId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('policyDraft')
      .set({ publishedPolicyId: policyId, updatedAt: at })
      .where('id', '=', id)
      .execute();
  }

  async draft(id: string, prefix: string): Promise<DraftRow | undefined> {
    return this.db
      .selectFrom('policyDraft')
      .selectAll()
      .where('id', '=', id)
      .where(visibleFrom('region_prefix', prefix))
      .executeTakeFirst();
  }

  async drafts(prefix: string): Promise<DraftRow[]> {
    return this.db
      .selectFrom('policyDraft')
      .selectAll()
      .where(visibleFrom('region_prefix', prefix))
      .orderBy('createdAt', 'desc')
      .limit(200)
      .execute();
  }

  async createScenario(s: {
    draftId: string;
    scopeCode: string;
    asOf: string;
    nearMissBp: number;
    basePolicy: string;
    draftPolicy: string;
    draftBody: unknown;
    createdBy: string | null;
    at: Date;
  }): Promise<string> {
    const r = await this.db
      .insertInto('policyScenario')
      .values({
        draftId: s.draftId,
        scopeCode: s.scopeCode,
        asOf: s.asOf,
        nearMissBp: s.nearMissBp,
        basePolicy: s.basePolicy,
        draftPolicy: s.draftPolicy,
        draftBody: JSON.stringify(s.draftBody),
        createdBy: s.createdBy,
        startedAt: s.at,
        heartbeatAt: s.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  private scenarios() {
    return (
      this.db
        .selectFrom('policyScenario as s')
        .innerJoin('policyDraft as d', 'd.id', 's.draftId')
        .selectAll('s')
        // as text: the plugin that camelCases column names would camelCase the summary's keys (finding codes) too
        .select(['d.name as draftName', sql<string | null>`s.summary::text`.as('summaryText')])
    );
  }

  async scenario(id: string, prefix: string): Promise<ScenarioRow | undefined> {
    return this.scenarios().where('s.id', '=', id).where(visibleFrom('s.scope_code', prefix)).executeTakeFirst();
  }

  async scenarioList(prefix: string, draftId?: string): Promise<ScenarioRow[]> {
    let q = this.scenarios().where(visibleFrom('s.scope_code', prefix));
    if (draftId) q = q.where('s.draftId', '=', draftId);
    return q.orderBy('s.startedAt', 'desc').limit(100).execute();
  }

  async progress(id: string, p: { total?: number; done: number; at: Date }): Promise<void> {
    await this.db
      .updateTable('policyScenario')
      .set({
        householdsDone: p.done,
        heartbeatAt: p.at,
        ...(p.total === undefined ? {} : { householdsTotal: p.total }),
      })
      .where('id', '=', id)
      .execute();
  }

  async finish(id: string, summary: ScenarioSummary, at: Date): Promise<void> {
    await this.db
      .updateTable('policyScenario')
      .set({ status: 'done', summary: JSON.stringify(summary), finishedAt: at, heartbeatAt: at })
      .where('id', '=', id)
      .execute();
  }

  async fail(id: string, error: string, at: Date): Promise<void> {
    await this.db.deleteFrom('policyScenarioResult').where('scenarioId', '=', id).execute();
    await this.db
      .updateTable('policyScenario')
      .set({ status: 'failed', error: error.slice(0, 1000), finishedAt: at, heartbeatAt: at })
      .where('id', '=', id)
      .execute();
  }

  /** The live households of an area after `afterId`, in id order: the scenario's batches. */
  async householdIds(prefix: string, afterId: string | null, limit: number): Promise<string[]> {
    let q = this.db
      .selectFrom('household')
      .select('id')
      .where('regionCode', 'like', `${prefix}%`)
      .where('closedOn', 'is', null);
    if (afterId) q = q.where('id', '>', afterId);
    return (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  async countHouseholds(prefix: string): Promise<number> {
    const r = await this.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('regionCode', 'like', `${prefix}%`)
      .where('closedOn', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insertResults(scenarioId: string, rows: readonly ScenarioResultRow[]): Promise<void> {
    if (!rows.length) return;
    await this.db
      .insertInto('policyScenarioResult')
      .values(
        rows.map((r) => ({
          scenarioId,
          change: r.change,
          householdId: r.householdId,
          regionCode: r.regionCode,
          countyCode: r.regionCode.slice(0, 6),
          people: r.people,
          category: r.category,
          riskTypes: r.riskTypes,
          incomePerCapitaFen: r.incomePerCapitaFen,
          baseTopUpFen: r.baseTopUpFen,
          draftTopUpFen: r.draftTopUpFen,
          reasons: JSON.stringify(r.reasons),
        })),
      )
      .execute();
  }

  /** Households and people per change, within `prefix`. */
  async tallies(scenarioId: string, prefix: string) {
    return this.db
      .selectFrom('policyScenarioResult')
      .select(['change', sql<number>`count(*)::int`.as('households'), sql<number>`sum(people)::int`.as('people')])
      .where('scenarioId', '=', scenarioId)
      .where('regionCode', 'like', `${prefix}%`)
      .groupBy('change')
      .execute();
  }

  /** Households per township and change, with the township's name. */
  async byTownship(scenarioId: string, prefix: string) {
    return this.db
      .selectFrom('policyScenarioResult as r')
      .leftJoin('region as g', (j) => j.on(sql<boolean>`g.code = substr(r.region_code, 1, 9)`))
      .select([
        sql<string>`substr(r.region_code, 1, 9)`.as('code'),
        'g.name',
        'r.change',
        sql<number>`count(*)::int`.as('households'),
      ])
      .where('r.scenarioId', '=', scenarioId)
      .where('r.regionCode', 'like', `${prefix}%`)
      .groupBy([sql`substr(r.region_code, 1, 9)`, 'g.name', 'r.change'])
      .orderBy('code')
      .execute();
  }

  /** The categories of one change's households. */
  async byCategory(scenarioId: string, prefix: string, change: ScenarioChange) {
    return this.db
      .selectFrom('policyScenarioResult')
      .select(['category', sql<number>`count(*)::int`.as('households')])
      .where('scenarioId', '=', scenarioId)
      .where('regionCode', 'like', `${prefix}%`)
      .where('change', '=', change)
      .where('category', 'is not', null)
      .groupBy('category')
      .orderBy('households', 'desc')
      .execute();
  }

  /** The risk types of one change's households (a household counts once under each of its types). */
  async byRiskType(scenarioId: string, prefix: string, change: ScenarioChange) {
    const r = await sql<{ riskType: string; households: number }>`
      select t as risk_type, count(*)::int as households
      from policy_scenario_result, unnest(risk_types) as t
      where scenario_id = ${scenarioId} and region_code like ${`${prefix}%`} and change = ${change}
      group by t order by households desc`.execute(this.db);
    return r.rows;
  }

  /** A page of the households, by village and household number. */
  async results(
    scenarioId: string,
    prefix: string,
    f: { change?: ScenarioChange | undefined; offset: number; limit: number },
  ) {
    let q = this.db
      .selectFrom('policyScenarioResult as r')
      .where('r.scenarioId', '=', scenarioId)
      .where('r.regionCode', 'like', `${prefix}%`);
    if (f.change) q = q.where('r.change', '=', f.change);
    const total = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const items = await q
      .leftJoin('household as h', 'h.id', 'r.householdId')
      .leftJoin('region as g', 'g.code', 'r.regionCode')
      .selectAll('r')
      .select(['h.householdNo', 'g.name as villageName'])
      .orderBy('r.regionCode')
      .orderBy('h.householdNo')
      .orderBy('r.change')
      .offset(f.offset)
      .limit(f.limit)
      .execute();
    return { total: total.n, items };
  }
}
