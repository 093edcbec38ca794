/** One's own messages (issue 15 §4): the reminders and escalations the daily job wrote for the signed-in user. */
import { chinaDate } from '@dixian/core';
import type { MessagePage, MessageQuery, MessageView, ReadAllResult } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { MessageRepository, type MessageRow } from '../repositories/message.repository.js';
import { notFound } from './access.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';

const MESSAGE = { zh: '消息', en: 'message' };

/** GET /api/messages: mine, newest first, with the unread count. */
export async function listMessages(ctx: ServiceContext, q: MessageQuery): Promise<MessagePage> {
  areaOf(ctx).allow('message.read');
  const repo = new MessageRepository(ctx.store.db);
  const { rows, total } = await repo.list(ctx.actor.id, {
    unread: q.unread,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  const unread = q.unread ? total : await repo.count(ctx.actor.id, true);
  return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize, unread };
}

/** How many of my messages are unread (the header badge). */
export function unreadMessages(ctx: ServiceContext): Promise<number> {
  return new MessageRepository(ctx.store.db).count(ctx.actor.id, true);
}

/** POST /api/messages/:id/read: someone else's message answers like a missing one. */
export async function readMessage(ctx: ServiceContext, id: string): Promise<MessageView> {
  areaOf(ctx).allow('message.read');
  return ctx.store.transaction(async (tx) => {
    const row = await new MessageRepository(tx.db).markRead(ctx.actor.id, id, ctx.now());
    if (!row) throw notFound(MESSAGE);
    await appendAudit(tx, ctx, {
      action: 'message.read',
      targetType: 'message',
      targetId: id,
      regionCode: row.regionCode,
      detail: { kind: row.kind, itemKind: row.itemKind, dueOn: row.dueOn },
    });
    return view(row);
  });
}

/** POST /api/messages/read-all. */
export async function readAllMessages(ctx: ServiceContext): Promise<ReadAllResult> {
  areaOf(ctx).allow('message.read');
  return ctx.store.transaction(async (tx) => {
    const read = await new MessageRepository(tx.db).markAllRead(ctx.actor.id, ctx.now());
    await appendAudit(tx, ctx, {
      action: 'message.read_all',
      targetType: 'app_user',
      targetId: ctx.actor.id,
      regionCode: ctx.actor.scopeCode || null,
      detail: { read },
    });
    return { read };
  });
}

function view(r: MessageRow): MessageView {
  const createdAt = new Date(r.createdAt);
  return {
    id: r.id,
    kind: r.kind as MessageView['kind'],
    itemKind: r.itemKind,
    regionCode: r.regionCode,
    regionName: r.regionName,
    dueOn: r.dueOn,
    title: r.title,
    body: r.body,
    link: { list: r.linkList, query: r.linkQuery },
    createdAt: createdAt.toISOString(),
    createdOn: chinaDate(createdAt),
    readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
  };
}
