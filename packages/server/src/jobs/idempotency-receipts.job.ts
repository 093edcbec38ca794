import { purgeReceipts, RECEIPT_DAYS } from '../services/idempotency.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * Forget the idempotency receipts of queued writes older than RECEIPT_DAYS (issue 18 §2): a phone syncs long before,
 * and a receipt keeps the answer's body. Cheap (an indexed delete), so it runs at every tick.
 */
export const IDEMPOTENCY_RECEIPTS_JOB = 'idempotency-receipts-expiry';

export function idempotencyReceiptsJob(): Job {
  return {
    name: IDEMPOTENCY_RECEIPTS_JOB,
    async run(ctx: JobContext): Promise<string> {
      const n = await purgeReceipts(ctx);
      return n ? `forgot ${n} receipts older than ${RECEIPT_DAYS} days` : 'nothing due';
    },
  };
}
