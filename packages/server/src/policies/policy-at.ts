import { isWithin, policyInForceOrRefuse, type IsoDate, type PolicyRecord, type ResolvedPolicy } from '@dixian/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { PolicyRepository } from '../repositories/policy.repository.js';
import { SeedError } from '../seed/errors.js';

/**
 * The one place that answers "which policy is in force here on this day" (issue 13 §1). A `PolicyBook` holds the
 * stored records (read once per use case) and answers for a region (`at`), with the stored record behind the
 * answer (`withRecord`), and for a whole scope (`across`: the scope's own policy and one per more specific region
 * inside it that has records of its own; `policyOf` then gives a village the one of the longest prefix, which is
 * exactly what `at` gives that village). `policyAt(db, region, day)` reads and asks in one call. Every "no
 * policy" is core's one refusal, `policyInForceOrRefuse`.
 */

/** A record as stored: the policy record with its row id (absent for built-in packs not yet stored). */
export type BookRecord = PolicyRecord & { id?: string };

export interface PolicyInForce {
  policy: ResolvedPolicy;
  /** the most specific stored record of the chain (monitoring_case.policy_id) */
  policyId: string | null;
}

export interface RegionalPolicy {
  prefix: string;
  policy: ResolvedPolicy;
}

export class PolicyBook {
  constructor(readonly records: readonly BookRecord[]) {}

  /** The stored records (all of them, or those that apply to one region). */
  static async load(db: Kysely<DB>, regionCode?: string): Promise<PolicyBook> {
    const all = await new PolicyRepository(db).all();
    return new PolicyBook(regionCode === undefined ? all : all.filter((r) => isWithin(regionCode, r.regionPrefix)));
  }

  /** The merged policy in force for a region on a day. */
  at(regionCode: string, day: IsoDate): ResolvedPolicy {
    return policyInForceOrRefuse(this.records, regionCode, day);
  }

  /** The policy and the id of the most specific stored record it came from. */
  withRecord(regionCode: string, day: IsoDate): PolicyInForce {
    const policy = this.at(regionCode, day);
    return { policy, policyId: this.chainIds(policy).at(-1) ?? null };
  }

  /** The ids of the stored records a resolved policy merged, national first. */
  chainIds(policy: ResolvedPolicy): string[] {
    return policy.sources.flatMap((s) => {
      const r = this.records.find(
        (x) => x.regionPrefix === s.regionPrefix && x.year === s.year && x.version === s.version && x.id,
      );
      return r?.id ? [r.id] : [];
    });
  }

  /**
   * The policies in force across a scope on a day: the scope's own (which every household falls back to) and one
   * per more specific prefix inside it with a record in force (a township may visit more often than its county),
   * shorter prefixes first.
   */
  across(scope: string, day: IsoDate): RegionalPolicy[] {
    const inner = [
      ...new Set(
        this.records
          .filter(
            (r) => r.effectiveFrom <= day && r.regionPrefix.length > scope.length && isWithin(r.regionPrefix, scope),
          )
          .map((r) => r.regionPrefix),
      ),
    ].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    return [scope, ...inner].map((prefix) => ({ prefix, policy: this.at(prefix, day) }));
  }

  /**
   * A resolver for one county over many days, as the demo seed needs it: resolved once per distinct set of records
   * in force, and before the first record took effect the earliest one applies (the seed writes history).
   */
  dated(county: string): (day: IsoDate) => PolicyInForce {
    const starts = [...new Set(this.records.map((r) => r.effectiveFrom))].sort();
    const cache = new Map<string, PolicyInForce>();
    return (day) => {
      let key = starts[0]!;
      for (const s of starts) if (s <= day) key = s;
      let found = cache.get(key);
      if (!found) {
        found = this.withRecord(county, key);
        cache.set(key, found);
      }
      return found;
    };
  }
}

/** The policy of the most specific prefix a region code starts with, among a scope's (`PolicyBook.across`). */
export function policyOf<T extends { prefix: string }>(policies: readonly T[], regionCode: string): T {
  let best: T | undefined;
  for (const p of policies) {
    if (isWithin(regionCode, p.prefix) && (!best || p.prefix.length > best.prefix.length)) best = p;
  }
  if (!best) throw new Error(`region ${regionCode} lies outside the policies' scope`);
  return best;
}

/** The policy in force for a village on a day, as every lead, case and visit rule reads it, with its record. */
export async function policyAt(db: Kysely<DB>, regionCode: string, day: IsoDate): Promise<PolicyInForce> {
  return (await PolicyBook.load(db, regionCode)).withRecord(regionCode, day);
}

/**
 * The demo seed's resolver for one county (`PolicyBook.dated` over the records that apply to it); the seed needs
 * the national record at least, whatever the day.
 */
export function policyResolver(records: readonly BookRecord[], county: string): (day: IsoDate) => PolicyInForce {
  const applicable = records.filter((r) => isWithin(county, r.regionPrefix));
  if (!applicable.some((r) => r.regionPrefix === '')) {
    throw new SeedError('没有全国政策记录 / no national policy record is loaded');
  }
  return new PolicyBook(applicable).dated(county);
}
