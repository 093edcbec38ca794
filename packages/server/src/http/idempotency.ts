import { AppError } from '@dixian/core';
import { ClientId, IDEMPOTENCY_HEADER } from '@dixian/core/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { claimKey, settleKey } from '../services/idempotency.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the idempotency key this request claimed; settled when it is answered */
    idempotencyKey: string | null;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Idempotent writes in one place (issue 18 §2): a signed-in write carrying `idempotency-key` (a uuid) runs once per
 * user and key. The first 2xx answer is kept and a repeat gets it back without running the handler, whatever its
 * body says; a repeat while the first still runs is a 409; a failed answer is not kept, so the phone can retry
 * after fixing it. Checked before the body is parsed, so a photo's raw bytes are keyed like any JSON body.
 * Register after the auth hook (it needs the user).
 */
export function registerIdempotency(api: FastifyInstance): void {
  api.decorateRequest('idempotencyKey', null);
  api.addHook('onRequest', async (req, reply) => {
    const sent = req.headers[IDEMPOTENCY_HEADER];
    if (sent === undefined || !WRITES.has(req.method) || !req.auth) return;
    if (typeof sent !== 'string' || !ClientId.safeParse(sent).success) {
      throw new AppError('validation_failed', { zh: '幂等键无效', en: 'invalid idempotency key' }, [
        { path: `headers.${IDEMPOTENCY_HEADER}`, message: '应为 UUID / must be a UUID' },
      ]);
    }
    const key = sent.toLowerCase();
    const first = await claimKey(req.server.services, req.auth.actor.id, key, {
      method: req.method,
      path: pathOf(req),
    });
    if (first.run) {
      req.idempotencyKey = key;
      return;
    }
    return reply
      .code(first.status)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(first.body);
  });
  // A context hook runs before the compression plugin's route hooks, so the payload is still the JSON text.
  api.addHook('onSend', async (req, reply, payload) => {
    const key = req.idempotencyKey;
    if (!key || !req.auth) return payload;
    req.idempotencyKey = null;
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    const body = ok ? jsonText(payload) : undefined;
    await settleKey(req.server.services, req.auth.actor.id, key, body ? { status: reply.statusCode, body } : null);
    return payload;
  });
  // answered without onSend (the connection dropped): forget the claim
  api.addHook('onResponse', async (req) => {
    if (req.idempotencyKey && req.auth)
      await settleKey(req.server.services, req.auth.actor.id, req.idempotencyKey, null);
  });
}

function pathOf(req: FastifyRequest): string {
  return req.url.split('?')[0]!;
}

/** The answer as JSON text, or undefined when it is not JSON (such an answer is not kept: the write may run again). */
function jsonText(payload: unknown): string | undefined {
  if (payload === null || payload === undefined || payload === '') return 'null';
  if (typeof payload !== 'string') return undefined;
  try {
    JSON.parse(payload);
    return payload;
  } catch {
    return undefined;
  }
}
