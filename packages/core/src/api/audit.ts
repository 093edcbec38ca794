/** Audit log contracts: reading the hash-chained log and verifying it. */
import { z } from 'zod';
import { CalendarDate, Instant, PageQuery, pageOf } from './common.js';

export const AuditQuery = PageQuery.extend({
  chain: z.string().max(16).optional(),
  action: z.string().max(64).optional(),
  targetType: z.string().max(32).optional(),
  targetId: z.string().max(64).optional(),
  actorId: z.guid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** the user who acted, by username (as the list shows them) */
  actor: z.string().trim().max(64).optional(),
  /** China calendar days, both included */
  dayFrom: CalendarDate.optional(),
  dayTo: CalendarDate.optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntryView = z
  .object({
    seq: z.number().int(),
    chain: z.string(),
    at: Instant,
    actorId: z.string().nullable(),
    actorUsername: z.string().nullable(),
    actorRole: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    requestId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    detail: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = pageOf(AuditEntryView);
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditChainResult = z.object({
  chain: z.string(),
  records: z.number().int(),
  ok: z.boolean(),
  /** the first record that does not verify, and why */
  firstBroken: z.object({ seq: z.number().int(), reason: z.enum(['hash_mismatch', 'prev_hash_mismatch']) }).nullable(),
});
export type AuditChainResult = z.infer<typeof AuditChainResult>;

/** The log against the newest anchor written outside the database (issue 21 §4). */
export const AuditAnchorCheck = z.object({
  at: z.string().describe('when the anchor was written (instant)'),
  ok: z.boolean(),
  problems: z.array(
    z.object({
      chain: z.string(),
      seq: z.number().int(),
      reason: z.enum(['deleted_after_anchor', 'hash_differs', 'bad_signature']),
    }),
  ),
});
export type AuditAnchorCheck = z.infer<typeof AuditAnchorCheck>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  chains: z.array(AuditChainResult),
  anchor: AuditAnchorCheck.nullable().optional().describe('null when no anchor has been written yet'),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
