/**
 * The field keys a benchmark seals with (issue 21 §3), as a server has them: a key file, made once per run in
 * the temporary directory and named in DIXIAN_FIELD_KEYS_FILE, so the child processes a benchmark starts (the
 * API server, the restore) open what the parent sealed. Imported first by every benchmark that writes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadFieldKeys, useFieldKeys } from '@dixian/server/security/field-keys';

if (!process.env.DIXIAN_FIELD_KEYS_FILE) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dixian-bench-keys-'));
  process.env.DIXIAN_FIELD_KEYS_FILE = path.join(dir, 'field-keys.json');
}
const cipher = process.env.DIXIAN_FIELD_CIPHER === 'aes-256-gcm' ? 'aes-256-gcm' : 'sm4';
useFieldKeys(
  loadFieldKeys({
    dataDir: os.tmpdir(),
    fieldKeysFile: process.env.DIXIAN_FIELD_KEYS_FILE,
    fieldKeys: undefined,
    fieldCipher: cipher,
  }),
);
