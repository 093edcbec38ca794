import fs from 'node:fs';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { openStore, type Store, type Tx } from '../../src/db/store.js';
import { templatePath } from './template.js';

export type Engine = 'pglite' | 'postgres';

/**
 * The engines this run tests: the embedded PGlite always, and a real PostgreSQL too when DATABASE_URL is set
 * (CI sets it). Integration suites run once per engine: `describe.each(engines)(...)`.
 */
export const engines: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

let counter = 0;

/** The URL of each PostgreSQL test database, for a test that hands it to another server (postgres_fdw). */
export const testStoreUrls = new WeakMap<Store, string>();

/**
 * A fresh, migrated database for one test file: a copy of the migrated PGlite template, or a new database on
 * the PostgreSQL server named after the run's database and dropped on close. Never a mock.
 */
export async function createTestStore(engine: Engine = 'pglite', serverUrl?: string): Promise<Store> {
  // another PostgreSQL server (the shards of test/nation) names its new databases after the run's database too
  const url = process.env.DATABASE_URL;
  if (engine === 'postgres') {
    if (!url) throw new Error('the postgres engine needs DATABASE_URL');
    const u = new URL(url);
    const base = u.pathname.slice(1) || 'postgres';
    const name = `${base}_t${process.pid}_${counter++}_${Math.random().toString(36).slice(2, 8)}`.toLowerCase();
    const adminUrl = new URL(serverUrl ?? url);
    adminUrl.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: adminUrl.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(adminUrl);
    target.pathname = `/${name}`;
    const store = await openStore({ databaseUrl: target.toString(), poolSize: 5 });
    await migrate(store);
    testStoreUrls.set(store, target.toString());
    const close = store.close;
    store.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: adminUrl.toString() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    };
    return store;
  }
  const template = templatePath();
  if (!fs.existsSync(template)) throw new Error('test template missing: is globalSetup configured?');
  const blob = new Blob([fs.readFileSync(template)]);
  const store = await openStore({ memory: true, loadDataDir: blob });
  // The template is migrated; this call only proves it (and would apply a migration added since).
  await migrate(store);
  return store;
}

/**
 * Write behind the services' back as of a day: the changes take effect on `day` in the history of the facts
 * (fact_history reads `dixian.effective_on`), as a service's write on that day would. Without it a raw write
 * is dated by the database's clock, after every day a test screens, and a run of that day reads the facts as
 * they were before it.
 */
export async function writeAsOf<T>(store: Store, day: string, write: (tx: Tx) => Promise<T>): Promise<T> {
  return store.transaction(async (tx) => {
    await tx.client.query(`select set_config('dixian.effective_on', $1, true)`, [day]);
    return write(tx);
  });
}
