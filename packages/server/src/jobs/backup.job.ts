import { takeBackup, type BackupOptions } from '../backup/backup.js';
import type { Store } from '../db/store.js';
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

/**
 * A backup on demand from a serving process: on SIGUSR2 (`kill -USR2 <pid>`, `systemctl kill -s USR2 dixian`) the
 * server takes one at once. A signal can only come from the same user or root, so this needs no password and no
 * network endpoint, and it is the one way to back up a serving PGlite directory now (see `dixian backup`). One at a
 * time; the result goes to the log. Returns a function that removes the handler and waits for a backup under way
 * (the store must stay open until it ends).
 */
export function backupOnSignal(
  store: Store,
  opts: Omit<BackupOptions, 'now'>,
  log: (message: string) => void,
  signal: NodeJS.Signals = 'SIGUSR2',
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const handler = () => {
    if (running) return log('备份正在进行 / a backup is already running');
    log('收到信号,开始备份 / backup requested by signal');
    running = takeBackup(store, opts)
      .then((r) => log(`备份完成 / backup written: ${r.file} (${r.manifest.size} bytes)`))
      .catch((err: unknown) => log(`备份失败 / backup failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => (running = undefined));
  };
  process.on(signal, handler);
  return async () => {
    process.off(signal, handler);
    await running;
  };
}
