/**
 * Reminders and escalation (issue 15 §4): when an open deadline reminds its owner, when it is overdue, and when it
 * rises to the level above (village → township → county). Pure: the reminders job asks these for every deadline
 * (S3 §三(四)(五): verification, the 15-day identification, the notice, the 10-day plan; visits) and every monthly
 * seven-step task (S0 plan two 五), and the policy's `reminders` group sets the days.
 */
import { daysBetween, type IsoDate } from './dates.js';
import type { PolicyBody } from './policy.js';

export type ReminderLevel = 'village' | 'township' | 'county';
export const REMINDER_LEVELS: readonly ReminderLevel[] = ['village', 'township', 'county'];

/** What an item calls for on a day: a reminder before it falls due, then overdue, then one or two levels up. */
export type ReminderStage = 'remind' | 'overdue' | 'escalate_township' | 'escalate_county';
export const REMINDER_STAGES: readonly ReminderStage[] = ['remind', 'overdue', 'escalate_township', 'escalate_county'];

/**
 * The stage of an item due on `dueOn`, on `today`: `remind` from `beforeDays` before the day through the day itself,
 * `overdue` the day after, `escalate_township` once it is `escalateAfterDays` overdue, `escalate_county` at twice
 * that. Null when it is not yet time to remind (or the item has no due day).
 */
export function reminderStage(
  dueOn: IsoDate | null,
  today: IsoDate,
  policy: PolicyBody['reminders'],
): ReminderStage | null {
  if (!dueOn) return null;
  const left = daysBetween(today, dueOn);
  if (left >= 0) return left <= policy.beforeDays ? 'remind' : null;
  const late = -left;
  if (late >= 2 * policy.escalateAfterDays) return 'escalate_county';
  if (late >= policy.escalateAfterDays) return 'escalate_township';
  return 'overdue';
}

/**
 * Who owes each kind of deadline. S1 §四(二)1 (村提名单): the village's cadres verify self-applications and
 * department warnings at home; S1 §四(二)2 (乡镇复核): the township verifies, judges the risk and keeps the
 * register, so the 15-day identification, the township review after the notice and the 10-day plan (S3 §三(四)(五),
 * drawn up by the township [INF]) are the township's; visits are the village cadres' everyday work (S1 §四(二)2
 * 基层干部排查). A kind not listed here (one added later) is owed by the village of its household.
 */
export const DEADLINE_OWNER_LEVEL: Readonly<Record<string, ReminderLevel>> = {
  verification: 'village',
  warning: 'village',
  visit: 'village',
  identification: 'township',
  notice: 'township',
  assistance_plan: 'township',
};

export function deadlineOwnerLevel(kind: string): ReminderLevel {
  return DEADLINE_OWNER_LEVEL[kind] ?? 'village';
}

/**
 * The level a stage's message goes to for an item owned at `owner`: reminders and plain overdue go to the owner,
 * an escalation one or two levels up. Null when there is no such level any more (a county-owned item, or the
 * second escalation of a township's item, which the county already had): nothing to send.
 */
export function recipientLevel(owner: ReminderLevel, stage: ReminderStage): ReminderLevel | null {
  const i = REMINDER_LEVELS.indexOf(owner);
  const up = stage === 'escalate_township' ? 1 : stage === 'escalate_county' ? 2 : 0;
  if (up === 0) return owner;
  return REMINDER_LEVELS[i + up] ?? null;
}

/** The region code at a level of a village or township code (county 6, township 9, village 12 digits). */
export function regionOfLevel(code: string, level: ReminderLevel): string | null {
  const len = level === 'county' ? 6 : level === 'township' ? 9 : 12;
  return code.length >= len ? code.slice(0, len) : null;
}

/** The roles that receive an item's messages at a level: the ones who work there and may act on it. */
export const RECIPIENT_ROLES: Readonly<Record<ReminderLevel, readonly string[]>> = {
  village: ['village_cadre'],
  township: ['township_officer'],
  county: ['county_officer', 'county_admin'],
};

/**
 * The key that makes a message once per recipient: item kind, reference, due day and stage. The job inserts
 * with this key unique per user, so reruns and servers sharing a database never send one twice.
 */
export function reminderKey(kind: string, ref: string, dueOn: IsoDate, stage: ReminderStage): string {
  return `${kind}:${ref}:${dueOn}:${stage}`;
}

export const REMINDER_STAGE_LABELS: Readonly<Record<ReminderStage, { zh: string; en: string }>> = {
  remind: { zh: '到期提醒', en: 'Due soon' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  escalate_township: { zh: '督办(升至乡镇)', en: 'Escalated to the township' },
  escalate_county: { zh: '督办(升至县级)', en: 'Escalated to the county' },
};

/** What a message names: the item (its kind's Chinese label), its place, and the household by number only. */
export interface ReminderSubject {
  /** the item kind's label, e.g. 入户核实 or 排(初筛上报) */
  label: string;
  dueOn: IsoDate;
  regionName: string | null;
  householdNo?: string | null;
  /** already masked (maskName): never a full name, an ID number or a phone */
  maskedHeadName?: string | null;
}

/**
 * The message's title and body (Chinese: read by officers, sent as they are by e-mail and webhook). A household is
 * named by its number and a masked head name at most, so nothing personal leaves the system in a message.
 */
export function reminderText(
  s: ReminderSubject,
  stage: ReminderStage,
  today: IsoDate,
): { title: string; body: string } {
  const left = daysBetween(today, s.dueOn);
  const when = left > 0 ? `${left}天后到期` : left === 0 ? '今天到期' : `已逾期${-left}天`;
  const title = `【${REMINDER_STAGE_LABELS[stage].zh}】${s.label} · ${when}`;
  const who = s.householdNo ? `户号 ${s.householdNo}${s.maskedHeadName ? ` ${s.maskedHeadName}` : ''}` : null;
  const body = [who, s.regionName, `${s.label}`, `到期日 ${s.dueOn}`].filter(Boolean).join(' · ');
  return { title, body };
}
