/**
 * Idempotent writes (issue 18 §2): a queued write from the phone carries the id the phone gave the record as its
 * idempotency key; the first successful answer is kept per user and key and given again to a repeat, so a sync
 * repeated after a lost answer creates nothing twice. The HTTP side is http/idempotency.ts.
 */
import { AppError } from '@dixian/core';
import { IdempotencyRepository } from '../repositories/idempotency.repository.js';
import type { ServiceDeps } from './context.js';

/** A pending claim older than this belongs to a process that died before answering (requests time out sooner). */
const STALE_CLAIM_SECONDS = 10 * 60;
/** How long a receipt is kept: a phone syncs within days; a month covers a long time without signal. */
export const RECEIPT_DAYS = 30;

export type KeyedRequest = { run: true } | { run: false; status: number; body: string };

/** Claim the key, or the stored answer of the first request that used it. */
export async function claimKey(
  deps: ServiceDeps,
  userId: string,
  key: string,
  request: { method: string; path: string },
): Promise<KeyedRequest> {
  const repo = new IdempotencyRepository(deps.store.db);
  if (await repo.claim(userId, key, request.method, request.path, STALE_CLAIM_SECONDS)) return { run: true };
  const first = await repo.get(userId, key);
  if (!first) return claimKey(deps, userId, key, request); // released between the two statements: try again
  if (first.method !== request.method || first.path !== request.path) {
    throw new AppError(
      'conflict',
      {
        zh: '该幂等键已用于另一个请求',
        en: `this idempotency key was used for another request (${first.method} ${first.path})`,
      },
      [{ path: 'headers.idempotency-key', message: '幂等键已被占用 / key already used' }],
    );
  }
  if (first.status === null) {
    throw new AppError('conflict', {
      zh: '同一记录的上一次提交仍在处理,请稍后再同步',
      en: 'the first request with this idempotency key is still running; sync again shortly',
    });
  }
  return { run: false, status: first.status, body: JSON.stringify(first.body) };
}

/** Keep a successful answer; forget the claim of a failed one so the phone may retry after fixing it. */
export async function settleKey(
  deps: ServiceDeps,
  userId: string,
  key: string,
  answer: { status: number; body: string } | null,
): Promise<void> {
  const repo = new IdempotencyRepository(deps.store.db);
  if (answer) await repo.complete(userId, key, answer.status, answer.body);
  else await repo.release(userId, key);
}

/** The daily purge of receipts older than RECEIPT_DAYS. */
export async function purgeReceipts(deps: Pick<ServiceDeps, 'store' | 'now'>): Promise<number> {
  return new IdempotencyRepository(deps.store.db).purge(new Date(deps.now().getTime() - RECEIPT_DAYS * 86_400_000));
}
