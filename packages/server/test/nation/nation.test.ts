import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHouseholds } from '../../src/seed/seed.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import {
  attachShard,
  detachShard,
  nationReport,
  NationRepository,
  parseShardUrl,
} from '../../src/services/nation.service.js';
import { runScreening } from '../../src/services/screening.service.js';
import type { Store } from '../../src/db/store.js';
import type { HouseholdDetail } from '@dixian/core/api';
import { COUNTY, createTestbed, memberInput, OTHER_COUNTY, VILLAGE_A, type Testbed } from '../support/api.js';
import { identify } from '../support/cases.js';
import { createTestStore, testStoreUrls } from '../support/db.js';

/**
 * The nation on many servers (issue 19 §4). Two shards, each a whole dixian database holding one county, on two
 * more PostgreSQL servers when DIXIAN_TEST_SHARD_SERVERS names them (CI starts them), else on databases of the
 * test server; a coordinator reads them through postgres_fdw. The same counties on one server are the reference.
 */
const AS_OF = '2024-06-03';
const servers = (process.env.DIXIAN_TEST_SHARD_SERVERS ?? '').split(',').filter(Boolean);
const audit = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date('2024-06-03T02:00:00Z') };

async function seedCounty(store: Store, county: string): Promise<void> {
  // each county its own call, so its households are the same (ids included) wherever it is seeded
  const [households, seed] = county === COUNTY ? [300, 21] : [200, 22];
  await seedHouseholds(store, { counties: [county], households, seed, asOf: AS_OF });
}

async function screen(store: Store, county: string): Promise<string> {
  return (await runScreening(store, SYSTEM_ACTOR, { scopeCode: county, asOf: AS_OF })).id;
}

async function findingsOn(store: Store, runId: string) {
  const r = await sql<{ householdId: string; finding: string }>`
    select household_id::text as "householdId", finding from screening_result where run_id = ${runId} order by 1, 2`.execute(
    store.db,
  );
  return r.rows;
}

async function countsOn(store: Store, county: string) {
  const r = await sql<{ households: number; unresolved: number; people: number }>`
    select (select count(*)::int from household where county_code = ${county} and closed_on is null and merged_into_id is null) as households,
           (select count(*)::int from household where county_code = ${county} and closed_on is null and merged_into_id is null
              and monitoring_status = 'monitoring_unresolved') as unresolved,
           (select count(*)::int from member where county_code = ${county} and left_on is null and deceased_on is null) as people`.execute(
    store.db,
  );
  return r.rows[0]!;
}

describe.runIf(process.env.DATABASE_URL)('the nation on many servers (postgres_fdw)', () => {
  let single: Testbed;
  let shardA: Testbed;
  let shardB: Testbed;
  let coordinator: Store;
  const runs: Record<string, string> = {};

  beforeAll(async () => {
    single = await createTestbed('postgres');
    shardA = await createTestbed('postgres', { store: await createTestStore('postgres', servers[0]) });
    shardB = await createTestbed('postgres', { store: await createTestStore('postgres', servers[1] ?? servers[0]) });
    coordinator = await createTestStore('postgres');
    for (const c of [COUNTY, OTHER_COUNTY]) await seedCounty(single.store, c);
    await seedCounty(shardA.store, COUNTY);
    await seedCounty(shardB.store, OTHER_COUNTY);
    runs[`single:${COUNTY}`] = await screen(single.store, COUNTY);
    runs[`single:${OTHER_COUNTY}`] = await screen(single.store, OTHER_COUNTY);
    runs[`a:${COUNTY}`] = await screen(shardA.store, COUNTY);
    runs[`b:${OTHER_COUNTY}`] = await screen(shardB.store, OTHER_COUNTY);
  }, 240_000);

  afterAll(async () => {
    await coordinator?.close();
    for (const tb of [single, shardA, shardB]) await tb?.close();
  });

  it('attaches each shard with its counties, and audits it', async () => {
    expect(await attachShard(coordinator, audit, 'a', testStoreUrls.get(shardA.store)!)).toEqual([COUNTY]);
    expect(await attachShard(coordinator, audit, 'b', testStoreUrls.get(shardB.store)!)).toEqual([OTHER_COUNTY]);
    const logged = await coordinator.db
      .selectFrom('auditLog')
      .select(['action'])
      .where('action', 'like', 'nation.%')
      .execute();
    expect(logged.map((l) => l.action)).toEqual(['nation.shard_attach', 'nation.shard_attach']);
  });

  it('screens each county on its shard with the same findings as one server, read through the coordinator', async () => {
    const report = await nationReport(coordinator);
    const repo = new NationRepository(coordinator.db);
    for (const [shard, county] of [
      ['a', COUNTY],
      ['b', OTHER_COUNTY],
    ] as const) {
      const run = report.runs.find((r) => r.countyCode === county);
      expect(run).toMatchObject({ shard, id: runs[`${shard}:${county}`], asOf: AS_OF });
      const reference = await findingsOn(single.store, runs[`single:${county}`]!);
      // the seeded data has findings to compare, not two empty sets
      expect(reference.length).toBeGreaterThan(10);
      expect(await repo.findings(shard, [run!.id])).toEqual(reference);
      // the run's stored counts cross intact (finding keys included)
      for (const finding of ['should_include', 'visit_overdue'])
        expect(run!.counts[finding]?.flagged).toBe(reference.filter((f) => f.finding === finding).length);
    }
  });

  it('counts every county where its rows are, equal to the counts on one server', async () => {
    const report = await nationReport(coordinator);
    expect(report.conflicts).toEqual([]);
    expect(report.shards.map((s) => [s.name, s.counties])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    for (const county of [COUNTY, OTHER_COUNTY]) {
      const f = report.counties.find((c) => c.countyCode === county)!;
      const expected = await countsOn(single.store, county);
      expect({ households: f.households, unresolved: f.byStatus.monitoring_unresolved ?? 0, people: f.people }).toEqual(
        expected,
      );
    }
  });

  it("sees at once the work done through a shard's own API: a household registered and identified", async () => {
    const before = (await nationReport(coordinator)).counties.find((c) => c.countyCode === COUNTY)!;
    const officer = await shardA.as('officer');
    const created = await officer.post<HouseholdDetail>('/api/households', {
      regionCode: VILLAGE_A,
      householdNo: `${VILLAGE_A}9901`,
      members: [
        memberInput('head', { county: COUNTY, seq: 951, birthDate: '1961-07-21' }),
        memberInput('spouse', { county: COUNTY, seq: 952, birthDate: '1963-02-11' }),
      ],
    });
    expect(created.status).toBe(201);
    await identify(shardA, created.body.household.id, '2024-05-10');
    const after = (await nationReport(coordinator)).counties.find((c) => c.countyCode === COUNTY)!;
    expect(after.households).toBe(before.households + 1);
    expect(after.openCases).toBe(before.openCases + 1);
    expect(after.byStatus.monitoring_unresolved).toBe((before.byStatus.monitoring_unresolved ?? 0) + 1);
  });

  it('refuses a shard holding a county already on another shard, and leaves nothing behind', async () => {
    await expect(attachShard(coordinator, audit, 'dup', testStoreUrls.get(single.store)!)).rejects.toThrow(
      new RegExp(`${COUNTY}\\(a、dup\\)`),
    );
    const repo = new NationRepository(coordinator.db);
    expect((await repo.shards()).map((s) => s.name)).toEqual(['a', 'b']);
    const schemas = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_namespace where nspname = 'shard_dup'`.execute(coordinator.db);
    expect(schemas.rows[0]!.n).toBe(0);
  });

  it('refuses a shard whose migrations differ from the coordinator', async () => {
    await detachShard(coordinator, audit, 'b');
    await sql`insert into schema_migration (version, checksum) values ('9999_future', ${'0'.repeat(64)})`.execute(
      shardB.store.db,
    );
    try {
      await expect(attachShard(coordinator, audit, 'b', testStoreUrls.get(shardB.store)!)).rejects.toThrow(
        /9999_future\(仅分片/,
      );
    } finally {
      await sql`delete from schema_migration where version = '9999_future'`.execute(shardB.store.db);
    }
    expect(await attachShard(coordinator, audit, 'b', testStoreUrls.get(shardB.store)!)).toEqual([OTHER_COUNTY]);
  });

  it('refuses the embedded database as a coordinator, with a clear message', async () => {
    const embedded = await createTestStore('pglite');
    try {
      await expect(attachShard(embedded, audit, 'a', testStoreUrls.get(shardA.store)!)).rejects.toThrow(
        /需连接 PostgreSQL 服务器/,
      );
    } finally {
      await embedded.close();
    }
  });
});

describe('a shard URL', () => {
  it('gives the foreign server its host, port, database, user, password and TLS mode', () => {
    expect(parseShardUrl('postgres://reader:p%40ss@10.0.0.7:6432/dixian_jl?sslmode=verify-full')).toEqual({
      host: '10.0.0.7',
      port: '6432',
      dbname: 'dixian_jl',
      user: 'reader',
      password: 'p@ss',
      sslmode: 'verify-full',
    });
    expect(parseShardUrl('postgresql://db1/dixian')).toMatchObject({ port: '5432', user: 'postgres', password: null });
  });

  it('refuses what is not a PostgreSQL URL with a database, saying what is missing', () => {
    expect(() => parseShardUrl('mysql://db1/dixian')).toThrow(/应以 postgres:\/\/ 开头/);
    expect(() => parseShardUrl('postgres://db1')).toThrow(/缺少主机或库名/);
    expect(() => parseShardUrl('not a url')).toThrow(/分片地址无效/);
  });
});
