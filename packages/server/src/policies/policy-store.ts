import path from 'node:path';
import {
  AppError,
  isIsoDate,
  normalizeRegionCode,
  PolicyError,
  resolvePolicy,
  type PolicyRecord,
  type ResolvedPolicy,
} from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Store } from '../db/store.js';
import { PolicyRepository, type StoredPolicy } from '../repositories/policy.repository.js';
import { builtinPolicyFiles, readPolicyFile } from './builtin.js';
import { PolicyBook } from './policy-at.js';

/**
 * Policy files in and out of the database, for the command line and start-up (issue 3 §1). The HTTP use cases
 * (with an actor, access check and audit) are in services/policy.service.ts; both validate through core.
 */

export interface LoadResult {
  status: 'inserted' | 'unchanged';
  record: PolicyRecord;
  /** the policy label of the record's own region on its effective date, once merged over the levels above */
  resolvedLabel: string;
}

function sameRecord(a: PolicyRecord, b: PolicyRecord): boolean {
  const canon = (r: PolicyRecord) =>
    JSON.stringify([r.regionPrefix, r.year, r.version, r.effectiveFrom, r.docNo, r.docTitle, sortKeys(r.body)]);
  return canon(a) === canon(b);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  }
  return v;
}

/**
 * Store one validated record. A record with the same (region, year, version) that differs is refused: versions
 * are immutable, so a change is a new version. Merged over the records already stored, the policy of the
 * record's region on its effective date must be complete and valid, or the error names the field.
 */
export async function loadPolicyRecord(store: Store, record: PolicyRecord, source: string): Promise<LoadResult> {
  return store.transaction(async (tx) => {
    const repo = new PolicyRepository(tx.db);
    const existing = await repo.all();
    const same = existing.find(
      (r) => r.regionPrefix === record.regionPrefix && r.year === record.year && r.version === record.version,
    );
    const label = `${record.regionPrefix || 'national'} ${record.year} v${record.version}`;
    if (same && !sameRecord(same, record)) {
      throw new AppError(
        'conflict',
        {
          zh: `政策 ${label} 已存在且内容不同；修改政策请提高版本号(version)`,
          en: `policy ${label} already exists with different content; a change needs a new version number`,
        },
        [{ path: 'version', message: `version ${record.version} is taken` }],
      );
    }
    const others = existing.filter((r) => r !== same);
    const resolved = resolvePolicy([...others, record], record.regionPrefix, record.effectiveFrom);
    if (same) return { status: 'unchanged', record, resolvedLabel: resolved.versionLabel };
    await repo.insertIfAbsent(record, source);
    return { status: 'inserted', record, resolvedLabel: resolved.versionLabel };
  });
}

/** Read, validate and store a policy file (`dixian policy load FILE`). */
export async function loadPolicyFile(store: Store, file: string): Promise<LoadResult> {
  const record = readPolicyFile(file);
  return loadPolicyRecord(store, record, `file:${path.basename(file)}`);
}

/** Every stored record, national first, then by region, effective date and version. */
export async function listPolicyRecords(db: Kysely<DB>, regionCode?: string): Promise<StoredPolicy[]> {
  const all = await new PolicyRepository(db).all();
  const code = regionCode === undefined ? undefined : normalizeRegionCode(regionCode);
  return all
    .filter((r) => code === undefined || code.startsWith(r.regionPrefix))
    .sort(
      (a, b) =>
        a.regionPrefix.length - b.regionPrefix.length ||
        (a.regionPrefix < b.regionPrefix ? -1 : a.regionPrefix > b.regionPrefix ? 1 : 0) ||
        (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0) ||
        a.year - b.year ||
        a.version - b.version,
    );
}

function checkDate(asOf: string): void {
  if (!isIsoDate(asOf)) {
    throw new AppError('bad_request', {
      zh: `日期无效（应为 YYYY-MM-DD）：${asOf}`,
      en: `invalid date (YYYY-MM-DD expected): ${asOf}`,
    });
  }
}

/** The policy in force for a region on a date, from the records stored in the database. */
export async function resolvePolicyFromDb(db: Kysely<DB>, regionCode: string, asOf: string): Promise<ResolvedPolicy> {
  checkDate(asOf);
  const code = normalizeRegionCode(regionCode);
  return (await PolicyBook.load(db, code)).at(code, asOf);
}

/** The built-in packs, read and validated from packages/core/policies. */
export function builtinPolicyRecords(): PolicyRecord[] {
  return builtinPolicyFiles().map(readPolicyFile);
}

/**
 * The policy for `dixian assess`, without a database: the built-in packs, or with `policyFile` that file's
 * record instead of the built-in records of its level and below, over the built-in national record when the
 * file is regional. The file's record must apply to the region on the date, or the error says why not.
 */
export function resolvePolicyFromFiles(regionCode: string, asOf: string, policyFile?: string): ResolvedPolicy {
  checkDate(asOf);
  const code = normalizeRegionCode(regionCode);
  const builtin = builtinPolicyRecords();
  if (!policyFile) return resolvePolicy(builtin, code, asOf);
  const own = readPolicyFile(policyFile);
  const name = path.basename(policyFile);
  if (!code.startsWith(own.regionPrefix) || own.effectiveFrom > asOf) {
    throw new PolicyError(
      `${name}（${own.regionPrefix || '全国'}，${own.effectiveFrom} 起）不适用于 ${code} 在 ${asOf} 的评估 / ${name} (region "${own.regionPrefix || 'national'}", from ${own.effectiveFrom}) does not apply to region ${code} on ${asOf}`,
      [{ path: own.effectiveFrom > asOf ? 'effectiveFrom' : 'regionPrefix', message: 'does not apply' }],
    );
  }
  const base = own.regionPrefix === '' ? [] : builtin.filter((r) => r.regionPrefix === '');
  return resolvePolicy([...base, own], code, asOf);
}
