/** What waits for the signed-in user (the header badge, issue 14 §7): each kind counted in their area. */
import { z } from 'zod';

export const InboxKind = z.enum([
  'deadline_overdue',
  'deadline_due',
  'lead_open',
  'warning_to_verify',
  'assistance_to_decide',
  'change_to_decide',
  'ledger_overdue',
]);
export type InboxKind = z.infer<typeof InboxKind>;

export const InboxItem = z.object({
  kind: InboxKind,
  count: z.number().int(),
  /** the list that shows these, with its filters */
  link: z.object({
    list: z.enum(['deadlines', 'leads', 'warnings', 'assistance', 'ledgers', 'changes']),
    query: z.record(z.string(), z.string()),
  }),
});
export type InboxItem = z.infer<typeof InboxItem>;

export const Inbox = z
  .object({
    total: z
      .number()
      .int()
      .describe('what is overdue or waiting for a decision (deadlines merely due are not counted)'),
    items: z.array(InboxItem),
    /** unread reminders and escalations (GET /api/messages), counted in `total` too */
    unreadMessages: z.number().int(),
  })
  .meta({ id: 'Inbox' });
export type Inbox = z.infer<typeof Inbox>;
