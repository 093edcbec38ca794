import { AppError } from '@dixian/core';
import { appendAudit, type AuditContext } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import {
  NationRepository,
  type CountyFigures,
  type ShardConnection,
  type ShardRun,
} from '../repositories/nation.repository.js';

/**
 * The nation on many servers (issue 19 §4). A shard is a whole dixian database (same migrations, same API, its own
 * server process) holding whole counties, so every county's rows live together and a county's work never crosses
 * servers. A coordinator database reads the shards through postgres_fdw for what spans them: the national figures
 * and the screening runs of every county. Why not foreign partitions under the application's own tables:
 * PostgreSQL refuses a unique index (so a primary key, a foreign key to it, an upsert) on a partitioned table that
 * has a foreign partition; see docs/ARCHITECTURE.md "The nation on many servers".
 */

const NAME = /^[a-z][a-z0-9_]{0,29}$/;

function invalid(zh: string, en: string): AppError {
  return new AppError('validation_failed', { zh, en });
}

/** A shard's connection from a postgres:// URL; the password goes to the user mapping, never to a log. */
export function parseShardUrl(url: string): ShardConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid(
      '分片地址无效(应为 postgres://用户@主机:端口/库名)',
      'invalid shard URL (postgres://user@host:port/db)',
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw invalid('分片地址应以 postgres:// 开头', 'a shard URL starts with postgres://');
  }
  const dbname = decodeURIComponent(u.pathname.slice(1));
  if (!u.hostname || !dbname) throw invalid('分片地址缺少主机或库名', 'the shard URL lacks a host or a database');
  return {
    host: u.hostname,
    port: u.port || '5432',
    dbname,
    user: decodeURIComponent(u.username) || 'postgres',
    password: u.password ? decodeURIComponent(u.password) : null,
    sslmode: u.searchParams.get('sslmode'),
  };
}

function requireServer(store: Store): void {
  if (store.kind !== 'postgres') {
    throw invalid(
      '全国汇总需连接 PostgreSQL 服务器(设置 DATABASE_URL),嵌入式数据库不支持',
      'the national tier needs a PostgreSQL server (DATABASE_URL); the embedded database has no postgres_fdw',
    );
  }
}

/** Counties whose households are on more than one shard: a county must live on exactly one. */
async function placementConflicts(repo: NationRepository, shards: readonly string[]): Promise<Map<string, string[]>> {
  const where = new Map<string, string[]>();
  for (const s of shards) for (const c of await repo.countiesOf(s)) where.set(c, [...(where.get(c) ?? []), s]);
  return new Map([...where].filter(([, on]) => on.length > 1));
}

/**
 * Attach a shard: its foreign server, user mapping and foreign tables, in one transaction that is undone when the
 * shard's migrations differ from the coordinator's or one of its counties is already on another shard.
 */
export async function attachShard(store: Store, ctx: AuditContext, name: string, url: string): Promise<string[]> {
  requireServer(store);
  if (!NAME.test(name)) {
    throw invalid('分片名只能用小写字母、数字和下划线,以字母开头', 'a shard name is lower-case letters, digits and _');
  }
  const connection = parseShardUrl(url);
  return store.transaction(async (tx) => {
    const repo = new NationRepository(tx.db);
    if ((await repo.shards()).some((s) => s.name === name)) {
      throw new AppError('conflict', { zh: `分片 ${name} 已存在`, en: `shard ${name} is already attached` });
    }
    await repo.createServer(name, connection);
    await repo.createForeignTables(name);
    const differences = await repo.migrationDifferences(name);
    if (differences.length) {
      const list = differences.map((d) => `${d.version}${d.here ? '' : '(仅分片 / shard only)'}`).join(', ');
      throw invalid(
        `分片的数据库版本与汇总库不同,请先在两边执行 dixian migrate:${list}`,
        `the shard's migrations differ from the coordinator's; run dixian migrate on both: ${list}`,
      );
    }
    const shards = (await repo.shards()).map((s) => s.name);
    const conflicts = await placementConflicts(repo, shards);
    if (conflicts.size) {
      const list = [...conflicts].map(([c, on]) => `${c}(${on.join('、')})`).join(', ');
      throw invalid(`以下县的农户分布在多个分片上:${list}`, `counties on more than one shard: ${list}`);
    }
    const counties = await repo.countiesOf(name);
    await appendAudit(tx, ctx, {
      action: 'nation.shard_attach',
      targetType: 'shard',
      targetId: null,
      regionCode: '',
      after: { name, host: connection.host, port: connection.port, dbname: connection.dbname, counties },
    });
    return counties;
  });
}

export async function detachShard(store: Store, ctx: AuditContext, name: string): Promise<void> {
  requireServer(store);
  await store.transaction(async (tx) => {
    const repo = new NationRepository(tx.db);
    const shard = (await repo.shards()).find((s) => s.name === name);
    if (!shard) throw new AppError('not_found', { zh: `没有分片 ${name}`, en: `no shard ${name}` });
    await repo.dropShard(name);
    await appendAudit(tx, ctx, {
      action: 'nation.shard_detach',
      targetType: 'shard',
      targetId: null,
      regionCode: '',
      before: shard,
    });
  });
}

export interface NationReport {
  shards: { name: string; host: string; port: string; dbname: string; counties: number; households: number }[];
  counties: CountyFigures[];
  runs: ShardRun[];
  /** counties found on two shards (never after a checked attach, unless data was loaded into the wrong shard) */
  conflicts: { countyCode: string; shards: string[] }[];
  seconds: number;
}

/** The national figures, computed on every shard at once (each aggregate runs where its rows are). */
export async function nationReport(store: Store): Promise<NationReport> {
  requireServer(store);
  const started = Date.now();
  const repo = new NationRepository(store.db);
  const shards = await repo.shards();
  const names = shards.map((s) => s.name);
  const [counties, runs, conflicts] = await Promise.all([
    repo.countyFigures(names),
    repo.latestRuns(names),
    placementConflicts(repo, names),
  ]);
  return {
    shards: shards.map((s) => {
      const mine = counties.filter((c) => c.shard === s.name);
      return { ...s, counties: mine.length, households: mine.reduce((n, c) => n + c.households, 0) };
    }),
    counties,
    runs,
    conflicts: [...conflicts].map(([countyCode, on]) => ({ countyCode, shards: on })),
    seconds: (Date.now() - started) / 1000,
  };
}

export { NationRepository };
