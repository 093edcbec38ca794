import type {
  ErrorBody,
  LoginStep,
  RecoveryCodes,
  SecondFactorDone,
  SessionView,
  SignInList,
  TotpEnrolment,
  UserView,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/auth/second-factor.js';
import { loadConfig } from '../../src/config/env.js';
import { disableInactiveAccounts } from '../../src/jobs/index.js';
import { LOCKOUT_MINUTES } from '../../src/services/auth.service.js';
import { ApiClient, createTestbed, login, sessionCookieOf, TEST_PASSWORD, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const DAY = 86_400_000;

describe('account rules: production defaults (issue 21 §2, §5)', () => {
  it('requires a second factor of administrators and inspectors, three sessions, 90-day passwords and accounts', () => {
    const c = loadConfig({});
    expect(c.totpRequiredRoles).toEqual(['county_admin', 'inspector']);
    expect(c.maxSessions).toBe(3);
    expect(c.passwordMaxAgeDays).toBe(90);
    expect(c.passwordHistory).toBe(5);
    expect(c.accountInactiveDays).toBe(90);
    expect(loadConfig({ DIXIAN_TOTP_REQUIRED_ROLES: 'none' }).totpRequiredRoles).toEqual([]);
    expect(() => loadConfig({ DIXIAN_TOTP_REQUIRED_ROLES: 'inspector,boss' })).toThrow(/DIXIAN_TOTP_REQUIRED_ROLES/);
  });
});

describe.each(engines)('second factor and account rules on %s (issue 21 §2, §5)', (engine) => {
  let tb: Testbed;
  let secret = '';
  let recovery: string[] = [];

  beforeAll(async () => {
    tb = await createTestbed(engine, {
      config: { totpRequiredRoles: ['inspector'], maxSessions: 2, passwordMaxAgeDays: 90, accountInactiveDays: 90 },
    });
  });
  afterAll(async () => {
    await tb?.close();
  });

  const password = (username: string) =>
    tb.anonymous().post<SessionView | LoginStep | ErrorBody>('/api/auth/login', { username, password: TEST_PASSWORD });
  const step = (challenge: string, code: string) =>
    tb.anonymous().post<SecondFactorDone | ErrorBody>('/api/auth/second-factor', { challenge, code });
  const actions = async (action: string) =>
    (await tb.store.db.selectFrom('auditLog').selectAll().where('action', '=', action).execute()).map((r) => r.detail);
  /** The next 30-second step, so each code is new (a code is accepted once). */
  const nextCode = () => {
    tb.clock.advanceSeconds(30);
    return totpCode(secret, tb.clock.now());
  };

  it('gives an inspector without a second factor no session: the password leads to enrolment', async () => {
    const res = await password('inspector');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ next: 'enrol_second_factor' });
    expect(sessionCookieOf(res)).toBeUndefined();
    const challenge = (res.body as LoginStep).challenge;
    // no code without enrolment
    const early = await step(challenge, '123456');
    expect(early.status).toBe(400);
    expect((early.body as ErrorBody).error.message).toContain('请先扫描二维码');
    // the challenge is not a session
    const me = await new ApiClient(tb.app, challenge, 'x').get('/api/auth/me');
    expect(me.status).toBe(401);
  });

  it('enrols during the sign-in: the secret is sealed at rest, the first code opens the session and shows recovery codes', async () => {
    const { challenge } = (await password('inspector')).body as LoginStep;
    const enrol = await tb.anonymous().post<TotpEnrolment>('/api/auth/second-factor/enrol', { challenge });
    expect(enrol.status).toBe(200);
    expect(enrol.body.uri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    secret = enrol.body.secret;
    const row = await tb.store.db
      .selectFrom('userSecondFactor')
      .selectAll()
      .where('userId', '=', tb.users.inspector.id)
      .executeTakeFirstOrThrow();
    expect(row.secretSealed).not.toContain(secret);
    expect(row.confirmedAt).toBeNull();

    const wrong = await step(challenge, '000000');
    expect(wrong.status).toBe(401);
    const done = await step(challenge, nextCode());
    expect(done.status).toBe(200);
    const body = done.body as SecondFactorDone;
    expect(body.session.user.username).toBe('inspector');
    expect(body.recoveryCodes).toHaveLength(10);
    recovery = body.recoveryCodes!;
    expect(sessionCookieOf(done)).toBeDefined();
    expect(await actions('auth.second_factor_enrol')).toHaveLength(1);
    // the challenge was used up
    expect((await step(challenge, nextCode())).status).toBe(401);
  });

  it('then asks for a code at every sign-in; a wrong or replayed code is refused, counted and audited', async () => {
    const res = await password('inspector');
    expect(res.body).toMatchObject({ next: 'second_factor' });
    const { challenge } = res.body as LoginStep;
    const wrong = await step(challenge, '999999');
    expect(wrong.status).toBe(401);
    expect((wrong.body as ErrorBody).error.message).toContain('验证码错误');
    const attempts = await tb.store.db
      .selectFrom('loginAttempt')
      .selectAll()
      .where('username', '=', 'inspector')
      .where('reason', '=', 'wrong_code')
      .execute();
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    expect((await actions('auth.failed')).some((d) => (d as { reason?: string }).reason === 'wrong_code')).toBe(true);

    const code = nextCode();
    expect((await step(challenge, code)).status).toBe(200);
    const again = (await password('inspector')).body as LoginStep;
    expect((await step(again.challenge, code)).status).toBe(401); // the same code twice: refused
    expect((await step(again.challenge, nextCode())).status).toBe(200);
  });

  it('accepts a recovery code once', async () => {
    const first = (await password('inspector')).body as LoginStep;
    expect((await step(first.challenge, recovery[0]!.toUpperCase())).status).toBe(200);
    const second = (await password('inspector')).body as LoginStep;
    expect((await step(second.challenge, recovery[0]!)).status).toBe(401);
    const used = await actions('auth.recovery_code_used');
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ left: 9 });
  });

  it('locks the address out after five wrong codes, like wrong passwords', async () => {
    tb.clock.advanceMinutes(LOCKOUT_MINUTES + 1);
    const { challenge } = (await password('inspector')).body as LoginStep;
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await step(challenge, String(100000 + i))).status);
    expect(answers.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(answers[4]).toBe(423);
    expect((await password('inspector')).status).toBe(423);
    tb.clock.advanceMinutes(LOCKOUT_MINUTES + 1);
  });

  it('lets an administrator reset the second factor (audited); the inspector then enrols again', async () => {
    const admin = await tb.as('admin');
    const users = (await admin.get<{ items: UserView[] }>('/api/users?q=inspector')).body.items;
    expect(users.find((u) => u.username === 'inspector')?.secondFactor).toBe(true);
    const res = await admin.post<UserView>(`/api/users/${tb.users.inspector.id}/second-factor/reset`);
    expect(res.status).toBe(200);
    expect(res.body.secondFactor).toBe(false);
    const reset = await tb.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'user.second_factor_reset')
      .execute();
    expect(reset).toHaveLength(1);
    expect(reset[0]!.actorId).toBe(tb.users.admin.id);
    expect((await password('inspector')).body).toMatchObject({ next: 'enrol_second_factor' });
    // a cadre may not
    const cadre = await tb.as('cadre');
    expect((await cadre.post(`/api/users/${tb.users.inspector.id}/second-factor/reset`)).status).toBe(403);
  });

  it('lets anyone enrol on the account page, renew recovery codes and, where allowed, turn it off', async () => {
    const officer = await login(tb.app, 'officer');
    const before = (
      await officer.get<{ secondFactor: { kind: string | null; required: boolean } }>('/api/account/security')
    ).body;
    expect(before.secondFactor).toMatchObject({ kind: null, required: false });
    const enrol = await officer.post<TotpEnrolment>('/api/account/totp');
    expect(enrol.status).toBe(200);
    const wrong = await officer.post<ErrorBody>('/api/account/totp/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    tb.clock.advanceSeconds(30);
    const ok = await officer.post<RecoveryCodes>('/api/account/totp/confirm', {
      code: totpCode(enrol.body.secret, tb.clock.now()),
    });
    expect(ok.status).toBe(200);
    expect(ok.body.codes).toHaveLength(10);
    expect((await officer.post('/api/account/totp')).status).toBe(409);
    tb.clock.advanceSeconds(30);
    const renewed = await officer.post<RecoveryCodes>('/api/account/totp/recovery-codes', {
      code: totpCode(enrol.body.secret, tb.clock.now()),
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.codes).not.toEqual(ok.body.codes);
    // now the officer's sign-in asks for a code too
    expect((await password('officer')).body).toMatchObject({ next: 'second_factor' });
    expect((await officer.post('/api/account/totp/disable', { password: 'Wrong#password1' })).status).toBe(400);
    expect((await officer.post('/api/account/totp/disable', { password: TEST_PASSWORD })).status).toBe(200);
    expect((await password('officer')).status).toBe(200);
    expect(await actions('auth.second_factor_disable')).toHaveLength(1);
  });

  it('does not let a role that must have one turn it off', async () => {
    const { challenge } = (await password('inspector')).body as LoginStep;
    const enrol = await tb.anonymous().post<TotpEnrolment>('/api/auth/second-factor/enrol', { challenge });
    secret = enrol.body.secret;
    const done = await step(challenge, nextCode());
    const c = new ApiClient(tb.app, sessionCookieOf(done), (done.body as SecondFactorDone).session.csrfToken);
    const res = await c.post<ErrorBody>('/api/account/totp/disable', { password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('必须使用二次验证');
  });

  it("lists the account's recent sign-ins, failures with their reason", async () => {
    const c = await login(tb.app, 'township');
    await tb.anonymous().post('/api/auth/login', { username: 'township', password: 'Wrong#password1' });
    const list = await c.get<SignInList>('/api/account/sign-ins');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ ok: false, reason: 'wrong_password' });
    expect(list.body.items[1]).toMatchObject({ ok: true, reason: null });
  });

  it('sets a session cookie that the browser does not keep (no Max-Age, no Expires)', async () => {
    const res = await password('cadre');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toMatch(/Max-Age/i);
    expect(cookie).not.toMatch(/Expires/i);
  });

  it('ends the oldest session beyond the limit (audited)', async () => {
    const a = await login(tb.app, 'cadreb');
    tb.clock.advanceSeconds(1);
    const b = await login(tb.app, 'cadreb');
    tb.clock.advanceSeconds(1);
    const c = await login(tb.app, 'cadreb');
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await b.get('/api/auth/me')).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await actions('auth.session_limit')).length).toBeGreaterThanOrEqual(1);
  });

  it('makes an expired password be changed before anything else', async () => {
    const now = tb.clock.now();
    await tb.store.db
      .updateTable('appUser')
      .set({ passwordChangedAt: new Date(now.getTime() - 91 * DAY) })
      .where('username', '=', 'dept')
      .execute();
    const res = await password('dept');
    expect(res.status).toBe(200);
    expect((res.body as SessionView).user.mustChangePassword).toBe(true);
    const c = new ApiClient(tb.app, sessionCookieOf(res), (res.body as SessionView).csrfToken);
    expect((await c.get('/api/households')).status).toBe(403);
    expect(await actions('auth.password_expired')).toHaveLength(1);
  });

  it('disables an account unused for longer than the setting at its next sign-in', async () => {
    const now = tb.clock.now();
    await tb.store.db
      .updateTable('appUser')
      .set({ lastLoginAt: new Date(now.getTime() - 91 * DAY) })
      .where('username', '=', 'otheradmin')
      .execute();
    const res = await password('otheradmin');
    expect(res.status).toBe(401);
    expect((res.body as ErrorBody).error.message).toContain('已被停用');
    const u = await tb.store.db
      .selectFrom('appUser')
      .select('disabled')
      .where('username', '=', 'otheradmin')
      .executeTakeFirstOrThrow();
    expect(u.disabled).toBe(true);
    expect(await actions('user.disable_inactive')).toHaveLength(1);
  });

  it('disables inactive accounts in the daily job, audited, and leaves active ones', async () => {
    const now = tb.clock.now();
    await tb.store.db
      .updateTable('appUser')
      .set({ lastLoginAt: new Date(now.getTime() - 100 * DAY) })
      .where('username', '=', 'township')
      .execute();
    expect(await disableInactiveAccounts(tb.store, now, 90)).toEqual(['township']);
    expect(await disableInactiveAccounts(tb.store, now, 90)).toEqual([]);
    const audits = await tb.store.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'user.disable_inactive')
      .where('targetId', '=', tb.users.township.id)
      .execute();
    expect(audits).toHaveLength(1);
    expect((await password('township')).status).toBe(401);
  });
});
