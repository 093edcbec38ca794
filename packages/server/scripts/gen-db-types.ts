// Regenerates src/db/types.ts from the migrations: creates a scratch database on the local PostgreSQL,
// migrates it, runs kysely-codegen, and drops it. Run: npm run db:types -w @dixian/server
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
import { openStore } from '../src/db/store.js';

const base = process.env.DIXIAN_CODEGEN_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `dixian_codegen_${process.pid}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`create database ${name}`);
const url = base.replace(/\/[^/]*$/, `/${name}`);
try {
  const store = await openStore({ databaseUrl: url });
  await migrate(store);
  await store.close();
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/db/types.ts');
  execFileSync(
    'npx',
    [
      'kysely-codegen',
      '--dialect',
      'postgres',
      '--url',
      url,
      '--camel-case',
      '--date-parser',
      'string',
      '--numeric-parser',
      'number',
      '--type-mapping',
      '{"int8":"number"}',
      '--exclude-pattern',
      'schema_migration',
      '--out-file',
      out,
    ],
    { stdio: 'inherit' },
  );
} finally {
  await admin.query(`drop database if exists ${name}`);
  await admin.end();
}
