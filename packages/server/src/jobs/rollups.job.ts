import { chinaDate } from '@dixian/core';
import { StatsQuery } from '@dixian/core/api';
import { argon2Hasher } from '../auth/password.js';
import { loadConfig, type Config } from '../config/env.js';
import { RollupRepository, VISIT_DUE_ROLLUP } from '../repositories/rollup.repository.js';
import { systemContext } from '../services/context.js';
import { buildVisitDueRollups } from '../services/rollup.service.js';
import { statsOverview } from '../services/stats.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * The nightly rollups of large areas (issue 19 §1): the households due a visit per county, then the dashboard of
 * every county, prefecture and province (and the nation) holding at least `rollupMinHouseholds` households, so the
 * first officer of the day does not wait for them. Once per China day; recorded in job_run as `rollups`.
 */
export const ROLLUPS_JOB = 'rollups';

export function rollupsJob(config: Config = loadConfig({})): Job {
  return {
    name: ROLLUPS_JOB,
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const last = await ctx.runs.get(ROLLUPS_JOB);
      if (last?.lastStatus === 'done' && last.lastStartedAt && chinaDate(last.lastStartedAt) === chinaDate(now)) {
        return 'nothing due';
      }
      await ctx.runs.started(ROLLUPS_JOB, now);
      const built = await buildVisitDueRollups(ctx.store, now);
      const areas = await largeAreas(ctx, config.rollupMinHouseholds);
      // the dashboards are read as the system (the whole country); nothing here signs anyone in
      const service = systemContext({ store: ctx.store, config, hasher: argon2Hasher({ cost: 'low' }), now: ctx.now });
      for (const region of areas) {
        await statsOverview(service, StatsQuery.parse(region ? { region } : {}));
      }
      const summary = { counties: built.counties, asOf: built.asOf, dashboards: areas.length };
      await ctx.runs.finished(ROLLUPS_JOB, ctx.now(), 'done', summary);
      return `visit-due rollups of ${built.counties} counties and ${areas.length} dashboards as of ${built.asOf}`;
    },
  };
}

/** The nation, provinces, prefectures and counties with at least `min` households in the builds. */
async function largeAreas(ctx: JobContext, min: number): Promise<string[]> {
  const builds = await new RollupRepository(ctx.store.db).builds(VISIT_DUE_ROLLUP, '');
  const sizes = new Map<string, number>();
  for (const b of builds) {
    for (const prefix of ['', b.countyCode.slice(0, 2), b.countyCode.slice(0, 4), b.countyCode]) {
      sizes.set(prefix, (sizes.get(prefix) ?? 0) + b.households);
    }
  }
  return [...sizes].filter(([, n]) => n >= min).map(([prefix]) => prefix);
}
