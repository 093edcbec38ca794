import { PHOTO_LONG_EDGE, PHOTO_MAX_BYTES } from '@dixian/core/api';
import { db, key } from './db';
import { openBytes, sealBytes } from './seal';

/** How much the queue's photos may take on the phone before the app refuses another (sent photos are deleted). */
export const PHOTO_STORE_LIMIT = 60 * 1024 * 1024;

/**
 * A photo from the camera, shrunk on the phone to the long edge and re-encoded as JPEG, stepping the quality
 * down until it fits the server's cap: a 12-megapixel shot of 4 MB goes up as about 150–300 kB.
 */
export async function compressPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, PHOTO_LONG_EDGE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.75, 0.6, 0.45, 0.3]) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= PHOTO_MAX_BYTES) return blob;
  }
  throw new Error('照片过大,无法压缩到上传上限 / the photo cannot be compressed below the upload limit');
}

export async function photoBytesStored(): Promise<number> {
  const rows = await (await db()).getAll('photos');
  return rows.reduce((n, r) => n + r.bytes, 0);
}

export async function putPhoto(id: string, itemId: string, blob: Blob): Promise<void> {
  if ((await photoBytesStored()) + blob.size > PHOTO_STORE_LIMIT) {
    throw new Error('待上传照片已占满本机空间,请先联网同步 / the photos waiting to go up fill the space; sync first');
  }
  const sealed = await sealBytes(await key(), await blob.arrayBuffer());
  await (await db()).put('photos', { id, itemId, mime: blob.type || 'image/jpeg', bytes: blob.size, sealed });
}

export async function getPhoto(id: string): Promise<Blob | null> {
  const row = await (await db()).get('photos', id);
  if (!row) return null;
  return new Blob([await openBytes(await key(), row.sealed)], { type: row.mime });
}

export async function deletePhoto(id: string): Promise<void> {
  await (await db()).delete('photos', id);
}
