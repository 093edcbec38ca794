/**
 * Reminders and escalation (issue 15 §4). Once a day, for a county: every open deadline (whatever its kind: the
 * deadline query's kinds are read generically, so a kind added there is reminded too) and every undone seven-step
 * task is judged by core's `reminderStage` under the policy of its place; the message goes to the users of the
 * owner's place (a reminder, then overdue) or of the place one or two levels up (escalation). Messages are
 * written once per recipient and dedupe key (kind, reference, due day, stage), so a rerun, the CLI or several
 * servers on one database never write one twice; each new message also queues its e-mail and webhook deliveries.
 */
import {
  addDays,
  DeadlineKind,
  deadlineOwnerLevel,
  maskName,
  RECIPIENT_ROLES,
  recipientLevel,
  regionOfLevel,
  reminderKey,
  reminderStage,
  reminderText,
  SevenStep,
  SEVEN_STEP_LEVEL,
  type ReminderLevel,
  type ReminderStage,
} from '@dixian/core';
import { appendAudit } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import { PolicyBook, policyOf, type RegionalPolicy } from '../policies/policy-at.js';
import { DeadlineRepository, visitIntervalsOf, type DeadlineCursor } from '../repositories/deadline.repository.js';
import { MessageRepository, type NewMessage, type Recipient } from '../repositories/message.repository.js';

export interface ReminderChannels {
  /** queue an e-mail for recipients with an address (DIXIAN_SMTP_URL set) */
  email: boolean;
  /** queue a webhook call for every message (DIXIAN_WEBHOOK_URL set) */
  webhook: boolean;
}

/** How far back undone monthly tasks are looked at (older ones had their county escalation long ago). */
const TASK_LOOKBACK_DAYS = 92;

interface Item {
  itemKind: string;
  ref: string;
  ownerLevel: ReminderLevel;
  regionCode: string;
  regionName: string | null;
  dueOn: string;
  label: string;
  householdNo?: string | null;
  headName?: string | null;
  link: { list: string; query: Record<string, string> };
}

/**
 * Write the day's reminders and escalations of one county; returns how many messages were new.
 */
export async function runReminders(
  store: Store,
  county: string,
  asOf: string,
  now: Date,
  channels: ReminderChannels,
): Promise<number> {
  const book = await PolicyBook.load(store.db, county);
  const policies = book.across(county, asOf);
  const beforeDays = Math.max(...policies.map((p) => p.policy.reminders.beforeDays));
  const repo = new MessageRepository(store.db);
  const recipients = byPlace(await repo.recipients(county));
  const items = [
    ...(await deadlineItems(store, county, asOf, beforeDays, policies)),
    ...(await taskItems(repo, county, asOf, beforeDays)),
  ];
  const messages = items.flatMap((item) => {
    const stage = reminderStage(item.dueOn, asOf, policyOf(policies, item.regionCode).policy.reminders);
    return stage ? messagesOf(item, stage, county, asOf, recipients) : [];
  });
  const emails = new Set(
    [...recipients.values()]
      .flat()
      .filter((u) => u.email)
      .map((u) => u.id),
  );
  return store.transaction(async (tx) => {
    const inserted = await new MessageRepository(tx.db).insertMissing(
      messages,
      (userId) => [
        ...(channels.email && emails.has(userId) ? (['email'] as const) : []),
        ...(channels.webhook ? (['webhook'] as const) : []),
      ],
      now,
    );
    if (inserted > 0) {
      await appendAudit(
        tx,
        { actor: null, requestId: null, now: () => now },
        {
          action: 'reminder.generate',
          targetType: 'region',
          targetId: county,
          regionCode: county,
          detail: { asOf, inserted, candidates: countStages(messages) },
        },
      );
    }
    return inserted;
  });
}

/** Every open deadline of the county due within the widest reminder window or overdue, by a keyset walk. */
async function deadlineItems(
  store: Store,
  county: string,
  asOf: string,
  withinDays: number,
  policies: RegionalPolicy[],
): Promise<Item[]> {
  const deadlines = new DeadlineRepository(store.db);
  const params = {
    scope: { regionPrefix: county },
    asOf,
    withinDays,
    visitIntervals: policies.map((p) => visitIntervalsOf(p.prefix, p.policy)),
  };
  const items: Item[] = [];
  let after: DeadlineCursor | undefined;
  for (;;) {
    const { rows } = await deadlines.list(params, { limit: 2000, ...(after ? { after } : {}) });
    for (const r of rows) {
      if (!r.dueOn) continue; // never visited: no day to count from (the deadline list shows them first)
      items.push({
        itemKind: r.kind,
        ref: r.refId,
        ownerLevel: deadlineOwnerLevel(r.kind),
        regionCode: r.regionCode,
        regionName: r.regionName,
        dueOn: r.dueOn,
        label: (DeadlineKind.labels as Record<string, { zh: string } | undefined>)[r.kind]?.zh ?? r.kind,
        householdNo: r.householdNo,
        headName: r.headName,
        link: { list: 'deadlines', query: { kind: r.kind } },
      });
    }
    if (rows.length < 2000) return items;
    const last = rows.at(-1)!;
    after = { dueOn: last.dueOn, kind: last.kind, refId: last.refId };
  }
}

/** The monthly seven steps (S0 plan two 五) not done, owed by the village or township that holds the task. */
async function taskItems(repo: MessageRepository, county: string, asOf: string, beforeDays: number) {
  const tasks = await repo.openTasks(county, addDays(asOf, -TASK_LOOKBACK_DAYS), addDays(asOf, beforeDays));
  return tasks.map((t): Item => {
    const step = t.step as SevenStep;
    return {
      itemKind: 'rhythm',
      ref: t.id,
      ownerLevel: SEVEN_STEP_LEVEL[step],
      regionCode: t.regionCode,
      regionName: t.regionName,
      dueOn: t.dueDate,
      label: `${t.month} ${SevenStep.labels[step].zh}`,
      link: { list: 'rhythm', query: { month: t.month } },
    };
  });
}

/** One item's messages at a stage: to each user of the right role at the level the stage goes to. */
function messagesOf(
  item: Item,
  stage: ReminderStage,
  county: string,
  asOf: string,
  recipients: Map<string, Recipient[]>,
): NewMessage[] {
  const level = recipientLevel(item.ownerLevel, stage);
  const place = level && regionOfLevel(item.regionCode, level);
  if (!level || !place) return [];
  const text = reminderText(
    {
      label: item.label,
      dueOn: item.dueOn,
      regionName: item.regionName,
      householdNo: item.householdNo ?? null,
      maskedHeadName: item.headName ? maskName(item.headName) : null,
    },
    stage,
    asOf,
  );
  return (recipients.get(place) ?? [])
    .filter((user) => RECIPIENT_ROLES[level].includes(user.role))
    .map((user) => ({
      userId: user.id,
      countyCode: county,
      kind: stage,
      itemKind: item.itemKind,
      itemRef: item.ref,
      regionCode: item.regionCode,
      dueOn: item.dueOn,
      ...text,
      linkList: item.link.list,
      linkQuery: linkQuery(item, stage),
      dedupeKey: reminderKey(item.itemKind, item.ref, item.dueOn, stage),
    }));
}

function linkQuery(item: Item, stage: ReminderStage): Record<string, string> {
  if (item.link.list !== 'deadlines') return item.link.query;
  return { ...item.link.query, status: stage === 'remind' ? 'due' : 'overdue' };
}

function byPlace(users: Recipient[]): Map<string, Recipient[]> {
  const out = new Map<string, Recipient[]>();
  for (const u of users) out.set(u.scopeCode, [...(out.get(u.scopeCode) ?? []), u]);
  return out;
}

function countStages(messages: NewMessage[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of messages) out[m.kind] = (out[m.kind] ?? 0) + 1;
  return out;
}
