import { takeBackup, type BackupOptions } from '../backup/backup.js';
import type { Job, JobContext } from './scheduler.js';

/**
 * The scheduled backup (issue 21 §1), run by the server's scheduler. On PGlite it is the way to back up a serving
 * store: only the process that holds the data directory may read it (a second PGlite on the same directory would
 * corrupt it), so the dump is taken here. Due when the last successful backup started `hours` ago or more; a failed
 * one is retried at the next tick. Recorded in job_run as `backup`.
 */
export const BACKUP_JOB = 'backup';

export function backupJob(hours: number, opts: Omit<BackupOptions, 'now'>): Job {
  return {
    name: BACKUP_JOB,
    async run(ctx: JobContext): Promise<string> {
      const now = ctx.now();
      const last = await ctx.runs.get(BACKUP_JOB);
      const lastOk = last?.lastStatus === 'done' && last.lastStartedAt ? last.lastStartedAt.getTime() : -Infinity;
      if (now.getTime() - lastOk < hours * 3600_000) return 'nothing due';
      await ctx.runs.started(BACKUP_JOB, now);
      try {
        const r = await takeBackup(ctx.store, { ...opts, now: ctx.now });
        const detail = { file: r.file, size: r.manifest.size, sha256: r.manifest.sha256, copy: r.copy ?? null };
        await ctx.runs.finished(BACKUP_JOB, ctx.now(), 'done', { ...detail, removed: r.removed });
        ctx.log(`备份完成 / backup written: ${r.file} (${r.manifest.size} bytes)`);
        return `backup ${r.file}`;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await ctx.runs.finished(BACKUP_JOB, ctx.now(), 'failed', { error: message });
        throw err;
      }
    },
  };
}
