import type { Config } from '../config/env.js';
import type { Store } from '../db/store.js';
import { auditAnchorJob } from './audit-anchor.job.js';
import { backupJob } from './backup.job.js';
import { registryPreviewJob } from './registry-preview.job.js';
import { idempotencyReceiptsJob } from './idempotency-receipts.job.js';
import { exportFilesJob } from './export-files.job.js';
import { inactiveAccountsJob } from './inactive-accounts.job.js';
import { favouritismJob } from './favouritism.job.js';
import { rollupsJob } from './rollups.job.js';
import { QueueScheduler } from './queue.js';
import { Scheduler, type Job, type SchedulerOptions } from './scheduler.js';
import { halfMonthJob, monthlyJob } from './rhythm.job.js';
import { deliveryJob, remindersJob } from './reminders.job.js';
import { screeningJob } from './screening.job.js';

/** What runs the jobs: the in-process scheduler or this server's share of the PostgreSQL job queue. */
export interface JobRunner {
  stop(): Promise<void>;
}

/**
 * The jobs `dixian start` runs: the daily screening of every county, the month-start seven-step tasks and the
 * half-month report periods, the daily reminders and their delivery by e-mail and webhook when configured, backups
 * when configured, and the daily disabling of inactive accounts (DIXIAN_ACCOUNT_INACTIVE_DAYS). On a PostgreSQL
 * server they go through the shared job queue (queue.ts), so several servers on one database run each once; on the
 * embedded store, through the in-process scheduler.
 */
export async function startJobs(store: Store, opts: SchedulerOptions = {}, config?: Config): Promise<JobRunner> {
  const jobs = scheduledJobs(config);
  if (store.kind === 'postgres' && config?.databaseUrl) {
    const queue = new QueueScheduler(store, jobs, { connectionString: config.databaseUrl, ...opts });
    await queue.start();
    return queue;
  }
  const scheduler = new Scheduler(store, jobs, opts);
  scheduler.start();
  return scheduler;
}

/** Every scheduled job, with the optional ones the configuration turns on. */
export function scheduledJobs(config?: Config): Job[] {
  const jobs: Job[] = [
    screeningJob(),
    registryPreviewJob(config?.importPreviewDays ?? 7),
    idempotencyReceiptsJob(),
    exportFilesJob(),
    monthlyJob(),
    halfMonthJob(),
    // after the month's tasks exist, so they are reminded the same day
    remindersJob(config),
    // 优亲厚友 (issue 17 §3): flags into the suspected-problem ledger, daily
    favouritismJob(),
    // the large areas' visits due and dashboards (issue 19 §1), daily
    rollupsJob(config),
  ];
  if (config && (config.smtpUrl || config.webhookUrl)) jobs.push(deliveryJob(config));
  if (config && config.backupHours > 0) jobs.push(backupJob(config.backupHours, backupOptions(config)));
  if (config && config.auditAnchorMinutes > 0) {
    jobs.push(auditAnchorJob(config.auditAnchorMinutes, config.auditAnchorDir, config.auditAnchorKeyFile));
  }
  if (config && config.accountInactiveDays > 0) jobs.push(inactiveAccountsJob(config.accountInactiveDays));
  return jobs;
}

/** Where and how backups are written, from the configuration. */
export function backupOptions(config: Config) {
  return {
    outDir: config.backupDir,
    databaseUrl: config.databaseUrl,
    copyDir: config.backupCopyDir,
    keep: config.backupKeep,
    photoDir: config.photoDir,
  };
}

export { auditAnchorJob, AUDIT_ANCHOR_JOB } from './audit-anchor.job.js';
export { rollupsJob, ROLLUPS_JOB } from './rollups.job.js';
export { backupJob, backupOnSignal, BACKUP_JOB } from './backup.job.js';
export { registryPreviewJob, REGISTRY_PREVIEW_JOB } from './registry-preview.job.js';
export { idempotencyReceiptsJob, IDEMPOTENCY_RECEIPTS_JOB } from './idempotency-receipts.job.js';
export { exportFilesJob, EXPORT_FILES_JOB } from './export-files.job.js';
export { QueueScheduler, queueName, type QueueOptions } from './queue.js';
export { Scheduler, JobRunRepository, type Job, type JobContext, type JobRunRecord } from './scheduler.js';
export { screeningJob, SCREENING_JOB_PREFIX } from './screening.job.js';
export { favouritismJob, FAVOURITISM_JOB } from './favouritism.job.js';
export { halfMonthJob, monthlyJob, runRhythmJob, RHYTHM_JOBS, type RhythmJobKind } from './rhythm.job.js';
export { disableInactiveAccounts, inactiveAccountsJob, INACTIVE_ACCOUNTS_JOB } from './inactive-accounts.job.js';
export {
  channelsOf,
  deliveryJob,
  remindersJob,
  runDelivery,
  runReminderJob,
  REMINDERS_JOB_PREFIX,
} from './reminders.job.js';
