import { isWithin, resolvePolicy, type IsoDate } from '@dixian/core';
import type { StoredPolicy } from '../repositories/policy.repository.js';
import { SeedError } from './errors.js';
import type { SeedPolicy } from './generator.js';

/**
 * The policy in force for the county on a date (resolved once per distinct set of records in force), with the
 * id of its most specific record. Before the first record took effect, the earliest one applies.
 */
export function policyResolver(records: readonly StoredPolicy[], county: string): (date: IsoDate) => SeedPolicy {
  const applicable = records.filter((r) => isWithin(county, r.regionPrefix));
  if (!applicable.some((r) => r.regionPrefix === '')) {
    throw new SeedError('没有全国政策记录 / no national policy record is loaded');
  }
  const starts = [...new Set(applicable.map((r) => r.effectiveFrom))].sort();
  const cache = new Map<string, SeedPolicy>();
  return (date) => {
    let key = starts[0]!;
    for (const s of starts) if (s <= date) key = s;
    let sp = cache.get(key);
    if (!sp) {
      const policy = resolvePolicy(applicable, county, key);
      const top = policy.sources.at(-1)!;
      const rec = applicable.find(
        (r) => r.regionPrefix === top.regionPrefix && r.year === top.year && r.version === top.version,
      );
      sp = { policy, policyId: rec?.id ?? null };
      cache.set(key, sp);
    }
    return sp;
  };
}
