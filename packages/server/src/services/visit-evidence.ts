import type { VisitEvidence, VisitLocation, VisitPhotoView } from '@dixian/core/api';
import type { Selectable } from 'kysely';
import type { Visit, VisitPhoto } from '../db/types.js';

/**
 * A visit's evidence for the inspection of S3 §三(二) ("每次走访和排查后,要如实、及时纪实"): its photos and the place
 * the device recorded; a visit with neither is marked `noEvidence` (shown as 无纪实佐证).
 */
export type VisitPhotoRow = Selectable<VisitPhoto>;

export function toVisitPhotoView(p: VisitPhotoRow): VisitPhotoView {
  return {
    id: p.id,
    visitId: p.visitId,
    mime: p.mime as VisitPhotoView['mime'],
    bytes: p.bytes,
    takenAt: p.takenAt ? new Date(p.takenAt).toISOString() : null,
    createdAt: new Date(p.createdAt).toISOString(),
  };
}

export function locationOf(
  v: Pick<Selectable<Visit>, 'latitude' | 'longitude' | 'accuracyM' | 'locatedAt'>,
): VisitLocation | null {
  if (v.latitude === null || v.longitude === null || !v.locatedAt) return null;
  return {
    latitude: v.latitude,
    longitude: v.longitude,
    accuracyM: v.accuracyM,
    capturedAt: new Date(v.locatedAt).toISOString(),
  };
}

/** The evidence of one visit, from its row and the photos of its household (or of the visit). */
export function evidenceOf(v: Selectable<Visit>, photos: readonly VisitPhotoRow[]): VisitEvidence {
  const mine = photos.filter((p) => p.visitId === v.id).map(toVisitPhotoView);
  const location = locationOf(v);
  return { photos: mine, location, noEvidence: mine.length === 0 && location === null };
}
