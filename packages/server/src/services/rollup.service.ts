import { addDays, chinaDate, type Scope } from '@dixian/core';
import type { Store } from '../db/store.js';
import { PolicyBook } from '../policies/policy-at.js';
import {
  RollupRepository,
  VISIT_DUE_ROLLUP,
  type RollupBuild,
  type VisitDueSource,
} from '../repositories/rollup.repository.js';
import { visitIntervalsOf, type VisitIntervals } from '../repositories/visit-due.sql.js';

export type { VisitDueSource };

export const LIVE: VisitDueSource = { kind: 'live' };

/** What the build of a county depends on: the visit intervals of every policy prefix inside it on the day. */
export function countyIntervals(book: PolicyBook, county: string, day: string): VisitIntervals[] {
  return book.across(county, day).map((p) => visitIntervalsOf(p.prefix, p.policy));
}

const fingerprint = (intervals: readonly VisitIntervals[]) => JSON.stringify(intervals);

/**
 * The visit-due builds of an area that reads the daily rollups, or null: a county or larger whose counties'
 * builds hold at least `minHouseholds` households.
 */
export async function largeAreaBuilds(
  store: Store,
  minHouseholds: number,
  scope: Scope,
): Promise<RollupBuild[] | null> {
  if (scope.regionPrefix.length > 6) return null;
  const builds = await new RollupRepository(store.db).builds(VISIT_DUE_ROLLUP, scope.regionPrefix);
  const households = builds.reduce((n, b) => n + b.households, 0);
  return builds.length && households >= minHouseholds ? builds : null;
}

/**
 * Which source the visits due of an area are read from (issue 19 §1): the live definition, exact to the second, or
 * the daily rollup of large areas. The rollup is taken only when every county of the area has a build no older than
 * a day, made under the visit intervals in force on the day asked for, and the area holds at least
 * `minHouseholds` households; villages and townships are always judged live. Visits recorded since the build
 * are judged live in either case (visit-due rollup SQL), so a household visited this morning leaves the list.
 */
export async function visitDueSource(
  store: Store,
  minHouseholds: number,
  scope: Scope,
  asOf: string,
  book: PolicyBook,
): Promise<VisitDueSource> {
  const built = await largeAreaBuilds(store, minHouseholds, scope);
  if (!built) return LIVE;
  const builds = new Map(built.map((b) => [b.countyCode, b]));
  const counties = await new RollupRepository(store.db).countiesWithHouseholds(scope.regionPrefix);
  let builtAt: Date | undefined;
  for (const county of counties) {
    const b = builds.get(county);
    const fresh = b && b.asOf <= asOf && b.asOf >= addDays(asOf, -1);
    if (!fresh || b.fingerprint !== fingerprint(countyIntervals(book, county, asOf))) return LIVE;
    if (!builtAt || b.builtAt < builtAt) builtAt = b.builtAt;
  }
  return builtAt ? { kind: 'rollup', builtAt } : LIVE;
}

/** Build the visit-due rollup of every county with households, as of today (China time). */
export async function buildVisitDueRollups(store: Store, now: Date): Promise<{ counties: number; asOf: string }> {
  const asOf = chinaDate(now);
  const book = await PolicyBook.load(store.db);
  const counties = await new RollupRepository(store.db).countiesWithHouseholds('');
  for (const county of counties) {
    const intervals = countyIntervals(book, county, asOf);
    await store.transaction((tx) =>
      new RollupRepository(tx.db).buildVisitDue(county, asOf, now, intervals, fingerprint(intervals)),
    );
  }
  return { counties: counties.length, asOf };
}
