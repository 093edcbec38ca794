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

  it('answers without a session, names the engine and counts the households', async () => {
    const app = await buildApp({
      store,
      config: loadConfig({ DIXIAN_LOG_LEVEL: 'silent' }),
      hasher: argon2Hasher({ cost: 'low' }),
    });
    try {
      const empty = await app.inject({ method: 'GET', url: '/api/health' });
      expect(empty.statusCode).toBe(200);
      expect(empty.json()).toEqual({ status: 'ok', db: engine, households: 0 });
      await seedHouseholds(store, { counties: ['220681'], households: 120, seed: 3, asOf: '2026-06-30' });
      const seeded = await app.inject({ method: 'GET', url: '/api/health' });
      expect(seeded.json()).toEqual({ status: 'ok', db: engine, households: 120 });
    } finally {
      await app.close();
    }
  });
});
