import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FIELD_CIPHERS,
  fileKeyIdOf,
  openBytesWith,
  sealBytesWith,
  type FieldKey,
} from '../../src/security/field-cipher.js';
import { photoKeyCounts, readPhoto, stagePhoto, keepPhoto } from '../../src/services/photo-files.js';
import { activeFieldKeys } from '../../src/security/field-keys.js';
import '../support/field-keys.js';

/** Issue 18 §3: a visit's photo is sealed whole at rest, with the field keys, in binary. */
describe('sealed files', () => {
  const keyOf = (cipher: (typeof FIELD_CIPHERS)[number], id = 'k1'): FieldKey => ({
    id,
    cipher,
    secret: randomBytes(32),
  });

  it.each(FIELD_CIPHERS)('%s: opens to the same bytes, refuses an altered byte and another key', (cipher) => {
    const key = keyOf(cipher);
    const plain = randomBytes(5000);
    const sealed = sealBytesWith(key, plain);
    expect(fileKeyIdOf(sealed)).toBe('k1');
    expect(sealed.length).toBeLessThan(plain.length + 64);
    expect(sealed.includes(plain.subarray(0, 32))).toBe(false);
    expect(openBytesWith(key, sealed)?.equals(plain)).toBe(true);
    const altered = Buffer.from(sealed);
    altered[altered.length - 100]! ^= 1;
    expect(openBytesWith(key, altered)).toBeUndefined();
    expect(openBytesWith(keyOf(cipher), sealed)).toBeUndefined();
    // equal photos do not seal to equal files
    expect(sealBytesWith(key, plain).equals(sealed)).toBe(false);
  });

  it('a stored photo reads back, and the keys that sealed the directory are counted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-photos-'));
    const id = crypto.randomUUID();
    const bytes = randomBytes(1000);
    const temp = await stagePhoto(dir, id, bytes);
    expect(await readPhoto(dir, id)).toBeUndefined();
    await keepPhoto(dir, id, temp);
    expect((await readPhoto(dir, id))?.equals(bytes)).toBe(true);
    expect(fs.statSync(path.join(dir, id)).mode & 0o777).toBe(0o600);
    expect([...(await photoKeyCounts(dir))]).toEqual([[activeFieldKeys()!.current.id, 1]]);
    expect(await photoKeyCounts(path.join(dir, 'missing'))).toEqual(new Map());
    fs.rmSync(dir, { recursive: true });
  });
});
