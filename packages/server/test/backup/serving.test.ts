import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HouseholdPage } from '@dixian/core/api';
import { afterAll, describe, expect, it } from 'vitest';
import { takeBackup } from '../../src/backup/backup.js';
import { restoreBackup } from '../../src/backup/restore.js';
import { openStore } from '../../src/db/store.js';
import { buildApp } from '../../src/http/app.js';
import { createHouseholdIn, createTestbed, login, VILLAGE_A, VILLAGE_B } from '../support/api.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-backup-serving-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Issue 21 "done when": a backup taken while the server is serving is restored into a new directory and serves the
 * same households. On PGlite the backup is taken inside the serving process (the scheduled job's path), with
 * requests and writes running at the same time.
 */
describe('a backup taken while serving (PGlite, issue 21)', () => {
  it('does not disturb requests, and the restored directory serves the same households', async () => {
    const tb = await createTestbed('pglite');
    try {
      for (const v of [VILLAGE_A, VILLAGE_B, VILLAGE_A]) await createHouseholdIn(tb, v);
      const admin = await tb.as('admin');
      const [backup, during, ...pages] = await Promise.all([
        takeBackup(tb.store, { outDir: path.join(work, 'backups') }),
        createHouseholdIn(tb, VILLAGE_B),
        ...Array.from({ length: 8 }, () => admin.get<HouseholdPage>('/api/households?pageSize=100')),
      ]);
      for (const p of pages) expect(p.status).toBe(200);
      // the write that raced the dump is in it entirely or not at all
      expect([3, 4]).toContain(backup.manifest.households);
      const served = (await admin.get<HouseholdPage>('/api/households?pageSize=100')).body;

      const dataDir = path.join(work, 'restored');
      await restoreBackup(backup.file, { dataDir });
      const store = await openStore({ dataDir });
      const app = await buildApp({
        store,
        config: tb.deps.config,
        hasher: tb.deps.hasher,
        limits: { requestsPerMinute: 100_000, loginsPerMinute: 1000 },
        webDist: '/nonexistent',
      });
      try {
        const restored = (await (await login(app, 'admin')).get<HouseholdPage>('/api/households?pageSize=100')).body;
        const expected = served.items.filter(
          (h) => backup.manifest.households === 4 || h.householdNo !== during.household.householdNo,
        );
        expect(restored.total).toBe(backup.manifest.households);
        expect(restored.items.map((h) => h.householdNo).sort()).toEqual(expected.map((h) => h.householdNo).sort());
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      await tb.close();
    }
  });
});
