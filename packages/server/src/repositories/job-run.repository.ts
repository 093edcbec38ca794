import type { RawClient } from '../db/driver.js';
import type { Store } from '../db/store.js';

export interface JobRunRecord {
  name: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastStatus: 'running' | 'done' | 'failed' | null;
  lastDetail: unknown;
}

/** job_run rows (one per job name: its last run). */
export class JobRunRepository {
  constructor(private readonly store: Store) {}

  private q<R>(fn: (c: RawClient) => Promise<R>): Promise<R> {
    return this.store.transaction((tx) => fn(tx.client));
  }

  async get(name: string): Promise<JobRunRecord | undefined> {
    return (await this.list(name)).find((r) => r.name === name);
  }

  /** Job runs whose name starts with `prefix`. */
  list(prefix = ''): Promise<JobRunRecord[]> {
    return this.q(async (c) => {
      const r = await c.query<{
        name: string;
        last_started_at: Date | null;
        last_finished_at: Date | null;
        last_status: JobRunRecord['lastStatus'];
        last_detail: unknown;
      }>(`select * from job_run where name like $1 order by name`, [`${prefix.replace(/[\\%_]/g, '\\$&')}%`]);
      return r.rows.map((x) => ({
        name: x.name,
        lastStartedAt: x.last_started_at,
        lastFinishedAt: x.last_finished_at,
        lastStatus: x.last_status,
        lastDetail: x.last_detail,
      }));
    });
  }

  started(name: string, at: Date): Promise<void> {
    return this.q(async (c) => {
      await c.query(
        `insert into job_run (name, last_started_at, last_finished_at, last_status, last_detail)
         values ($1, $2, null, 'running', null)
         on conflict (name) do update set last_started_at = $2, last_finished_at = null, last_status = 'running'`,
        [name, at.toISOString()],
      );
    });
  }

  finished(name: string, at: Date, status: 'done' | 'failed', detail: unknown): Promise<void> {
    return this.q(async (c) => {
      await c.query(`update job_run set last_finished_at = $2, last_status = $3, last_detail = $4 where name = $1`, [
        name,
        at.toISOString(),
        status,
        JSON.stringify(detail),
      ]);
    });
  }
}
