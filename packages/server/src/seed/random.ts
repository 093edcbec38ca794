import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * Deterministic randomness for the demo generator. Every household draws from its own generator, seeded from a
 * hash of (seed, county, household index), so a household's rows depend only on those and never on chunk size,
 * on other households, or on the order in which chunks are written.
 */

/** murmur3's 32-bit finaliser: a bijection on uint32 with good avalanche. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash a list of integers (each taken mod 2^32) to 32 bits. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = mix32(h ^ mix32((p >>> 0) + 0x632be5ab));
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  return mix32(h);
}

/** Hash a string (FNV-1a, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

export class Rng {
  private readonly g: RandomGenerator;

  constructor(...parts: number[]) {
    const state = [hash32(1, ...parts), hash32(2, ...parts), hash32(3, ...parts), hash32(4, ...parts)];
    // xoroshiro must not start from the all-zero state
    if (state.every((s) => !s)) state[0] = 1;
    this.g = xoroshiro128plusFromState(state.map((s) => s | 0));
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.g);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** One value of a weighted list: [[value, weight], …]. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.float() * total;
    for (const [v, w] of entries) {
      x -= w;
      if (x < 0) return v;
    }
    return entries[entries.length - 1]![0];
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** k distinct items, in the list's order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const idx = items.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    return idx
      .slice(0, Math.min(k, items.length))
      .sort((a, b) => a - b)
      .map((i) => items[i]!);
  }
}

/** Table tags inside generated uuids (two hex digits each). */
export const TABLE_TAG = {
  household: 0x01,
  member: 0x02,
  separate_relative: 0x03,
  income_record: 0x04,
  lead: 0x05,
  monitoring_case: 0x06,
  case_event: 0x07,
  commitment_authorization: 0x08,
  review_meeting: 0x09,
  public_notice: 0x0a,
  notice_objection: 0x0b,
  assistance_plan: 0x0c,
  assistance_measure: 0x0d,
  visit: 0x0e,
  social_assistance_case: 0x0f,
  department_warning: 0x10,
  integrity_record: 0x11,
  ledger_item: 0x12,
  household_risk_event: 0x13,
} as const;
export type TaggedTable = keyof typeof TABLE_TAG;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const prefixes = new Map<string, string>();

/**
 * A deterministic uuid (RFC 9562 version 8, custom): a 32-bit hash of the seed, then the county, the table, the
 * household index and a row number within the household. Unique by construction (no hash collisions between
 * rows), and increasing within a table while a county is written, which keeps B-tree inserts cheap.
 */
export function seededUuid(
  seedTag: number,
  county: number,
  table: TaggedTable,
  household: number,
  sub: number,
): string {
  if (household > 0xffffffff || sub > 0xfffffff) throw new Error(`row index out of range: ${household}/${sub}`);
  // layout: ssssssss-cccc-8ctt-8hhh-hhhhhrrrrrrr (s seed, c county, t table, h household, r row)
  const key = `${seedTag}:${county}:${table}`;
  let prefix = prefixes.get(key);
  if (!prefix) {
    const c = hex(county, 5);
    prefix = `${hex(seedTag >>> 0, 8)}-${c.slice(0, 4)}-8${c[4]}${hex(TABLE_TAG[table], 2)}-8`;
    prefixes.set(key, prefix);
  }
  // a household asks for many ids in a row: format its part once
  if (household !== lastHousehold) {
    const h = hex(household, 8);
    lastHousehold = household;
    lastHead = h.slice(0, 3);
    lastTail = h.slice(3);
  }
  return `${prefix}${lastHead}-${lastTail}${sub < SUBS.length ? SUBS[sub] : hex(sub, 7)}`;
}

let lastHousehold = -1;
let lastHead = '';
let lastTail = '';
const SUBS = Array.from({ length: 256 }, (_, i) => hex(i, 7));
