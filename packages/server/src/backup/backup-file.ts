/**
 * Backup files and their manifests: names, checksums, listing, retention and the copy to a second place. Nothing
 * here touches a database; backup.ts makes and checks the files.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StoreKind } from '../db/store.js';
import type { BackupFacts } from '../repositories/backup.repository.js';

export const MANIFEST_FORMAT = 'dixian-backup/1';

/** The JSON written next to each backup file (`<file>.json`). */
export interface BackupManifest extends BackupFacts {
  format: typeof MANIFEST_FORMAT;
  /** the backup file's name, in the same directory */
  file: string;
  store: StoreKind;
  /** when the backup was taken, ISO 8601 in China time (+08:00) */
  createdAt: string;
  size: number;
  sha256: string;
  /** the test restore into a scratch database: when, and that every audit chain verified there */
  verifiedAt: string;
  auditChainsIntact: boolean;
}

const NAME = /^dixian-\d{8}T\d{6}\+0800\.(tar\.gz|dump)$/;

/** ISO 8601 in China time: `2026-12-06T12:50:00.000+08:00`. */
export function chinaIso(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
}

/**
 * The file name of a backup taken at `at`: the China time in ISO 8601's basic form (no colons, which some remote
 * file systems refuse), e.g. `dixian-20261206T125000+0800.tar.gz` for PGlite, `.dump` for pg_dump's custom format.
 */
export function backupFileName(at: Date, kind: StoreKind): string {
  const stamp = chinaIso(at).slice(0, 19).replace(/[-:]/g, '');
  return `dixian-${stamp}+0800.${kind === 'pglite' ? 'tar.gz' : 'dump'}`;
}

export function manifestPath(file: string): string {
  return `${file}.json`;
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Write a file whole or not at all: a partial name, then a rename (a reader never sees half a manifest). */
export function writeFileAtomic(file: string, text: string): void {
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, text, { mode: 0o600 });
  fs.renameSync(partial, file);
}

export function readManifest(file: string): BackupManifest {
  const m = manifestPath(file);
  if (!fs.existsSync(m)) {
    throw new Error(`备份清单缺失 / the manifest of ${file} is missing (${m}): cannot check the file`);
  }
  const parsed = JSON.parse(fs.readFileSync(m, 'utf8')) as BackupManifest;
  if (parsed.format !== MANIFEST_FORMAT) throw new Error(`不认识的备份清单 / unknown manifest format in ${m}`);
  return parsed;
}

/** Refuse a file whose bytes are not those the manifest describes (a flipped byte, a truncated copy). */
export async function checkChecksum(file: string, manifest: BackupManifest): Promise<void> {
  const actual = await sha256File(file);
  if (actual !== manifest.sha256) {
    throw new Error(
      `备份文件已损坏,校验和不符 / backup file ${file} is corrupt: its sha256 is ${actual}, the manifest says ` +
        `${manifest.sha256}`,
    );
  }
}

/** The backups in a directory (those with a manifest), newest first. */
export function listBackups(dir: string): (BackupManifest & { path: string })[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => NAME.test(f) && fs.existsSync(path.join(dir, manifestPath(f))))
    .map((f) => ({ ...readManifest(path.join(dir, f)), path: path.join(dir, f) }))
    .sort((a, b) => (a.file < b.file ? 1 : -1));
}

/** Keep the newest `keep` backups in `dir`; remove the others (file and manifest). Returns the removed files. */
export function applyRetention(dir: string, keep: number): string[] {
  if (keep <= 0) return [];
  const old = listBackups(dir).slice(keep);
  for (const b of old) {
    fs.rmSync(b.path, { force: true });
    fs.rmSync(manifestPath(b.path), { force: true });
  }
  return old.map((b) => b.path);
}

/**
 * Put `src` at `dest` whole or not at all: a rename on the same file system; otherwise a copy under a partial name,
 * its checksum recomputed there (a mounted remote can truncate silently), then a rename. The partial is removed
 * whatever happens.
 */
export async function moveChecked(src: string, dest: string, sha256: string, opts: { keep?: boolean } = {}) {
  if (!opts.keep) {
    try {
      fs.renameSync(src, dest);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    }
  }
  const partial = `${dest}.partial`;
  try {
    await fs.promises.copyFile(src, partial);
    const actual = await sha256File(partial);
    if (actual !== sha256)
      throw new Error(`复制后校验和不符 / the copy ${dest} differs from ${src} (sha256 ${actual})`);
    fs.renameSync(partial, dest);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  if (!opts.keep) fs.rmSync(src, { force: true });
}

/** Copy a verified backup to a second directory (a mounted remote), checked there; the manifest goes last. */
export async function copyBackup(file: string, manifest: BackupManifest, destDir: string): Promise<string> {
  fs.mkdirSync(destDir, { recursive: true, mode: 0o700 });
  const dest = path.join(destDir, manifest.file);
  await moveChecked(file, dest, manifest.sha256, { keep: true });
  writeFileAtomic(manifestPath(dest), JSON.stringify(manifest, null, 2) + '\n');
  return dest;
}
