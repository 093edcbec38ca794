import {
  IdParams,
  UserCreateBody,
  UserListQuery,
  UserPage,
  UserPasswordResetBody,
  UserSessionList,
  UserSessionParams,
  UserUpdateBody,
  UserView,
} from '@dixian/core/api';
import {
  createUser,
  endUserSession,
  getUser,
  listUserSessions,
  listUsers,
  resetPassword,
  unlockUser,
  updateUser,
} from '../../services/user.service.js';
import { resetSecondFactor } from '../../services/second-factor.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

/** User administration (county administrators, within their area). */
export const userRoutes: RoutePlugin = async (app) => {
  const tags = ['users'];
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: '用户列表 / list users',
        querystring: UserListQuery,
        response: withErrors({ 200: UserPage }),
      },
    },
    (req) => listUsers(ctxOf(req), req.query),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: '新建用户 / create a user',
        body: UserCreateBody,
        response: withErrors({ 201: UserView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(ctxOf(req), req.body)),
  );
  app.get(
    '/api/users/:id',
    { schema: { tags, summary: '用户 / a user', params: IdParams, response: withErrors({ 200: UserView }) } },
    (req) => getUser(ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: '修改角色、范围或停用 / change role, scope, or disable',
        params: IdParams,
        body: UserUpdateBody,
        response: withErrors({ 200: UserView }),
      },
    },
    (req) => updateUser(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/users/:id/password',
    {
      schema: {
        tags,
        summary: '重置密码(临时密码,首次登录须修改) / reset to a temporary password',
        params: IdParams,
        body: UserPasswordResetBody,
        response: withErrors({ 200: UserView }),
      },
    },
    (req) => resetPassword(ctxOf(req), req.params.id, req.body),
  );
  accountRoutes(app);
};

/** Lockouts and sessions: unlock, who is signed in, sign a session out (issue 14 §6). */
function accountRoutes(app: RouteApp): void {
  const tags = ['users'];
  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags,
        summary: '解除登录锁定 / end a sign-in lockout',
        params: IdParams,
        response: withErrors({ 200: UserView }),
      },
    },
    (req) => unlockUser(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/users/:id/sessions',
    {
      schema: {
        tags,
        summary: "在线会话(登录时间、地址、设备) / the user's signed-in sessions",
        params: IdParams,
        response: withErrors({ 200: UserSessionList }),
      },
    },
    (req) => listUserSessions(ctxOf(req), req.params.id),
  );
  app.delete(
    '/api/users/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: '强制下线某个会话 / sign one session out',
        params: UserSessionParams,
        response: withErrors({ 200: UserView }),
      },
    },
    (req) => endUserSession(ctxOf(req), req.params.id, req.params.sessionId),
  );
  app.post(
    '/api/users/:id/second-factor/reset',
    {
      schema: {
        tags,
        summary: '重置二次验证(丢失手机) / reset the second factor (a lost phone)',
        params: IdParams,
        response: withErrors({ 200: UserView }),
      },
    },
    (req) => resetSecondFactor(ctxOf(req), req.params.id),
  );
}
