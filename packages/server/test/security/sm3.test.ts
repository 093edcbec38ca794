/**
 * The JavaScript HMAC-SM3 that seals fields and makes blind indexes gives OpenSSL's bytes: the standard's own
 * examples (GB/T 32905-2016, appendix A), and random keys and messages of every length around the block edges.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndexWith, openWith, sealWith, type FieldKey } from '../../src/security/field-cipher.js';
import { HmacSm3, sm3 } from '../../src/security/sm3.js';

describe('SM3 and HMAC-SM3 in JavaScript', () => {
  it('hashes the examples of GB/T 32905-2016 appendix A', () => {
    expect(sm3(Buffer.from('abc')).toString('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
    expect(sm3(Buffer.from('abcd'.repeat(16))).toString('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('agrees with OpenSSL on random keys and messages of 0 to 300 bytes, text and bytes', () => {
    for (let len = 0; len <= 300; len++) {
      const data = randomBytes(len);
      expect(sm3(data).equals(createHash('sm3').update(data).digest()), `sm3 of ${len} bytes`).toBe(true);
      const key = randomBytes(len % 3 === 0 ? 32 : 1 + ((len * 7) % 100));
      const hmac = new HmacSm3(key);
      const text = `enc1:k${len}:s:中文${len}`;
      const from = len >> 2;
      const want = createHmac('sm3', key).update(text).update(data.subarray(from)).digest();
      expect(hmac.digest(text, data, from).equals(want), `hmac of ${len} bytes`).toBe(true);
      expect(hmac.digest(text).equals(createHmac('sm3', key).update(text).digest())).toBe(true);
    }
  });
});

describe('SM4 field tokens made with sm3.ts', () => {
  const key: FieldKey = { id: 'k1', cipher: 'sm4', secret: randomBytes(32) };
  const enc = Buffer.from(hkdfSync('sm3', key.secret, Buffer.alloc(0), 'dixian field enc', 16));
  const mac = Buffer.from(hkdfSync('sm3', key.secret, Buffer.alloc(0), 'dixian field mac', 32));

  it('are SM4-CTR then an HMAC-SM3 tag as OpenSSL makes them, and OpenSSL-made tokens open', () => {
    for (const plain of ['220681196804120015', '高血压', '', 'x'.repeat(5000)]) {
      const token = sealWith(key, plain);
      const raw = Buffer.from(token.split(':')[3]!, 'base64url');
      const [iv, ct, tag] = [raw.subarray(0, 16), raw.subarray(16, raw.length - 16), raw.subarray(raw.length - 16)];
      const want = createHmac('sm3', mac).update('k1:s:').update(iv).update(ct).digest().subarray(0, 16);
      expect(tag.equals(want)).toBe(true);
      const d = createDecipheriv('sm4-ctr', enc, iv);
      expect(Buffer.concat([d.update(ct), d.final()]).toString('utf8')).toBe(plain);

      const iv2 = randomBytes(16);
      const c = createCipheriv('sm4-ctr', enc, iv2);
      const ct2 = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      const tag2 = createHmac('sm3', mac).update('k1:s:').update(iv2).update(ct2).digest().subarray(0, 16);
      const made = `enc1:k1:s:${Buffer.concat([iv2, ct2, tag2]).toString('base64url')}`;
      expect(openWith(key, made)).toEqual({ kind: 's', plain });
      // one bit changed anywhere: the tag refuses it
      const bad = Buffer.concat([iv2, ct2, tag2]);
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 1;
      expect(openWith(key, `enc1:k1:s:${bad.toString('base64url')}`)).toBeUndefined();
    }
    expect(blindIndexWith(key, '220681196804120015')).toBe(
      createHmac('sm3', mac).update('220681196804120015').digest('hex').slice(0, 32),
    );
  });
});
