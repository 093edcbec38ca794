import { createHash, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * The steps of a sign-in after the password. Each kind of second factor is one `SecondFactorMethod`; TOTP
 * (RFC 6238) is the one built. An SM2 certificate login (国密) would be another method with its own enrolment
 * (register the certificate) and check (verify a signed challenge), plugged into the same challenge step of
 * `auth.service.ts` without changing the password step or the session.
 */
export interface SecondFactorMethod {
  readonly kind: string;
  /** A new secret for enrolment, and what the user's device needs to learn it (for TOTP: an otpauth URI). */
  enrol(accountName: string): { secret: string; uri: string };
  /** The time step a response proves, or null. `lastStep`: the newest step accepted before (no replays). */
  verify(secret: string, response: string, now: Date, lastStep: number | null): number | null;
}

export const TOTP_ISSUER = '防返贫监测';
const PERIOD = 30;

export const totpMethod: SecondFactorMethod = {
  kind: 'totp',
  enrol(accountName) {
    const secret = new Secret({ size: 20 });
    const totp = new TOTP({
      issuer: TOTP_ISSUER,
      label: accountName,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD,
      secret,
    });
    return { secret: secret.base32, uri: totp.toString() };
  },
  verify(secret, response, now, lastStep) {
    const token = response.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
    // one step either side, for clocks a little apart
    const delta = totp.validate({ token, timestamp: now.getTime(), window: 1 });
    if (delta === null) return null;
    const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
    return lastStep !== null && step <= lastStep ? null : step;
  },
};

/** The code a TOTP secret gives at a moment (tests and the demo's enrolment helper). */
export function totpCode(secret: string, at: Date): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) }).generate({
    timestamp: at.getTime(),
  });
}

/** Recovery codes: ten of ten characters from an alphabet without look-alikes (about 50 bits each). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODES = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** Recovery codes are random, not chosen by people, so a plain SHA-256 keeps them as safe as session tokens. */
export function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase().replace(/[\s-]/g, '')).digest('hex');
}

export function looksLikeRecoveryCode(response: string): boolean {
  return /^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(response.trim());
}
