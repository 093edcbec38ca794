import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parsePolicyRecord, type PolicyRecord } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { PolicyRepository } from '../repositories/policy.repository.js';

const require = createRequire(import.meta.url);

/** The built-in packs shipped in packages/core/policies, validated. */
export function builtinPolicyFiles(): string[] {
  const dir = path.join(path.dirname(require.resolve('@dixian/core/package.json')), 'policies');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function readPolicyFile(file: string): PolicyRecord {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: 不是有效的 JSON / not valid JSON: ${(e as Error).message}`);
  }
  return parsePolicyRecord(json, path.basename(file));
}

/** Load the built-in packs into the database (idempotent). */
export async function ensureBuiltinPolicies(db: Kysely<DB>): Promise<number> {
  const repo = new PolicyRepository(db);
  let inserted = 0;
  for (const f of builtinPolicyFiles()) if (await repo.insertIfAbsent(readPolicyFile(f), 'builtin')) inserted++;
  return inserted;
}
