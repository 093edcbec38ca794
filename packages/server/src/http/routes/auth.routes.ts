import {
  LoginAnswer,
  LoginBody,
  OkBody,
  PasswordChangeBody,
  SecondFactorBody,
  SecondFactorDone,
  SecondFactorEnrolBody,
  SessionView,
  TotpEnrolment,
} from '@dixian/core/api';
import { changePassword, login, logout, sessionView } from '../../services/auth.service.js';
import { completeSignIn, enrolAtSignIn } from '../../services/second-factor.service.js';
import { ctxOf, sessionOf } from '../context.js';
import { clearSessionCookie, setSessionCookie } from '../plugins/auth.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { withErrors } from '../route-kit.js';

/**
 * Login, logout, me and password change. Login sets the HTTP-only session cookie and answers the CSRF token
 * that every later state change must send in the x-csrf-token header.
 */
type SignInConfig = {
  public: true;
  rateLimit: { max: number; timeWindow: number; keyGenerator: (req: { ip: string }) => string };
};

export const authRoutes: FastifyPluginAsyncZod<{ loginsPerMinute: number }> = async (app, opts) => {
  const secure = app.services.config.secureCookies;
  // the second step shares the login's limit per address
  const signInConfig: SignInConfig = {
    public: true,
    rateLimit: {
      max: opts.loginsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req: { ip: string }) => `login:${req.ip}`,
    },
  };
  app.post(
    '/api/auth/login',
    {
      config: signInConfig,
      schema: {
        tags: ['auth'],
        summary: '登录(密码;需要二次验证时答复挑战) / log in (password; a challenge when a second step follows)',
        security: [],
        body: LoginBody,
        response: withErrors({ 200: LoginAnswer }),
      },
    },
    async (req, reply) => {
      const outcome = await login(
        app.services,
        { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
        req.id,
      );
      if (outcome.kind === 'step') return outcome.step;
      setSessionCookie(reply, outcome.token, secure);
      return outcome.session;
    },
  );

  secondStepRoutes(app, signInConfig, secure);

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

/** The second step of a sign-in (issue 21 §2): enrol during it, then answer a code. */
function secondStepRoutes(app: Parameters<typeof authRoutes>[0], signInConfig: SignInConfig, secure: boolean): void {
  app.post(
    '/api/auth/second-factor/enrol',
    {
      config: signInConfig,
      schema: {
        tags: ['auth'],
        summary: '登录中绑定验证器(必须二次验证的角色) / enrol an authenticator during sign-in',
        security: [],
        body: SecondFactorEnrolBody,
        response: withErrors({ 200: TotpEnrolment }),
      },
    },
    (req) => enrolAtSignIn(app.services, req.body.challenge),
  );

  app.post(
    '/api/auth/second-factor',
    {
      config: signInConfig,
      schema: {
        tags: ['auth'],
        summary: '二次验证(6位验证码或恢复码) / the second step (a 6-digit code or a recovery code)',
        security: [],
        body: SecondFactorBody,
        response: withErrors({ 200: SecondFactorDone }),
      },
    },
    async (req, reply) => {
      const { token, done } = await completeSignIn(
        app.services,
        req.body,
        { ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
        req.id,
      );
      setSessionCookie(reply, token, secure);
      return done;
    },
  );
}
