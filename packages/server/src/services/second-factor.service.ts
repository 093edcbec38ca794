import { AppError, type Role } from '@dixian/core';
import type {
  AccountSecurity,
  RecoveryCodes,
  SecondFactorBody,
  SecondFactorDone,
  SignInList,
  TotpCodeBody,
  TotpDisableBody,
  TotpEnrolment,
  UserView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import {
  looksLikeRecoveryCode,
  newRecoveryCodes,
  recoveryCodeHash,
  totpMethod,
  type SecondFactorMethod,
} from '../auth/second-factor.js';
import { secretKeyOf, seal, unseal } from '../auth/secrets.js';
import { SecondFactorRepository, type SecondFactorRow } from '../repositories/second-factor.repository.js';
import { UserRepository, type UserRow } from '../repositories/user.repository.js';
import {
  actorOf,
  LOCKOUT_MINUTES,
  LOCKOUT_THRESHOLD,
  lockedError,
  MINUTE,
  openSession,
  recordFailure,
  tokenHash,
  type LoginInput,
} from './auth.service.js';
import type { ServiceContext, ServiceDeps } from './context.js';
import { getUser, loadUser } from './user.service.js';

/**
 * The second step of a sign-in (issue 21 §2) and one's own second factor. The method is looked up by the kind
 * stored with the account, so another kind (an SM2 certificate) plugs in beside TOTP.
 */
const METHODS: Record<string, SecondFactorMethod> = { totp: totpMethod };
const methodOf = (row: Pick<SecondFactorRow, 'kind'>): SecondFactorMethod => {
  const m = METHODS[row.kind];
  if (!m) throw new Error(`no second-factor method ${row.kind}`);
  return m;
};

/** Wrong codes one challenge takes before the password must be typed again (the lockout counts them too). */
const CHALLENGE_TRIES = 5;

const CHALLENGE_GONE = new AppError('unauthenticated', {
  zh: '登录已超时或验证次数过多,请重新输入密码',
  en: 'the sign-in has expired or had too many wrong codes; enter the password again',
});
const WRONG_CODE = new AppError('unauthenticated', {
  zh: '验证码错误或已使用过,请输入验证器应用显示的最新6位验证码',
  en: 'wrong or already used code; enter the latest 6-digit code your authenticator app shows',
});

type StepInput = Pick<LoginInput, 'ip' | 'userAgent'>;

async function liveChallenge(deps: ServiceDeps, challenge: string) {
  const hash = tokenHash(challenge);
  const repo = new SecondFactorRepository(deps.store.db);
  const ch = await repo.challenge(hash);
  if (!ch || ch.expiresAt <= deps.now() || ch.failures >= CHALLENGE_TRIES) {
    if (ch) await repo.deleteChallenge(hash);
    throw CHALLENGE_GONE;
  }
  const user = await new UserRepository(deps.store.db).byId(ch.userId);
  if (!user || user.disabled) {
    await repo.deleteChallenge(hash);
    throw CHALLENGE_GONE;
  }
  return { hash, ch, user };
}

/** POST /api/auth/second-factor/enrol: a role that must have a second factor enrols inside its first sign-in. */
export async function enrolAtSignIn(deps: ServiceDeps, challenge: string): Promise<TotpEnrolment> {
  const { ch, user } = await liveChallenge(deps, challenge);
  if (ch.step !== 'enrol_second_factor')
    throw new AppError('conflict', { zh: '此账号已启用二次验证', en: 'this account already has a second factor' });
  return startEnrolment(deps, user);
}

async function startEnrolment(deps: ServiceDeps, user: UserRow): Promise<TotpEnrolment> {
  const enrolment = totpMethod.enrol(user.username);
  await new SecondFactorRepository(deps.store.db).putPending(
    user.id,
    totpMethod.kind,
    seal(secretKeyOf(deps.config), enrolment.secret),
    deps.now(),
  );
  return enrolment;
}

/**
 * Check a TOTP code against the account's factor, pending or confirmed; answers the step to remember (so the
 * code cannot be used again) or null.
 */
function checkCode(deps: ServiceDeps, factor: SecondFactorRow, code: string): number | null {
  const secret = unseal(secretKeyOf(deps.config), factor.secretSealed);
  return methodOf(factor).verify(secret, code, deps.now(), factor.lastStep);
}

/**
 * POST /api/auth/second-factor: the second step. A 6-digit code from the app or a recovery code (each works
 * once); for a sign-in that enrols, the first code confirms the new factor and the recovery codes are answered
 * once. A wrong code counts toward the lockout like a wrong password, and is audited.
 */
export async function completeSignIn(
  deps: ServiceDeps,
  body: SecondFactorBody,
  input: StepInput,
  requestId: string | null,
): Promise<{ token: string; done: SecondFactorDone }> {
  const { hash, ch, user } = await liveChallenge(deps, body.challenge);
  const now = deps.now();
  const users = new UserRepository(deps.store.db);
  const failures = await users.failuresSince(
    user.username,
    input.ip,
    new Date(now.getTime() - LOCKOUT_MINUTES * MINUTE),
  );
  if (failures.fromAddress >= LOCKOUT_THRESHOLD) {
    await new SecondFactorRepository(deps.store.db).deleteChallenge(hash);
    await recordFailure(deps, requestId, user.username, input, 'locked');
    throw lockedError(new Date(failures.lastFromAddress!.getTime() + LOCKOUT_MINUTES * MINUTE), now);
  }
  const factor = await new SecondFactorRepository(deps.store.db).get(user.id);
  const enrolling = ch.step === 'enrol_second_factor';
  if (!factor || (enrolling ? factor.confirmedAt !== null : factor.confirmedAt === null)) {
    throw new AppError('validation_failed', {
      zh: enrolling ? '请先扫描二维码添加账号' : '此账号的二次验证已被重置,请重新登录',
      en: enrolling ? 'start the enrolment first' : "this account's second factor was reset; sign in again",
    });
  }
  const step = checkCode(deps, factor, body.code);
  const recovery = step === null && !enrolling && looksLikeRecoveryCode(body.code) ? recoveryCodeHash(body.code) : null;
  const recoveryOk = recovery !== null && factor.recoveryCodeHashes.includes(recovery);
  if (step === null && !recoveryOk) {
    await new SecondFactorRepository(deps.store.db).countChallengeFailure(hash);
    const locks = failures.fromAddress + 1 >= LOCKOUT_THRESHOLD;
    await recordFailure(deps, requestId, user.username, input, 'wrong_code', locks);
    if (locks) throw lockedError(new Date(now.getTime() + LOCKOUT_MINUTES * MINUTE), now);
    throw WRONG_CODE;
  }
  const codes = enrolling ? newRecoveryCodes() : null;
  await deps.store.transaction(async (tx) => {
    const repo = new SecondFactorRepository(tx.db);
    await repo.deleteChallenge(hash);
    const audit = { actor: actorOf(user), requestId, now: deps.now };
    const target = { targetType: 'user', targetId: user.id, regionCode: user.scopeCode };
    if (codes) {
      await repo.update(user.id, { confirmedAt: now, lastStep: step, recoveryCodeHashes: codes.map(recoveryCodeHash) });
      await appendAudit(tx, audit, { action: 'auth.second_factor_enrol', ...target, detail: { kind: factor.kind } });
    } else if (recoveryOk) {
      const left = factor.recoveryCodeHashes.filter((h) => h !== recovery);
      await repo.update(user.id, { recoveryCodeHashes: left });
      await appendAudit(tx, audit, {
        action: 'auth.recovery_code_used',
        ...target,
        detail: { ip: input.ip, left: left.length },
      });
    } else {
      await repo.update(user.id, { lastStep: step });
    }
  });
  const { token, session } = await openSession(deps, user, input, requestId);
  return { token, done: { session, recoveryCodes: codes } };
}

const isRequired = (ctx: ServiceDeps, role: Role) => ctx.config.totpRequiredRoles.includes(role);

async function ownFactor(ctx: ServiceContext): Promise<SecondFactorRow | undefined> {
  return new SecondFactorRepository(ctx.store.db).get(ctx.actor.id);
}

/** GET /api/account/security: one's own second factor and password age. */
export async function accountSecurity(ctx: ServiceContext): Promise<AccountSecurity> {
  const user = await new UserRepository(ctx.store.db).byId(ctx.actor.id);
  if (!user) throw new AppError('unauthenticated', { zh: '请先登录', en: 'please log in' });
  const factor = await ownFactor(ctx);
  const confirmed = factor?.confirmedAt ? factor : null;
  const maxAge = ctx.config.passwordMaxAgeDays;
  return {
    secondFactor: {
      kind: confirmed ? 'totp' : null,
      confirmedAt: confirmed?.confirmedAt?.toISOString() ?? null,
      required: isRequired(ctx, ctx.actor.role),
      recoveryCodesLeft: confirmed?.recoveryCodeHashes.length ?? 0,
    },
    passwordChangedAt: user.passwordChangedAt.toISOString(),
    passwordExpiresAt: maxAge ? new Date(user.passwordChangedAt.getTime() + maxAge * 86_400_000).toISOString() : null,
    maxSessions: ctx.config.maxSessions,
  };
}

/** GET /api/account/sign-ins: the account's latest 30 sign-ins, failed ones included. */
export async function recentSignIns(ctx: ServiceContext): Promise<SignInList> {
  const rows = await new UserRepository(ctx.store.db).recentAttempts(ctx.actor.username, 30);
  return {
    items: rows.map((r) => ({ at: r.at.toISOString(), ok: r.ok, ip: r.ip, userAgent: r.userAgent, reason: r.reason })),
  };
}

const ALREADY = new AppError('conflict', {
  zh: '已启用二次验证;如需更换手机,请先停用或请管理员重置',
  en: 'a second factor is already enrolled; disable it or have an administrator reset it first',
});

/** POST /api/account/totp: start enrolling (a new secret; an unconfirmed earlier one is replaced). */
export async function startTotp(ctx: ServiceContext): Promise<TotpEnrolment> {
  if ((await ownFactor(ctx))?.confirmedAt) throw ALREADY;
  const user = await new UserRepository(ctx.store.db).byId(ctx.actor.id);
  return startEnrolment(ctx, user!);
}

/** POST /api/account/totp/confirm: the first code confirms the factor; answers the recovery codes, once. */
export async function confirmTotp(ctx: ServiceContext, body: TotpCodeBody): Promise<RecoveryCodes> {
  const factor = await ownFactor(ctx);
  if (factor?.confirmedAt) throw ALREADY;
  if (!factor)
    throw new AppError('validation_failed', { zh: '请先扫描二维码添加账号', en: 'start the enrolment first' });
  const step = checkCode(ctx, factor, body.code);
  if (step === null) throw codeIssue();
  const codes = newRecoveryCodes();
  await ctx.store.transaction(async (tx) => {
    await new SecondFactorRepository(tx.db).update(ctx.actor.id, {
      confirmedAt: ctx.now(),
      lastStep: step,
      recoveryCodeHashes: codes.map(recoveryCodeHash),
    });
    await appendAudit(tx, ctx, {
      action: 'auth.second_factor_enrol',
      targetType: 'user',
      targetId: ctx.actor.id,
      regionCode: ctx.actor.scopeCode,
      detail: { kind: factor.kind },
    });
  });
  return { codes };
}

function codeIssue(): AppError {
  return new AppError('validation_failed', { zh: '验证码不正确', en: 'wrong code' }, [
    { path: 'code', message: '验证码不正确或已使用过 / wrong or already used code' },
  ]);
}

/** POST /api/account/totp/recovery-codes: new recovery codes (the old ones stop working); needs a current code. */
export async function renewRecoveryCodes(ctx: ServiceContext, body: TotpCodeBody): Promise<RecoveryCodes> {
  const factor = await ownFactor(ctx);
  if (!factor?.confirmedAt)
    throw new AppError('conflict', { zh: '尚未启用二次验证', en: 'no second factor is enrolled' });
  const step = checkCode(ctx, factor, body.code);
  if (step === null) throw codeIssue();
  const codes = newRecoveryCodes();
  await ctx.store.transaction(async (tx) => {
    await new SecondFactorRepository(tx.db).update(ctx.actor.id, {
      lastStep: step,
      recoveryCodeHashes: codes.map(recoveryCodeHash),
    });
    await appendAudit(tx, ctx, {
      action: 'auth.recovery_codes_renew',
      targetType: 'user',
      targetId: ctx.actor.id,
      regionCode: ctx.actor.scopeCode,
    });
  });
  return { codes };
}

/** POST /api/account/totp/disable: turn one's second factor off (with the password); not for a required role. */
export async function disableTotp(ctx: ServiceContext, body: TotpDisableBody): Promise<void> {
  if (isRequired(ctx, ctx.actor.role))
    throw new AppError('forbidden', {
      zh: '您的角色必须使用二次验证,不能停用;更换手机请联系管理员重置',
      en: 'your role must use a second factor; ask an administrator to reset it to change phones',
    });
  const user = await new UserRepository(ctx.store.db).byId(ctx.actor.id);
  if (!user || !(await ctx.hasher.verify(user.passwordHash, body.password)))
    throw new AppError('validation_failed', { zh: '密码不正确', en: 'wrong password' }, [
      { path: 'password', message: '密码不正确 / wrong password' },
    ]);
  await ctx.store.transaction(async (tx) => {
    if (!(await new SecondFactorRepository(tx.db).delete(ctx.actor.id))) return;
    await appendAudit(tx, ctx, {
      action: 'auth.second_factor_disable',
      targetType: 'user',
      targetId: ctx.actor.id,
      regionCode: ctx.actor.scopeCode,
    });
  });
}

/**
 * POST /api/users/:id/second-factor/reset: an administrator removes a user's second factor (a lost phone); the
 * user enrols again at the next sign-in if the role requires one. Audited.
 */
export async function resetSecondFactor(ctx: ServiceContext, id: string): Promise<UserView> {
  const u = await loadUser(ctx, id);
  await ctx.store.transaction(async (tx) => {
    const had = await new SecondFactorRepository(tx.db).delete(u.id);
    await appendAudit(tx, ctx, {
      action: 'user.second_factor_reset',
      targetType: 'user',
      targetId: u.id,
      regionCode: u.scopeCode,
      detail: { had },
    });
  });
  return getUser(ctx, id);
}
