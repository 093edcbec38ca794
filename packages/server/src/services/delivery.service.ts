/**
 * Delivery of messages by e-mail and webhook (issue 15 §4, §7). The in-app message is the message itself; the
 * outbox holds its other channels. Each run takes the due entries (FOR UPDATE SKIP LOCKED, leased: servers
 * sharing one database never take the same entry), sends them, and records every attempt: sent, retried with
 * back-off (1 min, 5 min, 30 min, 2 h, then every 6 h) or, after the configured number of attempts, failed.
 */
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { OutboxRepository, type ClaimedDelivery } from '../repositories/outbox.repository.js';

/** Minutes before the 1st, 2nd, … retry; the last repeats. */
export const RETRY_MINUTES = [1, 5, 30, 120, 360] as const;
/** How long a claimed entry is held before another server may retry it (a send that hung or a server that died). */
const LEASE_MINUTES = 10;
const BATCH = 50;
/** A webhook that has not answered in this long counts as failed. */
const WEBHOOK_TIMEOUT_MS = 15_000;

export type DeliveryConfig = Pick<
  Config,
  'smtpUrl' | 'mailFrom' | 'webhookUrl' | 'webhookSecret' | 'deliveryMaxAttempts'
>;

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

/** The body a webhook receives: what the message says, with the user's name to route it; nothing personal. */
export function webhookPayload(d: ClaimedDelivery) {
  return {
    id: d.id,
    messageId: d.messageId,
    username: d.username,
    kind: d.kind,
    itemKind: d.itemKind,
    regionCode: d.regionCode,
    dueOn: d.dueOn,
    title: d.title,
    body: d.body,
    link: linkOf(d),
    createdAt: new Date(d.createdAt).toISOString(),
  };
}

/** The header value signing a webhook body: `sha256=` and the HMAC-SHA256 of the exact bytes sent, in hex. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function linkOf(d: ClaimedDelivery): string {
  const q = new URLSearchParams(d.linkQuery).toString();
  return `/${d.linkList}${q ? `?${q}` : ''}`;
}

/** Send what is due at `now`; returns the counts. Call again for the next batch (the job loops until none is due). */
export async function deliverDue(store: Store, config: DeliveryConfig, now: Date): Promise<DeliveryResult> {
  const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  const leaseUntil = new Date(now.getTime() + LEASE_MINUTES * 60_000);
  const claimed = await store.transaction((tx) => new OutboxRepository(tx.db).claim(now, leaseUntil, BATCH));
  if (!claimed.length) return result;
  const mailer = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : undefined;
  try {
    for (const d of claimed) {
      let error: string | undefined;
      try {
        await send(d, config, mailer);
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      const outbox = new OutboxRepository(store.db);
      if (error === undefined) {
        await outbox.record(d.id, now, { ok: true });
        result.sent++;
      } else {
        const retry = d.attempts < config.deliveryMaxAttempts;
        const minutes = RETRY_MINUTES[Math.min(d.attempts - 1, RETRY_MINUTES.length - 1)]!;
        await outbox.record(d.id, now, {
          ok: false,
          error,
          retryAt: retry ? new Date(now.getTime() + minutes * 60_000) : null,
        });
        if (retry) result.retried++;
        else result.failed++;
      }
    }
  } finally {
    mailer?.close();
  }
  return result;
}

async function send(d: ClaimedDelivery, config: DeliveryConfig, mailer: Transporter | undefined) {
  if (d.channel === 'email') {
    if (!mailer) throw new Error('e-mail is not configured (DIXIAN_SMTP_URL)');
    if (!d.email) throw new Error('the user has no e-mail address');
    await mailer.sendMail({
      from: config.mailFrom,
      to: d.email,
      subject: d.title,
      text: `${d.body}\n\n${d.title}\n查看 / open: ${linkOf(d)}\n`,
    });
    return;
  }
  if (!config.webhookUrl) throw new Error('the webhook is not configured (DIXIAN_WEBHOOK_URL)');
  const body = JSON.stringify(webhookPayload(d));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-dixian-delivery': d.id };
  if (config.webhookSecret) headers['x-dixian-signature'] = webhookSignature(config.webhookSecret, body);
  const res = await fetch(config.webhookUrl, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
