import { parseIdNumber, type Scope } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { DataAccuracyRepository } from '../../repositories/data-accuracy.repository.js';

/**
 * Point 8 of the eight (S3 §三(八) 系统数据是否精准详实): the households with a data-quality finding, and which rules
 * found it.
 *
 * INTERIM. This is the agreed slot, `countDataQualityFindings(db, scope, asOf): Promise<Map<householdId, ruleIds[]>>`;
 * the data-quality rule catalogue (branch `data-quality`, issue 17 §2) replaces this body at merge with its named
 * rules. Until then only the cheap checks run: a member without an ID number, a member whose ID number is not
 * valid (core id-number.ts: length, characters, birth date, check digit), a household without a head. The rule
 * ids here are the problem codes of core's EIGHT_POINT_PROBLEMS, so the page can say them in words.
 */
export async function countDataQualityFindings(
  db: Kysely<DB>,
  scope: Scope,
  asOf: string,
): Promise<Map<string, string[]>> {
  const repo = new DataAccuracyRepository(db);
  const out = new Map<string, Set<string>>();
  const add = (householdId: string, rule: string) => {
    const s = out.get(householdId) ?? new Set<string>();
    s.add(rule);
    out.set(householdId, s);
  };
  for (const m of await repo.residentIds(scope)) {
    if (!m.idNumber) add(m.householdId, 'missing_id_number');
    else if (!parseIdNumber(m.idNumber, asOf).ok) add(m.householdId, 'invalid_id_number');
  }
  for (const id of await repo.withoutHead(scope)) add(id, 'no_head');
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
