import { policyInForceOrRefuse, type ResolvedPolicy } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { listPolicyRecords } from '../policies/policy-store.js';

export interface PolicyInForce {
  policy: ResolvedPolicy;
  /** the most specific stored record of the chain (monitoring_case.policy_id) */
  policyId: string | null;
}

/**
 * The policy in force for a village on a day, as every lead, case and visit rule reads it (deadlines, notice
 * days, visit rhythm, guards). A database without a valid policy for the region is a set-up problem the user
 * is told about, not a crash.
 */
export async function policyInForce(db: Kysely<DB>, regionCode: string, day: string): Promise<PolicyInForce> {
  const records = await listPolicyRecords(db, regionCode);
  const policy = policyInForceOrRefuse(records, regionCode, day);
  const last = policy.sources.at(-1);
  const record = last
    ? records.find((r) => r.regionPrefix === last.regionPrefix && r.year === last.year && r.version === last.version)
    : undefined;
  return { policy, policyId: record?.id ?? null };
}
