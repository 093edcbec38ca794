import type { Store } from '../db/store.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import { screeningJob } from './screening.job.js';

/** The jobs `dixian start` runs in process: for now the daily screening of every county. */
export function startJobs(store: Store, opts: SchedulerOptions = {}): Scheduler {
  const scheduler = new Scheduler(store, [screeningJob()], opts);
  scheduler.start();
  return scheduler;
}

export { Scheduler, JobRunRepository, type Job, type JobContext, type JobRunRecord } from './scheduler.js';
export { screeningJob, SCREENING_JOB_PREFIX } from './screening.job.js';
