import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../src/backup/backup-file.js';
import { backupJob, BACKUP_JOB, Scheduler } from '../../src/jobs/index.js';
import { loadConfig } from '../../src/config/env.js';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-backup-schedule-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Issue 21 §1: scheduled backups run by the server's scheduler, due every N hours, each copied to the second
 * directory, and both directories pruned to the newest `keep`. The clock is the test's, so no one waits 7 hours.
 * (The store logic is the same on both engines; the drill covers PostgreSQL's dump and restore.)
 */
describe('scheduled backups with retention and a copy (issue 21 §1)', () => {
  let tb: Testbed;
  let now = new Date('2026-12-01T00:00:00Z');
  const outDir = path.join(work, 'backups');
  const copyDir = path.join(work, 'remote');
  const tmpDir = path.join(work, 'tmp');
  let savedTmp: string | undefined;

  beforeAll(async () => {
    savedTmp = process.env.DIXIAN_TMP_DIR;
    process.env.DIXIAN_TMP_DIR = tmpDir;
    tb = await createTestbed('pglite');
    await createHouseholdIn(tb, VILLAGE_A);
  });
  afterAll(async () => {
    await tb.close();
    if (savedTmp === undefined) delete process.env.DIXIAN_TMP_DIR;
    else process.env.DIXIAN_TMP_DIR = savedTmp;
  });

  it('backs up when due, copies each backup, keeps the newest two in each place and leaves no temporary file', async () => {
    const job = backupJob(6, { outDir, copyDir, keep: 2 });
    const scheduler = new Scheduler(tb.store, [job], { now: () => now });
    const ticks: string[] = [];
    for (const hours of [0, 1, 6, 13]) {
      now = new Date(Date.parse('2026-12-01T00:00:00Z') + hours * 3600_000);
      const [r] = await scheduler.tick();
      expect(r!.ok, r!.summary).toBe(true);
      ticks.push(r!.summary === 'nothing due' ? '-' : 'backup');
    }
    // 1 hour after the first is not due; 6 and 13 hours are
    expect(ticks).toEqual(['backup', '-', 'backup', 'backup']);
    const names = (dir: string) => listBackups(dir).map((b) => b.file);
    expect(names(outDir)).toEqual(['dixian-20261201T210000+0800.tar.gz', 'dixian-20261201T140000+0800.tar.gz']);
    expect(names(copyDir)).toEqual(names(outDir));
    expect(fs.readdirSync(outDir).sort()).toEqual(
      names(outDir)
        .flatMap((f) => [f, `${f}.json`])
        .sort(),
    );
    expect(listBackups(copyDir)[0]).toMatchObject({ households: 1, auditChainsIntact: true });
    // the scratch restores lived in DIXIAN_TMP_DIR and are gone
    const left = fs.existsSync(tmpDir)
      ? fs.readdirSync(tmpDir).flatMap((d) => fs.readdirSync(path.join(tmpDir, d)))
      : [];
    expect(left).toEqual([]);
  });

  it('reads its settings from the environment, off by default', () => {
    expect(loadConfig({}).backupHours).toBe(0);
    const c = loadConfig({ DIXIAN_BACKUP_HOURS: '24', DIXIAN_BACKUP_KEEP: '7', DIXIAN_BACKUP_COPY_DIR: copyDir });
    expect(c).toMatchObject({ backupHours: 24, backupKeep: 7, backupCopyDir: copyDir });
    expect(BACKUP_JOB).toBe('backup');
  });
});
