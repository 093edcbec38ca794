import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTY_KEYED_TABLES } from '../../src/db/partition.js';
import type { Store } from '../../src/db/store.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { activeFieldKeys, newKeyFile, parseKeyring, useFieldKeys } from '../../src/security/field-keys.js';
import { createTestStore, testStoreUrls } from '../support/db.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.resolve(here, '../../bin/dixian.js');

/** `dixian partition` through the real command line, on a PostgreSQL database (issue 19 §4). */
describe.runIf(process.env.DATABASE_URL)('dixian partition', () => {
  let store: Store;
  let dixian: (...args: string[]) => ReturnType<typeof spawnSync>;
  // the command runs in its own process, so the values this test seals must be sealed with a key file it can read
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-partition-cli-'));
  const keyFile = path.join(work, 'field-keys.json');
  const testKeys = activeFieldKeys();
  beforeAll(async () => {
    fs.writeFileSync(keyFile, JSON.stringify(newKeyFile('sm4')), { mode: 0o600 });
    useFieldKeys(parseKeyring(fs.readFileSync(keyFile, 'utf8'), keyFile));
    store = await createTestStore('postgres');
    await seedHouseholds(store, { counties: ['220681', '220602'], households: 200, seed: 5, asOf: '2024-06-03' });
    const url = testStoreUrls.get(store)!;
    dixian = (...args) =>
      spawnSync(process.execPath, [BIN, ...args], {
        env: { ...process.env, DATABASE_URL: url, DIXIAN_FIELD_KEYS_FILE: keyFile },
        encoding: 'utf8',
      });
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    useFieldKeys(testKeys);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('refuses an unknown level, saying which it takes', () => {
    const r = dixian('partition', '--by', 'county');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('province, prefecture');
  });

  it('partitions by prefecture, says what it did, and audits it; again it changes nothing, or refuses another level', async () => {
    const r = dixian('partition', '--by', 'prefecture');
    expect(r.status, String(r.stderr)).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`已按地市分区 / partitioned by prefecture: ${COUNTY_KEYED_TABLES.length} 张表.*\\(2206\\)`),
    );
    const parts = await sql<{ part: string; n: number }>`select tableoid::regclass::text as part, count(*)::int as n
      from household group by 1 order by 1`.execute(store.db);
    expect(parts.rows).toEqual([{ part: 'household_p2206', n: 200 }]);
    const logged = await sql<{ detail: { by: string; groups: string[] } }>`select detail from audit_log
      where action = 'schema.partition'`.execute(store.db);
    expect(logged.rows.map((l) => l.detail)).toEqual([
      { by: 'prefecture', added: false, groups: ['2206'], tables: COUNTY_KEYED_TABLES.length },
    ]);
    const again = dixian('partition', '--by', 'prefecture');
    expect(again.status, String(again.stderr)).toBe(0);
    expect(again.stdout).toContain('没有新的地市需要分区,未作改动');
    const other = dixian('partition');
    expect(other.status).not.toBe(0);
    expect(other.stderr).toContain('大表已按地市分区,不能改为按省分区');
    const audited = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'schema.partition'`.execute(store.db);
    expect(audited.rows[0]!.n).toBe(1);
  });
});
