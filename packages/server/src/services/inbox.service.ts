import { caseStepAction } from '@dixian/core';
import type { Inbox, InboxItem } from '@dixian/core/api';
import { listAssistance } from './assistance.service.js';
import { areaOf } from './area.js';
import { listChanges } from './change-request.service.js';
import type { ServiceContext } from './context.js';
import { listDeadlines } from './deadline.service.js';
import { listLeads } from './lead.service.js';
import { listLedger } from './ledger.service.js';
import { unreadMessages } from './message.service.js';
import { listWarnings } from './warning-list.service.js';

/** Deadlines due within this many days count as "due soon" in the badge's list (not in its total). */
const DUE_SOON_DAYS = 3;
const ONE = { page: 1, pageSize: 1 } as const;

/**
 * GET /api/inbox: what waits for the signed-in user in their area, by kind, each with the list that shows it
 * (issue 14 §7). Only what the role can act on is counted: a cadre's overdue deadlines and open leads, a
 * township's warnings and applications to decide, an inspector's overdue ledger items; and one's unread reminders
 * and escalations (issue 15 §4). Each count is the total of the same list query the link opens, so the badge and
 * the list agree.
 */
export async function inbox(ctx: ServiceContext): Promise<Inbox> {
  const area = areaOf(ctx);
  const items: InboxItem[] = [];
  const add = (
    kind: InboxItem['kind'],
    count: number,
    list: InboxItem['link']['list'],
    query: Record<string, string>,
  ) => {
    if (count > 0) items.push({ kind, count, link: { list, query } });
  };
  if (area.may('case.read') && area.may('visit.create')) {
    const overdue = await listDeadlines(ctx, { ...ONE, status: 'overdue', withinDays: DUE_SOON_DAYS });
    add('deadline_overdue', overdue.total, 'deadlines', { status: 'overdue' });
    const due = await listDeadlines(ctx, { ...ONE, status: 'due', withinDays: DUE_SOON_DAYS });
    add('deadline_due', due.total, 'deadlines', { status: 'due', withinDays: String(DUE_SOON_DAYS) });
  }
  if (area.may('lead.read') && area.may(caseStepAction('start_verification'))) {
    add('lead_open', (await listLeads(ctx, { ...ONE, status: 'open' })).total, 'leads', { status: 'open' });
  }
  if (area.may('warning.read') && area.may('warning.verify')) {
    const warnings = await listWarnings(ctx, { ...ONE, status: 'to_verify' });
    add('warning_to_verify', warnings.total, 'warnings', { status: 'to_verify' });
  }
  if (area.may('assistance.decide')) {
    const applied = await listAssistance(ctx, { ...ONE, status: 'applied' });
    add('assistance_to_decide', applied.total, 'assistance', { status: 'applied' });
  }
  if (area.may('change.decide')) {
    const pending = await listChanges(ctx, { ...ONE, status: 'pending' });
    add('change_to_decide', pending.total, 'changes', { status: 'pending' });
  }
  if (area.may('ledger.write')) {
    add('ledger_overdue', (await listLedger(ctx, { ...ONE, overdue: true })).total, 'ledgers', { overdue: 'true' });
  }
  const unread = await unreadMessages(ctx);
  const total = items.filter((i) => i.kind !== 'deadline_due').reduce((n, i) => n + i.count, unread);
  return { total, items, unreadMessages: unread };
}
