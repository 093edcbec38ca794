/**
 * Restoring a backup (issue 21 §1): the checksum first, then into an empty target (or, with force, over one), then
 * the migrations of this build and the audit verification, and a summary of what came back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from '../db/migrate.js';
import { openStore, type Store } from '../db/store.js';
import { BackupRepository } from '../repositories/backup.repository.js';
import { checkChecksum, readManifest, type BackupManifest } from './backup-file.js';
import { inspect, type TestRestoreResult } from './backup.js';
import { pgRestore } from './pg-tools.js';
import { mirrorPhotos, PHOTO_MIRROR, type MirrorResult } from './photo-mirror.js';

export interface RestoreTarget {
  /** PGlite: restore into this data directory */
  dataDir?: string | undefined;
  /** PostgreSQL: restore into this (existing) database */
  databaseUrl?: string | undefined;
  /** replace a target that holds data */
  force?: boolean;
  /** where the visit photos mirrored beside the backup go back to */
  photoDir?: string | undefined;
}

export interface RestoreResult extends TestRestoreResult {
  manifest: BackupManifest;
  /** migrations of this build applied after the restore (a backup of an older version) */
  migrated: string[];
  target: string;
  /** photo files copied back from beside the backup */
  photos: MirrorResult;
}

type Restored = Omit<RestoreResult, 'photos'>;

export async function restoreBackup(file: string, target: RestoreTarget): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new Error(`备份文件不存在 / backup file ${file} does not exist`);
  const manifest = readManifest(file);
  await checkChecksum(file, manifest);
  const restored =
    manifest.store === 'pglite'
      ? await restorePglite(file, manifest, target)
      : await restorePostgres(file, manifest, target);
  const photos = target.photoDir
    ? await mirrorPhotos(path.join(path.dirname(file), PHOTO_MIRROR), target.photoDir)
    : { copied: 0, total: 0 };
  return { ...restored, photos };
}

async function restorePglite(file: string, manifest: BackupManifest, t: RestoreTarget): Promise<Restored> {
  if (!t.dataDir) {
    throw new Error(`${file} 是 PGlite 备份,请用 --into 目录 / ${file} is a PGlite backup: restore it with --into DIR`);
  }
  const dir = t.dataDir;
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
    if (!t.force) {
      throw new Error(`目标目录不为空 / target directory ${dir} is not empty: add --force to replace its data`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let migrated: string[];
  let store: Store | undefined;
  try {
    store = await openStore({ dataDir: dir, loadDataDir: await fs.openAsBlob(file) });
    migrated = (await migrate(store)).applied;
  } catch (err) {
    await store?.close();
    // a half-restored directory must not be mistaken for data (nor block the next attempt as "not empty")
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { manifest, migrated, target: dir, ...(await inspect(store)) };
}

async function restorePostgres(file: string, manifest: BackupManifest, t: RestoreTarget): Promise<Restored> {
  const url = t.databaseUrl;
  if (!url) {
    throw new Error(
      `${file} 是 PostgreSQL 备份,请用 --database URL / ${file} is a PostgreSQL backup: restore it with --database URL`,
    );
  }
  const probe = await openStore({ databaseUrl: url, poolSize: 1 });
  try {
    if ((await new BackupRepository(probe).tableCount()) > 0 && !t.force) {
      throw new Error(`目标数据库不为空 / target database is not empty: add --force to replace its data`);
    }
  } finally {
    await probe.close();
  }
  await pgRestore(url, file, { clean: Boolean(t.force) });
  const store = await openStore({ databaseUrl: url, poolSize: 2 });
  let migrated: string[];
  try {
    migrated = (await migrate(store)).applied;
  } catch (err) {
    await store.close();
    throw err;
  }
  const u = new URL(url);
  u.password = '';
  return { manifest, migrated, target: u.toString(), ...(await inspect(store)) };
}
