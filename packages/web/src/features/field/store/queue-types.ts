import type { MeasureStatus } from '@dixian/core';
import type { LeadCreateBody, MeasureStatusBody, PublicityDeliveryBody, VisitCreateBody } from '@dixian/core/api';
import type { Sealed } from './seal';

/**
 * What waits on the phone to go up: waiting (not sent yet, or the network failed), sent, failed (the server
 * refused it; the reason is shown and the cadre may correct or delete it), conflict (the record changed on the
 * server since the phone read it: both versions are shown until the cadre chooses), discarded (the cadre chose the
 * server's version; kept in the list so nothing disappears without a trace).
 */
export type QueueState = 'waiting' | 'sent' | 'failed' | 'conflict' | 'discarded';

/** The household fields a cadre may correct in the field (a subset of the registry's household fields). */
export const CORRECTABLE = [
  'naturalVillage',
  'address',
  'housingStructure',
  'housingSafetyGrade',
  'drinkingWaterSafe',
  'waterIssue',
  'pairedPartyMember',
] as const;
export type Correctable = (typeof CORRECTABLE)[number];
export type CorrectionValues = Partial<Record<Correctable, string | boolean | null>>;

interface ItemBase {
  /** the client id: the record's idempotency key, made on the phone when it was saved */
  id: string;
  seq: number;
  state: QueueState;
  createdAt: string;
  sentAt: string | null;
  householdId: string | null;
  /** household number and head, for the queue list */
  householdLabel: string;
  /** the server's reason, in "中文 / English", when it refused */
  error: string | null;
  /** the fields it named, each with its message */
  issues?: { path: string; message: string }[];
}

export interface VisitItem extends ItemBase {
  kind: 'visit';
  body: VisitCreateBody;
  photoIds: string[];
  /** once the visit is stored on the server: its id, so only the photos still missing are sent again */
  visitId: string | null;
  sentPhotoIds: string[];
}

export interface LeadItem extends ItemBase {
  kind: 'lead';
  body: LeadCreateBody;
}

export interface CorrectionItem extends ItemBase {
  kind: 'correction';
  baseVersion: number;
  /** the values the phone read, and the cadre's new ones (changed fields only) */
  base: CorrectionValues;
  changes: CorrectionValues;
  /** the server's version when it conflicted */
  server: { version: number; values: CorrectionValues } | null;
  /** the key of the current attempt: a new one when the cadre resubmits over the server's version */
  requestKey: string;
}

export interface MeasureItem extends ItemBase {
  kind: 'measure';
  planId: string;
  measureId: string;
  measureLabel: string;
  /** the status the phone read */
  baseStatus: MeasureStatus;
  body: MeasureStatusBody;
  /** the server's status and version when it conflicted */
  server: { version: number; status: MeasureStatus } | null;
  requestKey: string;
}

export interface DeliveryItem extends ItemBase {
  kind: 'delivery';
  body: PublicityDeliveryBody;
}

export type QueueItem = VisitItem | LeadItem | CorrectionItem | MeasureItem | DeliveryItem;
export type QueueKind = QueueItem['kind'];

/** As stored: the state in clear (for the badge and the order), the rest sealed. */
export interface QueueRecord {
  id: string;
  seq: number;
  kind: QueueKind;
  state: QueueState;
  createdAt: string;
  sentAt: string | null;
  sealed: Sealed;
}
