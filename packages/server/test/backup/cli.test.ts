import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/audit/audit-log.js';
import { openStore } from '../../src/db/store.js';
import { activeFieldKeys, keyFileOf, loadFieldKeys, useFieldKeys } from '../../src/security/field-keys.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { VILLAGE_A } from '../support/api.js';
import { templatePath } from '../support/template.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/dixian.js');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-backup-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const dataDir = path.join(work, 'data');
const backupDir = path.join(work, 'backups');
const env = {
  ...process.env,
  DATABASE_URL: '',
  DIXIAN_DATA_DIR: dataDir,
  DIXIAN_BACKUP_DIR: backupDir,
  DIXIAN_TMP_DIR: path.join(work, 'tmp'),
};
const dixian = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });

/** Issue 21 §1 through the real command line, on a PGlite data directory. */
describe('dixian backup, backup list and restore (the commands, on PGlite)', () => {
  it('backs up, lists and restores into a new directory; refuses a directory a server holds', async () => {
    const store = await openStore({ dataDir, loadDataDir: new Blob([fs.readFileSync(templatePath())]) });
    const ctx = { actor: SYSTEM_ACTOR, requestId: null, now: () => new Date('2026-12-01T02:00:00Z') };
    await store.transaction((tx) => appendAudit(tx, ctx, { action: 'test.backup', regionCode: VILLAGE_A }));
    // while a process holds the directory, a second one must not read it
    const held = dixian('backup');
    expect(held.status, held.stderr).toBe(1);
    expect(held.stderr).toContain('is open in a running server');
    await store.close();

    const backup = dixian('backup');
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('backup written and test-restored');
    const file = /test-restored: (\S+)/.exec(backup.stdout)![1]!;
    expect(path.dirname(file)).toBe(backupDir);

    const list = dixian('backup', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/\+08:00\s+[\d.]+ MB\s+pglite/);
    expect(list.stdout).toContain(file);

    const into = path.join(work, 'restored');
    const restore = dixian('restore', file, '--into', into);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('households: 0');
    expect(restore.stdout).toContain('last audit record: 2026-12-01T10:00:00.000+08:00');
    expect(restore.stdout).toContain('chain 220681: 1 records, intact');

    const again = dixian('restore', file, '--into', into);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`target directory ${into} is not empty`);
  });

  it("a restore on another machine needs the backed-up installation's field keys (--keys), and keeps them beside the data", async () => {
    const home = path.join(work, 'sealed');
    const own = {
      dataDir: path.join(home, 'data'),
      fieldKeysFile: undefined,
      fieldKeys: undefined,
      fieldCipher: 'sm4' as const,
    };
    const testKeys = activeFieldKeys();
    useFieldKeys(loadFieldKeys(own)); // the installation's key file, as `start` makes it
    try {
      const store = await openStore({ dataDir: own.dataDir, loadDataDir: new Blob([fs.readFileSync(templatePath())]) });
      await store.db
        .insertInto('appUser')
        .values({
          username: 'wang',
          displayName: '王',
          role: 'village_cadre',
          scopeCode: VILLAGE_A,
          passwordHash: 'x',
          phone: '13912345678',
        })
        .execute();
      await store.close();
      const there = { ...env, DIXIAN_DATA_DIR: own.dataDir, DIXIAN_BACKUP_DIR: path.join(home, 'backups') };
      const backup = spawnSync(process.execPath, [BIN, 'backup'], { env: there, encoding: 'utf8' });
      expect(backup.status, backup.stderr).toBe(0);
      const file = /test-restored: (\S+)/.exec(backup.stdout)![1]!;

      // another machine: its own data directory, so its own (new) keys
      const elsewhere = { ...env, DIXIAN_DATA_DIR: path.join(home, 'other') };
      const into = path.join(home, 'restored');
      const refused = spawnSync(process.execPath, [BIN, 'restore', file, '--into', into], {
        env: elsewhere,
        encoding: 'utf8',
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('--keys');

      const keyFile = keyFileOf(own);
      const restored = spawnSync(process.execPath, [BIN, 'restore', file, '--into', `${into}2`, '--keys', keyFile], {
        env: elsewhere,
        encoding: 'utf8',
      });
      expect(restored.status, restored.stderr).toBe(0);
      const beside = keyFileOf({ dataDir: `${into}2`, fieldKeysFile: undefined });
      expect(fs.readFileSync(beside, 'utf8')).toBe(fs.readFileSync(keyFile, 'utf8'));
      useFieldKeys(loadFieldKeys({ ...own, dataDir: `${into}2` }));
      const copy = await openStore({ dataDir: `${into}2` });
      const user = await copy.db
        .selectFrom('appUser')
        .select('phone')
        .where('username', '=', 'wang')
        .executeTakeFirst();
      await copy.close();
      expect(user?.phone).toBe('13912345678');
    } finally {
      useFieldKeys(testKeys);
    }
  });
});
