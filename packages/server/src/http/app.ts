import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';

export interface AppDeps {
  store: Store;
  config: Config;
  /** Where the built web app lives; defaults to packages/web/dist. */
  webDist?: string;
}

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Build the Fastify app without listening, so tests drive it with inject() and the CLI with listen(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { store, config } = deps;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });

  app.get('/api/health', async () => {
    const r = await store.db
      .selectFrom('household')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { status: 'ok', db: store.kind, households: Number(r.n) };
  });

  const webDist = deps.webDist ?? defaultWebDist;
  if (fs.existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false });
    // Single-page app: every non-API path that is not a file serves index.html.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: { code: 'not_found', message: '未找到 / not found' } });
    });
  }
  return app;
}
