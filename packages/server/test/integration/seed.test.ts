import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/store.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { generateCounty } from '../../src/seed/generator.js';
import { allocate, loadCounties, policyResolver, seedHouseholds, SeedError } from '../../src/seed/seed.js';
import { createTestStore, engines } from '../support/db.js';
import { idIndex } from '../../src/security/field-keys.js';

const AS_OF = '2026-06-30';
const COUNTY = '220681';
const HOUSEHOLDS = 2500;
const SEED = 5;

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe.each(engines)('seeding demo households on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
    // small chunks, so the run crosses several transactions
    await seedHouseholds(store, {
      counties: [COUNTY],
      households: HOUSEHOLDS,
      seed: SEED,
      asOf: AS_OF,
      chunkSize: 700,
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('writes exactly the rows the generator produces (same ids and ID numbers, by their blind index, on every engine)', async () => {
    const county = (await loadCounties(store, [COUNTY]))[0]!;
    const policyAt = policyResolver(await new PolicyRepository(store.db).all(), COUNTY);
    const plan = allocate([county], HOUSEHOLDS, SEED)[0]!;
    const members: string[] = [];
    const cases: string[] = [];
    for (const chunk of generateCounty(plan, { seed: SEED, asOf: AS_OF, policyAt })) {
      for (const m of chunk.rows.member) members.push(`${m.id as string}:${idIndex(m.id_number as string)}`);
      for (const c of chunk.rows.monitoring_case)
        cases.push(`${c.id as string}:${c.stage as string}:${c.current_due_on ?? ''}`);
    }
    const r = await sql<{ m: string; c: string; n: number }>`
      select (select md5(string_agg(id::text || ':' || id_number_index, ',' order by id)) from member) as m,
             (select md5(string_agg(id::text || ':' || stage || ':' || coalesce(current_due_on::text, ''), ',' order by id)) from monitoring_case) as c,
             (select count(*) from household) as n`.execute(store.db);
    expect(r.rows[0]!.n).toBe(HOUSEHOLDS);
    expect(r.rows[0]!.m).toBe(md5(members.sort().join(',')));
    expect(r.rows[0]!.c).toBe(md5(cases.sort().join(',')));
  });

  it('every foreign key holds, although seeding skips the row-by-row checks', async () => {
    const fks = await sql<{ tbl: string; col: string; ref: string; refcol: string }>`
      select c.conrelid::regclass::text as tbl, a.attname as col, c.confrelid::regclass::text as ref, af.attname as refcol
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
      join pg_attribute af on af.attrelid = c.confrelid and af.attnum = c.confkey[1]
      where c.contype = 'f' and cardinality(c.conkey) = 1`.execute(store.db);
    expect(fks.rows.length).toBeGreaterThan(20);
    const orphans: string[] = [];
    for (const fk of fks.rows) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(fk.tbl)} t
        where t.${sql.ref(fk.col)} is not null
          and not exists (select 1 from ${sql.table(fk.ref)} r where r.${sql.ref(fk.refcol)} = t.${sql.ref(fk.col)})`.execute(
        store.db,
      );
      if (r.rows[0]!.n > 0) orphans.push(`${fk.tbl}.${fk.col} → ${fk.ref}: ${r.rows[0]!.n}`);
    }
    expect(orphans).toEqual([]);
  });

  it('puts every household on a rural village (村) of its county', async () => {
    const r = await sql<{ bad: number; villages: number }>`
      select count(*) filter (where v.code is null or not v.is_rural or v.level <> 'village' or v.county_code <> h.county_code) as bad,
             count(distinct h.region_code) as villages
      from household h left join region v on v.code = h.region_code`.execute(store.db);
    expect(r.rows[0]!.bad).toBe(0);
    const rural = await store.db
      .selectFrom('region')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('countyCode', '=', COUNTY)
      .where('level', '=', 'village')
      .where('isRural', '=', true)
      .executeTakeFirstOrThrow();
    expect(r.rows[0]!.villages).toBe(Number(rural.n));
  });

  it('links leads and cases both ways, and keeps household flags in line with the latest case', async () => {
    const r = await sql<{ unlinked: number; mismatched: number; statuses: number }>`
      select
        (select count(*) from lead l where l.status in ('converted', 'attached')
           and not exists (select 1 from monitoring_case c where c.id = l.case_id and c.household_id = l.household_id)) as unlinked,
        (select count(*) from monitoring_case c join lead l on l.id = c.lead_id where l.case_id <> c.id) as mismatched,
        (select count(*) from household h
           join lateral (select stage from monitoring_case c where c.household_id = h.id order by episode desc limit 1) c on true
           where h.monitoring_status <> case
             when c.stage in ('verifying','commitment_signed','village_reviewed','publicizing','township_reviewed') then 'identifying'
             when c.stage in ('monitoring','elimination_proposed','elimination_village_reviewed','elimination_publicizing','elimination_township_reviewed') then 'monitoring_unresolved'
             when c.stage = 'eliminated' then 'risk_eliminated' else 'not_monitored' end) as statuses`.execute(
      store.db,
    );
    expect(r.rows[0]).toEqual({ unlinked: 0, mismatched: 0, statuses: 0 });
    const stages = await store.db.selectFrom('monitoringCase').select('stage').distinct().execute();
    expect(stages.length).toBeGreaterThanOrEqual(10);
  });

  it('seeding the same county again: the same seed and size is a no-op, anything else is refused', async () => {
    const again = await seedHouseholds(store, { counties: [COUNTY], households: HOUSEHOLDS, seed: SEED, asOf: AS_OF });
    expect(again.skipped).toEqual([COUNTY]);
    expect(again.households).toBe(0);
    await expect(
      seedHouseholds(store, { counties: [COUNTY], households: 100, seed: SEED, asOf: AS_OF }),
    ).rejects.toThrow(/already have households.*220681 临江市 \(2500 户\)/);
    await expect(
      seedHouseholds(store, { counties: [COUNTY], households: HOUSEHOLDS, seed: SEED + 1, asOf: AS_OF }),
    ).rejects.toThrow(SeedError);
    const n = await store.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(HOUSEHOLDS);
  });

  it('refuses unknown counties, counties without rural villages, and bad options, naming them', async () => {
    await expect(seedHouseholds(store, { counties: ['229999'], households: 10, seed: 1 })).rejects.toThrow(
      /unknown county code\(s\): 229999/,
    );
    // 东城区 (Beijing) has only urban communities
    await expect(seedHouseholds(store, { counties: ['110101'], households: 10, seed: 1 })).rejects.toThrow(
      /no rural villages .* 110101 东城区/,
    );
    await expect(
      seedHouseholds(store, { counties: ['22068'], households: -1, seed: 1, asOf: '2026-02-30' }),
    ).rejects.toThrow(
      /county code must have 6 digits: "22068".*households must be a non-negative integer.*as-of must be a date/,
    );
  });
});
