/**
 * Issue 12 §9: the edges of the HTTP layer found from outside. Errors of the router keep the one error shape,
 * answers with personal data are never cached, and a client that sends its request slowly is cut off.
 */
import net, { type AddressInfo } from 'node:net';
import type { ErrorBody } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argon2Hasher } from '../../src/auth/password.js';
import { loadConfig } from '../../src/config/env.js';
import { buildApp } from '../../src/http/app.js';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('HTTP edges on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('every issue says where: a service issue gets its place, an unknown key its own path (issue 12, fuzz)', async () => {
    const township = await tb.as('township');
    const backwards = await township.get<ErrorBody>('/api/assistance/temp-relief-ledger?from=2024-06-30&to=2024-06-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.issues.map((i) => i.path)).toEqual(['querystring.to']);
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const unknown = await cadre.post<ErrorBody>(`/api/households/${h.household.id}/members`, {
      name: '王三',
      relation: 'son',
      idNumber: '220681200109093050', // check digit wrong
      extra: 1,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues.map((i) => i.path)).toEqual(['body.extra']);
    const badId = await cadre.post<ErrorBody>(`/api/households/${h.household.id}/members`, {
      name: '王三',
      relation: 'son',
      idNumber: '220681200109093050',
    });
    expect(badId.status).toBe(400);
    expect(badId.body.error.issues.map((i) => i.path)).toContain('body.idNumber');
  });

  it('a URL that does not decode and an over-long path parameter answer 400 in the documented shape', async () => {
    const admin = await tb.as('admin');
    for (const [url, path] of [
      ['/api/households/%zz', 'url'],
      ['/api/households/%E4%', 'url'],
      ['/api/regions/%', 'url'],
      [`/api/households/${'a'.repeat(600)}`, 'params'],
      [`/api/cases/${'9'.repeat(5000)}`, 'params'],
    ] as const) {
      const r = await admin.get<ErrorBody>(url);
      expect(r.status, url.slice(0, 40)).toBe(400);
      expect(r.body).toEqual({
        error: {
          code: 'bad_request',
          message: expect.stringContaining(' / '),
          issues: [expect.objectContaining({ path })],
        },
      });
    }
    expect((await admin.get('/api/auth/me')).status).toBe(200); // and the server goes on
  });

  it('a day before any policy: the policy page, the assessment, a lead and a screening refuse alike (one code, one message)', async () => {
    const officer = await tb.as('officer');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const answers = [
      await officer.get<ErrorBody>(`/api/policies/resolved?region=${VILLAGE_A}&date=2019-06-01`),
      await officer.get<ErrorBody>(`/api/households/${h.household.id}/assessment?date=2019-06-01`),
      await officer.post<ErrorBody>('/api/screening/runs', { scopeCode: VILLAGE_A, asOf: '2019-06-01' }),
    ];
    for (const r of answers) {
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('precondition_failed');
      expect(r.body.error.message).toContain('没有有效的政策');
    }
  });

  it('answers under /api are never cached by a browser or a proxy (they carry personal data)', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    for (const url of [`/api/households/${h.household.id}`, '/api/households', '/api/auth/me', '/api/nothing-here']) {
      const r = await cadre.get(url);
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
    const failed = await tb.anonymous().get('/api/households');
    expect(failed.headers['cache-control']).toBe('no-store');
  });
});

describe('a request body that never arrives (issue 12 §9: slow connections stayed open for minutes)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed('pglite');
    app = await buildApp({
      store: tb.store,
      config: loadConfig({ DIXIAN_LOG_LEVEL: 'silent', DIXIAN_REQUEST_TIMEOUT_SECONDS: '1' }),
      hasher: argon2Hasher({ cost: 'low' }),
      webDist: '/nonexistent',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await tb?.close();
  });

  it('is cut off once the request timeout has passed, and the server still answers others', async () => {
    const { port } = app.server.address() as AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    // headers promising a body, then a few bytes of it and nothing more
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"u',
    );
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  }, 20_000);
});
