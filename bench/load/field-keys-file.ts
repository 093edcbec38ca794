/**
 * A kept benchmark database (DIXIAN_BENCH_LOAD_DB) holds ID numbers, phones and diagnoses sealed with the field
 * keys of the run that seeded it; ../keys.ts makes new keys for every run, so a later run could not open them.
 * For a kept database the key file therefore lives beside it, under the user's home (never in the repository),
 * one per database name. Imported before ../keys.js.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const kept = process.env.DIXIAN_BENCH_LOAD_DB;
if (kept && !process.env.DIXIAN_FIELD_KEYS_FILE) {
  const dir = path.join(os.homedir(), '.local', 'share', 'dixian-bench');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.DIXIAN_FIELD_KEYS_FILE = path.join(dir, `${kept}.field-keys.json`);
}
