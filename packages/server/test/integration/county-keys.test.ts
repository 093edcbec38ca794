import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY_KEYED_TABLES } from '../../src/db/partition.js';
import type { Store } from '../../src/db/store.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { createTestStore, engines } from '../support/db.js';

/**
 * Rows of one county live together (issue 19 §4, migration 0116): the large tables carry the county code in their
 * primary key, in every unique constraint and in every foreign key between two of them, which is what
 * partitioning by county or province and Citus's `create_distributed_table(…, 'county_code')` require.
 */
const LARGE: string[] = [...COUNTY_KEYED_TABLES];

/**
 * Tables with a county code that are not distributed by it: one row per county, township or village and period
 * (reference tables under Citus). A new table with a county code must be put in one list or the other.
 */
const PER_COUNTY = [
  'awareness_survey',
  'department_zero_report',
  'disaster',
  'feed_batch',
  'halfmonth_report',
  'message',
  'payroll',
  'rectification_campaign',
  'region',
  'registry_header_alias',
  'registry_import',
  'report_period',
  'rhythm_task',
  'rollup_build',
  'screening_campaign',
  'visit_due_rollup',
];

interface Constraint {
  table: string;
  name: string;
  kind: 'p' | 'u' | 'f';
  columns: string[];
  refTable: string | null;
  refColumns: string[] | null;
}

async function constraints(store: Store): Promise<Constraint[]> {
  const r = await sql<Constraint>`
    select c.relname as "table", k.conname as name, k.contype as kind,
      array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i)
        join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
      r.relname as "refTable",
      case when k.confrelid <> 0 then array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i)
        join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) end as "refColumns"
    from pg_constraint k join pg_class c on c.oid = k.conrelid left join pg_class r on r.oid = k.confrelid
    where c.relnamespace = 'public'::regnamespace and k.contype in ('p', 'u', 'f')`.execute(store.db);
  return r.rows;
}

describe.each(engines)('county keys on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
    await seedHouseholds(store, { counties: ['220681'], households: 20, seed: 3, asOf: '2024-06-03' });
  });
  afterAll(() => store?.close());

  it('puts every table with a county code in the large or the per-county list', async () => {
    const r = await sql<{ table: string }>`select table_name as "table" from information_schema.columns
      where table_schema = 'public' and column_name = 'county_code' order by 1`.execute(store.db);
    expect(r.rows.map((x) => x.table).sort()).toEqual([...LARGE, ...PER_COUNTY].sort());
  });

  it('keys every large table by its county code too, in every primary key and unique constraint', async () => {
    const all = await constraints(store);
    const keys = all.filter((k) => k.kind !== 'f' && LARGE.includes(k.table));
    expect(new Set(keys.filter((k) => k.kind === 'p').map((k) => k.table))).toEqual(new Set(LARGE));
    expect(keys.filter((k) => !k.columns.includes('county_code')).map((k) => k.name)).toEqual([]);
    // unique indexes made without a constraint (partial ones) too
    const idx = await sql<{ name: string; def: string }>`select indexname as name, indexdef as def from pg_indexes
      where schemaname = 'public' and indexdef like 'CREATE UNIQUE%' and tablename in (${sql.join(LARGE)})`.execute(
      store.db,
    );
    expect(idx.rows.filter((i) => !/\bcounty_code\b/.test(i.def)).map((i) => i.name)).toEqual([]);
    // the id comes first, so a look-up by id alone still reads the primary key's index
    expect(keys.find((k) => k.name === 'household_pkey')?.columns).toEqual(['id', 'county_code']);
  });

  it('names the county in every foreign key into a large table, on both sides', async () => {
    const fks = (await constraints(store)).filter((k) => k.kind === 'f' && LARGE.includes(k.refTable!));
    expect(fks.length).toBeGreaterThan(45);
    const apart = fks.filter((k) => {
      const at = k.columns.indexOf('county_code');
      return at < 0 || k.refColumns![at] !== 'county_code' || !LARGE.includes(k.table);
    });
    expect(apart.map((k) => k.name)).toEqual([]);
  });

  it('refuses a row that points at a household of another county', async () => {
    const h = await sql<{ id: string }>`select id from household limit 1`.execute(store.db);
    const householdId = h.rows[0]!.id;
    const insertVisit = (county: string) =>
      store.transaction((tx) =>
        tx.client.query(
          `insert into visit (household_id, county_code, region_code, visited_on)
           select id, $2, region_code, date '2024-06-01' from household where id = $1`,
          [householdId, county],
        ),
      );
    await expect(insertVisit('220682')).rejects.toThrow(/visit_household_id_fkey/);
    await expect(insertVisit('220681')).resolves.toBeDefined();
  });

  it('carries a corrected county code from a household to its rows, so they stay together', async () => {
    const h = await sql<{ id: string }>`select h.id from household h where exists (select 1 from income_record i
      where i.household_id = h.id) order by h.id limit 1`.execute(store.db);
    const id = h.rows[0]!.id;
    await sql`update household set county_code = '220682' where id = ${id}`.execute(store.db);
    const r = await sql<{ county: string }>`select distinct county_code as county from (
      select county_code from member where household_id = ${id}
      union all select county_code from income_record where household_id = ${id}) x`.execute(store.db);
    expect(r.rows).toEqual([{ county: '220682' }]);
    await sql`update household set county_code = '220681' where id = ${id}`.execute(store.db);
  });

  it('clears a user’s link to the member they are when the member is deleted (no foreign key can say it now)', async () => {
    const m = await sql<{ id: string }>`select id from member m where not exists (select 1 from social_assistance_case c
      where c.payee_member_id = m.id) order by id limit 2`.execute(store.db);
    const [gone, kept] = m.rows.map((r) => r.id);
    await sql`insert into app_user (username, password_hash, display_name, role, scope_code, person_member_id)
      values ('farmer_a', 'x', '甲', 'county_officer', '220681', ${gone}), ('farmer_b', 'x', '乙', 'county_officer', '220681', ${kept})`.execute(
      store.db,
    );
    await sql`delete from member where id = ${gone}`.execute(store.db);
    const r = await sql<{ username: string; personMemberId: string | null }>`select username,
      person_member_id as "personMemberId" from app_user where username like 'farmer\_%' order by 1`.execute(store.db);
    expect(r.rows).toEqual([
      { username: 'farmer_a', personMemberId: null },
      { username: 'farmer_b', personMemberId: kept },
    ]);
  });

  it('marks a written household for the next screening with its county, and keys the audit log by its chain', async () => {
    const h = await sql<{ id: string }>`select household_id as id from member order by id limit 1`.execute(store.db);
    const id = h.rows[0]!.id;
    await sql`delete from household_screening_change`.execute(store.db);
    await sql`update member set name = name where household_id = ${id}`.execute(store.db);
    const marks = await sql<{ householdId: string; countyCode: string }>`select household_id as "householdId",
      county_code as "countyCode" from household_screening_change`.execute(store.db);
    expect(marks.rows).toEqual([{ householdId: id, countyCode: '220681' }]);
    // a chain is a county's (or 'system'): the audit log's rows of one county live together too
    const audit = (await constraints(store)).find((k) => k.table === 'audit_log' && k.kind === 'p');
    expect(audit?.columns).toEqual(['seq', 'chain']);
  });

  it('still finds a household by its id alone through the primary key', async () => {
    const plan = await store.transaction(async (tx) => {
      await tx.client.query('set local enable_seqscan = off');
      const r = await tx.client.query<{ 'QUERY PLAN': string }>(
        `explain select * from household where id = '00000000-0000-0000-0000-000000000000'`,
      );
      return r.rows.map((x) => x['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan using household_pkey/);
  });
});
