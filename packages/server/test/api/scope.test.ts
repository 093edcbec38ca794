import type {
  AuditPage,
  ErrorBody,
  HouseholdDetail,
  HouseholdPage,
  RegionList,
  RegionTree,
  UserPage,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  login,
  OTHER_COUNTY,
  OTHER_COUNTY_VILLAGE,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type ApiClient,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

const MISSING = '0b6f3c1e-2d4a-4c5b-9e8f-7a6b5c4d3e2f';

/**
 * Areas (issue 4 §2, §5): a user sees exactly their area. A request for a record of another area answers
 * exactly like a request for a record that does not exist (immich's "not found or no access"), so the
 * refusal tells nothing, and it changes nothing.
 */
describe.each(engines)('areas and scopes on %s (issue 4 §2)', (engine) => {
  let tb: Testbed;
  let a: HouseholdDetail;
  let b: HouseholdDetail;
  let otherTownship: HouseholdDetail;
  let otherCounty: HouseholdDetail;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    a = await createHouseholdIn(tb, VILLAGE_A);
    b = await createHouseholdIn(tb, VILLAGE_B);
    otherTownship = await createHouseholdIn(tb, OTHER_TOWNSHIP_VILLAGE);
    otherCounty = await createHouseholdIn(tb, OTHER_COUNTY_VILLAGE);
  });
  afterAll(async () => {
    await tb?.close();
  });

  /** Every way of touching a household by id; each must answer exactly like the same request for a missing id. */
  async function probes(c: ApiClient, id: string, memberId: string, version: number) {
    return [
      await c.get(`/api/households/${id}`),
      await c.patch(`/api/households/${id}`, { version, address: '越权 / out of area' }),
      await c.post(`/api/households/${id}/unmask`, { reason: '越权测试' }),
      await c.post(`/api/households/${id}/members`, {
        name: '越权',
        relation: 'son',
        sex: 'male',
        birthDate: '2000-01-01',
      }),
      await c.patch(`/api/households/${id}/members/${memberId}`, { version: 1, name: '越权' }),
      await c.delete(`/api/households/${id}/members/${memberId}?version=1`),
      await c.post(`/api/households/${id}/incomes`, {
        year: 2023,
        kind: 'annual',
        periodStart: '2023-01-01',
        periodEnd: '2023-12-31',
      }),
    ];
  }

  /** audit rows: what was done, and the refusals the area gateway recorded (issue 13 §1) */
  async function auditCounts() {
    const rows = await tb.store.db
      .selectFrom('auditLog')
      .select((eb) => [
        eb.fn.countAll<number>().filterWhere('action', '<>', 'access.refused').as('done'),
        eb.fn.countAll<number>().filterWhere('action', '=', 'access.refused').as('refused'),
      ])
      .executeTakeFirstOrThrow();
    return { done: Number(rows.done), refused: Number(rows.refused) };
  }

  async function expectNoLeak(c: ApiClient, target: HouseholdDetail) {
    const before = await auditCounts();
    const theirs = await probes(c, target.household.id, target.members[1]!.id, target.household.version);
    const missing = await probes(c, MISSING, MISSING, 1);
    // 404 where the role may act, 403 where the role may not act at all (that says nothing about the record)
    for (let i = 0; i < theirs.length; i++) {
      expect([403, 404]).toContain(theirs[i]!.status);
      expect(theirs[i]!.status).toBe(missing[i]!.status);
      expect(theirs[i]!.body).toEqual(missing[i]!.body);
    }
    expect(theirs[0]!.status).toBe(404);
    expect((theirs[0]!.body as ErrorBody).error).toEqual({
      code: 'not_found',
      message: '农户不存在 / household not found',
      issues: [],
    });
    const after = await auditCounts();
    // nothing was done; every probe, of their record and of a missing one alike, is audited as a refusal
    expect(after.done).toBe(before.done);
    expect(after.refused).toBe(before.refused + theirs.length + missing.length);
    const row = await tb.store.db
      .selectFrom('household')
      .select(['version', 'address'])
      .where('id', '=', target.household.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 1, address: null });
    const members = await tb.store.db
      .selectFrom('member')
      .select('name')
      .where('householdId', '=', target.household.id)
      .execute();
    expect(members.map((m) => m.name).sort()).toEqual(target.members.map((m) => m.name).sort());
  }

  it('a cadre of village A reads, updates, unmasks or edits members of a village-B household: 404 like a missing id', async () => {
    await expectNoLeak(await tb.as('cadre'), b);
    expect((await (await tb.as('cadre')).get(`/api/households/${a.household.id}`)).status).toBe(200);
  });

  it('the area gateway audits a refused read with who asked, for what and why (issue 13 §1)', async () => {
    const cadreB = await tb.as('cadreB');
    const res = await cadreB.get(`/api/households/${a.household.id}`);
    expect(res.status).toBe(404);
    const row = await tb.store.db
      .selectFrom('auditLog')
      .where('action', '=', 'access.refused')
      .where('targetId', '=', a.household.id)
      .select(['actorUsername', 'targetType', 'detail'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actorUsername: tb.users.cadreB.username,
      targetType: 'household',
      detail: { action: 'household.read', reason: 'not_found' },
    });
    // the answer itself says nothing more than for a missing id
    expect(res.body).toEqual((await cadreB.get(`/api/households/${MISSING}`)).body);
  });

  it('a township officer reaches every village of the township and nothing of another township', async () => {
    const t = await tb.as('township');
    expect((await t.get(`/api/households/${a.household.id}`)).status).toBe(200);
    expect((await t.get(`/api/households/${b.household.id}`)).status).toBe(200);
    await expectNoLeak(t, otherTownship);
  });

  it('county users and inspectors stay in their county', async () => {
    await expectNoLeak(await tb.as('inspector'), otherCounty);
    await expectNoLeak(await tb.as('officer'), otherCounty);
    await expectNoLeak(await tb.as('otherAdmin'), a);
  });

  it('a member id of another household under this household’s path is not found', async () => {
    const c = await tb.as('admin');
    const r = await c.patch<ErrorBody>(`/api/households/${a.household.id}/members/${b.members[1]!.id}`, {
      version: 1,
      name: '张冠李戴',
    });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toBe('家庭成员不存在 / member not found');
  });

  it('search lists only the caller’s area, by name, ID number and household number alike', async () => {
    const cadre = await tb.as('cadre');
    const find = async (c: ApiClient, q: string) =>
      (await c.get<HouseholdPage>(`/api/households?q=${encodeURIComponent(q)}`)).body.items.map((i) => i.id);
    const headOfB = b.members.find((m) => m.relation === 'head')!;
    const idOfB = (
      await tb.store.db.selectFrom('member').select('idNumber').where('id', '=', headOfB.id).executeTakeFirstOrThrow()
    ).idNumber!;
    expect(await find(cadre, idOfB)).toEqual([]);
    expect(await find(cadre, b.household.householdNo)).toEqual([]);
    expect(await find(cadre, headOfB.name)).toEqual([a.household.id]); // same name in both villages: only A's
    const township = await tb.as('township');
    expect(await find(township, idOfB)).toEqual([b.household.id]);
    expect(await find(township, b.household.householdNo)).toEqual([b.household.id]);
    expect((await find(township, headOfB.name)).sort()).toEqual([a.household.id, b.household.id].sort());
    const all = await township.get<HouseholdPage>('/api/households');
    expect(all.body.total).toBe(2);
  });

  it('a region filter outside the area gives an empty page, not an error; inside it narrows', async () => {
    const cadre = await tb.as('cadre');
    const outside = await cadre.get<HouseholdPage>(`/api/households?region=${VILLAGE_B}`);
    expect(outside.status).toBe(200);
    expect(outside.body).toMatchObject({ items: [], total: 0 });
    const wider = await cadre.get<HouseholdPage>(`/api/households?region=${COUNTY}`);
    expect(wider.body.items.map((i) => i.id)).toEqual([a.household.id]);
    const county = await tb.as('officer');
    const narrowed = await county.get<HouseholdPage>(`/api/households?region=${VILLAGE_B}`);
    expect(narrowed.body.items.map((i) => i.id)).toEqual([b.household.id]);
  });

  it('regions: a cadre sees the ancestors of the village but no sibling village', async () => {
    const cadre = await tb.as('cadre');
    expect((await cadre.get(`/api/regions/${VILLAGE_B}`)).status).toBe(404);
    expect((await cadre.get(`/api/regions/${COUNTY}`)).status).toBe(200);
    const kids = await cadre.get<RegionList>(`/api/regions?parent=${TOWNSHIP}`);
    expect(kids.body.items.map((r) => r.code)).toEqual([VILLAGE_A]);
    const tree = await cadre.get<RegionTree>('/api/regions/tree');
    expect(tree.body.nodes.map((r) => r.code)).toEqual([VILLAGE_A]);
    expect(tree.body.ancestors.map((r) => r.name)).toEqual(['吉林省', '白山市', '临江市', '桦树镇']);
    const officer = await tb.as('officer');
    const countyTree = await officer.get<RegionTree>('/api/regions/tree');
    expect(countyTree.body.nodes.map((r) => r.code)).toContain(OTHER_TOWNSHIP_VILLAGE);
    expect(countyTree.body.nodes.map((r) => r.code)).not.toContain(OTHER_COUNTY_VILLAGE);
  });

  it('users and the audit log of another county stay invisible to its administrator', async () => {
    const other = await tb.as('otherAdmin');
    const users = await other.get<UserPage>('/api/users');
    expect(users.body.items.map((u) => u.username)).toEqual(['otheradmin']);
    expect((await other.get(`/api/users/${tb.users.cadre.id}`)).status).toBe(404);
    const grant = await other.post<ErrorBody>('/api/users', {
      username: 'intruder',
      displayName: '越权',
      role: 'village_cadre',
      scopeCode: VILLAGE_A,
      password: 'Intruder#2024x',
    });
    expect(grant.status).toBe(403);
    // 三员分立 (issue 14 §6): the administrator of users does not read the audit log; the inspector does
    expect((await other.get('/api/audit?pageSize=100')).status).toBe(403);
    const made = await other.post('/api/users', {
      username: 'otherinspector',
      displayName: '外县纪检',
      role: 'inspector',
      scopeCode: OTHER_COUNTY,
      password: 'Inspector#2024x',
    });
    expect(made.status).toBe(201);
    const inspector = await login(tb.app, 'otherinspector', 'Inspector#2024x');
    const audit = await inspector.get<AuditPage>('/api/audit?pageSize=100');
    expect(audit.body.items.length).toBeGreaterThan(0); // its county's logins and users
    expect(audit.body.items.every((e) => e.chain === OTHER_COUNTY)).toBe(true);
  });
});
