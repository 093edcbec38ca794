import type { HouseholdDetail } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { COUNTY_KEYED_TABLES, groupBounds, partitionByCounty, partitionedTables } from '../../src/db/partition.js';
import type { Store } from '../../src/db/store.js';
import { inScope } from '../../src/repositories/scope.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { runScreening } from '../../src/services/screening.service.js';
import { COUNTY, createTestbed, memberInput, VILLAGE_A, type Testbed } from '../support/api.js';
import { identify } from '../support/cases.js';
import { engines } from '../support/db.js';

/**
 * A server of several provinces partitions its large tables by county group (issue 19 §4, `dixian partition`):
 * the same tables, keys, indexes and triggers, each split into a partition per province with households and a
 * default one, and the migrations, screening and API unchanged.
 */
const AS_OF = '2024-06-03';
const SHAANXI = '610424'; // a county of another province
const HEBEI = '130121'; // and of a third, seeded after the split

async function screen(store: Store, county: string) {
  const run = await runScreening(store, SYSTEM_ACTOR, { scopeCode: county, asOf: AS_OF });
  const r = await sql<{ householdId: string; finding: string }>`
    select household_id::text as "householdId", finding from screening_result where run_id = ${run.id}
    order by 1, 2`.execute(store.db);
  return r.rows;
}

/** What must survive the rebuild: each table's rows, index names, triggers and foreign keys. */
async function shapeOf(store: Store) {
  const tables = [...COUNTY_KEYED_TABLES];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    counts[t] = (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(store.db)).rows[0]!.n;
  }
  const names = async (query: string) =>
    (await store.transaction((tx) => tx.client.query<{ name: string }>(query, [tables]))).rows.map((r) => r.name);
  return {
    counts,
    indexes: await names(`select c.relname || '.' || i.relname as name from pg_index x
      join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
      where c.relname = any($1) order by 1`),
    triggers: await names(`select c.relname || '.' || t.tgname as name from pg_trigger t
      join pg_class c on c.oid = t.tgrelid where c.relname = any($1) and not t.tgisinternal order by 1`),
    foreignKeys: await names(`select c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid) as name
      from pg_constraint k join pg_class c on c.oid = k.conrelid left join pg_class r on r.oid = k.confrelid
      where k.contype = 'f' and k.conparentid = 0 and (c.relname = any($1) or r.relname = any($1)) order by 1`),
  };
}

describe.each(engines)('partitioning by province on %s', (engine) => {
  let tb: Testbed;
  let before: Awaited<ReturnType<typeof shapeOf>>;
  const findings: Record<string, Awaited<ReturnType<typeof screen>>> = {};
  let historyBefore: number;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 300, seed: 21, asOf: AS_OF });
    await seedHouseholds(tb.store, { counties: [SHAANXI], households: 200, seed: 22, asOf: AS_OF });
    for (const c of [COUNTY, SHAANXI]) findings[c] = await screen(tb.store, c);
    // a written household leaves rows in fact_history, whose ids come from an identity column
    await sql`update household set has_private_car = not has_private_car where id in (
      select id from household where county_code = ${COUNTY} order by id limit 3)`.execute(tb.store.db);
    historyBefore = (
      await sql<{ n: number }>`select coalesce(max(id), 0)::int as n from fact_history`.execute(tb.store.db)
    ).rows[0]!.n;
    before = await shapeOf(tb.store);
    await tb.store.transaction((tx) => partitionByCounty(tx, 'province'));
  }, 240_000);
  afterAll(() => tb?.close());

  it('splits every county-keyed table into a partition per province and a default, every row kept', async () => {
    expect(await tb.store.transaction((tx) => partitionedTables(tx))).toEqual([...COUNTY_KEYED_TABLES].sort());
    const r = await sql<{ part: string; n: number }>`select tableoid::regclass::text as part, count(*)::int as n
      from household group by 1 order by 1`.execute(tb.store.db);
    expect(r.rows).toEqual([
      { part: 'household_p22', n: 300 },
      { part: 'household_p61', n: 200 },
    ]);
    expect((await shapeOf(tb.store)).counts).toEqual(before.counts);
    expect(groupBounds('22')).toEqual(['220000', '230000']);
    expect(groupBounds('6104')).toEqual(['610400', '610500']);
    expect(groupBounds('99')).toEqual(['990000', null]);
  });

  it('keeps each table’s index names, triggers and foreign keys', async () => {
    const after = await shapeOf(tb.store);
    expect(after.indexes).toEqual(before.indexes);
    expect(after.triggers).toEqual(before.triggers);
    expect(after.foreignKeys).toEqual(before.foreignKeys);
    expect(before.triggers.length).toBeGreaterThan(20);
  });

  it('screens each county with the same findings as before it was partitioned', async () => {
    for (const c of [COUNTY, SHAANXI]) expect(await screen(tb.store, c)).toEqual(findings[c]);
  });

  it('reads only the partitions of a scope: a county’s or a prefecture’s, never another province’s', async () => {
    const plan = async (regionPrefix: string) => {
      const rows = await tb.store.db
        .selectFrom('household')
        .select('id')
        .where(inScope('household', { regionPrefix }))
        .explain();
      return rows.map((r) => Object.values(r).join(' ')).join('\n');
    };
    for (const prefix of [COUNTY, '2206', '22']) {
      const p = await plan(prefix);
      expect(p).toContain('household_p22');
      expect(p).not.toMatch(/household_p61|household_pdefault/);
    }
    expect(await plan('')).toMatch(/household_p61/);
  });

  it('serves the API as before: a household registered and identified lands in its province’s partitions', async () => {
    const officer = await tb.as('officer');
    const created = await officer.post<HouseholdDetail>('/api/households', {
      regionCode: VILLAGE_A,
      householdNo: `${VILLAGE_A}9902`,
      members: [memberInput('head', { county: COUNTY, seq: 961, birthDate: '1960-03-14' })],
    });
    expect(created.status).toBe(201);
    const id = created.body.household.id;
    await identify(tb, id, '2024-05-10');
    const parts = await sql<{ part: string }>`
      select tableoid::regclass::text as part from household where id = ${id}
      union all select tableoid::regclass::text from member where household_id = ${id}
      union all select tableoid::regclass::text from monitoring_case where household_id = ${id}
      order by 1`.execute(tb.store.db);
    expect(parts.rows.map((p) => p.part)).toEqual(['household_p22', 'member_p22', 'monitoring_case_p22']);
    // the triggers fire on the partitioned tables: the change is marked for the next screening, the history kept,
    // its ids going on from where they stood
    const marked = await sql`select 1 from household_screening_change where household_id = ${id}`.execute(tb.store.db);
    expect(marked.rows).toHaveLength(1);
    const history = await sql<{ min: number }>`select min(id)::int as min from fact_history
      where household_id = ${id}`.execute(tb.store.db);
    expect(history.rows[0]!.min).toBeGreaterThan(historyBefore);
  });

  it('takes the migrations as before: none pending, and a new column and index reach every partition', async () => {
    expect((await migrate(tb.store)).applied).toEqual([]);
    await sql`alter table visit add column later_migration int`.execute(tb.store.db);
    await sql`create index visit_later_idx on visit (later_migration)`.execute(tb.store.db);
    const r = await sql<{
      part: string;
    }>`select c.relname as part from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'visit_later_idx'::regclass order by 1`.execute(tb.store.db);
    expect(r.rows.map((x) => x.part)).toEqual([
      'visit_p22_later_migration_idx',
      'visit_p61_later_migration_idx',
      'visit_pdefault_later_migration_idx',
    ]);
  });

  it('gives a new province its own partitions on the next run, moving its rows out of the default one', async () => {
    await seedHouseholds(tb.store, { counties: [HEBEI], households: 50, seed: 23, asOf: AS_OF });
    const where = async () =>
      (
        await sql<{ part: string; n: number }>`select tableoid::regclass::text as part, count(*)::int as n
          from household where county_code = ${HEBEI} group by 1`.execute(tb.store.db)
      ).rows;
    expect(await where()).toEqual([{ part: 'household_pdefault', n: 50 }]);
    const shape = await shapeOf(tb.store);
    const r = await tb.store.transaction((tx) => partitionByCounty(tx, 'province'));
    expect(r.groups).toEqual(['13']);
    expect(r.rows.household).toBe(50);
    expect(await where()).toEqual([{ part: 'household_p13', n: 50 }]);
    const after = await shapeOf(tb.store);
    expect(after).toEqual(shape);
    const members = await sql<{ part: string }>`select distinct tableoid::regclass::text as part from member
      where county_code = ${HEBEI}`.execute(tb.store.db);
    expect(members.rows).toEqual([{ part: 'member_p13' }]);
    expect((await screen(tb.store, HEBEI)).length).toBeGreaterThan(0);
  });

  it('changes nothing when no new province has come, and refuses another level than the first', async () => {
    const r = await tb.store.transaction((tx) => partitionByCounty(tx, 'province'));
    expect(r).toMatchObject({ groups: [], tables: 0 });
    await expect(tb.store.transaction((tx) => partitionByCounty(tx, 'prefecture'))).rejects.toThrow(
      /partitioned by province already/,
    );
    const r2 = await sql<{ part: string }>`select distinct tableoid::regclass::text as part from household
      order by 1`.execute(tb.store.db);
    expect(r2.rows.map((x) => x.part)).toEqual(['household_p13', 'household_p22', 'household_p61']);
  });
});
