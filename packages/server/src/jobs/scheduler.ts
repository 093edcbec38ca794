/**
 * A small in-process scheduler: every `intervalMs` it asks each job whether it is due and runs the due ones one
 * after another (never two ticks at once), recording each run in job_run. The clock is injected, so tests drive
 * `tick()` with their own time instead of waiting. Started by `dixian start`; nothing here survives a restart
 * except job_run, which is what makes a job "due" again.
 */
import type { Store } from '../db/store.js';
import { JobRunRepository } from '../repositories/job-run.repository.js';

export { JobRunRepository, type JobRunRecord } from '../repositories/job-run.repository.js';

export interface JobContext {
  store: Store;
  now: () => Date;
  log: (message: string) => void;
  runs: JobRunRepository;
}

export interface Job {
  name: string;
  /** run whatever is due at ctx.now(); returns a short summary for the log */
  run(ctx: JobContext): Promise<string>;
}

export interface SchedulerOptions {
  now?: () => Date;
  /** how often to look for due jobs (default 10 minutes) */
  intervalMs?: number;
  /** the first look, after start (default 30 s, so start-up and the first requests are not delayed) */
  firstDelayMs?: number;
  log?: (message: string) => void;
}

export class Scheduler {
  private timer: ReturnType<typeof setInterval> | undefined;
  private first: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private readonly ctx: JobContext;

  constructor(
    store: Store,
    private readonly jobs: readonly Job[],
    private readonly opts: SchedulerOptions = {},
  ) {
    this.ctx = {
      store,
      now: opts.now ?? (() => new Date()),
      log: opts.log ?? (() => undefined),
      runs: new JobRunRepository(store),
    };
  }

  /** Run every job once; a job's failure is logged and does not stop the others. */
  async tick(): Promise<{ job: string; ok: boolean; summary: string }[]> {
    const out: { job: string; ok: boolean; summary: string }[] = [];
    for (const job of this.jobs) {
      try {
        out.push({ job: job.name, ok: true, summary: await job.run(this.ctx) });
      } catch (err) {
        const summary = err instanceof Error ? err.message : String(err);
        this.ctx.log(`任务失败 / job ${job.name} failed: ${summary}`);
        out.push({ job: job.name, ok: false, summary });
      }
    }
    return out;
  }

  /** Tick in the background: one tick at a time, timers that do not keep the process alive. */
  start(): void {
    const once = () => {
      if (this.running) return;
      this.running = this.tick()
        .then(() => undefined)
        .finally(() => (this.running = undefined));
    };
    this.first = setTimeout(once, this.opts.firstDelayMs ?? 30_000);
    this.timer = setInterval(once, this.opts.intervalMs ?? 10 * 60_000);
    this.first.unref?.();
    this.timer.unref?.();
  }

  /** Stop ticking and wait for a tick under way (the store must stay open until then). */
  async stop(): Promise<void> {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running;
  }
}
