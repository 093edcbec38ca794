import { writeAnchor } from '../audit/anchor.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * Anchor the audit chains' heads outside the database every `minutes` (issue 21 §4): a tail deleted after an
 * anchor is then detected by `dixian audit verify` and the inspector's page. Recorded in job_run as `audit-anchor`.
 */
export const AUDIT_ANCHOR_JOB = 'audit-anchor';

export function auditAnchorJob(minutes: number, dir: string, keyFile: string): Job {
  return {
    name: AUDIT_ANCHOR_JOB,
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const last = await ctx.runs.get(AUDIT_ANCHOR_JOB);
      const lastOk = last?.lastStatus === 'done' && last.lastStartedAt ? last.lastStartedAt.getTime() : -Infinity;
      if (now.getTime() - lastOk < minutes * 60_000) return 'nothing due';
      await ctx.runs.started(AUDIT_ANCHOR_JOB, now);
      try {
        const file = await writeAnchor(ctx.store, dir, keyFile, now);
        await ctx.runs.finished(AUDIT_ANCHOR_JOB, ctx.now(), 'done', { file });
        return `anchor ${file}`;
      } catch (err) {
        await ctx.runs.finished(AUDIT_ANCHOR_JOB, ctx.now(), 'failed', {
          error: err instanceof Error ? err.message : String(err),
        });
        throw err;
      }
    },
  };
}
