import { AppError, type Actor } from '@dixian/core';
import type { FastifyRequest } from 'fastify';
import type { RequestSession } from '../services/auth.service.js';
import type { ServiceContext, ServiceDeps } from '../services/context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** the store, config, hasher and clock every service call gets (decorated once in buildApp) */
    services: ServiceDeps;
  }
  interface FastifyRequest {
    /** set by the auth plugin: who the request acts for, or null on public routes and anonymous requests */
    auth: { actor: Actor; session: RequestSession } | null;
  }
  interface FastifyContextConfig {
    /** no session needed (login, the public self-application, health); no CSRF check either */
    public?: boolean;
    /** reachable while the user must still change an administrator-set password */
    duringPasswordChange?: boolean;
  }
}

function unauthenticated(): AppError {
  return new AppError('unauthenticated', { zh: '请先登录', en: 'please log in' });
}

/**
 * The request's ServiceContext: the one "who is asking" object a route hands to its service call.
 * Throws 401 on a request without a session (the auth plugin has normally refused it already).
 */
export function ctxOf(req: FastifyRequest): ServiceContext {
  if (!req.auth) throw unauthenticated();
  return { ...req.server.services, actor: req.auth.actor, requestId: req.id, ip: req.ip };
}

/** The session of an authenticated request (logout, password change, me). */
export function sessionOf(req: FastifyRequest): RequestSession {
  if (!req.auth) throw unauthenticated();
  return req.auth.session;
}
