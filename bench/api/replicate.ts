/**
 * Grow a database the demo generator has filled by whole copies of its households, in set-based SQL: copy k of a
 * household is the same household (members, incomes, cases with their events, plans, measures, visits, leads,
 * warnings, …) under new identities. The generator writes ~20,000 households a minute on a shared 2-core machine;
 * a copy writes the same rows in a few minutes for a million, so bench/api can stand on a million households that
 * each look like a generated one.
 *
 * What changes in copy k (1 ≤ k ≤ copies):
 * - every id, and every reference to a row of a seeded table, becomes md5(old id || '/' || k)::uuid, so the
 *   references inside a copy stay consistent (references to users, policies and feed batches are kept);
 * - the household number keeps its village code and takes a sequence number after every number of the village
 *   (old + k × the village's largest), as more households registered in the same village would;
 * - 18-digit ID numbers keep area, birth date and the sex digit's parity: the sequence code moves by 200 × k and
 *   the check digit is computed again (GB 11643), so a search by ID number still finds one person;
 * - lead receipt numbers and warning de-duplication keys get the suffix `-k` (both are unique).
 * Names, villages, dates, amounts and states are the generated ones: the name frequencies at N × (copies + 1)
 * households are those of the generator's own distribution, as a generated registry of that size would have.
 */
import type { Store } from '@dixian/server/db/store';
import { SEED_TABLE_ORDER } from '@dixian/server/seed/tables';

const ID_NUMBER_COLUMNS = new Set([
  'member.id_number',
  'separate_relative.id_number',
  'department_warning.id_number',
  'lead.applicant_id_number',
]);
const SUFFIXED_COLUMNS = new Set(['lead.receipt_no', 'department_warning.dedupe_key']);

/** GB 11643 check digit of 17 digits, as one expression (the function is inlined, so copying stays set-based). */
const ID_CHECK_FUNCTION = `
create or replace function bench_id_check(b text) returns text language sql immutable as $$
  select substr('10X98765432', (substr(b, 1, 1)::int * 7 + substr(b, 2, 1)::int * 9 + substr(b, 3, 1)::int * 10 + substr(b, 4, 1)::int * 5 + substr(b, 5, 1)::int * 8 + substr(b, 6, 1)::int * 4 + substr(b, 7, 1)::int * 2 + substr(b, 8, 1)::int * 1 + substr(b, 9, 1)::int * 6 + substr(b, 10, 1)::int * 3 + substr(b, 11, 1)::int * 7 + substr(b, 12, 1)::int * 9 + substr(b, 13, 1)::int * 10 + substr(b, 14, 1)::int * 5 + substr(b, 15, 1)::int * 8 + substr(b, 16, 1)::int * 4 + substr(b, 17, 1)::int * 2) % 11 + 1, 1)
$$`;
const ID_COPY_FUNCTION = `
create or replace function bench_id_copy(id text, k int) returns text language sql immutable as $$
  select case when id ~ '^[0-9]{17}[0-9X]$'
    then bench_id_body(id, k) || bench_id_check(bench_id_body(id, k)) else id end
$$`;
const ID_BODY_FUNCTION = `
create or replace function bench_id_body(id text, k int) returns text language sql immutable as $$
  select left(id, 14) || lpad(((substr(id, 15, 3)::int + 200 * k) % 1000)::text, 3, '0')
$$`;

const COPY_JOB = 'bench:api-copy';

/**
 * Whether a copy was started and not finished (an interrupted run: `replicate` goes on where it stopped). The
 * helper table lives from the start of a copy to its end; each table copied records itself in job_run.
 */
export async function copyUnfinished(store: Store): Promise<boolean> {
  const r = await store.transaction((tx) =>
    tx.client.query(`select 1 from pg_tables where tablename = 'bench_village_max'`),
  );
  return r.rows.length > 0;
}

interface Column {
  table: string;
  column: string;
  dataType: string;
  /** the table a foreign key on this column points to, if any */
  ref: string | null;
}

async function columns(store: Store, tables: readonly string[]): Promise<Column[]> {
  const r = await store.transaction((tx) =>
    tx.client.query<Column>(
      `select c.table_name as "table", c.column_name as "column", c.data_type as "dataType",
              (select f.relname from pg_constraint k
                 join pg_class t on t.oid = k.conrelid join pg_class f on f.oid = k.confrelid
                 join pg_attribute a on a.attrelid = k.conrelid and a.attnum = k.conkey[1]
                where k.contype = 'f' and t.relname = c.table_name and a.attname = c.column_name
                  and array_length(k.conkey, 1) = 1 limit 1) as "ref"
         from information_schema.columns c
        where c.table_schema = 'public' and c.table_name = any($1::text[]) and c.is_generated = 'NEVER'
        order by c.table_name, c.ordinal_position`,
      [tables],
    ),
  );
  return r.rows;
}

/** Add `copies` copies of every household (and everything hanging off it) to the database; returns rows per table. */
export async function replicate(
  store: Store,
  copies: number,
  log: (s: string) => void,
): Promise<Record<string, number>> {
  const tables = SEED_TABLE_ORDER as readonly string[];
  const seeded = new Set(tables);
  const cols = await columns(store, tables);
  const bad = await store.transaction((tx) =>
    tx.client.query<{ n: string }>(
      `select count(*) as n from household where household_no !~ '^[0-9]{16}$' or left(household_no, 12) <> region_code`,
    ),
  );
  if (Number(bad.rows[0]!.n)) throw new Error('replicate: household numbers are not <village code><4 digits>');
  await store.transaction(async (tx) => {
    await tx.client.exec(ID_CHECK_FUNCTION);
    await tx.client.exec(ID_BODY_FUNCTION);
    await tx.client.exec(ID_COPY_FUNCTION);
    await tx.client.exec(`drop table if exists bench_village_max;
      create table bench_village_max as
        select region_code, max(right(household_no, 4)::int) as m from household group by region_code`);
    // the copies' numbers must stay four digits (lpad would cut a fifth one and collide): fail before copying
    const fits = await tx.client.query<{ m: number | null }>(
      `select max(m) as m from bench_village_max
        where not exists (select 1 from job_run where name = '${COPY_JOB}:household')`,
    );
    const largest = fits.rows[0]?.m ?? 0;
    if (largest * (copies + 1) > 9999) {
      throw new Error(
        `replicate: a village has ${largest} households; ${copies} copies would need household numbers past 9999 ` +
          `(generate more households, spread over more villages, or copy fewer times)`,
      );
    }
  });
  const rows: Record<string, number> = {};
  for (const table of tables) {
    const list = cols.filter((c) => c.table === table);
    const exprs = list.map((c) => {
      const key = `${table}.${c.column}`;
      const col = `s.${c.column}`;
      if (c.dataType === 'uuid' && (c.column === 'id' || (c.ref && seeded.has(c.ref)))) {
        return `md5(${col}::text || '/' || k)::uuid`;
      }
      if (key === 'household.household_no') {
        return `left(${col}, 12) || lpad((right(${col}, 4)::int + k * vm.m)::text, 4, '0')`;
      }
      if (ID_NUMBER_COLUMNS.has(key)) return `bench_id_copy(${col}, k)`;
      if (SUFFIXED_COLUMNS.has(key)) return `${col} || '-' || k`;
      return col;
    });
    const join = table === 'household' ? 'join bench_village_max vm on vm.region_code = s.region_code' : '';
    const started = Date.now();
    const r = await store.transaction(async (tx) => {
      // a table copied by an earlier, interrupted run (each table is copied in one transaction) is left alone
      const done = await tx.client.query(`select 1 from job_run where name = $1`, [`${COPY_JOB}:${table}`]);
      if (done.rows.length) return { affectedRows: -1 };
      // the copies' references are consistent by construction, as the generator's are (seed.ts does the same);
      // the copies are new households, so the screening-facts triggers this also silences have nothing to forget
      await tx.client.exec('set local session_replication_role = replica');
      await tx.client.exec('set local synchronous_commit = off');
      await tx.client.exec(`set local maintenance_work_mem = '512MB'`);
      // Secondary indexes are dropped and built again after the insert (in this transaction): a sorted build is
      // several times faster than millions of inserts at random places of a random-uuid index.
      const secondary = await tx.client.query<{ name: string; def: string }>(
        `select i.indexname as name, i.indexdef as def from pg_indexes i
          where i.schemaname = 'public' and i.tablename = $1
            and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
        [table],
      );
      for (const i of secondary.rows) await tx.client.exec(`drop index ${i.name}`);
      const inserted = await tx.client.query(
        `insert into ${table} (${list.map((c) => c.column).join(', ')})
         select ${exprs.join(', ')} from ${table} s cross join generate_series(1, ${copies}) as k ${join}`,
      );
      for (const i of secondary.rows) await tx.client.exec(i.def);
      await tx.client.query(`insert into job_run (name, last_finished_at, last_status) values ($1, now(), 'done')`, [
        `${COPY_JOB}:${table}`,
      ]);
      return inserted;
    });
    rows[table] = r.affectedRows ?? 0;
    if (rows[table] < 0) {
      log(`  ${table} was copied before`);
      continue;
    }
    log(
      `  copied ${table.padEnd(26)} ${String(rows[table]).padStart(10)} rows  ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  await store.transaction((tx) =>
    tx.client.exec(
      `delete from job_run where name like '${COPY_JOB}:%'; drop table bench_village_max;
       drop function bench_id_copy(text, int); drop function bench_id_body(text, int); drop function bench_id_check(text)`,
    ),
  );
  return rows;
}
