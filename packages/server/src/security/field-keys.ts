import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config/env.js';
import {
  FIELD_CIPHERS,
  blindIndexWith,
  keyIdOf,
  openWith,
  sealWith,
  sealBytesWith,
  openBytesWith,
  fileKeyIdOf,
  type FieldCipherName,
  type FieldKey,
} from './field-cipher.js';

/**
 * The keys of the sealed fields, kept outside the database: a JSON key file (`field-keys.json` in
 * `<data dir>-keys`, mode 0600, created on first start; or DIXIAN_FIELD_KEYS_FILE), or the same JSON in
 * DIXIAN_FIELD_KEYS (base64) for containers. One key seals, every key listed opens, so a rotation
 * (`dixian keys rotate`) adds a key, re-seals the rows under it, and the old key can then be retired. The blind
 * index key is separate and stays: changing it would change every stored index.
 *
 * One keyring per process: the server, the CLI and the test runner load it once at start (`useFieldKeys`).
 */
const KeyEntry = z.object({
  id: z.string().regex(/^[a-z0-9]{1,12}$/),
  cipher: z.enum(FIELD_CIPHERS as [FieldCipherName, ...FieldCipherName[]]),
  secret: z.string(),
  created: z.string(),
});
const KeyFile = z.object({
  version: z.literal(1),
  current: z.string(),
  index: KeyEntry,
  keys: z.array(KeyEntry).min(1),
});
type KeyFile = z.infer<typeof KeyFile>;

export interface FieldKeyring {
  current: FieldKey;
  keys: ReadonlyMap<string, FieldKey>;
  index: FieldKey;
  /** the file it was read from (a rotation by another process is picked up from it); undefined: environment */
  file: string | undefined;
}

function toKey(e: z.infer<typeof KeyEntry>): FieldKey {
  const secret = Buffer.from(e.secret, 'base64');
  if (secret.length !== 32) throw new Error(`field key ${e.id} is not 32 bytes in base64`);
  return { id: e.id, cipher: e.cipher, secret };
}

export function parseKeyring(text: string, file: string | undefined): FieldKeyring {
  let parsed: KeyFile;
  try {
    parsed = KeyFile.parse(JSON.parse(text));
  } catch (err) {
    throw new Error(`${file ?? 'DIXIAN_FIELD_KEYS'} is not a dixian field key file: ${(err as Error).message}`);
  }
  const keys = new Map(parsed.keys.map((e) => [e.id, toKey(e)]));
  const current = keys.get(parsed.current);
  if (!current) throw new Error(`${file ?? 'DIXIAN_FIELD_KEYS'}: the current key ${parsed.current} is not listed`);
  return { current, keys, index: toKey(parsed.index), file };
}

const entry = (id: string, cipher: FieldCipherName) => ({
  id,
  cipher,
  secret: randomBytes(32).toString('base64'),
  created: new Date().toISOString(),
});

// random ids: two installations' keys never share one, so a backup names exactly the key it needs
const newId = (prefix: 'k' | 'i') => `${prefix}${randomBytes(4).toString('hex')}`;

export function newKeyFile(cipher: FieldCipherName): KeyFile {
  const first = newId('k');
  return { version: 1, current: first, index: entry(newId('i'), cipher), keys: [entry(first, cipher)] };
}

function writeKeyFile(file: string, content: KeyFile, flag: 'w' | 'wx'): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = JSON.stringify(content, null, 2) + '\n';
  if (flag === 'wx') {
    writeFileSync(file, text, { mode: 0o600, flag });
    return;
  }
  // a rotation replaces the file whole, so a crash leaves the old or the new keyring, never half of one
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

export function keyFileOf(config: Pick<Config, 'dataDir' | 'fieldKeysFile'>): string {
  return config.fieldKeysFile ?? path.join(`${path.resolve(config.dataDir)}-keys`, 'field-keys.json');
}

/** The keyring of this installation, created (with the configured cipher) the first time. */
export function loadFieldKeys(
  config: Pick<Config, 'dataDir' | 'fieldKeysFile' | 'fieldKeys' | 'fieldCipher'>,
): FieldKeyring {
  if (config.fieldKeys) return parseKeyring(Buffer.from(config.fieldKeys, 'base64').toString('utf8'), undefined);
  const file = keyFileOf(config);
  try {
    return parseKeyring(readFileSync(file, 'utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    writeKeyFile(file, newKeyFile(config.fieldCipher), 'wx');
  } catch (err) {
    // another process created it meanwhile: use theirs
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return parseKeyring(readFileSync(file, 'utf8'), file);
}

/** Adds a key with the given cipher and makes it the one that seals; returns its id. */
export function addFieldKey(file: string, cipher: FieldCipherName): string {
  const content = KeyFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const id = newId('k');
  content.keys.push(entry(id, cipher));
  content.current = id;
  writeKeyFile(file, content, 'w');
  return id;
}

/** Removes a key nothing is sealed with any more (the caller checks that). */
export function removeFieldKey(file: string, id: string): void {
  const content = KeyFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  if (content.current === id) throw new Error(`key ${id} seals new values; rotate to another key first`);
  if (!content.keys.some((k) => k.id === id)) throw new Error(`${file} holds no key ${id}`);
  content.keys = content.keys.filter((k) => k.id !== id);
  writeKeyFile(file, content, 'w');
}

// ------------------------------------------------------------------------------------------------
// The process's keyring

let active: FieldKeyring | undefined;
let reloadedAt = 0;
let checkedAt = 0;
let fileTime = 0;

export function useFieldKeys(ring: FieldKeyring | undefined): void {
  active = ring;
  fileTime = ring?.file ? mtimeOf(ring.file) : 0;
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** A server that runs through `dixian keys rotate` seals with the new key within ten seconds. */
function sealingRing(): FieldKeyring {
  const r = ring();
  if (r.file && Date.now() - checkedAt > 10_000) {
    checkedAt = Date.now();
    const t = mtimeOf(r.file);
    if (t && t !== fileTime) {
      try {
        useFieldKeys(parseKeyring(readFileSync(r.file, 'utf8'), r.file));
      } catch {
        // a half-written file cannot happen (rename), an unreadable one keeps the keys in memory
      }
    }
  }
  return active!;
}

export function activeFieldKeys(): FieldKeyring | undefined {
  return active;
}

/** The process's keyring as plain data a worker thread can receive (workerData), and back. */
export interface KeyringData {
  current: string;
  keys: { id: string; cipher: FieldCipherName; secret: Uint8Array }[];
  index: { id: string; cipher: FieldCipherName; secret: Uint8Array };
}
export function keyringData(): KeyringData | undefined {
  if (!active) return undefined;
  const plain = (k: FieldKey) => ({ id: k.id, cipher: k.cipher, secret: new Uint8Array(k.secret) });
  return { current: active.current.id, keys: [...active.keys.values()].map(plain), index: plain(active.index) };
}
export function useKeyringData(data: KeyringData | undefined): void {
  if (!data) return;
  const key = (k: KeyringData['index']): FieldKey => ({ id: k.id, cipher: k.cipher, secret: Buffer.from(k.secret) });
  const keys = new Map(data.keys.map((k) => [k.id, key(k)]));
  active = { current: keys.get(data.current)!, keys, index: key(data.index), file: undefined };
}

function ring(): FieldKeyring {
  if (!active) throw new Error('field keys are not loaded: call useFieldKeys at start');
  return active;
}

/** A string sealed under the current key (null stays null). */
export function sealField(plain: string): string;
export function sealField(plain: string | null): string | null;
export function sealField(plain: string | null): string | null {
  return plain === null ? null : sealWith(sealingRing().current, plain);
}

export function sealJson(value: unknown): string {
  return sealWith(sealingRing().current, JSON.stringify(value), 'j');
}

/** The value inside a token: a string or a JSON value; undefined when no key here opens it. */
export function openToken(token: string): unknown {
  const r = active;
  if (!r) return undefined;
  const id = keyIdOf(token);
  if (!id) return undefined;
  let key = r.keys.get(id);
  if (!key && r.file && Date.now() - reloadedAt > 1000) {
    // rotated by `dixian keys rotate` in another process: read the file again (at most once a second)
    reloadedAt = Date.now();
    try {
      useFieldKeys(parseKeyring(readFileSync(r.file, 'utf8'), r.file));
      key = active!.keys.get(id);
    } catch {
      return undefined;
    }
  }
  const opened = key && openWith(key, token);
  if (!opened) return undefined;
  return opened.kind === 'j' ? JSON.parse(opened.plain) : opened.plain;
}

/** A file's bytes sealed under the current key (a visit's photo at rest). */
export function sealBytes(plain: Buffer): Buffer {
  return sealBytesWith(sealingRing().current, plain);
}

/** A sealed file's bytes; undefined when no key here opens it. */
export function openBytes(sealed: Buffer): Buffer | undefined {
  const id = fileKeyIdOf(sealed);
  const key = id === undefined ? undefined : active?.keys.get(id);
  return key && openBytesWith(key, sealed);
}

/** The blind index of a normalised ID number (null stays null). */
export function idIndex(idNumber: string): string;
export function idIndex(idNumber: string | null | undefined): string | null;
export function idIndex(idNumber: string | null | undefined): string | null {
  return idNumber ? blindIndexWith(ring().index, idNumber) : null;
}
