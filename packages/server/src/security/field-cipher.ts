import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { HmacSm3 } from './sm3.js';

/**
 * Sensitive fields at rest (ID numbers, phones, diagnoses): each value sealed on its own, as a token
 * `enc1:<key id>:<s|j>:<base64url>`, where `s` holds a string and `j` a JSON value. Two ciphers, a setting:
 * - `sm4` (国密, GB/T 32907): SM4-CTR, then HMAC-SM3 over key id, kind, IV and ciphertext (encrypt-then-MAC,
 *   the tag cut to 16 bytes); OpenSSL 3 has SM4 and SM3 but no SM4-GCM.
 * - `aes-256-gcm` where 国密 is not required.
 * The blind index of an ID number is a keyed HMAC (SM3 with sm4 keys, SHA-256 otherwise) under a key of its
 * own, so equality search and feed matching run in SQL without the database ever holding the number.
 */
export type FieldCipherName = 'sm4' | 'aes-256-gcm';
export const FIELD_CIPHERS: readonly FieldCipherName[] = ['sm4', 'aes-256-gcm'];

export interface FieldKey {
  id: string;
  cipher: FieldCipherName;
  /** 32 random bytes; the cipher and MAC keys are derived from it */
  secret: Buffer;
}

const TOKEN = /^enc1:([a-z0-9]{1,12}):([sj]):([A-Za-z0-9_-]+)$/;
export const TOKEN_PREFIX = 'enc1:';

export function isSealed(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && TOKEN.test(value);
}

/** The id of the key a token was sealed with (undefined: not a token). */
export function keyIdOf(value: string): string | undefined {
  return TOKEN.exec(value)?.[1];
}

interface Derived {
  key: FieldKey;
  enc: Buffer;
  mac: Buffer;
  /** HMAC-SM3 under `mac` (SM4 keys), its pads absorbed once (sm3.ts), and where it writes a tag */
  sm3?: HmacSm3;
  tag: Buffer;
  /** SM4-CTR keystream made ahead (see `sm4Keystream`) */
  stream?: { iv: Buffer; bytes: Buffer; at: number };
}

const derivedCache = new WeakMap<FieldKey, Derived>();
function derive(key: FieldKey): Derived {
  let d = derivedCache.get(key);
  if (!d) {
    const digest = key.cipher === 'sm4' ? 'sm3' : 'sha256';
    const enc = Buffer.from(
      hkdfSync(digest, key.secret, Buffer.alloc(0), 'dixian field enc', key.cipher === 'sm4' ? 16 : 32),
    );
    const mac = Buffer.from(hkdfSync(digest, key.secret, Buffer.alloc(0), 'dixian field mac', 32));
    const tag = Buffer.alloc(32);
    d = key.cipher === 'sm4' ? { key, enc, mac, sm3: new HmacSm3(mac), tag } : { key, enc, mac, tag };
    derivedCache.set(key, d);
  }
  return d;
}

// IVs drawn from a pooled buffer: one randomBytes call per 4,096 values instead of one per value (a third of the
// cost of sealing a short value, measured)
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function freshIv(length: number): Buffer {
  if (ivAt + length > ivPool.length) {
    ivPool = randomBytes(16 * 4096);
    ivAt = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivAt, ivAt + length));
  ivAt += length;
  return iv;
}

/** Keystream blocks made per SM4-CTR call: 4,096 (64 KiB), enough for a thousand ID numbers. */
const STREAM_BYTES = 16 * 4096;

/**
 * The SM4-CTR keystream for a value of `length` bytes, and the IV whose counter starts it. Creating a cipher per
 * value cost as much as the rest of sealing it (bench/reports/import.md), so the keystream of a random IV is made
 * 4,096 blocks at a time and handed out in whole blocks, each value starting at the next unused block: its IV is
 * the random IV plus that block's number (a 128-bit big-endian counter, as CTR counts), so the token is exactly
 * what a cipher created at that IV gives, and opens as any other. No block is handed out twice, and the random IVs
 * of successive runs collide no more than the per-value random IVs did.
 */
function sm4Keystream(d: Derived, length: number, ivOut: Buffer): [stream: Buffer, from: number] {
  const blocks = Math.max(1, Math.ceil(length / 16));
  if (blocks * 16 > STREAM_BYTES) {
    const iv = freshIv(16);
    iv.copy(ivOut);
    const c = createCipheriv('sm4-ctr', d.enc, iv);
    return [Buffer.concat([c.update(Buffer.alloc(blocks * 16)), c.final()]), 0];
  }
  let s = d.stream;
  if (!s || s.at + blocks * 16 > s.bytes.length) {
    const iv = freshIv(16);
    s = d.stream = { iv, bytes: createCipheriv('sm4-ctr', d.enc, iv).update(Buffer.alloc(STREAM_BYTES)), at: 0 };
  }
  s.iv.copy(ivOut);
  let carry = s.at / 16;
  for (let i = 15; i >= 0 && carry; i--) {
    const sum = ivOut[i]! + (carry & 0xff);
    ivOut[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  const from = s.at;
  s.at += blocks * 16;
  return [s.bytes, from];
}

function header(key: FieldKey, kind: 's' | 'j'): string {
  return `${TOKEN_PREFIX}${key.id}:${kind}:`;
}

/** IV, ciphertext and tag of an SM4 seal are written here, then read out once as base64url. */
let sealScratch = Buffer.allocUnsafe(4096);

/** The 16-byte tag of IV and ciphertext (bytes `start` to `end` of `raw`), written into `out` at `at`. */
function sm4Tag(d: Derived, kind: string, raw: Buffer, start: number, end: number, out: Buffer, at: number): void {
  d.sm3!.digestInto(d.tag, `${d.key.id}:${kind}:`, raw, start, end);
  out.set(d.tag.subarray(0, 16), at);
}

export function sealWith(key: FieldKey, plain: string, kind: 's' | 'j' = 's'): string {
  const d = derive(key);
  if (key.cipher === 'sm4') {
    if (sealScratch.length < 32 + plain.length * 3) sealScratch = Buffer.allocUnsafe(32 + plain.length * 3);
    const raw = sealScratch;
    const n = raw.write(plain, 16, 'utf8');
    const [stream, from] = sm4Keystream(d, n, raw);
    for (let i = 0; i < n; i++) raw[16 + i] = raw[16 + i]! ^ stream[from + i]!;
    sm4Tag(d, kind, raw, 0, 16 + n, raw, 16 + n);
    return header(key, kind) + raw.toString('base64url', 0, 32 + n);
  }
  const iv = freshIv(12);
  const c = createCipheriv('aes-256-gcm', d.enc, iv);
  c.setAAD(Buffer.from(`${key.id}:${kind}:`));
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return header(key, kind) + Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64url');
}

/** The plain text of a token, or undefined when the key does not open it (wrong key, altered bytes). */
export function openWith(key: FieldKey, token: string): { kind: 's' | 'j'; plain: string } | undefined {
  const m = TOKEN.exec(token);
  if (!m || m[1] !== key.id) return undefined;
  const kind = m[2] as 's' | 'j';
  const raw = Buffer.from(m[3]!, 'base64url');
  const d = derive(key);
  try {
    if (key.cipher === 'sm4') {
      if (raw.length < 32) return undefined;
      const tag = Buffer.allocUnsafe(16);
      sm4Tag(d, kind, raw, 0, raw.length - 16, tag, 0);
      if (!timingSafeEqual(raw.subarray(raw.length - 16), tag)) return undefined;
      const c = createDecipheriv('sm4-ctr', d.enc, raw.subarray(0, 16));
      return { kind, plain: Buffer.concat([c.update(raw.subarray(16, raw.length - 16)), c.final()]).toString('utf8') };
    }
    if (raw.length < 28) return undefined;
    const c = createDecipheriv('aes-256-gcm', d.enc, raw.subarray(0, 12));
    c.setAAD(Buffer.from(`${key.id}:${kind}:`));
    c.setAuthTag(raw.subarray(raw.length - 16));
    return { kind, plain: Buffer.concat([c.update(raw.subarray(12, raw.length - 16)), c.final()]).toString('utf8') };
  } catch {
    return undefined;
  }
}

/** The blind index of a normalised value: 32 hex digits of a keyed HMAC. */
export function blindIndexWith(key: FieldKey, value: string): string {
  const d = derive(key);
  if (d.sm3) {
    d.sm3.digestInto(d.tag, value);
    return d.tag.toString('hex', 0, 16);
  }
  return createHmac('sha256', d.mac).update(value, 'utf8').digest('hex').slice(0, 32);
}

/**
 * A file sealed whole (a visit's photo, issue 18): `DXB1`, the key id's length and the key id, then IV, ciphertext
 * and tag as for a token (kind `b`), in binary: a photo does not grow by a third as base64 text would.
 */
const FILE_MAGIC = Buffer.from('DXB1');

/** A file's tag: OpenSSL's SM3 is faster per byte on megabytes than sm3.ts, and one native object a file is nothing. */
function fileTag(d: Derived, iv: Buffer, ct: Buffer): Buffer {
  return createHmac('sm3', d.mac).update(`${d.key.id}:b:`).update(iv).update(ct).digest().subarray(0, 16);
}

export function sealBytesWith(key: FieldKey, plain: Buffer): Buffer {
  const d = derive(key);
  const head = Buffer.concat([FILE_MAGIC, Buffer.from([key.id.length]), Buffer.from(key.id)]);
  if (key.cipher === 'sm4') {
    const iv = freshIv(16);
    const c = createCipheriv('sm4-ctr', d.enc, iv);
    const ct = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([head, iv, ct, fileTag(d, iv, ct)]);
  }
  const iv = freshIv(12);
  const c = createCipheriv('aes-256-gcm', d.enc, iv);
  c.setAAD(Buffer.from(`${key.id}:b:`));
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([head, iv, ct, c.getAuthTag()]);
}

/** The key id a sealed file names (undefined: not a sealed file). */
export function fileKeyIdOf(sealed: Buffer): string | undefined {
  if (sealed.length < 5 || !sealed.subarray(0, 4).equals(FILE_MAGIC)) return undefined;
  return sealed.subarray(5, 5 + sealed[4]!).toString();
}

/** The bytes of a sealed file, or undefined when the key does not open it (wrong key, altered bytes). */
export function openBytesWith(key: FieldKey, sealed: Buffer): Buffer | undefined {
  if (fileKeyIdOf(sealed) !== key.id) return undefined;
  const raw = sealed.subarray(5 + key.id.length);
  const d = derive(key);
  try {
    if (key.cipher === 'sm4') {
      if (raw.length < 32) return undefined;
      const iv = raw.subarray(0, 16);
      const ct = raw.subarray(16, raw.length - 16);
      if (!timingSafeEqual(raw.subarray(raw.length - 16), fileTag(d, iv, ct))) return undefined;
      const c = createDecipheriv('sm4-ctr', d.enc, iv);
      return Buffer.concat([c.update(ct), c.final()]);
    }
    if (raw.length < 28) return undefined;
    const c = createDecipheriv('aes-256-gcm', d.enc, raw.subarray(0, 12));
    c.setAAD(Buffer.from(`${key.id}:b:`));
    c.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([c.update(raw.subarray(12, raw.length - 16)), c.final()]);
  } catch {
    return undefined;
  }
}
