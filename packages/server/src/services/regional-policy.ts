import { isWithin, policyInForceOrRefuse, type PolicyRecord, type ResolvedPolicy } from '@dixian/core';

/**
 * The policies in force across a scope on a day: the scope's own and one per more specific region inside it that
 * has its own records (a township may visit more often than its county). Each household takes the policy of the
 * longest prefix its village starts with, which is exactly what `resolvePolicy` gives that village.
 */
export interface RegionalPolicy {
  prefix: string;
  policy: ResolvedPolicy;
}

export function regionalPolicies(records: readonly PolicyRecord[], scope: string, asOf: string): RegionalPolicy[] {
  const inner = new Set(
    records
      .filter((r) => r.effectiveFrom <= asOf && r.regionPrefix.length > scope.length && isWithin(r.regionPrefix, scope))
      .map((r) => r.regionPrefix),
  );
  return [scope, ...[...inner].sort()].map((prefix) => {
    return { prefix, policy: policyInForceOrRefuse(records, prefix, asOf) };
  });
}

/** The policy of the most specific prefix a region code starts with. */
export function policyFor(policies: readonly RegionalPolicy[], regionCode: string): ResolvedPolicy {
  let best: RegionalPolicy | undefined;
  for (const p of policies) {
    if (isWithin(regionCode, p.prefix) && (!best || p.prefix.length > best.prefix.length)) best = p;
  }
  if (!best) throw new Error(`region ${regionCode} lies outside the policies' scope`);
  return best.policy;
}
