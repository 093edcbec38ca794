/**
 * Taking a backup (issue 21 §1): a consistent copy of the store, checksummed, test-restored into a scratch
 * database, described by a manifest, copied to a second place and pruned to the newest N. See docs/ARCHITECTURE.md
 * "Backup and restore" for why each store is copied the way it is.
 */
import crypto from 'node:crypto';
import type { AuditVerifyResult } from '@dixian/core/api';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { verifyAuditChains } from '../audit/audit-verify.js';
import { openStore, type Store, type StoreKind } from '../db/store.js';
import { withTempDir } from '../feeds/temp.js';
import { BackupRepository, type BackupFacts } from '../repositories/backup.repository.js';
import {
  applyRetention,
  backupFileName,
  chinaIso,
  copyBackup,
  manifestPath,
  MANIFEST_FORMAT,
  moveChecked,
  sha256File,
  writeFileAtomic,
  type BackupManifest,
} from './backup-file.js';
import { createDatabase, dropDatabase, pgDump, pgRestore } from './pg-tools.js';
import { mirrorPhotos, PHOTO_MIRROR, type MirrorResult } from './photo-mirror.js';
import { activeFieldKeys } from '../security/field-keys.js';
import { tokensByKey } from '../security/reseal.js';

export interface BackupOptions {
  outDir: string;
  /** the PostgreSQL URL of `store` (pg_dump connects itself); unused on PGlite */
  databaseUrl?: string | undefined;
  /** a second directory each verified backup is copied to */
  copyDir?: string | undefined;
  /** keep this many backups in each directory (0: keep all) */
  keep?: number;
  /** the visit photos' directory, mirrored beside the backups (photo-mirror.ts) */
  photoDir?: string | undefined;
  now?: () => Date;
}

export interface BackupResult {
  file: string;
  manifest: BackupManifest;
  copy: string | undefined;
  removed: string[];
  /** the photo files mirrored into the backup directory by this backup, and all of them */
  photos: MirrorResult;
}

export async function takeBackup(store: Store, opts: BackupOptions): Promise<BackupResult> {
  const now = opts.now ?? (() => new Date());
  const at = now();
  fs.mkdirSync(opts.outDir, { recursive: true, mode: 0o700 });
  const file = path.join(path.resolve(opts.outDir), backupFileName(at, store.kind));
  if (fs.existsSync(file)) throw new Error(`备份文件已存在 / backup file ${file} already exists`);
  // The dump is made and test-restored in the private temporary directory (it holds everyone's personal data), which
  // is removed whatever happens, and by the next process's sweep if this one is killed; only a verified file is
  // moved into the backup directory.
  return withTempDir('backup', async (tmp) => {
    const work = path.join(tmp, path.basename(file));
    await dumpStore(store, work, opts.databaseUrl);
    const sha256 = await sha256File(work);
    const size = fs.statSync(work).size;
    const check = await testRestore(work, store.kind, opts.databaseUrl);
    if (!check.auditOk) throw new Error(`备份中的审计链校验失败 / the audit chain does not verify in ${file}`);
    if (check.missingKeys.length) {
      throw new Error(
        `备份中有以密钥 ${check.missingKeys.join('、')} 加密的值,本机密钥文件中没有 / values in ${file} are sealed with ${check.missingKeys.join(', ')}, which this keyring lacks`,
      );
    }
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      file: path.basename(file),
      store: store.kind,
      createdAt: chinaIso(at),
      size,
      sha256,
      ...check.facts,
      verifiedAt: chinaIso(now()),
      auditChainsIntact: true,
    };
    await moveChecked(work, file, sha256);
    writeFileAtomic(manifestPath(file), JSON.stringify(manifest, null, 2) + '\n');
    return { file, manifest, ...(await spread(file, manifest, opts)) };
  });
}

/** The copy to the second directory, the photos beside both, and the retention in both. */
async function spread(file: string, manifest: BackupManifest, opts: BackupOptions) {
  const copy = opts.copyDir ? await copyBackup(file, manifest, opts.copyDir) : undefined;
  const photos = opts.photoDir
    ? await mirrorPhotos(opts.photoDir, path.join(opts.outDir, PHOTO_MIRROR))
    : { copied: 0, total: 0 };
  if (opts.photoDir && opts.copyDir) await mirrorPhotos(opts.photoDir, path.join(opts.copyDir, PHOTO_MIRROR));
  const keep = opts.keep ?? 0;
  const removed = applyRetention(opts.outDir, keep);
  if (opts.copyDir) removed.push(...applyRetention(opts.copyDir, keep));
  return { copy, removed, photos };
}

/**
 * PGlite: its own dump of the data directory (a gzipped tarball), taken inside the process that holds the directory
 * and under the store's session lock, so no transaction is half-written in it. PostgreSQL: pg_dump, one snapshot.
 */
async function dumpStore(store: Store, file: string, databaseUrl: string | undefined): Promise<void> {
  if (store.kind === 'pglite') {
    const blob = await store.dumpDataDir!();
    await pipeline(Readable.fromWeb(blob.stream() as never), fs.createWriteStream(file, { mode: 0o600 }));
    return;
  }
  if (!databaseUrl) throw new Error('pg_dump needs the database URL');
  await pgDump(databaseUrl, file);
}

/**
 * Whether a PGlite data directory is open in some process: PGlite writes postmaster.pid when it opens a directory and
 * removes it when closed. A second process must not open it then (two WebAssembly Postgres instances on one
 * directory corrupt it); the serving process backs it up itself (the scheduled job). A file left by a process that
 * was killed also counts: the next start and stop of the server clears it.
 */
export function pgliteInUse(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'postmaster.pid'));
}

export interface TestRestoreResult {
  facts: BackupFacts;
  auditOk: boolean;
  /** the verification of every audit chain in the restored copy */
  audit: AuditVerifyResult;
  /** field keys the copy's sealed values need that this installation's keyring lacks (see `dixian restore --keys`) */
  missingKeys: string[];
}

/**
 * Restore a backup file into a scratch database and read back what it holds: a private temporary directory for
 * PGlite, a database created and dropped on the same PostgreSQL server. Both are removed whatever happens.
 */
export async function testRestore(file: string, kind: StoreKind, databaseUrl?: string): Promise<TestRestoreResult> {
  if (kind === 'pglite') {
    return withTempDir('backup-verify', async (dir) =>
      inspect(await openStore({ dataDir: dir, loadDataDir: await fs.openAsBlob(file) })),
    );
  }
  if (!databaseUrl) throw new Error('a test restore on PostgreSQL needs the server URL');
  const base = new URL(databaseUrl).pathname.slice(1) || 'dixian';
  const name = `${base}_verify_${crypto.randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const url = await createDatabase(databaseUrl, name);
  try {
    await pgRestore(url, file);
    return await inspect(await openStore({ databaseUrl: url, poolSize: 2 }));
  } finally {
    await dropDatabase(databaseUrl, name);
  }
}

/** The facts and the audit verification of an opened store, which is closed afterwards. */
export async function inspect(store: Store): Promise<TestRestoreResult> {
  try {
    const facts = await new BackupRepository(store).facts();
    const audit = await verifyAuditChains(store);
    const ring = activeFieldKeys();
    const missingKeys = [...(await tokensByKey(store)).keys()].filter((k) => k !== 'clear' && !ring?.keys.has(k));
    return { facts, auditOk: audit.ok, audit, missingKeys };
  } finally {
    await store.close();
  }
}
