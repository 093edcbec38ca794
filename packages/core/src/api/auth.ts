/** Login, session and password contracts (POST /api/auth/login, GET /api/auth/me, …). */
import { z } from 'zod';
import { Department, Role } from '../enums.js';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** The signed-in user as they see themselves. */
export const SessionUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(Role.values),
  scopeCode: z.string(),
  scopeName: z.string().nullable(),
  department: z.enum(Department.values).nullable(),
  mustChangePassword: z.boolean(),
});
export type SessionUser = z.infer<typeof SessionUser>;

/**
 * Answer of login and me: the user, the CSRF token every state-changing request must echo in the
 * `x-csrf-token` header, the actions the role allows (for the UI; the server still checks), and the idle
 * timeout.
 */
export const SessionView = z
  .object({
    user: SessionUser,
    csrfToken: z.string(),
    abilities: z.array(z.string()),
    idleMinutes: z.number().int(),
  })
  .meta({ id: 'Session' });
export type SessionView = z.infer<typeof SessionView>;

export const PasswordChangeBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

/** The name of the session cookie and of the CSRF header. */
export const SESSION_COOKIE = 'dixian_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Login's answer when the password was right but a second step must follow (issue 21 §2): the challenge to send
 * with it (good for five minutes), and whether the account has a second factor (`second_factor`) or, being of a
 * role that must have one, enrols during this sign-in (`enrol_second_factor`). No session exists yet.
 */
export const LoginStep = z
  .object({
    next: z.enum(['second_factor', 'enrol_second_factor']),
    challenge: z.string(),
  })
  .meta({ id: 'LoginStep' });
export type LoginStep = z.infer<typeof LoginStep>;

export const LoginAnswer = z.union([SessionView, LoginStep]);
export type LoginAnswer = z.infer<typeof LoginAnswer>;

export const Challenge = z.string().min(1).max(128);

export const SecondFactorBody = z.object({
  challenge: Challenge,
  /** a 6-digit code from the authenticator app, or one of the recovery codes */
  code: z.string().trim().min(1).max(32),
});
export type SecondFactorBody = z.infer<typeof SecondFactorBody>;

export const SecondFactorEnrolBody = z.object({ challenge: Challenge });
export type SecondFactorEnrolBody = z.infer<typeof SecondFactorEnrolBody>;

/** A TOTP secret being enrolled: the base32 secret for typing in, and the otpauth:// URI for the QR code. */
export const TotpEnrolment = z.object({ secret: z.string(), uri: z.string() }).meta({ id: 'TotpEnrolment' });
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

/** The second step's answer: the session, and the recovery codes when this sign-in enrolled (shown once). */
export const SecondFactorDone = z.object({
  session: SessionView,
  recoveryCodes: z.array(z.string()).nullable(),
});
export type SecondFactorDone = z.infer<typeof SecondFactorDone>;
