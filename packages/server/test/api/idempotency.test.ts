import { chinaDate } from '@dixian/core';
import { IDEMPOTENCY_HEADER, type ErrorBody, type LeadView, type VisitCreated } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeReceipts } from '../../src/services/idempotency.service.js';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/** Issue 18 §2: a queued write repeated after a lost answer creates nothing twice. */
describe.each(engines)('idempotent writes on %s', (engine) => {
  let tb: Testbed;
  let today: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    today = chinaDate(tb.clock.now());
  });
  afterAll(async () => {
    await tb?.close();
  });
  const keyed = (key: string) => ({ headers: { [IDEMPOTENCY_HEADER]: key } });
  const visitCount = async (householdId: string) =>
    Number(
      (
        await tb.store.db
          .selectFrom('visit')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('householdId', '=', householdId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a visit posted twice with one key is recorded once, and both answers are the same', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const key = crypto.randomUUID();
    const body = { visitedOn: today, method: 'home', note: '第一次' };
    const first = await cadre.request<VisitCreated>(
      'POST',
      `/api/households/${h.household.id}/visits`,
      body,
      keyed(key),
    );
    expect(first.status).toBe(201);
    // the repeat's body differs: the first answer stands, nothing runs
    const again = await cadre.request<VisitCreated>(
      'POST',
      `/api/households/${h.household.id}/visits`,
      { ...body, note: '重发' },
      keyed(key),
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await visitCount(h.household.id)).toBe(1);
    // another key is another visit
    const other = await cadre.request(
      'POST',
      `/api/households/${h.household.id}/visits`,
      body,
      keyed(crypto.randomUUID()),
    );
    expect(other.status).toBe(201);
    expect(await visitCount(h.household.id)).toBe(2);
  });

  it('a lead posted twice with one key is one lead', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const key = crypto.randomUUID();
    const body = {
      householdId: h.household.id,
      channel: 'cadre_screening',
      riskTypes: ['illness'],
      description: '住院',
    };
    const a = await cadre.request<LeadView>('POST', '/api/leads', body, keyed(key));
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await cadre.request<LeadView>('POST', '/api/leads', body, keyed(key));
    expect(b.body).toEqual(a.body);
    const leads = await tb.store.db.selectFrom('lead').select('id').where('householdId', '=', h.household.id).execute();
    expect(leads).toHaveLength(1);
  });

  it('users are independent: the same key from two users runs twice', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const key = crypto.randomUUID();
    const body = { visitedOn: today, method: 'home' };
    for (const user of ['cadre', 'township'] as const) {
      const r = await (await tb.as(user)).request('POST', `/api/households/${h.household.id}/visits`, body, keyed(key));
      expect(r.status).toBe(201);
      expect(r.headers['idempotent-replayed']).toBeUndefined();
    }
    expect(await visitCount(h.household.id)).toBe(2);
  });

  it('a failed answer is not kept: the phone retries with the same key after fixing the record', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const key = crypto.randomUUID();
    const url = `/api/households/${h.household.id}/visits`;
    const bad = await cadre.request<ErrorBody>('POST', url, { visitedOn: '2099-01-01', method: 'home' }, keyed(key));
    expect(bad.status).toBe(400);
    const good = await cadre.request('POST', url, { visitedOn: today, method: 'home' }, keyed(key));
    expect(good.status).toBe(201);
    expect(await visitCount(h.household.id)).toBe(1);
  });

  it('an invalid key is a 400 naming the header; a key reused on another path is a 409', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const url = `/api/households/${h.household.id}/visits`;
    const r = await cadre.request<ErrorBody>('POST', url, { visitedOn: today, method: 'home' }, keyed('not-a-uuid'));
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]?.path).toBe(`headers.${IDEMPOTENCY_HEADER}`);
    expect(await visitCount(h.household.id)).toBe(0);
    const key = crypto.randomUUID();
    expect((await cadre.request('POST', url, { visitedOn: today, method: 'home' }, keyed(key))).status).toBe(201);
    const h2 = await createHouseholdIn(tb, VILLAGE_A);
    const reused = await cadre.request<ErrorBody>(
      'POST',
      `/api/households/${h2.household.id}/visits`,
      { visitedOn: today, method: 'home' },
      keyed(key),
    );
    expect(reused.status).toBe(409);
  });

  it('receipts older than 30 days are forgotten by the daily purge', async () => {
    const keys = [crypto.randomUUID(), crypto.randomUUID()];
    const day = 86_400_000;
    for (const [key, age] of [
      [keys[0]!, 40 * day],
      [keys[1]!, 1 * day],
    ] as const) {
      await tb.store.db
        .insertInto('idempotencyReceipt')
        .values({
          userId: tb.users.cadre.id,
          key,
          method: 'POST',
          path: '/x',
          status: 201,
          body: '{}',
          createdAt: new Date(Date.now() - age),
        })
        .execute();
    }
    expect(await purgeReceipts({ store: tb.store, now: () => new Date() })).toBeGreaterThanOrEqual(1);
    const left = await tb.store.db.selectFrom('idempotencyReceipt').select('key').where('key', 'in', keys).execute();
    expect(left.map((r) => r.key)).toEqual([keys[1]]);
  });

  it('a key whose first request still runs is answered 409', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const key = crypto.randomUUID();
    const url = `/api/households/${h.household.id}/visits`;
    // the claim of a request still running, as the hook writes it
    await tb.store.db
      .insertInto('idempotencyReceipt')
      .values({ userId: tb.users.cadre.id, key, method: 'POST', path: url })
      .execute();
    const r = await cadre.request<ErrorBody>('POST', url, { visitedOn: today, method: 'home' }, keyed(key));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/still running/);
    expect(await visitCount(h.household.id)).toBe(0);
  });

  it('a claim left by a process that died is taken over after ten minutes', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const key = crypto.randomUUID();
    const url = `/api/households/${h.household.id}/visits`;
    await tb.store.db
      .insertInto('idempotencyReceipt')
      .values({
        userId: tb.users.cadre.id,
        key,
        method: 'POST',
        path: url,
        createdAt: new Date(Date.now() - 11 * 60_000),
      })
      .execute();
    const r = await cadre.request('POST', url, { visitedOn: today, method: 'home' }, keyed(key));
    expect(r.status).toBe(201);
    expect(await visitCount(h.household.id)).toBe(1);
  });
});
