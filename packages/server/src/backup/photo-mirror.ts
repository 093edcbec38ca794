/**
 * Visit photos in backups (issue 18 §3 with issue 21 §1). A photo file never changes once kept (named by its uuid,
 * sealed at rest), so a backup mirrors the photo directory into `<backup dir>/photos` by copying only the files
 * it lacks, and a restore copies back the ones the target lacks. Every backup of the database then finds its
 * photos there; a photo newer than the database restored is simply not referenced.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

const PHOTO_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const PHOTO_MIRROR = 'photos';

export interface MirrorResult {
  /** photo files copied by this run */
  copied: number;
  /** photo files in the source */
  total: number;
}

/** Copy the photo files of `from` that `to` lacks (or holds with another size), each whole or not at all. */
export async function mirrorPhotos(from: string, to: string): Promise<MirrorResult> {
  const names = (await fs.readdir(from).catch(() => [] as string[])).filter((n) => PHOTO_NAME.test(n));
  if (names.length === 0) return { copied: 0, total: 0 };
  await fs.mkdir(to, { recursive: true, mode: 0o700 });
  let copied = 0;
  for (const name of names) {
    const src = path.join(from, name);
    const dest = path.join(to, name);
    const [a, b] = await Promise.all([fs.stat(src), fs.stat(dest).catch(() => undefined)]);
    if (b && b.size === a.size) continue;
    const partial = `${dest}.partial`;
    try {
      await fs.copyFile(src, partial);
      await fs.chmod(partial, 0o600);
      await fs.rename(partial, dest);
    } finally {
      await fs.rm(partial, { force: true });
    }
    copied += 1;
  }
  return { copied, total: names.length };
}
