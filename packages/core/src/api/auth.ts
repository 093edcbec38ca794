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
