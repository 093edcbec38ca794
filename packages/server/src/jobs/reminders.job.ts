import { chinaDate } from '@dixian/core';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { deliverDue, type DeliveryConfig, type DeliveryResult } from '../services/delivery.service.js';
import { runReminders, type ReminderChannels } from '../services/reminder.service.js';
import { rhythmCounties } from '../services/rhythm.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * Reminders and their delivery (issue 15 §4, §7). The reminders job writes each county's messages of the day once
 * (idempotent by message's unique user and dedupe key; job_run `reminders:<county>` with the day only saves asking
 * again); the delivery job sends the outbox's due e-mails and webhook calls on every tick.
 */
export const REMINDERS_JOB_PREFIX = 'reminders:';

export function channelsOf(config: Pick<Config, 'smtpUrl' | 'webhookUrl'> | undefined): ReminderChannels {
  return { email: Boolean(config?.smtpUrl), webhook: Boolean(config?.webhookUrl) };
}

/** Write the reminders of a day for every county (or the given ones); returns the new messages per county. */
export async function runReminderJob(
  store: Store,
  asOf: string,
  now: Date,
  channels: ReminderChannels,
  counties?: string[],
): Promise<{ county: string; created: number }[]> {
  const out: { county: string; created: number }[] = [];
  for (const county of counties ?? (await rhythmCounties(store))) {
    out.push({ county, created: await runReminders(store, county, asOf, now, channels) });
  }
  return out;
}

/** The daily reminders: due once a day per county. */
export function remindersJob(config?: Config): Job {
  const channels = channelsOf(config);
  return {
    name: 'reminders',
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const today = chinaDate(now);
      let created = 0;
      for (const county of await rhythmCounties(ctx.store)) {
        const name = `${REMINDERS_JOB_PREFIX}${county}`;
        const last = await ctx.runs.get(name);
        if (last?.lastStatus === 'done' && (last.lastDetail as { period?: string } | null)?.period === today) continue;
        await ctx.runs.started(name, now);
        try {
          const n = await runReminders(ctx.store, county, today, now, channels);
          created += n;
          await ctx.runs.finished(name, ctx.now(), 'done', { period: today, created: n });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await ctx.runs.finished(name, ctx.now(), 'failed', { period: today, error: message });
          ctx.log(`任务失败 / ${name} failed: ${message}`);
        }
      }
      return `reminders ${today}: ${created} messages`;
    },
  };
}

/** Send every due outbox entry, batch by batch (at most `maxBatches` a run, so one tick cannot run forever). */
export async function runDelivery(
  store: Store,
  config: DeliveryConfig,
  now: Date,
  maxBatches = 20,
): Promise<DeliveryResult> {
  const total: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const r = await deliverDue(store, config, now);
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    if (r.sent + r.retried + r.failed === 0) break;
  }
  return total;
}

/** The delivery job: on every tick. */
export function deliveryJob(config: DeliveryConfig): Job {
  return {
    name: 'delivery',
    async run(ctx: JobContext): Promise<string> {
      const r = await runDelivery(ctx.store, config, ctx.now());
      return `delivery: ${r.sent} sent, ${r.retried} to retry, ${r.failed} failed`;
    },
  };
}
