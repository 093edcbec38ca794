import { IdParams, MessagePage, MessageQuery, MessageView, ReadAllResult } from '@dixian/core/api';
import { listMessages, readAllMessages, readMessage } from '../../services/message.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** One's own reminders and escalations (issue 15 §4). */
export const messageRoutes: RoutePlugin = async (app) => {
  const tags = ['messages'];
  app.get(
    '/api/messages',
    {
      schema: {
        tags,
        summary: '我的提醒与督办消息 / my reminders and escalations',
        querystring: MessageQuery,
        response: withErrors({ 200: MessagePage }),
      },
    },
    (req) => listMessages(ctxOf(req), req.query),
  );
  app.post(
    '/api/messages/:id/read',
    {
      schema: {
        tags,
        summary: '标记消息已读 / mark a message read',
        params: IdParams,
        response: withErrors({ 200: MessageView }),
      },
    },
    (req) => readMessage(ctxOf(req), req.params.id),
  );
  app.post(
    '/api/messages/read-all',
    {
      schema: {
        tags,
        summary: '全部标记已读 / mark all my messages read',
        response: withErrors({ 200: ReadAllResult }),
      },
    },
    (req) => readAllMessages(ctxOf(req)),
  );
};
