import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import http from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { argon2Hasher, type PasswordHasher } from '../auth/password.js';
import type { Config } from '../config/env.js';
import { datedStore } from '../db/dated-store.js';
import type { Store } from '../db/store.js';
import { AccessRefused } from '../services/area.js';
import { recordRefusal } from '../services/audit.service.js';
import { health } from '../services/health.service.js';
import type { ServiceDeps } from '../services/context.js';
import { ctxOf } from './context.js';
import { errorBody, errorHandler } from './errors.js';
import { authHook } from './plugins/auth.js';
import { registerIdempotency } from './idempotency.js';
import { registerDocs } from './plugins/docs.js';
import { DEFAULT_LIMITS, registerRateLimit, registerSecurityHeaders, type HttpLimits } from './plugins/security.js';
import { assessmentRoutes } from './routes/assessment.routes.js';
import { auditRoutes } from './routes/audit.routes.js';
import { caseRoutes } from './routes/case.routes.js';
import { leadRoutes } from './routes/lead.routes.js';
import { planRoutes } from './routes/plan.routes.js';
import { visitRoutes } from './routes/visit.routes.js';
import { visitPhotoRoutes } from './routes/visit-photo.routes.js';
import { offlineRoutes } from './routes/offline.routes.js';
import { warningRoutes } from './routes/warning.routes.js';
import { rhythmRoutes } from './routes/rhythm.routes.js';
import { messageRoutes } from './routes/message.routes.js';
import { publicRoutes } from './routes/public.routes.js';
import { accountRoutes } from './routes/account.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { householdRoutes } from './routes/household.routes.js';
import { policyRoutes } from './routes/policy.routes.js';
import { scenarioRoutes } from './routes/scenario.routes.js';
import { exportFileRoutes } from './routes/export-file.routes.js';
import { regionRoutes } from './routes/region.routes.js';
import { statsRoutes } from './routes/stats.routes.js';
import { noticeRoutes } from './routes/notice.routes.js';
import { ledgerRoutes } from './routes/ledger.routes.js';
import { supervisionRoutes } from './routes/supervision.routes.js';
import { dataQualityRoutes } from './routes/data-quality.routes.js';
import { publicityRoutes } from './routes/publicity.routes.js';
import { rectificationRoutes } from './routes/rectification.routes.js';
import { assistanceRoutes } from './routes/assistance.routes.js';
import { changeRoutes } from './routes/change.routes.js';
import { exportRoutes } from './routes/export.routes.js';
import { feedRoutes } from './routes/feed.routes.js';
import { registryRoutes } from './routes/registry.routes.js';
import { screeningRoutes } from './routes/screening.routes.js';
import { userRoutes } from './routes/user.routes.js';
import { campaignRoutes } from './routes/campaign.routes.js';
import { integrityRoutes } from './routes/integrity.routes.js';
import { payrollRoutes } from './routes/payroll.routes.js';
import { disasterRoutes } from './routes/disaster.routes.js';
import { reportRoutes } from './routes/report.routes.js';
import type { RoutePlugin } from './route-kit.js';

export interface AppDeps {
  store: Store;
  config: Config;
  /** Where the built web app lives; defaults to packages/web/dist. */
  webDist?: string;
  /** Password hashing; tests pass argon2Hasher({ cost: 'low' }). */
  hasher?: PasswordHasher;
  /** The clock; tests pass their own to step over idle timeouts and lockouts. */
  now?: () => Date;
  limits?: Partial<HttpLimits>;
}

/**
 * The API's route modules. To add endpoints, add a `RoutePlugin` here (one schema in core/api, one service
 * function, one route). Every route in them needs a session unless it says `config: { public: true }`.
 */
const API_ROUTES: RoutePlugin[] = [
  userRoutes,
  accountRoutes,
  regionRoutes,
  householdRoutes,
  assessmentRoutes,
  policyRoutes,
  scenarioRoutes,
  exportFileRoutes,
  auditRoutes,
  statsRoutes,
  noticeRoutes,
  ledgerRoutes,
  supervisionRoutes,
  dataQualityRoutes,
  reportRoutes,
  publicityRoutes,
  rectificationRoutes,
  assistanceRoutes,
  changeRoutes,
  exportRoutes,
  feedRoutes,
  registryRoutes,
  screeningRoutes,
  leadRoutes,
  caseRoutes,
  planRoutes,
  visitRoutes,
  visitPhotoRoutes,
  offlineRoutes,
  campaignRoutes,
  integrityRoutes,
  payrollRoutes,
  disasterRoutes,
  rhythmRoutes,
  messageRoutes,
  publicRoutes,
  warningRoutes,
];

/** A path of the web app's pages: not the API, not a built asset, no file extension. */
/**
 * Files under /assets/ carry a hash of their content in their name: a phone keeps them a year and never asks
 * again (a rebuild gives new names). Everything else (the page, the service worker, the manifest) is asked
 * again each time, so a new build reaches the phones.
 */
function cacheHeaders(reply: { header(name: string, value: string): unknown }, filePath: string): void {
  const immutable = filePath.split(path.sep).includes('assets');
  reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
}

function isPagePath(url: string): boolean {
  const pathname = url.split('?')[0]!;
  return !pathname.startsWith('/api/') && !pathname.startsWith('/assets/') && !/\.[A-Za-z0-9]+$/.test(pathname);
}

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Build the Fastify app without listening, so tests drive it with inject() and the CLI with listen(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { store, config } = deps;
  const limits: HttpLimits = { ...DEFAULT_LIMITS, loginsPerMinute: config.loginsPerMinute, ...deps.limits };
  const now = deps.now ?? (() => new Date());
  // every service transaction dates the fact changes it writes by this clock's China day (db/dated-store.ts)
  const services: ServiceDeps = { store: datedStore(store, now), config, hasher: deps.hasher ?? argon2Hasher(), now };
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: limits.bodyBytes,
    // A client must send its whole request within the limit; Node checks open requests every few seconds.
    serverFactory: (handler) =>
      http.createServer(
        {
          requestTimeout: config.requestTimeoutMs,
          headersTimeout: Math.min(60_000, config.requestTimeoutMs),
          connectionsCheckingInterval: Math.min(30_000, Math.max(250, config.requestTimeoutMs / 4)),
          // An own server does not get Fastify's 72 s: Node's 5 s closed a phone's connection while a large answer
          // was still crossing a slow link, and the next page then met a closed socket (bench/offline).
          keepAliveTimeout: 65_000,
        },
        handler,
      ),
    // A URL that does not decode, or a path parameter past the router's length, in the one error shape.
    frameworkErrors: (err, _req, reply) => {
      const issue =
        err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? { path: 'params', message: '路径参数过长 / a path parameter is too long' }
          : { path: 'url', message: '网址编码无效 / the URL is not validly encoded' };
      const r = reply as unknown as FastifyReply;
      void r
        .code(400)
        .type('application/json; charset=utf-8')
        .send(errorBody('bad_request', undefined, [issue]));
    },
    genReqId: () => crypto.randomUUID(),
    // Behind a reverse proxy on the same host, the client address comes from X-Forwarded-For.
    trustProxy: 'loopback',
    // Requests Node's HTTP parser rejects (raw non-ASCII in the URL, say) still get the one error shape.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return;
      const timedOut = (err as { code?: string }).code === 'ERR_HTTP_REQUEST_TIMEOUT';
      const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
      const body = JSON.stringify(
        timedOut
          ? errorBody('bad_request', '请求发送超时 / the request took too long to arrive')
          : errorBody('bad_request'),
      );
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorate('services', services);
  // API answers carry personal data: no browser or proxy may keep them (errors and unknown paths included).
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  app.decorateRequest('auth', null);

  await registerSecurityHeaders(app, config.secureCookies);
  // gzip or br for JSON and text when the client accepts it (the phone's first download of a village on a slow
  // link, issue 18 §5); xlsx, pdf and images are compressed already and not in its list of compressible types.
  // Request bodies are not inflated: the body limits would then count compressed bytes.
  await app.register(fastifyCompress, { globalDecompression: false });
  await registerDocs(app, config.secureCookies);

  // Liveness for anyone, so it reads nothing: a count of the households on every unauthenticated call was a cheap
  // way to load the database.
  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async () => {
    return health(store);
  });

  // The API context: every route in it passes the auth hook (session, CSRF) and the rate limit.
  await app.register(async (api) => apiContext(api, limits));

  const webDist = deps.webDist ?? defaultWebDist;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  // Files are looked up on each request (not listed once at start), so a rebuilt web app is served as built.
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, cacheControl: false, setHeaders: cacheHeaders });
  // Single-page app: a page's path serves index.html, so deep links work. A missing file (an asset of an earlier
  // build, say) and an unknown API path answer 404: index.html in its place would reach the browser as a script
  // with the wrong type and leave a blank page.
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && req.method === 'GET' && isPagePath(req.url)) return reply.sendFile('index.html');
    return reply.code(404).send(errorBody('not_found'));
  });
  return app;
}

/** The API's routes behind the session check, the refusal audit and the rate limit. */
async function apiContext(api: FastifyInstance, limits: HttpLimits): Promise<void> {
  api.addHook('onRequest', authHook);
  registerIdempotency(api);
  // The area gateway's refusals are audited here, once the request's own transaction has rolled back.
  api.addHook('onError', async (req, _reply, err) => {
    if (!(err instanceof AccessRefused) || !req.auth) return;
    await recordRefusal(ctxOf(req), err.refusal).catch((e: unknown) => req.log.error(e, 'auditing a refusal failed'));
  });
  await registerRateLimit(api, limits);
  await api.register(authRoutes, { loginsPerMinute: limits.loginsPerMinute });
  for (const routes of API_ROUTES) await api.register(routes);
}
