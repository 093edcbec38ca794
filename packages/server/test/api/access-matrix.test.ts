import { ACTION_ROLES, can, Role, type Actor } from '@dixian/core';
import type { AuditVerifyResult, ErrorBody } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../src/audit/audit-verify.js';
import { createTestbed, USER_OF_ROLE, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { ENDPOINTS, UNGUARDED_ROUTES } from '../support/endpoints.js';

/**
 * The role × endpoint matrix (issue 4 §5), generated from core's `can` table: for every role and every
 * guarded endpoint, a user of that role logged in through the API gets the endpoint's success status when
 * `can` allows the action on the target, and 403 forbidden (with nothing written) when it does not.
 */
describe.each(engines)('role × endpoint matrix on %s (issue 4 §5)', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  /** audit rows of one kind: the refusals the area gateway records, or everything else (what was done) */
  const auditCount = async (refusals = false) =>
    Number(
      (
        await tb.store.db
          .selectFrom('auditLog')
          .where('action', refusals ? '=' : '<>', 'access.refused')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const lastRefusal = () =>
    tb.store.db
      .selectFrom('auditLog')
      .where('action', '=', 'access.refused')
      .select(['actorUsername', 'detail'])
      .orderBy('at', 'desc')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();

  it('covers every route of the OpenAPI document', async () => {
    const doc = await tb.anonymous().get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs/json');
    const routes = Object.entries(doc.body.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const listed = [...ENDPOINTS.map((e) => `${e.method} ${e.route}`), ...UNGUARDED_ROUTES];
    expect(routes.filter((r) => !listed.includes(r))).toEqual([]);
    expect(listed.filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('is not trivial: every role is allowed something, and every role but the county administrator refused something', () => {
    for (const role of Role.values) {
      const allowed = Object.values(ACTION_ROLES).filter((roles) => (roles as readonly string[]).includes(role));
      expect(allowed.length, role).toBeGreaterThan(0);
      if (role !== 'county_admin') expect(allowed.length, role).toBeLessThan(Object.keys(ACTION_ROLES).length);
    }
  });

  it.each(Role.values)('%s can do exactly what the table allows, through the API', async (role) => {
    const user = tb.users[USER_OF_ROLE[role]];
    const actor: Actor = {
      id: user.id,
      username: user.username,
      role: user.role,
      scopeCode: user.scopeCode,
      ...(user.department ? { department: user.department } : {}),
    };
    const client = await tb.as(USER_OF_ROLE[role]);
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const c of ENDPOINTS) {
      const req = await c.prepare(tb, USER_OF_ROLE[role]);
      const [before, refusedBefore] = [await auditCount(), await auditCount(true)];
      const res = await client.request<ErrorBody>(c.method, req.url, req.body, { headers: req.headers ?? {} });
      const [after, refusedAfter] = [await auditCount(), await auditCount(true)];
      const allowed = can(actor, c.action, c.target);
      const label = `${c.method} ${c.route} [${c.action}]`;
      outcomes.push(`${label} → ${res.status}`);
      expected.push(`${label} → ${allowed ? c.ok : 403}`);
      if (!allowed) {
        expect(res.body.error?.code, label).toBe('forbidden');
        expect(after, `${label}: a refused request writes nothing`).toBe(before);
        // issue 13 §1: the area gateway audits the refusal itself, with who tried what
        expect(refusedAfter, `${label}: the refusal is audited`).toBe(refusedBefore + 1);
        expect(await lastRefusal(), label).toMatchObject({
          actorUsername: user.username,
          detail: { reason: expect.stringMatching(/^(role|outside)$/) },
        });
      } else if (c.method !== 'GET') {
        expect(after, `${label}: an allowed write is audited`).toBeGreaterThan(before);
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('leaves every action of the matrix in a verified audit chain', async () => {
    const r: AuditVerifyResult = await verifyAuditChains(tb.store);
    expect(r.ok).toBe(true);
    const actions = (await tb.store.db.selectFrom('auditLog').select('action').distinct().execute()).map(
      (x) => x.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'household.create',
        'household.update',
        'access.refused',
        'personal_data.unmask',
        'member.create',
        'member.update',
        'member.delete',
        'income.create',
        'income.update',
        'income.delete',
        'policy.create',
        'user.create',
        'user.update',
        'user.password_reset',
        'auth.login',
        'audit.verify',
      ]),
    );
  });
});
