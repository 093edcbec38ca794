import { AppError } from '@dixian/core';
import { CSRF_HEADER, SESSION_COOKIE } from '@dixian/core/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticate, sameSecret } from '../../services/auth.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The session cookie: HTTP-only (scripts cannot read it), SameSite=Strict (other sites cannot send it),
 * Secure behind HTTPS (config.secureCookies), and not persistent (no Max-Age or Expires: the browser forgets it
 * when it closes, issue 21 §5); the server ends the session after SESSION_MAX_HOURS anyway.
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/**
 * onRequest hook of the API context: resolve the session cookie to the request's actor, refuse requests
 * without one (401), refuse state changes whose `x-csrf-token` header does not match the session's token
 * (403 csrf_failed, compared in constant time), and keep a user with an administrator-set password to the
 * password change until they have changed it. Routes marked `config: { public: true }` skip all of this.
 */
export async function authHook(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  req.auth = null;
  const config = req.routeOptions.config;
  if (config.public) return;
  const deps = req.server.services;
  const token = req.cookies[SESSION_COOKIE];
  const result = token ? await authenticate(deps, token) : ({ status: 'none' } as const);
  if (result.status !== 'ok') {
    if (result.status === 'expired') clearSessionCookie(reply, deps.config.secureCookies);
    throw result.status === 'expired'
      ? new AppError('unauthenticated', { zh: '会话已超时,请重新登录', en: 'the session has expired; log in again' })
      : new AppError('unauthenticated', { zh: '请先登录', en: 'please log in' });
  }
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, result.session.csrfToken)) {
      throw new AppError('csrf_failed', {
        zh: '缺少或无效的 CSRF 令牌,请刷新页面',
        en: `missing or invalid ${CSRF_HEADER} header; reload the page`,
      });
    }
  }
  if (result.session.mustChangePassword && !config.duringPasswordChange) {
    throw new AppError('forbidden', {
      zh: '请先修改管理员设置的临时密码',
      en: 'change the temporary password set by the administrator first',
    });
  }
  req.auth = { actor: result.actor, session: result.session };
}
