import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { abilities, AppError, type Actor, type Department, type Role } from '@dixian/core';
import type { LoginStep, PasswordChangeBody, SessionView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { passwordHistory, passwordProblems, publishedPasswordProblems } from '../auth/password-policy.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { SecondFactorRepository } from '../repositories/second-factor.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { UserRepository, type UserRow } from '../repositories/user.repository.js';
import type { ServiceContext, ServiceDeps } from './context.js';

/**
 * Lockout: five failed logins from one address lock the account for that address for fifteen minutes. It is
 * per address so that somebody elsewhere cannot keep the owner out (issue 12 §6); guessing from many addresses
 * is slowed instead (`slowdownMs`) and capped per address by the login rate limit.
 */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;
/** A session ends after this long whatever its activity; idle sessions end after config.sessionIdleMinutes. */
export const SESSION_MAX_HOURS = 12;
/**
 * last_seen_at is written at most every 5 s, so a busy session does not write on every request while the idle
 * timeout stays exact to a few seconds (once a minute, a request 59 s after the last write did not count).
 */
const TOUCH_INTERVAL_MS = 5_000;

export const MINUTE = 60_000;

/** Tokens are 256 random bits; only their SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of two secrets of any length (both are hashed to equal length first). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export const BAD_LOGIN = new AppError('unauthenticated', {
  zh: '用户名或密码错误',
  en: 'wrong username or password',
});

export function lockedError(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / MINUTE));
  return new AppError('account_locked', {
    zh: `登录失败次数过多,此账号已在本机锁定,请${minutes}分钟后再试`,
    en: `too many failed logins: this account is locked for this address, try again in ${minutes} min`,
  });
}

/**
 * A pause before answering once an account has failed twice the threshold in the window, from any addresses:
 * 200 ms more per failure, at most 3 s. It applies to real and unknown names alike.
 */
export function slowdownMs(failuresEverywhere: number): number {
  const over = failuresEverywhere - 2 * LOCKOUT_THRESHOLD;
  return over < 0 ? 0 : Math.min(3_000, 200 * (over + 1));
}

export interface LoginInput {
  username: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  session: SessionView;
}

/** What the password step leads to: a session, or a second step (the challenge's token goes to the client). */
export type LoginOutcome = ({ kind: 'session' } & LoginResult) | { kind: 'step'; step: LoginStep };

/** A sign-in waiting for its second step lasts this long. */
export const CHALLENGE_MINUTES = 5;

/**
 * Check a password and open a session, or, when the account has a second factor or its role must have one,
 * hand out a challenge for the second step (`second-factor.service.ts`). Unknown usernames take as long, answer
 * the same and lock the same way as real ones, so neither the answer nor its timing tells which accounts exist:
 * lockout is counted from the attempts alone (login_attempt), never from the account. Every failure is audited.
 */
export async function login(deps: ServiceDeps, input: LoginInput, requestId: string | null): Promise<LoginOutcome> {
  const username = input.username.trim().toLowerCase();
  const now = deps.now();
  const users = new UserRepository(deps.store.db);
  const failures = await users.failuresSince(username, input.ip, new Date(now.getTime() - LOCKOUT_MINUTES * MINUTE));
  if (failures.fromAddress >= LOCKOUT_THRESHOLD) {
    await recordFailure(deps, requestId, username, input, 'locked');
    throw lockedError(new Date(failures.lastFromAddress!.getTime() + LOCKOUT_MINUTES * MINUTE), now);
  }
  const pause = slowdownMs(failures.everywhere);
  if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
  const user = await users.byUsername(username);
  const ok = user
    ? await deps.hasher.verify(user.passwordHash, input.password)
    : await deps.hasher.verifyDummy(input.password).then(() => false);
  if (!user || !ok || user.disabled) {
    const locks = failures.fromAddress + 1 >= LOCKOUT_THRESHOLD;
    await recordFailure(deps, requestId, username, input, !ok ? 'wrong_password' : 'disabled', locks);
    if (locks) throw lockedError(new Date(now.getTime() + LOCKOUT_MINUTES * MINUTE), now);
    throw BAD_LOGIN;
  }
  await refuseIfInactive(deps, requestId, user, input);

  const factor = await new SecondFactorRepository(deps.store.db).get(user.id);
  const step = factor?.confirmedAt
    ? 'second_factor'
    : deps.config.totpRequiredRoles.includes(user.role as Role)
      ? 'enrol_second_factor'
      : null;
  if (!step) return { kind: 'session', ...(await openSession(deps, user, input, requestId)) };
  const challenge = newToken();
  await deps.store.transaction(async (tx) => {
    const repo = new SecondFactorRepository(tx.db);
    await repo.deleteExpiredChallenges(now);
    await repo.insertChallenge({
      tokenHash: tokenHash(challenge),
      userId: user.id,
      step,
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * MINUTE),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
  });
  return { kind: 'step', step: { next: step, challenge } };
}

/**
 * An account unused for longer than config.accountInactiveDays (counted from its latest sign-in, or its creation)
 * is disabled when it next signs in, even with the right password, and must be enabled by an administrator.
 */
async function refuseIfInactive(
  deps: ServiceDeps,
  requestId: string | null,
  user: UserRow,
  input: Pick<LoginInput, 'ip' | 'userAgent'>,
): Promise<void> {
  const days = deps.config.accountInactiveDays;
  if (!days) return;
  const now = deps.now();
  const since = user.lastLoginAt ?? user.createdAt;
  if (now.getTime() - since.getTime() <= days * 86_400_000) return;
  await deps.store.transaction(async (tx) => {
    await new UserRepository(tx.db).update(user.id, { disabled: true });
    await new SessionRepository(tx.db).deleteForUser(user.id);
    await appendAudit(
      tx,
      { actor: null, requestId, now: deps.now },
      {
        action: 'user.disable_inactive',
        targetType: 'user',
        targetId: user.id,
        regionCode: user.scopeCode,
        detail: { lastLoginAt: user.lastLoginAt?.toISOString() ?? null, days },
      },
    );
  });
  await recordFailure(deps, requestId, user.username, input, 'inactive');
  throw new AppError('unauthenticated', {
    zh: `此账号已超过${days}天未登录,已被停用,请联系管理员启用`,
    en: `this account was not used for more than ${days} days and has been disabled; ask an administrator`,
  });
}

/**
 * Open a session for a user whose every sign-in step passed: record the sign-in, end the oldest sessions beyond
 * config.maxSessions (audited), and mark an expired password (config.passwordMaxAgeDays) for change first.
 */
export async function openSession(
  deps: ServiceDeps,
  user: UserRow,
  input: Pick<LoginInput, 'ip' | 'userAgent'>,
  requestId: string | null,
): Promise<LoginResult> {
  const now = deps.now();
  const token = newToken();
  const csrfToken = newToken();
  const actor = actorOf(user);
  const maxAgeDays = deps.config.passwordMaxAgeDays;
  const expired =
    !user.mustChangePassword &&
    maxAgeDays > 0 &&
    now.getTime() - user.passwordChangedAt.getTime() > maxAgeDays * 86_400_000;
  const mustChangePassword = user.mustChangePassword || expired;
  await deps.store.transaction(async (tx) => {
    const repo = new UserRepository(tx.db);
    const sessions = new SessionRepository(tx.db);
    const audit = { actor, requestId, now: deps.now };
    const target = { targetType: 'user', targetId: user.id, regionCode: user.scopeCode };
    await repo.update(user.id, { lastLoginAt: now, ...(expired ? { mustChangePassword: true } : {}) });
    await repo.recordAttempt(user.username, true, input.ip, now, { userAgent: input.userAgent?.slice(0, 300) });
    await sessions.deleteExpired(now);
    if (deps.config.maxSessions > 0) {
      const activeSince = new Date(now.getTime() - deps.config.sessionIdleMinutes * MINUTE);
      const ended = await sessions.keepNewest(user.id, deps.config.maxSessions - 1, activeSince);
      for (const s of ended)
        await appendAudit(tx, audit, {
          action: 'auth.session_limit',
          ...target,
          detail: { ip: s.ip, openedAt: s.createdAt.toISOString(), limit: deps.config.maxSessions },
        });
    }
    await sessions.insert({
      tokenHash: tokenHash(token),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_HOURS * 3_600_000),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await appendAudit(tx, audit, { action: 'auth.login', ...target, detail: { ip: input.ip } });
    if (expired)
      await appendAudit(tx, audit, {
        action: 'auth.password_expired',
        ...target,
        detail: { changedAt: user.passwordChangedAt.toISOString(), maxAgeDays },
      });
  });
  const session = await sessionView(
    { ...deps, actor, requestId },
    { csrfToken, displayName: user.displayName, mustChangePassword },
  );
  return { token, session };
}

/**
 * A failed sign-in: the attempt (which the lockout counts) and its audit record, with the name as typed (the
 * account, when one has it) and the address. `locks` adds the record that this address is now locked out.
 */
export async function recordFailure(
  deps: ServiceDeps,
  requestId: string | null,
  username: string,
  input: Pick<LoginInput, 'ip' | 'userAgent'>,
  reason: 'wrong_password' | 'disabled' | 'locked' | 'inactive' | 'wrong_code',
  locks = false,
): Promise<void> {
  const { ip } = input;
  await deps.store.transaction(async (tx) => {
    const repo = new UserRepository(tx.db);
    const now = deps.now();
    await repo.recordAttempt(username, false, ip, now, { userAgent: input.userAgent?.slice(0, 300), reason });
    const user = await repo.byUsername(username);
    const audit = { actor: null, requestId, now: deps.now };
    const target = { targetType: 'user', targetId: user?.id ?? null, regionCode: user?.scopeCode ?? null };
    await appendAudit(tx, audit, { action: 'auth.failed', ...target, detail: { username, ip, reason } });
    if (locks) {
      const until = new Date(now.getTime() + LOCKOUT_MINUTES * MINUTE);
      await appendAudit(tx, audit, {
        action: 'auth.locked',
        ...target,
        detail: { username, ip, until: until.toISOString() },
      });
    }
  });
}

export function actorOf(u: {
  id?: string;
  userId?: string;
  username: string;
  role: string;
  scopeCode: string;
  department: string | null;
}): Actor {
  const actor: Actor = {
    id: (u.userId ?? u.id)!,
    username: u.username,
    role: u.role as Role,
    scopeCode: u.scopeCode,
  };
  if (u.department) actor.department = u.department as Department;
  return actor;
}

/** The session state a request carries besides its actor. */
export interface RequestSession {
  tokenHash: string;
  csrfToken: string;
  displayName: string;
  mustChangePassword: boolean;
}

export type Authentication =
  { status: 'ok'; actor: Actor; session: RequestSession } | { status: 'none' } | { status: 'expired' };

/**
 * Resolve a session cookie to its actor. Sessions idle longer than config.sessionIdleMinutes, past their
 * absolute lifetime, or of a disabled user are deleted and answer 'expired'.
 */
export async function authenticate(deps: ServiceDeps, token: string): Promise<Authentication> {
  const hash = tokenHash(token);
  const sessions = new SessionRepository(deps.store.db);
  const s = await sessions.withUser(hash);
  if (!s) return { status: 'none' };
  const now = deps.now();
  const idleMs = deps.config.sessionIdleMinutes * MINUTE;
  if (s.disabled || s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > idleMs) {
    await sessions.delete(hash);
    return { status: 'expired' };
  }
  if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await sessions.touch(hash, now);
  return {
    status: 'ok',
    actor: actorOf(s),
    session: {
      tokenHash: hash,
      csrfToken: s.csrfToken,
      displayName: s.displayName,
      mustChangePassword: s.mustChangePassword,
    },
  };
}

/** What GET /api/auth/me (and login) answers. */
export async function sessionView(
  ctx: ServiceContext,
  session: Pick<RequestSession, 'csrfToken' | 'displayName' | 'mustChangePassword'>,
): Promise<SessionView> {
  const { actor } = ctx;
  const scopeName = actor.scopeCode ? await new RegionRepository(ctx.store.db).fullName(actor.scopeCode) : '';
  return {
    user: {
      id: actor.id,
      username: actor.username,
      displayName: session.displayName,
      role: actor.role,
      scopeCode: actor.scopeCode,
      scopeName: scopeName || null,
      department: actor.department ?? null,
      mustChangePassword: session.mustChangePassword,
    },
    csrfToken: session.csrfToken,
    abilities: abilities(actor),
    idleMinutes: ctx.config.sessionIdleMinutes,
  };
}

export async function logout(ctx: ServiceContext, session: RequestSession): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await new SessionRepository(tx.db).delete(session.tokenHash);
    await appendAudit(tx, ctx, {
      action: 'auth.logout',
      targetType: 'user',
      targetId: ctx.actor.id,
      regionCode: ctx.actor.scopeCode,
    });
  });
}

async function usedBefore(ctx: ServiceContext, hashes: readonly string[], password: string): Promise<boolean> {
  for (const h of hashes.slice(0, ctx.config.passwordHistory)) if (await ctx.hasher.verify(h, password)) return true;
  return false;
}

/** Change one's own password: the current one must be right and the new one meet the policy. Other sessions end. */
export async function changePassword(
  ctx: ServiceContext,
  session: RequestSession,
  body: PasswordChangeBody,
): Promise<void> {
  const user = await new UserRepository(ctx.store.db).byUsername(ctx.actor.username);
  if (!user || !(await ctx.hasher.verify(user.passwordHash, body.currentPassword))) {
    throw new AppError('validation_failed', { zh: '当前密码不正确', en: 'the current password is wrong' }, [
      { path: 'currentPassword', message: '当前密码不正确 / the current password is wrong' },
    ]);
  }
  const issues = [
    ...passwordProblems(body.newPassword, user.username, 'newPassword'),
    ...publishedPasswordProblems(body.newPassword, ctx.config.production, 'newPassword'),
  ];
  if (
    body.newPassword === body.currentPassword ||
    (await usedBefore(ctx, user.previousPasswordHashes, body.newPassword))
  ) {
    issues.push({
      path: 'newPassword',
      message: `新密码不能与当前密码或前${ctx.config.passwordHistory}次用过的密码相同 / the new password must differ from the current one and the last ${ctx.config.passwordHistory}`,
    });
  }
  if (issues.length)
    throw new AppError(
      'validation_failed',
      { zh: '新密码不符合要求', en: 'the new password is not acceptable' },
      issues,
    );
  const passwordHash = await ctx.hasher.hash(body.newPassword);
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await new UserRepository(tx.db).update(user.id, {
      passwordHash,
      previousPasswordHashes: passwordHistory(user, ctx.config.passwordHistory),
      passwordChangedAt: now,
      mustChangePassword: false,
    });
    await new SessionRepository(tx.db).deleteForUser(user.id, session.tokenHash);
    await appendAudit(tx, ctx, {
      action: 'auth.password_change',
      targetType: 'user',
      targetId: user.id,
      regionCode: user.scopeCode,
    });
  });
}
