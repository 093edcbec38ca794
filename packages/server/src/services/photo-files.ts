import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileKeyIdOf } from '../security/field-cipher.js';
import { openBytes, sealBytes } from '../security/field-keys.js';

/**
 * Visit photos on disk (issue 18 §3): in the photo directory (config `photoDir`, outside the web root), named by
 * the photo's uuid and never by anything the user sent, sealed with the field keys like an ID number. A file is
 * written under a temporary name first and renamed once its row has committed, so no half-written photo is served.
 */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function fileOf(dir: string, id: string): string {
  if (!ID.test(id)) throw new Error(`not a photo id: ${id}`);
  return path.join(dir, id);
}

/** Seal and write the bytes under a temporary name in the photo directory: the path to `keepPhoto` or `dropPhoto`. */
export async function stagePhoto(dir: string, id: string, bytes: Buffer): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${fileOf(dir, id)}.${randomBytes(6).toString('hex')}.tmp`;
  const file = await fs.open(temp, 'wx', 0o600);
  try {
    await file.writeFile(sealBytes(bytes));
    await file.sync();
  } finally {
    await file.close();
  }
  return temp;
}

export async function keepPhoto(dir: string, id: string, temp: string): Promise<void> {
  await fs.rename(temp, fileOf(dir, id));
}

export async function dropPhoto(temp: string): Promise<void> {
  await fs.rm(temp, { force: true });
}

/** The photo's bytes; undefined when the file is missing or no key here opens it. */
export async function readPhoto(dir: string, id: string): Promise<Buffer | undefined> {
  const sealed = await fs.readFile(fileOf(dir, id)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  return sealed && openBytes(sealed);
}

/** How many photo files each key sealed (`dixian keys retire` refuses a key that still opens a photo). */
export async function photoKeyCounts(dir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => ID.test(n))) {
    const file = await fs.open(path.join(dir, name), 'r');
    try {
      const head = Buffer.alloc(64);
      const { bytesRead } = await file.read(head, 0, 64, 0);
      const id = fileKeyIdOf(head.subarray(0, bytesRead));
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    } finally {
      await file.close();
    }
  }
  return counts;
}
