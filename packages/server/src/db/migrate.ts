import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './store.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

/** The ordered migrations shipped with this build: `NNNN_name.sql`, applied in file-name order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = fs.readFileSync(path.join(dir, f), 'utf8');
      return { version: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrateResult {
  applied: string[];
  current: string | undefined;
}

/**
 * Apply pending migrations, each in its own transaction. On a PostgreSQL server an advisory lock makes
 * concurrent starters wait for each other instead of racing. An applied migration whose file changed is
 * refused: migrations are append-only.
 */
export async function migrate(store: Store, migrations = listMigrations()): Promise<MigrateResult> {
  await store.transaction(async (tx) => {
    await tx.client.exec(
      `create table if not exists schema_migration (
         version text primary key,
         checksum char(64) not null,
         applied_at timestamptz not null default now()
       )`,
    );
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await store.transaction(async (tx) => {
      if (store.kind === 'postgres') await tx.client.query(`select pg_advisory_xact_lock(hashtext('dixian:migrate'))`);
      const seen = await tx.client.query<{ checksum: string }>(
        'select checksum from schema_migration where version = $1',
        [m.version],
      );
      const row = seen.rows[0];
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new Error(
            `migration ${m.version} was changed after it was applied (checksum differs); add a new migration instead`,
          );
        }
        return false;
      }
      await tx.client.exec(m.sql);
      await tx.client.query('insert into schema_migration (version, checksum) values ($1, $2)', [
        m.version,
        m.checksum,
      ]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return { applied, current: migrations.at(-1)?.version };
}
