import { AppError } from '@dixian/core';
import type { Tx } from './store.js';

/**
 * Declarative partitioning of the large tables by county group (issue 19 §4): a server that holds several
 * provinces (or one province's many prefectures) splits each large table into range partitions of county codes,
 * one per province or prefecture that has households, and a default partition for any other county. The
 * application does not change: every table keeps its name, columns, keys, indexes, triggers and grants, and
 * migrations after it run on the partitioned tables as before. A county-scope query prunes to its partition
 * (`inScope` compares the county code).
 *
 * Possible because migration 0116 keys every large table by its county code (a partitioned table's primary key and
 * unique constraints must hold the partition key). Not a migration: a county on the embedded database gains
 * nothing from it, and it rewrites every large table, an operator's decision for a maintenance window.
 */

/** The tables keyed by county (migration 0116), partitioned together. */
export const COUNTY_KEYED_TABLES = [
  'household',
  'member',
  'income_record',
  'monitoring_case',
  'case_event',
  'visit',
  'visit_photo',
  'assistance_plan',
  'assistance_measure',
  'department_warning',
  'lead',
  'social_assistance_case',
  'separate_relative',
  'household_risk_event',
  'integrity_record',
  'ledger_item',
  'commitment_authorization',
  'public_notice',
  'notice_objection',
  'review_meeting',
  'publicity_delivery',
  'change_request',
  'fact_history',
  'payroll_line',
  'screening_result',
  'campaign_check',
  'disaster_household',
  'household_screening_facts',
  'household_screening_change',
  'policy_scenario_result',
] as const;

export type PartitionBy = 'province' | 'prefecture';
const WIDTH: Record<PartitionBy, number> = { province: 2, prefecture: 4 };

export interface PartitionResult {
  by: PartitionBy;
  /** false for the first split; true when a later call split groups out of the default partition */
  added: boolean;
  /** the county-code prefixes that got a partition of their own, in order */
  groups: string[];
  tables: number;
  /** rows per table, the same before and after */
  rows: Record<string, number>;
}

/**
 * Bounds of the county codes starting with a prefix, as a partition's range (the upper one excluded): `22` →
 * ['220000', '230000']; the last group of its width runs to MAXVALUE (null). Scopes compare with the same bounds
 * (`inScope`, `countyFilter`), so a query prunes to exactly the partitions of its area.
 */
export function groupBounds(group: string): [string, string | null] {
  const next = String(Number(group) + 1).padStart(group.length, '0');
  return [group.padEnd(6, '0'), next.length > group.length ? null : next.padEnd(6, '0')];
}

const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** The partitioned tables among the county-keyed ones (none before the first partitioning). */
export async function partitionedTables(tx: Tx): Promise<string[]> {
  const r = await tx.client.query<{ name: string }>(
    `select c.relname as name from pg_partitioned_table p join pg_class c on c.oid = p.partrelid
     where c.relnamespace = 'public'::regnamespace and c.relname = any($1) order by 1`,
    [[...COUNTY_KEYED_TABLES]],
  );
  return r.rows.map((x) => x.name);
}

/**
 * Partition every county-keyed table by `by`, in the caller's transaction (all or nothing). Once partitioned, a
 * second call gives their own partitions to the groups that have since come to the default partition (a new
 * province's counties); it throws when `by` differs from the first call's.
 */
export async function partitionByCounty(tx: Tx, by: PartitionBy): Promise<PartitionResult> {
  const done = await partitionedTables(tx);
  if (done.length && done.length < COUNTY_KEYED_TABLES.length) {
    throw new AppError('conflict', {
      zh: `只有部分大表已分区(${done.join('、')}),请先恢复备份`,
      en: `only some large tables are partitioned (${done.join(', ')}): restore the backup first`,
    });
  }
  const width = WIDTH[by];
  const was = done.length ? await splitWidth(tx) : null;
  if (was !== null && was !== width) {
    const [zh, en] = was === WIDTH.province ? ['省', 'province'] : ['地市', 'prefecture'];
    throw new AppError('conflict', {
      zh: `大表已按${zh}分区,不能改为按${by === 'province' ? '省' : '地市'}分区`,
      en: `the large tables are partitioned by ${en} already, not by ${by}`,
    });
  }
  const groups = (
    await tx.client.query<{ g: string }>(
      `select distinct left(county_code, ${width}) as g from ${done.length ? 'household_pdefault' : 'household'}
       order by 1`,
    )
  ).rows.map((r) => r.g);
  const rows: Record<string, number> = {};
  if (done.length && !groups.length) return { by, added: true, groups, tables: 0, rows };
  const foreignKeys = await foreignKeysOf(tx);
  for (const fk of foreignKeys) await tx.client.query(`alter table ${q(fk.table)} drop constraint ${q(fk.name)}`);
  for (const table of COUNTY_KEYED_TABLES) {
    rows[table] = done.length ? await splitDefault(tx, table, groups) : await partitionTable(tx, table, groups);
  }
  for (const fk of foreignKeys) {
    await tx.client.query(`alter table ${q(fk.table)} add constraint ${q(fk.name)} ${fk.def}`);
  }
  for (const table of COUNTY_KEYED_TABLES) await tx.client.query(`analyze ${q(table)}`);
  return { by, added: done.length > 0, groups, tables: COUNTY_KEYED_TABLES.length, rows };
}

/**
 * The width of the groups household is split by (2: provinces, 4: prefectures), from its partitions' names; null
 * when it has only the default one (split while empty).
 */
async function splitWidth(tx: Tx): Promise<number | null> {
  const r = await tx.client.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'household'::regclass and c.relname <> 'household_pdefault' limit 1`,
  );
  return r.rows[0] ? r.rows[0].name.length - 'household_p'.length : null;
}

/**
 * A partitioned table's default partition split: detached, the rows of `groups` moved into partitions of their
 * own, and attached again with the rest. Returns the rows moved.
 */
async function splitDefault(tx: Tx, table: string, groups: string[]): Promise<number> {
  const c = tx.client;
  const fallback = `${table}_pdefault`;
  await c.query(`alter table ${q(table)} detach partition ${q(fallback)}`);
  let moved = 0;
  for (const g of groups) {
    const [from, to] = groupBounds(g);
    const range = `county_code >= '${from}'${to === null ? '' : ` and county_code < '${to}'`}`;
    await c.query(
      `create table ${q(`${table}_p${g}`)} partition of ${q(table)}
       for values from ('${from}') to (${to === null ? 'maxvalue' : `'${to}'`})`,
    );
    // straight into the partition: the statement triggers of the partitioned table (screening marks, fact
    // history) do not fire for rows that only change place
    const r = await c.query(
      `insert into ${q(`${table}_p${g}`)} overriding system value select * from ${q(fallback)} where ${range}`,
    );
    await c.query(`delete from ${q(fallback)} where ${range}`);
    moved += r.affectedRows ?? 0;
  }
  await c.query(`alter table ${q(table)} attach partition ${q(fallback)} default`);
  return moved;
}

interface ForeignKey {
  table: string;
  name: string;
  def: string;
}

/** Every foreign key from or to a county-keyed table: dropped while the tables are rebuilt, then made again. */
async function foreignKeysOf(tx: Tx): Promise<ForeignKey[]> {
  const r = await tx.client.query<ForeignKey>(
    `select c.relname as "table", k.conname as name, pg_get_constraintdef(k.oid) as def
     from pg_constraint k join pg_class c on c.oid = k.conrelid left join pg_class r on r.oid = k.confrelid
     where k.contype = 'f' and k.conparentid = 0 and c.relnamespace = 'public'::regnamespace
       and (c.relname = any($1) or r.relname = any($1))
     order by 1, 2`,
    [[...COUNTY_KEYED_TABLES]],
  );
  return r.rows;
}

/**
 * One table rebuilt as a partitioned table of the same name: its shape, defaults, checks and indexes copied
 * (`like … including all`), a partition per group and a default one, the rows moved, and the indexes' names,
 * triggers and grants as they were. Returns the rows moved.
 */
async function partitionTable(tx: Tx, table: string, groups: string[]): Promise<number> {
  const c = tx.client;
  const staging = `${table}__partitioned`;
  const indexes = await indexesOf(tx, table);
  const triggers = (
    await c.query<{ def: string }>(
      `select pg_get_triggerdef(oid) as def from pg_trigger where tgrelid = $1::regclass and not tgisinternal`,
      [table],
    )
  ).rows.map((r) => r.def);
  const grants = (
    await c.query<{ grantee: string; privilege: string }>(
      `select grantee, privilege_type as privilege from information_schema.role_table_grants
       where table_schema = 'public' and table_name = $1 and grantee <> current_user`,
      [table],
    )
  ).rows;

  // an identity column's sequence is made anew by `like`: it goes on from where the old one stood
  const identities = (
    await c.query<{ col: string; last: string | null }>(
      `select a.attname as col, pg_sequence_last_value(pg_get_serial_sequence($1, a.attname)) as last
       from pg_attribute a where a.attrelid = $1::regclass and a.attidentity <> '' and not a.attisdropped`,
      [table],
    )
  ).rows;

  await c.query(`create table ${q(staging)} (like ${q(table)} including all) partition by range (county_code)`);
  for (const g of groups) {
    const [from, to] = groupBounds(g);
    await c.query(
      `create table ${q(`${table}_p${g}`)} partition of ${q(staging)}
       for values from ('${from}') to (${to === null ? 'maxvalue' : `'${to}'`})`,
    );
  }
  await c.query(`create table ${q(`${table}_pdefault`)} partition of ${q(staging)} default`);
  const moved = await c.query(`insert into ${q(staging)} overriding system value select * from ${q(table)}`);
  await c.query(`drop table ${q(table)}`);
  await c.query(`alter table ${q(staging)} rename to ${q(table)}`);

  // the copied indexes got names of the staging table: give each its old name back, matched by definition
  for (const now of await indexesOf(tx, table)) {
    const was = indexes.find((i) => i.shape === now.shape);
    if (was && was.name !== now.name) await c.query(`alter index ${q(now.name)} rename to ${q(was.name)}`);
  }
  for (const i of identities) {
    if (i.last !== null) await c.query(`select setval(pg_get_serial_sequence($1, $2), $3)`, [table, i.col, i.last]);
  }
  for (const def of triggers) await c.query(def);
  for (const g of grants) await c.query(`grant ${g.privilege} on ${q(table)} to ${q(g.grantee)}`);
  return moved.affectedRows ?? 0;
}

/** A table's own indexes, each with its definition stripped of its name and table (to match a copy to it). */
async function indexesOf(tx: Tx, table: string): Promise<{ name: string; shape: string }[]> {
  const r = await tx.client.query<{ name: string; def: string }>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as def
     from pg_index x join pg_class i on i.oid = x.indexrelid where x.indrelid = $1::regclass`,
    [table],
  );
  return r.rows.map((x) => ({
    name: x.name,
    shape: x.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+/, '$1'),
  }));
}
