import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createTestbed, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * The built web app served next to the API: deep links get the page, a missing file gets 404 (never the page
 * in its place, which a browser refuses as a script and shows a blank screen), and files written after the
 * server started (a rebuild) are served.
 */
describe.each(engines)('the web app over HTTP on %s', (engine) => {
  let tb: Testbed;
  let app: FastifyInstance;
  let dist: string;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-web-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-old.js'), 'console.log(1)');
    app = await buildApp({
      store: tb.store,
      config: tb.deps.config,
      hasher: tb.deps.hasher,
      now: tb.deps.now,
      limits: { requestsPerMinute: 100_000, loginsPerMinute: 1000 },
      webDist: dist,
    });
  });
  afterAll(async () => {
    await app?.close();
    await tb?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the page for the app’s paths, deep links and queries included', async () => {
    for (const url of ['/', '/cases/5f0c0c4e-2f7a-4d4e-9a57-0d8f3c1b2a10', '/visits?overdueOnly=true', '/apply']) {
      const r = await app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.headers['content-type']]).toEqual([url, 200, expect.stringMatching(/text\/html/)]);
      expect(r.body).toContain('id="root"');
    }
  });

  it('lets a phone keep the hashed assets for a year and ask for the page and the service worker each time', async () => {
    fs.writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    const asset = await app.inject({ method: 'GET', url: '/assets/index-old.js' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/sw.js', '/index.html', '/field']) {
      const r = await app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.headers['cache-control']]).toEqual([url, 200, 'no-cache']);
    }
  });

  it('answers 404 for a missing asset or file and an unknown API path, not the page', async () => {
    for (const url of ['/assets/index-gone.js', '/assets/index-gone.css', '/favicon.ico', '/api/nothing-here']) {
      const r = await app.inject({ method: 'GET', url });
      expect([url, r.statusCode]).toEqual([url, 404]);
      expect(r.body).not.toContain('id="root"');
    }
  });

  it('serves a file written after the server started (the app rebuilt under a running server)', async () => {
    expect((await app.inject({ method: 'GET', url: '/assets/index-old.js' })).statusCode).toBe(200);
    fs.writeFileSync(path.join(dist, 'assets', 'index-new.js'), 'console.log(2)');
    const r = await app.inject({ method: 'GET', url: '/assets/index-new.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.body).toBe('console.log(2)');
  });
});
