import {
  AppError,
  maskEmail,
  maskPhone,
  scopeProblem,
  type Department,
  type ErrorIssue,
  type Role,
} from '@dixian/core';
import type {
  UserCreateBody,
  UserListQuery,
  UserPage,
  UserPasswordResetBody,
  UserSessionList,
  UserUpdateBody,
  UserView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { passwordHistory, passwordProblems, publishedPasswordProblems } from '../auth/password-policy.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { SecondFactorRepository } from '../repositories/second-factor.repository.js';
import { SessionRepository } from '../repositories/session.repository.js';
import { UserRepository, type UserRow } from '../repositories/user.repository.js';
import { notFound, RECORD } from './access.js';
import { areaOf } from './area.js';
import { personOf } from './user-person.js';
import { LOCKOUT_MINUTES, LOCKOUT_THRESHOLD } from './auth.service.js';
import type { ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';

/** What a user's row does not say: locked out now, signed in now. */
interface UserStatus {
  secondFactor: boolean;
  lockedUntil: Date | null;
  activeSessions: number;
  lastSeenAt: Date | null;
}
const NO_STATUS: UserStatus = { secondFactor: false, lockedUntil: null, activeSessions: 0, lastSeenAt: null };

export function toUserView(u: UserRow, status: UserStatus = NO_STATUS): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    scopeCode: u.scopeCode,
    department: (u.department as Department | null) ?? null,
    phone: maskPhone(u.phone),
    email: maskEmail(u.email),
    disabled: u.disabled,
    demo: u.demo,
    mustChangePassword: u.mustChangePassword,
    secondFactor: status.secondFactor,
    lockedUntil: status.lockedUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    activeSessions: status.activeSessions,
    lastSeenAt: status.lastSeenAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    version: u.version,
    personMemberId: u.personMemberId ?? null,
  };
}

/** Users as views, with their lockout (the rule login applies) and their live sessions, read after any write. */
async function viewsOf(ctx: ServiceContext, users: UserRow[]): Promise<UserView[]> {
  const now = ctx.now();
  const window = LOCKOUT_MINUTES * 60_000;
  const locks = await new UserRepository(ctx.store.db).lockouts(
    users.map((u) => u.username),
    new Date(now.getTime() - window),
    LOCKOUT_THRESHOLD,
    window,
  );
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
  const sessions = await new SessionRepository(ctx.store.db).live(
    users.map((u) => u.id),
    now,
    idleSince,
  );
  const factors = await new SecondFactorRepository(ctx.store.db).confirmed(users.map((u) => u.id));
  return users.map((u) => {
    const mine = sessions.filter((s) => s.userId === u.id);
    const until = locks.get(u.username);
    return toUserView(u, {
      secondFactor: factors.has(u.id),
      lockedUntil: until && until > now ? until : null,
      activeSessions: mine.length,
      lastSeenAt: mine[0]?.lastSeenAt ?? null,
    });
  });
}

async function viewOf(ctx: ServiceContext, user: UserRow): Promise<UserView> {
  return (await viewsOf(ctx, [user]))[0]!;
}

/** What the audit log keeps of a user: never the hash, the phone and e-mail masked. */
function auditUser(u: Partial<UserRow>): Partial<UserRow> {
  const { passwordHash: _hash, previousPasswordHashes: _previous, ...rest } = u;
  const masked = 'phone' in rest ? { ...rest, phone: maskPhone(rest.phone ?? null) } : rest;
  return 'email' in masked ? { ...masked, email: maskEmail(masked.email ?? null) } : masked;
}

function invalid(issues: ErrorIssue[]): AppError {
  return validationFailed(issues, { zh: '用户信息有误', en: 'invalid user data' });
}

/**
 * An administrator may only hand out scopes inside their own (403 otherwise); the scope must suit the role
 * and exist. Returns the problems as issues so they are reported together with the password's.
 */
async function scopeIssues(
  ctx: ServiceContext,
  role: Role,
  scopeCode: string,
  department: string | null | undefined,
): Promise<ErrorIssue[]> {
  areaOf(ctx).place(
    'user.admin',
    { regionCode: scopeCode },
    { zh: '不能授予超出本人管辖范围的区域', en: 'you cannot grant a scope outside your own' },
  );
  const problem = scopeProblem(role, scopeCode, department);
  if (problem) return [{ path: 'scopeCode', message: problem }];
  if (!(await new RegionRepository(ctx.store.db).get(scopeCode))) {
    return [{ path: 'scopeCode', message: `区划不存在 / no region ${scopeCode}` }];
  }
  return [];
}

export async function listUsers(ctx: ServiceContext, query: UserListQuery): Promise<UserPage> {
  areaOf(ctx).allow('user.admin');
  const { items, total } = await new UserRepository(ctx.store.db).list(areaOf(ctx).scope, query);
  return { items: await viewsOf(ctx, items), total, page: query.page, pageSize: query.pageSize };
}

export async function getUser(ctx: ServiceContext, id: string): Promise<UserView> {
  return viewOf(ctx, await loadUser(ctx, id));
}

/** A user of the administrator's area (whose own scope lies inside it); missing and outside answer the same. */
export function loadUser(ctx: ServiceContext, id: string): Promise<UserRow> {
  return areaOf(ctx).load(
    'user.admin',
    RECORD.user,
    id,
    (scope) => new UserRepository(ctx.store.db).get(scope, id),
    (u) => ({ regionCode: u.scopeCode }),
  );
}

/**
 * Create a user. Used by administrators through the API and by `dixian user add` and the demo seed as the
 * system actor; the same checks apply (scope of the role's level, department, password policy).
 */
export async function createUser(ctx: ServiceContext, body: UserCreateBody): Promise<UserView> {
  areaOf(ctx).allow('user.admin');
  const issues = [
    ...(await scopeIssues(ctx, body.role, body.scopeCode, body.department)),
    ...passwordProblems(body.password, body.username),
    ...publishedPasswordProblems(body.password, ctx.config.production),
  ];
  if (issues.length) throw invalid(issues);
  const personMemberId = body.personIdNumber ? await personOf(ctx, body.personIdNumber, body.scopeCode) : null;
  const passwordHash = await ctx.hasher.hash(body.password);
  const created = await ctx.store.transaction(async (tx) => {
    const repo = new UserRepository(tx.db);
    if (await repo.byUsername(body.username)) {
      throw new AppError(
        'conflict',
        { zh: `用户名 ${body.username} 已存在`, en: `username ${body.username} is taken` },
        [{ path: 'username', message: '用户名已存在 / username is taken' }],
      );
    }
    const u = await repo.insert({
      username: body.username,
      displayName: body.displayName,
      role: body.role,
      scopeCode: body.scopeCode,
      department: body.department ?? null,
      phone: body.phone ?? null,
      email: body.email ?? null,
      personMemberId,
      passwordHash,
      passwordChangedAt: ctx.now(),
      createdAt: ctx.now(),
    });
    await appendAudit(tx, ctx, {
      action: 'user.create',
      targetType: 'user',
      targetId: u.id,
      regionCode: u.scopeCode,
      after: auditUser(u),
    });
    return u;
  });
  return viewOf(ctx, created);
}

/** Change role, scope, department, name, phone or the disabled flag. A changed right ends the user's sessions. */
export async function updateUser(ctx: ServiceContext, id: string, body: UserUpdateBody): Promise<UserView> {
  const before = await loadUser(ctx, id);
  const role = body.role ?? (before.role as Role);
  const scopeCode = body.scopeCode ?? before.scopeCode;
  const department = body.department !== undefined ? body.department : before.department;
  const rightsChange = role !== before.role || scopeCode !== before.scopeCode || department !== before.department;
  if (id === ctx.actor.id && (rightsChange || body.disabled)) {
    throw new AppError('precondition_failed', {
      zh: '不能修改自己的角色、范围或停用自己',
      en: 'you cannot change your own role or scope or disable yourself',
    });
  }
  if (rightsChange) {
    const issues = await scopeIssues(ctx, role, scopeCode, department);
    if (issues.length) throw invalid(issues);
  }
  const personMemberId =
    body.personIdNumber === undefined ? before.personMemberId : await personOf(ctx, body.personIdNumber, scopeCode);
  const updated = await ctx.store.transaction(async (tx) => {
    const patch = {
      personMemberId,
      displayName: body.displayName,
      role,
      scopeCode,
      department: department ?? null,
      phone: body.phone !== undefined ? body.phone : before.phone,
      email: body.email !== undefined ? body.email : before.email,
      disabled: body.disabled ?? before.disabled,
    };
    const after = await new UserRepository(tx.db).updateVersioned(id, body.version, patch);
    if (!after) throw versionConflict();
    if (rightsChange || after.disabled) await new SessionRepository(tx.db).deleteForUser(id);
    const { version: _v, ...changes } = body;
    // the ID number given is not kept: the audit records which person record the account was linked to
    const keys = Object.keys(changes).map((k) => (k === 'personIdNumber' ? 'personMemberId' : k)) as (keyof UserRow)[];
    await appendAudit(tx, ctx, {
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      regionCode: after.scopeCode,
      before: auditUser(pick(before, keys)),
      after: auditUser(pick(after, keys)),
    });
    return after;
  });
  return viewOf(ctx, updated);
}

/** Set a temporary password (the user must change it), unlock the account and end its sessions. */
export async function resetPassword(ctx: ServiceContext, id: string, body: UserPasswordResetBody): Promise<UserView> {
  const u = await loadUser(ctx, id);
  const issues = [
    ...passwordProblems(body.password, u.username),
    ...publishedPasswordProblems(body.password, ctx.config.production),
  ];
  if (issues.length) throw invalid(issues);
  const passwordHash = await ctx.hasher.hash(body.password);
  const reset = await ctx.store.transaction(async (tx) => {
    const repo = new UserRepository(tx.db);
    await repo.update(id, {
      passwordHash,
      previousPasswordHashes: passwordHistory(u, ctx.config.passwordHistory),
      passwordChangedAt: ctx.now(),
      mustChangePassword: true,
      failedLogins: 0,
      lockedUntil: null,
    });
    // the lockout is counted from the failed sign-ins: a reset that left them would leave the user locked out
    await repo.clearFailures(u.username);
    await new SessionRepository(tx.db).deleteForUser(id);
    await appendAudit(tx, ctx, {
      action: 'user.password_reset',
      targetType: 'user',
      targetId: id,
      regionCode: u.scopeCode,
    });
    return (await repo.byUsername(u.username))!;
  });
  return viewOf(ctx, reset);
}

function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = o[k];
  return out;
}

/** POST /api/users/:id/unlock: forget the user's failed sign-ins, so a lockout ends now (audited). */
export async function unlockUser(ctx: ServiceContext, id: string): Promise<UserView> {
  const u = await loadUser(ctx, id);
  await ctx.store.transaction(async (tx) => {
    await new UserRepository(tx.db).clearFailures(u.username);
    await appendAudit(tx, ctx, { action: 'user.unlock', targetType: 'user', targetId: id, regionCode: u.scopeCode });
  });
  return viewOf(ctx, u);
}

/** The opaque handle of a session shown to administrators: a prefix of the token's hash, never the token. */
const handleOf = (tokenHash: string) => tokenHash.slice(0, 16);

/** GET /api/users/:id/sessions: where and since when the user is signed in. */
export async function listUserSessions(ctx: ServiceContext, id: string): Promise<UserSessionList> {
  const u = await loadUser(ctx, id);
  const now = ctx.now();
  const idleSince = new Date(now.getTime() - ctx.config.sessionIdleMinutes * 60_000);
  const rows = await new SessionRepository(ctx.store.db).live([u.id], now, idleSince);
  return {
    items: rows.map((s) => ({
      id: handleOf(s.tokenHash),
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
    })),
  };
}

/** DELETE /api/users/:id/sessions/:sessionId: sign the user out of one session (audited). */
export async function endUserSession(ctx: ServiceContext, id: string, sessionId: string): Promise<UserView> {
  const u = await loadUser(ctx, id);
  const sessions = new SessionRepository(ctx.store.db);
  const session = (await sessions.live([u.id], new Date(0), new Date(0))).find(
    (s) => handleOf(s.tokenHash) === sessionId,
  );
  if (!session) throw notFound({ zh: '登录会话', en: 'session' });
  await ctx.store.transaction(async (tx) => {
    await new SessionRepository(tx.db).delete(session.tokenHash);
    await appendAudit(tx, ctx, {
      action: 'user.session_end',
      targetType: 'user',
      targetId: id,
      regionCode: u.scopeCode,
      detail: { session: sessionId, ip: session.ip },
    });
  });
  return viewOf(ctx, u);
}
