import { LoginBody, OkBody, PasswordChangeBody, SessionView } from '@dixian/core/api';
import { changePassword, login, logout, sessionView } from '../../services/auth.service.js';
import { ctxOf, sessionOf } from '../context.js';
import { clearSessionCookie, setSessionCookie } from '../plugins/auth.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withErrors } from '../route-kit.js';

/**
 * Login, logout, me and password change. Login sets the HTTP-only session cookie and answers the CSRF token
 * that every later state change must send in the x-csrf-token header.
 */
export const authRoutes: FastifyPluginAsyncZod<{ loginsPerMinute: number }> = async (app, opts) => {
  const secure = app.services.config.secureCookies;
  app.post(
    '/api/auth/login',
    {
      config: {
        public: true,
        rateLimit: { max: opts.loginsPerMinute, timeWindow: 60_000, keyGenerator: (req) => `login:${req.ip}` },
      },
      schema: {
        tags: ['auth'],
        summary: '登录 / log in',
        security: [],
        body: LoginBody,
        response: withErrors({ 200: SessionView }),
      },
    },
    async (req, reply) => {
      const { token, session } = await login(
        app.services,
        { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
        req.id,
      );
      setSessionCookie(reply, token, secure);
      return session;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { duringPasswordChange: true },
      schema: { tags: ['auth'], summary: '退出 / log out', response: withErrors({ 200: OkBody }) },
    },
    async (req, reply) => {
      await logout(ctxOf(req), sessionOf(req));
      clearSessionCookie(reply, secure);
      return { ok: true as const };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { duringPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户 / the signed-in user', response: withErrors({ 200: SessionView }) },
    },
    (req) => sessionView(ctxOf(req), sessionOf(req)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { duringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '修改密码 / change password',
        body: PasswordChangeBody,
        response: withErrors({ 200: OkBody }),
      },
    },
    async (req) => {
      await changePassword(ctxOf(req), sessionOf(req), req.body);
      return { ok: true as const };
    },
  );
};
