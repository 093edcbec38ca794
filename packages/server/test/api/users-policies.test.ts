import type {
  UserSessionList,
  ErrorBody,
  PolicyHistory,
  PolicyRecordView,
  PolicyResolvedView,
  SessionView,
  UserPage,
  UserView,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, ensureDemoUsers } from '../../src/seed/demo-users.js';
import { refuseDemoPasswords } from '../../src/cli/commands/start.js';
import { systemContext } from '../../src/services/context.js';
import { createUser, resetPassword } from '../../src/services/user.service.js';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  login,
  TEST_PASSWORD,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('user administration on %s (issue 4 §2)', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const newUser = (over: Record<string, unknown> = {}) => ({
    username: 'wangxiang',
    displayName: '王乡长',
    role: 'township_officer',
    scopeCode: TOWNSHIP,
    password: 'Huashu#Office2024',
    ...over,
  });

  it('creates a user in the administrator’s area who can then log in and act there', async () => {
    const admin = await tb.as('admin');
    const r = await admin.post<UserView>('/api/users', newUser());
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username: 'wangxiang',
      role: 'township_officer',
      scopeCode: TOWNSHIP,
      disabled: false,
    });
    const me = await (await login(tb.app, 'wangxiang', 'Huashu#Office2024')).get<SessionView>('/api/auth/me');
    expect(me.body.user.scopeName).toBe('吉林省白山市临江市桦树镇');
    const hash = await tb.store.db
      .selectFrom('appUser')
      .select('passwordHash')
      .where('id', '=', r.body.id)
      .executeTakeFirstOrThrow();
    expect(hash.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('checks scope against role and department, the region, and the password, reporting every problem at once', async () => {
    const admin = await tb.as('admin');
    const wrongLevel = await admin.post<ErrorBody>(
      '/api/users',
      newUser({ username: 'a1', role: 'village_cadre', scopeCode: COUNTY, password: 'short' }),
    );
    expect(wrongLevel.status).toBe(400);
    const paths = wrongLevel.body.error.issues.map((i) => i.path);
    expect(paths).toContain('body.scopeCode');
    expect(paths).toContain('body.password');
    const noDept = await admin.post<ErrorBody>(
      '/api/users',
      newUser({ username: 'a2', role: 'department_officer', scopeCode: COUNTY }),
    );
    expect(noDept.body.error.issues[0]!.message).toMatch(/部门/);
    const strayDept = await admin.post<ErrorBody>(
      '/api/users',
      newUser({ username: 'a3', role: 'county_officer', scopeCode: COUNTY, department: 'health' }),
    );
    expect(strayDept.status).toBe(400);
    const noRegion = await admin.post<ErrorBody>('/api/users', newUser({ username: 'a4', scopeCode: '220681199' }));
    expect(noRegion.body.error.issues[0]!.message).toMatch(/区划不存在/);
    expect((await admin.post('/api/users', newUser())).status).toBe(409);
  });

  it('a change of role or scope, or disabling, ends the user’s sessions; a disabled user cannot log in', async () => {
    const admin = await tb.as('admin');
    const created = (
      await admin.post<UserView>(
        '/api/users',
        newUser({ username: 'zhaocun', displayName: '赵村', role: 'village_cadre', scopeCode: VILLAGE_A }),
      )
    ).body;
    const session = await login(tb.app, 'zhaocun', 'Huashu#Office2024');
    const moved = await admin.patch<UserView>(`/api/users/${created.id}`, {
      version: created.version,
      scopeCode: VILLAGE_B,
    });
    expect(moved.body).toMatchObject({ scopeCode: VILLAGE_B, version: 2 });
    expect((await session.get('/api/auth/me')).status).toBe(401);
    const again = await login(tb.app, 'zhaocun', 'Huashu#Office2024');
    expect((await again.get<SessionView>('/api/auth/me')).body.user.scopeCode).toBe(VILLAGE_B);
    expect((await admin.patch(`/api/users/${created.id}`, { version: 1, disabled: true })).status).toBe(409);
    expect((await admin.patch(`/api/users/${created.id}`, { version: 2, disabled: true })).status).toBe(200);
    expect((await again.get('/api/auth/me')).status).toBe(401);
    const refused = await tb
      .anonymous()
      .post<ErrorBody>('/api/auth/login', { username: 'zhaocun', password: 'Huashu#Office2024' });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe('用户名或密码错误 / wrong username or password');
  });

  it('issue 14 §6: a user locked out by failed sign-ins is shown locked, and a password reset or an unlock lets them in', async () => {
    const admin = await tb.as('admin');
    const created = (
      await admin.post<UserView>(
        '/api/users',
        newUser({ username: 'suocun', displayName: '锁村', role: 'village_cadre', scopeCode: VILLAGE_A }),
      )
    ).body;
    const wrong = async () =>
      (await tb.anonymous().post('/api/auth/login', { username: 'suocun', password: 'Wrong#Password2024' })).status;
    for (let i = 0; i < 5; i++) await wrong();
    expect(await wrong()).toBe(423);
    const locked = await admin.get<UserView>(`/api/users/${created.id}`);
    expect(locked.body.lockedUntil).not.toBeNull();
    // a reset unlocks (before, it left the failed sign-ins that the lockout counts: still 423)
    await admin.post(`/api/users/${created.id}/password`, { password: 'Temporary#2024x' });
    const afterReset = await tb
      .anonymous()
      .post('/api/auth/login', { username: 'suocun', password: 'Temporary#2024x' });
    expect(afterReset.status).toBe(200);
    for (let i = 0; i < 6; i++) await wrong();
    const unlocked = await admin.post<UserView>(`/api/users/${created.id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.lockedUntil).toBeNull();
    expect(
      (await tb.anonymous().post('/api/auth/login', { username: 'suocun', password: 'Temporary#2024x' })).status,
    ).toBe(200);
    const actions = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', created.id)
      .where('action', 'in', ['user.unlock', 'user.password_reset'])
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['user.password_reset', 'user.unlock']);
  });

  it('issue 14 §6: the administrator sees who is signed in and signs one session out', async () => {
    const admin = await tb.as('admin');
    const created = (
      await admin.post<UserView>(
        '/api/users',
        newUser({ username: 'zaixian', displayName: '在线', role: 'village_cadre', scopeCode: VILLAGE_A }),
      )
    ).body;
    const phone = await login(tb.app, 'zaixian', 'Huashu#Office2024');
    const desk = await login(tb.app, 'zaixian', 'Huashu#Office2024');
    const view = await admin.get<UserView>(`/api/users/${created.id}`);
    expect(view.body.activeSessions).toBe(2);
    expect(view.body.lastSeenAt).not.toBeNull();
    const sessions = await admin.get<UserSessionList>(`/api/users/${created.id}/sessions`);
    expect(sessions.body.items).toHaveLength(2);
    expect(sessions.body.items[0]!.id).toMatch(/^[0-9a-f]{16}$/);
    const ended = await admin.delete<UserView>(`/api/users/${created.id}/sessions/${sessions.body.items[0]!.id}`);
    expect(ended.body.activeSessions).toBe(1);
    const statuses = [(await phone.get('/api/auth/me')).status, (await desk.get('/api/auth/me')).status].sort();
    expect(statuses).toEqual([200, 401]);
    expect((await admin.delete(`/api/users/${created.id}/sessions/${'0'.repeat(16)}`)).status).toBe(404);
    // another county's administrator sees none of it
    expect((await (await tb.as('otherAdmin')).get(`/api/users/${created.id}/sessions`)).status).toBe(404);
  });

  it('an administrator cannot change their own rights or disable themselves', async () => {
    const admin = await tb.as('admin');
    const self = tb.users.admin;
    const r = await admin.patch<ErrorBody>(`/api/users/${self.id}`, { version: self.version, disabled: true });
    expect(r.status).toBe(422);
    expect((await admin.patch(`/api/users/${self.id}`, { version: self.version, role: 'inspector' })).status).toBe(422);
  });

  it('lists users of the area, filtered by role and text', async () => {
    const admin = await tb.as('admin');
    const cadres = await admin.get<UserPage>('/api/users?role=village_cadre&pageSize=100');
    expect(cadres.body.items.every((u) => u.role === 'village_cadre' && u.scopeCode.startsWith(COUNTY))).toBe(true);
    expect(cadres.body.items.map((u) => u.username)).toEqual(expect.arrayContaining(['cadre', 'cadreb', 'zhaocun']));
    const byText = await admin.get<UserPage>(`/api/users?q=${encodeURIComponent('王乡')}`);
    expect(byText.body.items.map((u) => u.username)).toEqual(['wangxiang']);
  });
});

describe.each(engines)('policies through the API on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const record = (body: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
    regionPrefix: COUNTY,
    year: 2024,
    effectiveFrom: '2024-01-01',
    docNo: '临乡振发〔2024〕3号',
    docTitle: '关于调整2024年防返贫监测范围的通知',
    body,
    ...over,
  });

  it('S3 §三(一): a county administrator raises the line to 7300 yuan; the next read resolves it, numbered and audited', async () => {
    const cadre = await tb.as('cadre');
    const before = await cadre.get<PolicyResolvedView>(`/api/policies/resolved?region=${VILLAGE_A}&date=2024-06-01`);
    expect(before.status).toBe(200);
    expect(before.body.sources[0]!.regionPrefix).toBe('');
    const admin = await tb.as('admin');
    const v1 = await admin.post<PolicyRecordView>('/api/policies', record({ monitoringIncomeLineFen: 700_000 }));
    const v2 = await admin.post<PolicyRecordView>('/api/policies', record({ monitoringIncomeLineFen: 730_000 }));
    expect([v1.status, v2.status]).toEqual([201, 201]);
    expect([v1.body.version, v2.body.version]).toEqual([1, 2]);
    expect(v2.body.createdBy).toBe(tb.users.admin.id);
    const after = await cadre.get<PolicyResolvedView>(`/api/policies/resolved?region=${VILLAGE_A}&date=2024-06-01`);
    expect(after.body.body.monitoringIncomeLineFen).toBe(730_000);
    // issue 16 §8, S0 plan one 一 (两线合一, 确保标准同步提高): the line raised without the 低保 standard is warned
    expect(before.body.twoLines).toMatchObject({ aligned: true, shortfallFen: 0 });
    expect(after.body.twoLines).toMatchObject({ aligned: false, dibaoAnnualFen: 600_000, shortfallFen: 130_000 });
    expect(after.body.versionLabel).toContain('220681 2024 v2');
    const otherCounty = await (
      await tb.as('otherAdmin')
    ).get<PolicyResolvedView>('/api/policies/resolved?region=220602100200&date=2024-06-01');
    expect(otherCounty.body.body.monitoringIncomeLineFen).toBe(before.body.body.monitoringIncomeLineFen);
    const history = await cadre.get<PolicyHistory>(`/api/policies?region=${VILLAGE_A}`);
    expect(history.body.items.filter((p) => p.regionPrefix === COUNTY).map((p) => p.version)).toEqual([1, 2]);
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select(['chain', 'targetId'])
      .where('action', '=', 'policy.create')
      .execute();
    expect(audit).toEqual([
      { chain: COUNTY, targetId: v1.body.id },
      { chain: COUNTY, targetId: v2.body.id },
    ]);
  });

  it('refuses an invalid body naming the field, and policies outside the administrator’s county', async () => {
    const admin = await tb.as('admin');
    const bad = await admin.post<ErrorBody>('/api/policies', record({ monitoringIncomeLineFen: -1 }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path)).toContain('body.monitoringIncomeLineFen');
    expect((await admin.post('/api/policies', record({}, { regionPrefix: '22' }))).status).toBe(403);
    expect((await admin.post('/api/policies', record({}, { regionPrefix: '220602' }))).status).toBe(403);
    expect((await admin.post('/api/policies', record({}, { regionPrefix: '' }))).status).toBe(400);
    expect((await (await tb.as('officer')).post('/api/policies', record({}))).status).toBe(403);
  });

  it('refuses a date before any national policy as every other use of policy does (422, issue 12 §9)', async () => {
    const r = await (await tb.as('cadre')).get<ErrorBody>(`/api/policies/resolved?region=${VILLAGE_A}&date=2001-01-01`);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('precondition_failed');
  });
});

describe.each(engines)('demo accounts on %s (issue 4 §2)', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('creates one user of each role in the demo county, township and busiest village, each able to log in', async () => {
    await createHouseholdIn(tb, VILLAGE_B);
    await createHouseholdIn(tb, VILLAGE_B);
    await createHouseholdIn(tb, VILLAGE_A);
    const first = await ensureDemoUsers(tb.store, { ...tb.deps.config, demoCounty: COUNTY }, tb.deps.hasher);
    // the test bed already has an 'admin' (password TEST_PASSWORD): an existing account is left as it is
    expect(first.created).toBe(DEMO_USERS.length - 1);
    expect(first.password).toBe(DEMO_PASSWORD);
    expect(first.accounts.map((a) => a.username)).toEqual(['admin', 'xian', 'xiang', 'cun', 'yibao', 'jiancha']);
    const expectedScope: Record<string, [string, string]> = {
      admin: ['county_admin', COUNTY],
      xian: ['county_officer', COUNTY],
      xiang: ['township_officer', TOWNSHIP],
      cun: ['village_cadre', VILLAGE_B],
      yibao: ['department_officer', COUNTY],
      jiancha: ['inspector', COUNTY],
    };
    for (const [username, [role, scope]] of Object.entries(expectedScope)) {
      const password = username === 'admin' ? TEST_PASSWORD : DEMO_PASSWORD;
      const me = (await (await login(tb.app, username, password)).get<SessionView>('/api/auth/me')).body.user;
      expect([me.role, me.scopeCode], username).toEqual([role, scope]);
    }
    const yibao = await tb.store.db
      .selectFrom('appUser')
      .select('department')
      .where('username', '=', 'yibao')
      .executeTakeFirstOrThrow();
    expect(yibao.department).toBe('medical_insurance');
    const again = await ensureDemoUsers(tb.store, { ...tb.deps.config, demoCounty: COUNTY }, tb.deps.hasher);
    expect(again.created).toBe(0);
    // issue 14 §6: the users page shows the demo accounts as such; the account that existed before is not one
    const list = (await (await tb.as('admin')).get<UserPage>('/api/users?pageSize=100')).body.items;
    const demo = Object.fromEntries(list.map((u) => [u.username, u.demo]));
    expect(demo).toMatchObject({ admin: false, xian: true, xiang: true, cun: true, yibao: true, jiancha: true });
  });

  it('issue 12 §9: in production no account may keep the published demo password', async () => {
    // the demo accounts made above still have it: a production start (or --no-demo) refuses, naming them
    const refused = refuseDemoPasswords(tb.store, tb.deps.hasher);
    await expect(refused).rejects.toThrow(/cun, jiancha, xian, xiang, yibao/);
    await expect(refused).rejects.toThrow(/dixian user password --username cun/);
    // and in production the password cannot be given to anyone, nor taken back
    const production = systemContext({ ...tb.deps, config: { ...tb.deps.config, production: true } });
    const create = createUser(production, {
      username: 'newclerk',
      displayName: '新用户',
      role: 'inspector',
      scopeCode: COUNTY,
      password: DEMO_PASSWORD,
    });
    await expect(create).rejects.toMatchObject({ code: 'validation_failed' });
    for (const username of ['cun', 'jiancha', 'xian', 'xiang', 'yibao']) {
      const u = await tb.store.db
        .selectFrom('appUser')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      await resetPassword(production, u.id, { password: 'Fresh#Start2024' });
    }
    await expect(refuseDemoPasswords(tb.store, tb.deps.hasher)).resolves.toBeUndefined();
    const u = await tb.store.db
      .selectFrom('appUser')
      .select('id')
      .where('username', '=', 'cun')
      .executeTakeFirstOrThrow();
    await expect(resetPassword(production, u.id, { password: DEMO_PASSWORD })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
