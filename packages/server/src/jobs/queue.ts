/**
 * The scheduled jobs on a PostgreSQL server (issue 15 §7). Several dixian servers may share one database, so each
 * job is a pg-boss queue rather than a timer in every process: pg-boss's clock puts one run per period in the queue
 * whichever servers are up (its cron is guarded in the database), a `stately` queue holds at most one waiting and
 * one running run, and a failed run is retried with backoff. The embedded store keeps the in-process Scheduler:
 * one process owns a PGlite directory, and pg-boss would share its single connection with every request.
 */
import PgBoss from 'pg-boss';
import type { Store } from '../db/store.js';
import { JobRunRepository } from '../repositories/job-run.repository.js';
import type { Job, JobContext } from './scheduler.js';

export interface QueueOptions {
  connectionString: string;
  now?: () => Date;
  log?: (message: string) => void;
  /** each job is looked at every this many minutes (default 10; a job decides itself whether work is due) */
  everyMinutes?: number;
  /** how often a worker asks for a waiting run (default 5 s) */
  pollingSeconds?: number;
  /** retries of a failed run and the first delay before one, doubled each time (default 3, 60 s) */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** the database schema pg-boss keeps its tables in (default pgboss) */
  schema?: string;
}

/** pg-boss queue names allow letters, digits, underscores and hyphens. */
export function queueName(job: string): string {
  return `dixian-${job.replace(/[^\w-]/g, '_')}`;
}

export class QueueScheduler {
  private boss: PgBoss | undefined;
  private readonly ctx: JobContext;

  constructor(
    store: Store,
    private readonly jobs: readonly Job[],
    private readonly opts: QueueOptions,
  ) {
    this.ctx = {
      store,
      now: opts.now ?? (() => new Date()),
      log: opts.log ?? (() => undefined),
      runs: new JobRunRepository(store),
    };
  }

  /** Create the queues and their schedules (idempotent on every server) and start this server's workers. */
  async start(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.opts.connectionString,
      schema: this.opts.schema ?? 'pgboss',
      application_name: 'dixian-jobs',
      max: 4,
    });
    boss.on('error', (err) => this.ctx.log(`任务队列错误 / job queue error: ${err.message}`));
    await boss.start();
    this.boss = boss;
    const every = this.opts.everyMinutes ?? 10;
    for (const job of this.jobs) {
      const name = queueName(job.name);
      await boss.createQueue(name, {
        name,
        policy: 'stately',
        retryLimit: this.opts.retryLimit ?? 3,
        retryDelay: this.opts.retryDelaySeconds ?? 60,
        retryBackoff: true,
        expireInSeconds: 6 * 3600,
      });
      await boss.schedule(name, `*/${every} * * * *`, {}, { tz: 'Asia/Shanghai' });
      await boss.work(name, { pollingIntervalSeconds: this.opts.pollingSeconds ?? 5 }, async () => {
        const summary = await job.run(this.ctx);
        this.ctx.log(`任务完成 / job ${job.name}: ${summary}`);
        return { summary };
      });
    }
    // a first look soon after start, as the in-process scheduler does; servers starting together queue it once
    for (const job of this.jobs) await this.trigger(job.name);
  }

  /** Queue a run of a job now (at most one waits per job, whichever server asks). */
  async trigger(job: string): Promise<string | null> {
    if (!this.boss) throw new Error('job queue not started');
    return this.boss.send(queueName(job), {});
  }

  /** Stop this server's workers, waiting for a run under way (the store must stay open until then). */
  async stop(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 60_000 });
    this.boss = undefined;
  }
}
