import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { AppError } from '@dixian/core';
import type { FastifyInstance } from 'fastify';

/** Request limits; tests and benchmarks pass their own through buildApp. */
export interface HttpLimits {
  /** per signed-in user (per address before login), on every API route */
  requestsPerMinute: number;
  /** login attempts per address (the account lockout covers each account) */
  loginsPerMinute: number;
  /** largest request body; bigger ones answer 413 payload_too_large */
  bodyBytes: number;
}

export const DEFAULT_LIMITS: HttpLimits = { requestsPerMinute: 600, loginsPerMinute: 20, bodyBytes: 1024 * 1024 };

/**
 * Security headers for everything the server answers. The CSP allows only this origin's scripts (the Vite
 * build has no inline script), inline styles (Ant Design injects them) and data: images. HSTS and
 * upgrade-insecure-requests only behind HTTPS: on plain HTTP in a county LAN they would break the app.
 */
export async function registerSecurityHeaders(app: FastifyInstance, secure: boolean): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    hsts: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCookie);
}

/**
 * Rate limits inside the API context: counted per user once signed in (a county office shares one address
 * behind NAT), per address otherwise. Runs after the auth hook so it knows the user.
 */
export async function registerRateLimit(app: FastifyInstance, limits: HttpLimits): Promise<void> {
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'preHandler',
    max: limits.requestsPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => (req.auth ? `u:${req.auth.actor.id}` : `ip:${req.ip}`),
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(
        new AppError('rate_limited', {
          zh: `请求过于频繁,请${Math.ceil(ctx.ttl / 1000)}秒后再试`,
          en: `too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
        }),
        { statusCode: ctx.statusCode },
      ),
  });
}
