import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { takeBackup } from '../../src/backup/backup.js';
import { manifestPath } from '../../src/backup/backup-file.js';
import { createDatabase, dropDatabase } from '../../src/backup/pg-tools.js';
import { restoreBackup, type RestoreTarget } from '../../src/backup/restore.js';
import { migrate } from '../../src/db/migrate.js';
import { openStore, type Store } from '../../src/db/store.js';
import { HouseholdRepository } from '../../src/repositories/household.repository.js';
import { createHouseholdIn, createTestbed, VILLAGE_A, VILLAGE_B } from '../support/api.js';
import { engines, type Engine } from '../support/db.js';
import { templatePath } from '../support/template.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-drill-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Where the drill's data lives on each engine: a PGlite directory, or a database of its own on the server. */
interface Place {
  open(): Promise<Store>;
  /** lose the data: delete the directory, drop the database */
  lose(): Promise<void>;
  target: RestoreTarget;
  /** the URL pg_dump connects to (PostgreSQL) */
  url?: string;
}

async function place(engine: Engine): Promise<Place> {
  if (engine === 'pglite') {
    const dir = path.join(work, 'data');
    return {
      open: async () => {
        // a new directory starts from the migrated template; an existing one (restored) opens as it is
        const template = fs.existsSync(dir) ? undefined : new Blob([fs.readFileSync(templatePath())]);
        const s = await openStore({ dataDir: dir, loadDataDir: template });
        await migrate(s);
        return s;
      },
      lose: async () => fs.rmSync(dir, { recursive: true, force: true }),
      target: { dataDir: dir },
    };
  }
  const server = process.env.DATABASE_URL!;
  const name = `drill_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const url = await createDatabase(server, name);
  return {
    open: async () => {
      const s = await openStore({ databaseUrl: url, poolSize: 4 });
      await migrate(s);
      return s;
    },
    lose: () => dropDatabase(server, name),
    target: { databaseUrl: url },
    url,
  };
}

/**
 * Issue 21 §1, the restore drill: write, back up, write more, lose the data, restore, and show what was kept — the
 * first writes, not the later ones — with the audit chain intact; a backup with one byte flipped is refused.
 */
describe.each(engines)('the restore drill on %s (issue 21 §1)', (engine) => {
  it('restores the backed-up households only, with the audit chain intact, and refuses a corrupt file', async () => {
    const p = await place(engine);
    try {
      await drill(engine, p);
    } finally {
      if (engine === 'postgres') await p.lose().catch(() => undefined);
    }
  });
});

/** The drill itself, on a place that `lose()` empties. */
async function drill(engine: Engine, p: Place): Promise<void> {
  const tb = await createTestbed(engine, { store: await p.open() });
  const first = [await createHouseholdIn(tb, VILLAGE_A), await createHouseholdIn(tb, VILLAGE_B)];
  const outDir = path.join(work, `backups-${engine}`);
  // a visit photo as the server keeps it (a sealed file named by its uuid), and a half-written one that is not
  const photoDir = path.join(work, `photos-${engine}`);
  const photoId = crypto.randomUUID();
  fs.mkdirSync(photoDir, { recursive: true });
  fs.writeFileSync(path.join(photoDir, photoId), 'sealed photo bytes');
  fs.writeFileSync(path.join(photoDir, `${photoId}.abc.tmp`), 'half');
  const backup = await takeBackup(tb.store, { outDir, databaseUrl: p.url, photoDir });
  expect(backup.photos).toEqual({ copied: 1, total: 1 });
  expect(fs.readdirSync(path.join(outDir, 'photos'))).toEqual([photoId]);
  // the next backup copies only what is new
  expect(
    (await takeBackup(tb.store, { outDir, databaseUrl: p.url, photoDir, now: () => new Date(Date.now() + 60_000) }))
      .photos,
  ).toEqual({ copied: 0, total: 1 });
  expect(backup.manifest).toMatchObject({ store: engine, households: 2, auditChainsIntact: true });
  expect(backup.manifest.auditHeads.length).toBeGreaterThan(0);
  expect(backup.manifest.createdAt).toMatch(/\+08:00$/);
  const later = await createHouseholdIn(tb, VILLAGE_A);
  await tb.close();
  await p.lose();
  fs.rmSync(photoDir, { recursive: true, force: true });

  if (engine === 'postgres') await createDatabase(process.env.DATABASE_URL!, new URL(p.url!).pathname.slice(1));
  const r = await restoreBackup(backup.file, { ...p.target, photoDir });
  expect(r.auditOk).toBe(true);
  expect(r.photos).toEqual({ copied: 1, total: 1 });
  expect(fs.readFileSync(path.join(photoDir, photoId), 'utf8')).toBe('sealed photo bytes');
  expect(r.facts.households).toBe(2);
  expect(r.facts.lastAuditAt).toBe(backup.manifest.lastAuditAt);
  const store = await p.open();
  try {
    const households = new HouseholdRepository(store.db);
    for (const h of first) expect(await households.householdNoTaken(h.household.householdNo)).toBe(true);
    expect(await households.householdNoTaken(later.household.householdNo)).toBe(false);
  } finally {
    await store.close();
  }

  // a restore never overwrites data unless asked to
  await expect(restoreBackup(backup.file, p.target)).rejects.toThrow(/not empty: add --force/);

  const corrupt = path.join(outDir, `corrupt-${backup.manifest.file}`);
  const bytes = fs.readFileSync(backup.file);
  bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
  fs.writeFileSync(corrupt, bytes);
  fs.copyFileSync(manifestPath(backup.file), manifestPath(corrupt));
  await expect(restoreBackup(corrupt, { ...p.target, force: true })).rejects.toThrow(
    `backup file ${corrupt} is corrupt`,
  );
}
