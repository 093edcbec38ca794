import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newRecoveryCodes, recoveryCodeHash, totpCode, totpMethod } from '../../src/auth/second-factor.js';
import { seal, unseal } from '../../src/auth/secrets.js';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII "12345678901234567890" (base32 below); 6 digits are the
// last six of the 8-digit values in its table.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const VECTORS: [seconds: number, code: string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('gives the test vector at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, new Date(seconds * 1000))).toBe(code);
  });

  it('accepts a code one step either side, never the same step twice, nor a step before the last', () => {
    const at = new Date(1111111109 * 1000);
    const step = Math.floor(1111111109 / 30);
    expect(totpMethod.verify(RFC_SECRET, '081804', at, null)).toBe(step);
    expect(totpMethod.verify(RFC_SECRET, '081 804', new Date(at.getTime() + 30_000), null)).toBe(step);
    expect(totpMethod.verify(RFC_SECRET, '081804', at, step)).toBeNull();
    expect(totpMethod.verify(RFC_SECRET, '081804', new Date(at.getTime() + 90_000), null)).toBeNull();
    expect(totpMethod.verify(RFC_SECRET, 'abcdef', at, null)).toBeNull();
  });

  it('enrols with a fresh 160-bit secret and an otpauth URI', () => {
    const a = totpMethod.enrol('jiancha');
    const b = totpMethod.enrol('jiancha');
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret).toHaveLength(32);
    expect(a.uri).toMatch(/^otpauth:\/\/totp\/.+jiancha\?.*secret=/);
  });
});

describe('recovery codes and sealed secrets', () => {
  it('makes ten distinct codes, hashed whatever the case and dashes', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(recoveryCodeHash(codes[0]!.toUpperCase().replace('-', ''))).toBe(recoveryCodeHash(codes[0]!));
  });

  it('seals with AES-256-GCM: round trip, and a changed byte or another key is refused', () => {
    const key = randomBytes(32);
    const sealed = seal(key, RFC_SECRET);
    expect(sealed).not.toContain(RFC_SECRET);
    expect(unseal(key, sealed)).toBe(RFC_SECRET);
    expect(() => unseal(randomBytes(32), sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA');
    expect(() => unseal(key, parts.join('.'))).toThrow();
  });
});
