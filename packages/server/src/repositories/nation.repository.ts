import { CLOSED_STAGES } from '@dixian/core';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * The national tier over shards (issue 19 §4): each shard is a whole dixian database holding whole counties; the
 * coordinator reads them through postgres_fdw. Only the columns named here cross to the coordinator: counts and
 * states, never a name, an ID number or a phone.
 */
export const SHARD_COLUMNS = {
  household: ['id', 'county_code', 'monitoring_status', 'receives_dibao', 'closed_on', 'merged_into_id'],
  member: ['household_id', 'county_code', 'left_on', 'deceased_on'],
  monitoring_case: ['id', 'county_code', 'stage'],
  screening_run: ['id', 'scope_code', 'as_of', 'status', 'households_scanned', 'counts', 'started_at', 'finished_at'],
  screening_result: ['run_id', 'household_id', 'county_code', 'finding'],
  schema_migration: ['version', 'checksum'],
} as const satisfies Record<string, readonly string[]>;
export type ShardTable = keyof typeof SHARD_COLUMNS;

/** PostgreSQL's foreign-server name of a shard (shard names are checked: lower-case letters, digits, _). */
export const serverOf = (shard: string): string => `dixian_shard_${shard}`;
export const schemaOf = (shard: string): string => `shard_${shard}`;
const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const ident = (name: string): RawBuilder<unknown> => sql.raw(quoted(name));
const literal = (value: string): RawBuilder<unknown> => sql.raw(`'${value.replace(/'/g, "''")}'`);

export interface ShardConnection {
  host: string;
  port: string;
  dbname: string;
  user: string;
  password: string | null;
  /** libpq's sslmode towards the shard (e.g. require, verify-full), when the URL asks for one */
  sslmode: string | null;
}

export interface CountyFigures {
  shard: string;
  countyCode: string;
  households: number;
  people: number;
  byStatus: Record<string, number>;
  dibaoHouseholds: number;
  openCases: number;
}

export interface ShardRun {
  shard: string;
  countyCode: string;
  id: string;
  asOf: string;
  status: string;
  householdsScanned: number | null;
  counts: Record<string, { flagged: number }>;
  seconds: number | null;
}

export class NationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The attached shards: foreign servers named dixian_shard_*, oldest first. */
  async shards(): Promise<{ name: string; host: string; port: string; dbname: string }[]> {
    const r = await sql<{ srvname: string; srvoptions: string[] | null }>`
      select srvname, srvoptions from pg_foreign_server where srvname like 'dixian\_shard\_%' order by oid`.execute(
      this.db,
    );
    return r.rows.map((row) => {
      const opts = Object.fromEntries((row.srvoptions ?? []).map((o) => o.split(/=(.*)/s).slice(0, 2)));
      return {
        name: row.srvname.slice('dixian_shard_'.length),
        host: opts.host ?? '',
        port: opts.port ?? '5432',
        dbname: opts.dbname ?? '',
      };
    });
  }

  /** Server, user mapping and schema of one shard; async_capable so that shards answer side by side. */
  async createServer(shard: string, c: ShardConnection): Promise<void> {
    await sql`create extension if not exists postgres_fdw`.execute(this.db);
    const server = ident(serverOf(shard));
    await sql`create server ${server} foreign data wrapper postgres_fdw options (host ${literal(c.host)},
      port ${literal(c.port)}, dbname ${literal(c.dbname)}, async_capable 'true', fetch_size '10000'${
        c.sslmode ? sql`, sslmode ${literal(c.sslmode)}` : sql``
      })`.execute(this.db);
    const password = c.password === null ? sql`` : sql`, password ${literal(c.password)}`;
    await sql`create user mapping for current_user server ${server}
      options (user ${literal(c.user)}${password})`.execute(this.db);
    await sql`create schema ${ident(schemaOf(shard))}`.execute(this.db);
  }

  /** One foreign table per shard table, with the coordinator's own column types (the schemas are the same). */
  async createForeignTables(shard: string): Promise<void> {
    for (const [table, columns] of Object.entries(SHARD_COLUMNS)) {
      const types = await sql<{ attname: string; type: string }>`
        select attname, format_type(atttypid, atttypmod) as type from pg_attribute
        where attrelid = ${`public.${table}`}::regclass and attnum > 0 and not attisdropped`.execute(this.db);
      const typeOf = new Map(types.rows.map((t) => [t.attname, t.type]));
      const defs = columns.map((c) => {
        const type = typeOf.get(c);
        if (!type) throw new Error(`column ${table}.${c} is not in this database's schema`);
        return `${quoted(c)} ${type}`;
      });
      await sql`create foreign table ${ident(schemaOf(shard))}.${ident(table)} (${sql.raw(defs.join(', '))})
        server ${ident(serverOf(shard))} options (schema_name 'public', table_name ${literal(table)})`.execute(this.db);
    }
  }

  async dropShard(shard: string): Promise<void> {
    await sql`drop schema if exists ${ident(schemaOf(shard))} cascade`.execute(this.db);
    await sql`drop server if exists ${ident(serverOf(shard))} cascade`.execute(this.db);
  }

  /** Migrations applied on a shard that differ from the coordinator's (version and checksum). */
  async migrationDifferences(shard: string): Promise<{ version: string; here: boolean; there: boolean }[]> {
    const r = await sql<{ version: string; here: boolean; there: boolean }>`
      select coalesce(h.version, t.version) as version, h.version is not null as here, t.version is not null as there
      from schema_migration h
      full join ${ident(schemaOf(shard))}.schema_migration t on t.version = h.version and t.checksum = h.checksum
      where h.version is null or t.version is null
      order by 1`.execute(this.db);
    return r.rows;
  }

  /** Each shard's counties: every aggregate below runs on the shard itself (one foreign table per query). */
  async countiesOf(shard: string): Promise<string[]> {
    const r = await sql<{ countyCode: string }>`
      select distinct county_code from ${ident(schemaOf(shard))}.household order by 1`.execute(this.db);
    return r.rows.map((row) => row.countyCode);
  }

  async countyFigures(shards: readonly string[]): Promise<CountyFigures[]> {
    if (!shards.length) return [];
    // literals, not parameters: the statement goes to each shard whole
    const closed = sql.join(CLOSED_STAGES.map((stage) => sql.lit(stage)));
    const part = (s: string) => {
      const schema = ident(schemaOf(s));
      // three aggregates, each pushed down whole to its shard; the Append runs the shards side by side
      return sql`
        select ${s}::text as shard, county_code::text, 'status:' || monitoring_status as key, count(*)::bigint as n
          from ${schema}.household where closed_on is null and merged_into_id is null group by county_code, monitoring_status
        union all
        select ${s}::text, county_code::text, 'dibao', count(*)::bigint
          from ${schema}.household where closed_on is null and merged_into_id is null and receives_dibao group by county_code
        union all
        select ${s}::text, county_code::text, 'people', count(*)::bigint
          from ${schema}.member where left_on is null and deceased_on is null group by county_code
        union all
        select ${s}::text, county_code::text, 'open_cases', count(*)::bigint
          from ${schema}.monitoring_case where stage not in (${closed}) group by county_code`;
    };
    const r = await sql<{ shard: string; countyCode: string; key: string; n: number }>`${sql.join(
      shards.map(part),
      sql` union all `,
    )}`.execute(this.db);
    const byCounty = new Map<string, CountyFigures>();
    for (const row of r.rows) {
      const k = `${row.shard}:${row.countyCode}`;
      let f = byCounty.get(k);
      if (!f) {
        f = {
          shard: row.shard,
          countyCode: row.countyCode,
          households: 0,
          people: 0,
          byStatus: {},
          dibaoHouseholds: 0,
          openCases: 0,
        };
        byCounty.set(k, f);
      }
      const n = Number(row.n);
      if (row.key.startsWith('status:')) {
        f.byStatus[row.key.slice(7)] = n;
        f.households += n;
      } else if (row.key === 'people') f.people = n;
      else if (row.key === 'dibao') f.dibaoHouseholds = n;
      else f.openCases = n;
    }
    return [...byCounty.values()].sort((a, b) => a.countyCode.localeCompare(b.countyCode));
  }

  /** The latest finished screening run of each county on each shard. */
  async latestRuns(shards: readonly string[]): Promise<ShardRun[]> {
    if (!shards.length) return [];
    // parenthesised: each branch has its own order by
    const part = (s: string) => sql`(
      select distinct on (scope_code) ${s}::text as shard, scope_code::text as county_code, id::text, as_of::text,
             status, households_scanned, counts::text as counts,
             extract(epoch from finished_at - started_at)::float8 as seconds
      from ${ident(schemaOf(s))}.screening_run
      where status = 'done' and length(scope_code) = 6
      order by scope_code, as_of desc, finished_at desc)`;
    const r = await sql<
      Omit<ShardRun, 'counts'> & { counts: string }
    >`${sql.join(shards.map(part), sql` union all `)}`.execute(this.db);
    // counts read as text: the camel-case plugin would rename the findings' keys inside the jsonb
    return r.rows.map((row) => ({ ...row, counts: JSON.parse(row.counts) as ShardRun['counts'] }));
  }

  /** The findings of some runs of one shard, for a comparison with another server's (tests, audits). */
  async findings(shard: string, runIds: readonly string[]): Promise<{ householdId: string; finding: string }[]> {
    if (!runIds.length) return [];
    const r = await sql<{ householdId: string; finding: string }>`
      select household_id::text, finding from ${ident(schemaOf(shard))}.screening_result
      where run_id = any(${[...runIds]}::uuid[]) order by 1, 2`.execute(this.db);
    return r.rows.map((row) => ({ householdId: row.householdId, finding: row.finding }));
  }
}
