/** One's own messages (issue 15 §4): reminders and escalations written by the daily reminders job. */
import { z } from 'zod';
import { CalendarDate, Id, Instant, PageQuery, pageOf } from './common.js';

export const MessageKind = z.enum(['remind', 'overdue', 'escalate_township', 'escalate_county']);
export type MessageKind = z.infer<typeof MessageKind>;

export const MessageQuery = PageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only the unread'),
});
export type MessageQuery = z.infer<typeof MessageQuery>;

export const MessageView = z
  .object({
    id: Id,
    kind: MessageKind,
    /** the deadline kind (verification, identification, …, or one added later) or `rhythm` for a monthly task */
    itemKind: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    dueOn: CalendarDate,
    title: z.string(),
    body: z.string(),
    /** the list that shows the item, with its filters */
    link: z.object({ list: z.string(), query: z.record(z.string(), z.string()) }),
    createdAt: Instant,
    /** the China day the message was written */
    createdOn: CalendarDate,
    readAt: Instant.nullable(),
  })
  .meta({ id: 'Message' });
export type MessageView = z.infer<typeof MessageView>;

export const MessagePage = pageOf(MessageView).extend({ unread: z.number().int() }).meta({ id: 'MessagePage' });
export type MessagePage = z.infer<typeof MessagePage>;

export const ReadAllResult = z.object({ read: z.number().int() });
export type ReadAllResult = z.infer<typeof ReadAllResult>;
