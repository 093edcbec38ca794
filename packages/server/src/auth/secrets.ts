import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/env.js';

/**
 * Secrets at rest (second-factor seeds): AES-256-GCM under the server's key, stored as
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. The key comes from DIXIAN_SECRET_KEY or, without it, from
 * `secret.key` in `<data dir>-keys`, created (mode 0600) the first time it is needed: beside the data directory,
 * never inside it, so a backup of the database does not carry the key that opens its secrets.
 */
const keys = new Map<string, Buffer>();

export function secretKeyOf(config: Pick<Config, 'secretKey' | 'dataDir'>): Buffer {
  if (config.secretKey) return config.secretKey;
  const dir = `${path.resolve(config.dataDir)}-keys`;
  const file = path.join(dir, 'secret.key');
  let key = keys.get(file);
  if (key) return key;
  try {
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    key = randomBytes(32);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // 'wx': if another process created it meanwhile, fail rather than overwrite, and read theirs
    try {
      writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch {
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    }
  }
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key in base64`);
  keys.set(file, key);
  return key;
}

export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
