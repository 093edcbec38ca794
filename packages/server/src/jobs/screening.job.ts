import { chinaDate } from '@dixian/core';
import { SYSTEM_ACTOR } from '../services/context.js';
import { recoverInterruptedRuns, runScreening, RUN_STALE_MS } from '../services/screening.service.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { ScreeningRunRepository } from '../screening/runs.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * The daily screening of every county (S3 §三(二): a full screening of every household at least once a year; done
 * here every day, so 应纳未纳, 应消未消, 应标未标 and overdue visits surface the day the facts change). One run per
 * county with households, as of today in China; recorded in job_run as `screening:<county>`. A county is due when
 * it has no successful run for today; a failed one is retried at most once an hour.
 */
export const SCREENING_JOB_PREFIX = 'screening:';
const RETRY_AFTER_MS = 60 * 60_000;

export interface ScreeningJobOptions {
  /** run these counties only (default: every county with households) */
  counties?: string[];
  /** parallel statements per run on PostgreSQL (default: the service's) */
  partitions?: number;
}

export function screeningJob(opts: ScreeningJobOptions = {}): Job {
  return {
    name: 'screening',
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const today = chinaDate(now);
      const counties = opts.counties ?? (await new HouseholdRepository(ctx.store.db).counties());
      // a run whose process died is failed first, so its county is due again rather than "running" all day
      await recoverInterruptedRuns(ctx.store, now);
      const done: string[] = [];
      for (const county of counties) {
        const name = `${SCREENING_JOB_PREFIX}${county}`;
        const last = await ctx.runs.get(name);
        const lastDay = last?.lastStartedAt ? chinaDate(last.lastStartedAt) : null;
        if (lastDay === today && last?.lastStatus === 'done') continue;
        if (lastDay === today && last?.lastStatus === 'running' && (await aliveRun(ctx, county, now))) continue;
        if (
          last?.lastStatus === 'failed' &&
          last.lastStartedAt &&
          now.getTime() - last.lastStartedAt.getTime() < RETRY_AFTER_MS
        ) {
          continue;
        }
        await ctx.runs.started(name, now);
        try {
          const run = await runScreening(
            ctx.store,
            SYSTEM_ACTOR,
            { scopeCode: county, asOf: today },
            { now: ctx.now, ...(opts.partitions ? { partitions: opts.partitions } : {}) },
          );
          await ctx.runs.finished(name, ctx.now(), 'done', {
            runId: run.id,
            asOf: run.asOf,
            householdsScanned: run.householdsScanned,
            counts: run.counts,
          });
          ctx.log(`排查完成 / screening of ${county} as of ${today}: run ${run.id}`);
          done.push(county);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await ctx.runs.finished(name, ctx.now(), 'failed', { asOf: today, error: message });
          ctx.log(`排查失败 / screening of ${county} failed: ${message}`);
        }
      }
      return done.length ? `screened ${done.join(', ')} as of ${today}` : 'nothing due';
    },
  };
}

/** Whether a run of the county is executing somewhere (a process still beats its heart). */
function aliveRun(ctx: JobContext, county: string, now: Date): Promise<string | undefined> {
  return ctx.store.transaction((tx) =>
    new ScreeningRunRepository(tx.client).runningOf(county, new Date(now.getTime() - RUN_STALE_MS)),
  );
}
