/** One's own account security (issue 21 §2, §5): second factor, recovery codes, recent sign-ins. */
import { z } from 'zod';
import { Instant } from './common.js';

export const AccountSecurity = z
  .object({
    secondFactor: z.object({
      kind: z.enum(['totp']).nullable().describe('null: none confirmed'),
      confirmedAt: Instant.nullable(),
      /** the role must sign in with a second factor (DIXIAN_TOTP_REQUIRED_ROLES), so it cannot be turned off */
      required: z.boolean(),
      recoveryCodesLeft: z.number().int(),
    }),
    passwordChangedAt: Instant,
    /** null: passwords do not expire (DIXIAN_PASSWORD_MAX_AGE_DAYS=0) */
    passwordExpiresAt: Instant.nullable(),
    maxSessions: z.number().int().describe('0: no limit'),
  })
  .meta({ id: 'AccountSecurity' });
export type AccountSecurity = z.infer<typeof AccountSecurity>;

export const SignInView = z.object({
  at: Instant,
  ok: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** why it failed: wrong_password, wrong_code, disabled, locked, inactive, second_factor_missing */
  reason: z.string().nullable(),
});
export type SignInView = z.infer<typeof SignInView>;

export const SignInList = z.object({ items: z.array(SignInView) }).meta({ id: 'SignInList' });
export type SignInList = z.infer<typeof SignInList>;

export const TotpCodeBody = z.object({ code: z.string().trim().min(1).max(32) });
export type TotpCodeBody = z.infer<typeof TotpCodeBody>;

export const RecoveryCodes = z.object({ codes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const TotpDisableBody = z.object({ password: z.string().min(1).max(256) });
export type TotpDisableBody = z.infer<typeof TotpDisableBody>;
