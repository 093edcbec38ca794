/**
 * Delivery of reminders through the outbox (issue 15 §4, §7) to real local endpoints: a webhook on an
 * http.createServer (signed with HMAC-SHA256, retried after a 500, given up after the configured attempts) and
 * e-mail to an SMTP server (smtp-server). Every attempt is recorded on the outbox entry.
 */
import { createHmac } from 'node:crypto';
import type { UserView } from '@dixian/core/api';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDelivery, runReminderJob } from '../../src/jobs/index.js';
import { OutboxRepository } from '../../src/repositories/outbox.repository.js';
import type { DeliveryConfig } from '../../src/services/delivery.service.js';
import { COUNTY, createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const SECRET = 'test-webhook-secret-0123456789';

interface Hook {
  url: string;
  received: { body: string; signature: string | undefined }[];
  /** statuses to answer with, in turn; 200 once used up */
  statuses: number[];
  close(): Promise<void>;
}

async function webhook(): Promise<Hook> {
  const hook = { received: [], statuses: [] } as unknown as Hook;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hook.received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers['x-dixian-signature'] as string | undefined,
      });
      res.statusCode = hook.statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  hook.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return hook;
}

describe.each(engines)('reminder delivery on %s', (engine) => {
  let tb: Testbed;
  let hook: Hook;
  const mails: { to: string[]; data: string }[] = [];
  let smtp: SMTPServer;
  let smtpPort = 0;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    hook = await webhook();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString() });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    // the cadre of village A reads reminders by e-mail too: the administrator sets the address (shown masked)
    const set = await (
      await tb.as('admin')
    ).patch<UserView>(`/api/users/${tb.users.cadre.id}`, {
      version: tb.users.cadre.version,
      email: 'cadre@xidachuan.example',
    });
    expect(set.status).toBe(200);
    expect(set.body.email).toBe('ca***@xidachuan.example');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const r = await (
      await tb.as('cadre')
    ).post('/api/leads', {
      channel: 'cadre_screening',
      householdId: h.household.id,
      discoveredOn: '2024-06-02',
    });
    expect(r.status).toBe(201);
  });
  afterAll(async () => {
    await hook?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await tb?.close();
  });

  const config = (over: Partial<DeliveryConfig> = {}): DeliveryConfig => ({
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailFrom: 'dixian@linjiang.example',
    webhookUrl: hook.url,
    webhookSecret: SECRET,
    deliveryMaxAttempts: 3,
    ...over,
  });
  const outbox = () =>
    tb.store.db
      .selectFrom('outbox')
      .innerJoin('message', 'message.id', 'outbox.messageId')
      .selectAll('outbox')
      .select('message.userId')
      .orderBy('outbox.createdAt')
      .orderBy('outbox.channel')
      .execute();

  it('queues a webhook call for every new message and an e-mail for users with an address; once only', async () => {
    const now = tb.clock.now();
    await runReminderJob(tb.store, '2024-06-03', now, { email: true, webhook: true }, [COUNTY]);
    await runReminderJob(tb.store, '2024-06-03', now, { email: true, webhook: true }, [COUNTY]);
    const rows = await outbox();
    const messages = await tb.store.db.selectFrom('message').select(['id', 'userId']).execute();
    expect(rows.filter((r) => r.channel === 'webhook')).toHaveLength(messages.length);
    const emails = rows.filter((r) => r.channel === 'email');
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((r) => r.userId === tb.users.cadre.id)).toBe(true);
    expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
  });

  it('webhook: a 500 is retried after a minute and then delivered, signed; the e-mail reaches the SMTP server', async () => {
    const now = tb.clock.now();
    const webhooks = (await outbox()).filter((r) => r.channel === 'webhook').length;
    hook.statuses.push(500);
    const first = await runDelivery(tb.store, config(), now);
    expect(first.retried).toBe(1);
    expect(first.sent).toBe((await outbox()).length - 1);
    const failed = (await outbox()).find((r) => r.status === 'pending')!;
    expect(failed).toMatchObject({ attempts: 1, lastError: 'webhook answered 500' });
    expect(new Date(failed.nextAttemptAt).getTime() - now.getTime()).toBe(60_000);

    // not yet due: nothing is sent again
    expect(await runDelivery(tb.store, config(), new Date(now.getTime() + 30_000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
    const second = await runDelivery(tb.store, config(), new Date(now.getTime() + 61_000));
    expect(second).toEqual({ sent: 1, retried: 0, failed: 0 });
    const done = (await outbox()).find((r) => r.id === failed.id)!;
    expect(done).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect((done.history as { ok: boolean }[]).map((h) => h.ok)).toEqual([false, true]);

    expect(hook.received).toHaveLength(webhooks + 1);
    for (const r of hook.received) {
      expect(r.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
      const payload = JSON.parse(r.body) as Record<string, unknown>;
      expect(payload).toMatchObject({ username: expect.any(String), title: expect.stringMatching(/^【/) });
      // no ID number or phone in clear; the random ids are taken out first (a uuid's "…-414877874962" holds a
      // phone-like run of digits, which failed this test by chance)
      const text = r.body.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
      expect(text).not.toMatch(/\d{17}[\dX]/);
      expect(text).not.toMatch(/1[3-9]\d{9}/);
    }

    expect(mails.length).toBe((await outbox()).filter((r) => r.channel === 'email').length);
    expect(mails[0]!.to).toEqual(['cadre@xidachuan.example']);
    expect(mails[0]!.data).toMatch(/From: dixian@linjiang\.example/);
  });

  it('gives up after the configured attempts: failed, with every attempt recorded', async () => {
    const now = tb.clock.now();
    // the lead's reminder written afresh (its outbox entries go with the message)
    await tb.store.db.deleteFrom('message').where('dedupeKey', 'like', 'verification:%').execute();
    await runReminderJob(tb.store, '2024-06-03', now, { email: false, webhook: true }, [COUNTY]);
    const fresh = (await outbox()).filter((r) => r.status === 'pending');
    expect(fresh.length).toBeGreaterThan(0);
    hook.statuses.push(...Array(20).fill(503));
    let t = now.getTime();
    for (let i = 0; i < 3; i++) {
      await runDelivery(tb.store, config({ webhookUrl: hook.url, deliveryMaxAttempts: 3 }), new Date(t));
      t += 3 * 60 * 60_000;
    }
    const after = (await outbox()).filter((r) => fresh.some((f) => f.id === r.id));
    expect(
      after.every((r) => r.status === 'failed' && r.attempts === 3 && r.lastError === 'webhook answered 503'),
    ).toBe(true);
    expect((after[0]!.history as unknown[]).length).toBe(3);
    // a failed entry is not taken again
    expect(await runDelivery(tb.store, config(), new Date(t + 24 * 60 * 60_000))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
    });
  });

  it('two servers delivering at once send each entry once (FOR UPDATE SKIP LOCKED)', async () => {
    const now = tb.clock.now();
    await tb.store.db.deleteFrom('message').where('dedupeKey', 'like', 'verification:%').execute();
    await runReminderJob(tb.store, '2024-06-03', now, { email: false, webhook: true }, [COUNTY]);
    const pending = (await outbox()).filter((r) => r.status === 'pending');
    expect(pending.length).toBeGreaterThan(0);
    hook.statuses.length = 0;
    const before = hook.received.length;
    const [a, b] = await Promise.all([runDelivery(tb.store, config(), now), runDelivery(tb.store, config(), now)]);
    expect(a.sent + b.sent).toBe(pending.length);
    expect(hook.received.length - before).toBe(pending.length);
  });

  it('the outbox repository lists a message’s entries', async () => {
    const m = await tb.store.db.selectFrom('message').select('id').executeTakeFirstOrThrow();
    expect((await new OutboxRepository(tb.store.db).ofMessage(m.id)).length).toBeGreaterThan(0);
  });
});
