/**
 * The village cadre's offline field app (issue 18): what goes to the phone (the caller's own area only, in pages,
 * then only what changed), the evidence a visit carries (photos and place, S3 §三(二) "每次走访和排查后,要如实、及时纪实"),
 * and the idempotency key every queued write carries so a sync repeated after a lost answer creates nothing twice.
 */
import { z } from 'zod';
import {
  CaseStage,
  HouseholdType,
  HousingSafetyGrade,
  HousingStructure,
  MeasureStatus,
  MeasureType,
  MonitoringCategory,
  MonitoringStatus,
  RiskType,
} from '../enums.js';
import { CalendarDate, Instant } from './common.js';

/**
 * The header a queued write carries: the id the phone gave the record when it was saved. The server answers a
 * repeat with the first answer, whatever the request body says.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const ClientId = z.guid();

/** A photo as the server stores it: the phone compresses it first (long edge, JPEG quality), then this cap holds. */
export const PHOTO_MAX_BYTES = 800_000;
export const PHOTO_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
export const PHOTOS_PER_VISIT = 6;
/**
 * The most households the field app keeps on a phone: a village of 1,000 takes about 1–2 MB sealed; a township
 * officer of a large township uses the desk version instead.
 */
export const MAX_HOUSEHOLDS_ON_PHONE = 5000;

/** The long edge the phone shrinks a photo to before it is stored or sent. */
export const PHOTO_LONG_EDGE = 1280;

/** Where the device was when the visit was recorded, when the user allowed it (navigator.geolocation). */
export const VisitLocation = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    accuracyM: z.number().min(0).max(100_000).nullable(),
    capturedAt: Instant.describe('the device time of the fix'),
  })
  .strict();
export type VisitLocation = z.infer<typeof VisitLocation>;

/** POST /api/visits/:id/photos answers with it; the visit view lists them. Read with GET /api/visit-photos/:id. */
export const VisitPhotoView = z
  .object({
    id: z.string(),
    visitId: z.string(),
    mime: z.enum(PHOTO_TYPES),
    bytes: z.number().int(),
    takenAt: Instant.nullable(),
    createdAt: Instant,
  })
  .meta({ id: 'VisitPhoto' });
export type VisitPhotoView = z.infer<typeof VisitPhotoView>;

/** POST /api/visits/:id/photos: the body is the image itself (Content-Type one of PHOTO_TYPES). */
export const VisitPhotoUpload = z
  .any()
  .meta({ type: 'string', format: 'binary' })
  .describe('the photo as raw bytes (image/jpeg, image/webp or image/png)');
/** The optional header of an upload: when the phone took the photo (ISO instant). */
export const PHOTO_TAKEN_AT_HEADER = 'x-taken-at';
/** GET /api/visit-photos/:id answers with the bytes. */
export const PhotoFile = z.string().describe('the photo bytes, in the type it was stored with');

/** A visit's evidence, for the inspection of S3 §三(二): photos, the place, or none (marked 无纪实佐证). */
export const VisitEvidence = z.object({
  photos: z.array(VisitPhotoView),
  location: VisitLocation.nullable(),
  noEvidence: z.boolean().describe('neither a photo nor a place'),
});
export type VisitEvidence = z.infer<typeof VisitEvidence>;

// ---------------------------------------------------------------------------------------------------
// What goes to the phone

/** GET /api/offline/households: the caller's area in pages by household id; with `since`, only what changed. */
export const OfflineQuery = z.object({
  since: Instant.optional().describe('the watermark of the last complete download'),
  after: z.guid().optional().describe('the last household id of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).default(250),
});
export type OfflineQuery = z.infer<typeof OfflineQuery>;

export const OfflineMember = z.object({
  id: z.string(),
  name: z.string(),
  relation: z.string().nullable(),
  sex: z.string().nullable(),
  birthYear: z.number().int().nullable(),
  idNumber: z.string().nullable().describe('masked as for the caller'),
  health: z.string().nullable(),
  laborAbility: z.string().nullable(),
  inHousehold: z.boolean(),
});

export const OfflineHousehold = z.object({
  id: z.string(),
  householdNo: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  headName: z.string().nullable(),
  householdType: z.enum(HouseholdType.values),
  monitoringStatus: z.enum(MonitoringStatus.values),
  monitoringCategory: z.enum(MonitoringCategory.values).nullable(),
  riskTypes: z.array(z.enum(RiskType.values)),
  lastVisitOn: CalendarDate.nullable(),
  visitDueOn: CalendarDate.nullable().describe('null when no visit is due by the end of the month'),
  visitOverdue: z.boolean(),
  /** the fields a cadre may correct in the field (registry corrections), with the version read */
  naturalVillage: z.string().nullable(),
  address: z.string().nullable(),
  housingStructure: z.enum(HousingStructure.values).nullable(),
  housingSafetyGrade: z.enum(HousingSafetyGrade.values).nullable(),
  drinkingWaterSafe: z.boolean(),
  waterIssue: z.string().nullable(),
  pairedPartyMember: z.string().nullable(),
  version: z.number().int(),
  updatedAt: Instant,
  members: z.array(OfflineMember),
  latestIncome: z
    .object({
      periodEnd: CalendarDate,
      netFen: z.number().int(),
      perCapitaFen: z.number().int().nullable(),
    })
    .nullable(),
  openCase: z
    .object({
      id: z.string(),
      stage: z.enum(CaseStage.values),
      currentDueOn: CalendarDate.nullable(),
      currentDueKind: z.string().nullable(),
    })
    .nullable(),
  measures: z.array(
    z.object({
      id: z.string(),
      planId: z.string(),
      type: z.enum(MeasureType.values),
      description: z.string().nullable(),
      status: z.enum(MeasureStatus.values),
      endOn: CalendarDate.nullable(),
      version: z.number().int(),
    }),
  ),
});
export type OfflineHousehold = z.infer<typeof OfflineHousehold>;

/** What the phone needs to explain (the policy in force for the caller's area today). */
export const OfflinePolicy = z.object({
  monitoringLineFen: z.number().int().nullable(),
  visitMonths: z.number().int().nullable().describe('lifted and monitored households: at least every N months'),
  effectiveFrom: CalendarDate.nullable(),
});

export const OfflinePage = z
  .object({
    /** the server time the download started: the next `since` once every page is in */
    watermark: Instant,
    scopeCode: z.string(),
    households: z.array(OfflineHousehold),
    /** the next page's `after`, or null on the last page */
    next: z.string().nullable(),
    /** on the first page only: every household id in the area now, so the phone drops the ones that left */
    allIds: z.array(z.string()).nullable(),
    policy: OfflinePolicy.nullable(),
    total: z.number().int().describe('households this download will send'),
  })
  .meta({ id: 'OfflinePage' });
export type OfflinePage = z.infer<typeof OfflinePage>;
