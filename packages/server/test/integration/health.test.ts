import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argon2Hasher } from '../../src/auth/password.js';
import { loadConfig } from '../../src/config/env.js';
import type { Store } from '../../src/db/store.js';
import { buildApp } from '../../src/http/app.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { createTestStore, engines } from '../support/db.js';

describe.each(engines)('GET /api/health on %s', (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(engine);
  });
  afterAll(async () => {
    await store.close();
  });

  it('answers without a session and names the engine, without counting anything (issue 12 §9: it counted the households on every call)', async () => {
    const app = await buildApp({
      store,
      config: loadConfig({ DIXIAN_LOG_LEVEL: 'silent' }),
      hasher: argon2Hasher({ cost: 'low' }),
    });
    try {
      await seedHouseholds(store, { counties: ['220681'], households: 20, seed: 3, asOf: '2026-06-30' });
      const r = await app.inject({ method: 'GET', url: '/api/health' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ status: 'ok', db: engine });
    } finally {
      await app.close();
    }
  });
});
