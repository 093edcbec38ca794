/** User administration contracts (county administrators; `dixian user add` uses the same rules). */
import { z } from 'zod';
import { Department, Role } from '../enums.js';
import { Id, Instant, PageQuery, RegionCode, Version, pageOf, text } from './common.js';

export const Username = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9_.-]{1,31}$/,
    '用户名为2–32位小写字母、数字、_ . -,以字母开头 / username: 2–32 lower-case letters, digits, _ . -, starting with a letter',
  );

export const UserView = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(Role.values),
    scopeCode: z.string(),
    department: z.enum(Department.values).nullable(),
    phone: z.string().nullable().describe('masked'),
    email: z.string().nullable().describe('masked; where reminders are e-mailed (issue 15 §4)'),
    disabled: z.boolean(),
    demo: z.boolean().describe('a demo account of the sample county (published password): disable before going live'),
    mustChangePassword: z.boolean(),
    secondFactor: z.boolean().describe('a second factor (TOTP) is enrolled'),
    lockedUntil: Instant.nullable().describe(
      'locked out of signing in from some address until then (5 failures in 15 min)',
    ),
    lastLoginAt: Instant.nullable(),
    activeSessions: z.number().int().describe('sessions signed in and not idle'),
    lastSeenAt: Instant.nullable().describe('the latest request of any active session'),
    createdAt: Instant,
    version: z.number().int(),
    personMemberId: z
      .string()
      .nullable()
      .describe("the user's own person record (a member of the register), for the 优亲厚友 check (S3 二)"),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserView>;

export const UserListQuery = PageQuery.extend({
  q: z.string().trim().max(64).optional(),
  role: z.enum(Role.values).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const UserPage = pageOf(UserView);
export type UserPage = z.infer<typeof UserPage>;

export const UserCreateBody = z
  .object({
    username: Username,
    displayName: text(64),
    role: z.enum(Role.values),
    scopeCode: RegionCode,
    department: z.enum(Department.values).nullish(),
    phone: z.string().trim().max(32).nullish(),
    /** where reminders are e-mailed when the server sends e-mail (DIXIAN_SMTP_URL) */
    email: z.email().max(254).nullish(),
    password: z.string().min(1).max(256),
    personIdNumber: z
      .string()
      .trim()
      .max(18)
      .nullish()
      .describe("the user's own ID number: links the account to their person record (优亲厚友 check, S3 二)"),
  })
  .strict();
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z
  .object({
    version: Version,
    displayName: text(64).optional(),
    role: z.enum(Role.values).optional(),
    scopeCode: RegionCode.optional(),
    department: z.enum(Department.values).nullish(),
    phone: z.string().trim().max(32).nullish(),
    email: z.email().max(254).nullish(),
    disabled: z.boolean().optional(),
    personIdNumber: z
      .string()
      .trim()
      .max(18)
      .nullish()
      .describe("the user's own ID number: links the account to their person record (优亲厚友 check); null unlinks"),
  })
  .strict();
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

/** An administrator sets a temporary password; the user must change it at next login. */
export const UserPasswordResetBody = z.object({ password: z.string().min(1).max(256) }).strict();
export type UserPasswordResetBody = z.infer<typeof UserPasswordResetBody>;

/** One signed-in session of a user, for the administrator (who is signed in, from where, since when). */
export const UserSessionView = z
  .object({
    id: z.string().describe('an opaque handle of the session (never its token)'),
    createdAt: Instant,
    lastSeenAt: Instant,
    expiresAt: Instant,
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'UserSession' });
export type UserSessionView = z.infer<typeof UserSessionView>;

export const UserSessionList = z.object({ items: z.array(UserSessionView) });
export type UserSessionList = z.infer<typeof UserSessionList>;

export const UserSessionParams = z.object({
  id: Id,
  sessionId: z.string().regex(/^[0-9a-f]{16}$/, '会话标识应为16位十六进制 / a session id is 16 hex digits'),
});
export type UserSessionParams = z.infer<typeof UserSessionParams>;
