/**
 * A visit's photos (issue 18 §3; S3 §三(二) "每次走访和排查后,要如实、及时纪实"): added to a visit by whoever may record
 * visits in its household's village, read by whoever may read the household; both audited.
 */
import { DEVICE_CLOCK_SKEW_MS } from './visit-location.js';
import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '@dixian/core';
import { PHOTO_MAX_BYTES, PHOTO_TYPES, PHOTOS_PER_VISIT, type VisitPhotoView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { VisitRepository } from '../repositories/visit.repository.js';
import { VisitPhotoRepository } from '../repositories/visit-photo.repository.js';
import { RECORD } from './access.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { dropPhoto, keepPhoto, readPhoto, stagePhoto } from './photo-files.js';
import { toVisitPhotoView } from './visit-evidence.js';

export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Photos are the household's evidence: access follows where the household is now. */
const byHousehold = (row: { householdRegionCode: string }) => ({ regionCode: row.householdRegionCode });

/** The first bytes each accepted type must start with: the content type is what the bytes are, not what was said. */
const MAGIC: Record<PhotoType, (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) =>
    b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

export function photoTooLarge(): AppError {
  return new AppError('payload_too_large', {
    zh: `照片过大:压缩后不得超过 ${Math.floor(PHOTO_MAX_BYTES / 1000)} KB`,
    en: `the photo is too large: at most ${Math.floor(PHOTO_MAX_BYTES / 1000)} kB after compression`,
  });
}

/** POST /api/visits/:id/photos: the raw image, its type, and when the phone took it (optional). */
export async function addVisitPhoto(
  ctx: ServiceContext,
  visitId: string,
  upload: { mime: string; bytes: Buffer; takenAt: string | undefined },
): Promise<VisitPhotoView> {
  const mime = upload.mime as PhotoType;
  if (!PHOTO_TYPES.includes(mime)) {
    throw validationFailed([
      { path: 'headers.content-type', message: `应为 ${PHOTO_TYPES.join(', ')} / must be one of these` },
    ]);
  }
  if (upload.bytes.length > PHOTO_MAX_BYTES) throw photoTooLarge();
  if (!MAGIC[mime](upload.bytes)) {
    throw validationFailed([{ path: 'body', message: `文件内容不是 ${mime} / the bytes are not ${mime}` }], {
      zh: '照片文件无效',
      en: 'invalid photo file',
    });
  }
  const takenAt = takenAtOf(upload.takenAt, ctx.now());
  const visits = new VisitRepository(ctx.store.db);
  // refuse before anything is written to disk
  await areaOf(ctx).load(
    'visit.create',
    RECORD.visit,
    visitId,
    (scope) => visits.getByHousehold(scope, visitId),
    byHousehold,
  );
  const id = randomUUID();
  const dir = ctx.config.photoDir;
  const temp = await stagePhoto(dir, id, upload.bytes);
  try {
    const row = await ctx.store.transaction(async (tx) => {
      const v = await areaOf(ctx).load(
        'visit.create',
        RECORD.visit,
        visitId,
        (scope) => new VisitRepository(tx.db).getByHousehold(scope, visitId, true),
        byHousehold,
      );
      const photos = new VisitPhotoRepository(tx.db);
      if ((await photos.countOf(v.id)) >= PHOTOS_PER_VISIT) {
        throw new AppError('precondition_failed', {
          zh: `每次走访最多 ${PHOTOS_PER_VISIT} 张照片`,
          en: `a visit carries at most ${PHOTOS_PER_VISIT} photos`,
        });
      }
      const row = await photos.insert({
        id,
        visitId: v.id,
        householdId: v.householdId,
        // where the household is now: a photo is the household's evidence, read by whoever covers it
        countyCode: v.householdCountyCode,
        regionCode: v.householdRegionCode,
        mime,
        bytes: upload.bytes.length,
        sha256: createHash('sha256').update(upload.bytes).digest('hex'),
        takenAt,
        createdBy: staffId(ctx),
        createdAt: ctx.now(),
      });
      await appendAudit(tx, ctx, {
        action: 'visit.photo.add',
        targetType: 'household',
        targetId: v.householdId,
        regionCode: v.householdRegionCode,
        after: { visitId: v.id, photoId: id, mime, bytes: row.bytes },
      });
      return row;
    });
    await keepPhoto(dir, id, temp);
    return toVisitPhotoView(row);
  } catch (e) {
    await dropPhoto(temp);
    throw e;
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function takenAtOf(sent: string | undefined, now: Date): Date | null {
  if (sent === undefined) return null;
  const at = ISO_INSTANT.test(sent) ? Date.parse(sent) : NaN;
  const ok = !Number.isNaN(at) && at <= now.getTime() + DEVICE_CLOCK_SKEW_MS;
  if (!ok) {
    throw validationFailed([
      { path: 'headers.x-taken-at', message: '应为不晚于当前的 ISO 时间 / an ISO instant, not in the future' },
    ]);
  }
  return new Date(sent);
}

/** GET /api/visit-photos/:id: the bytes and type, to users whose area covers the household; audited as a read. */
export async function readVisitPhoto(ctx: ServiceContext, id: string): Promise<{ mime: PhotoType; bytes: Buffer }> {
  const photo = await areaOf(ctx).load(
    'household.read',
    RECORD.photo,
    id,
    (scope) => new VisitPhotoRepository(ctx.store.db).get(scope, id),
    byHousehold,
  );
  const bytes = await readPhoto(ctx.config.photoDir, photo.id);
  if (!bytes) {
    throw new AppError('not_found', {
      zh: '照片文件缺失或无法解密',
      en: 'the photo file is missing or cannot be opened',
    });
  }
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'visit.photo.read',
      targetType: 'visit_photo',
      targetId: photo.id,
      regionCode: photo.householdRegionCode,
      detail: { visitId: photo.visitId, householdId: photo.householdId },
    }),
  );
  return { mime: photo.mime as PhotoType, bytes };
}
