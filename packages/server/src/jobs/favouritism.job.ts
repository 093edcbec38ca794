import { flagFavouritism } from '../services/favouritism.service.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * The 优亲厚友 check (issue 17 §3, S3 二) once a day over every county, as the system: new flags become suspected
 * problems; flags already open add nothing. Recorded in job_run as `favouritism`.
 */
export const FAVOURITISM_JOB = 'favouritism';

export function favouritismJob(): Job {
  return {
    name: FAVOURITISM_JOB,
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const last = await ctx.runs.get(FAVOURITISM_JOB);
      const lastOk = last?.lastStatus === 'done' && last.lastStartedAt ? last.lastStartedAt.getTime() : -Infinity;
      if (now.getTime() - lastOk < 86_400_000) return 'nothing due';
      await ctx.runs.started(FAVOURITISM_JOB, now);
      const r = await flagFavouritism(
        ctx.store,
        { actor: null, requestId: null, now: ctx.now },
        { regionPrefix: '' },
        null,
      );
      await ctx.runs.finished(FAVOURITISM_JOB, ctx.now(), 'done', r);
      return `${r.created} favouritism flags raised (${r.flagged} found)`;
    },
  };
}
