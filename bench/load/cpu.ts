/**
 * CPU time of the API server's Node process and of the benchmark database's PostgreSQL backends, from /proc (both
 * run on this machine). Requests/s depend on what else the shared machine does; CPU per request much less.
 */
import fs from 'node:fs';
import type { Store } from '@dixian/server/db/store';

/** CPU seconds (user + system) a process has used; 0 once it is gone. */
export function procCpu(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return 0;
  }
}

export interface CpuSample {
  node: number;
  pg: Map<number, number>;
  /** this process: the virtual users' own CPU (they share the machine with the server) */
  client: number;
}

export class CpuProbe {
  constructor(
    private readonly store: Store,
    private readonly serverPid: number,
  ) {}

  /** The database's backends and their parallel workers (pg_stat_activity lists both). */
  private async backends(): Promise<number[]> {
    const r = await this.store.transaction((tx) =>
      tx.client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      ),
    );
    return r.rows.map((x) => x.pid);
  }

  async sample(): Promise<CpuSample> {
    const pg = new Map<number, number>();
    for (const pid of await this.backends()) pg.set(pid, procCpu(pid));
    const u = process.cpuUsage();
    return { node: procCpu(this.serverPid), pg, client: (u.user + u.system) / 1e6 };
  }

  /**
   * Sample every 500 ms until `stop`: parallel workers live for one query, so a sample at the start and one at
   * the end would miss most of them. Each process counts with the last CPU time seen (a worker's last < 500 ms
   * are missed); one first seen after the start counts from 0.
   */
  track(): { stop: () => Promise<{ node: number; pg: number; client: number }> } {
    const first = this.sample();
    const last = new Map<number, number>();
    let busy = Promise.resolve();
    const tick = () => {
      busy = busy.then(async () => {
        for (const [pid, t] of (await this.sample()).pg) last.set(pid, t);
      });
    };
    const timer = setInterval(tick, 500);
    return {
      stop: async () => {
        clearInterval(timer);
        await busy;
        const a = await first;
        const b = await this.sample();
        for (const [pid, t] of b.pg) last.set(pid, t);
        let pg = 0;
        for (const [pid, t] of last) pg += t - (a.pg.get(pid) ?? 0);
        return { node: b.node - a.node, pg, client: b.client - a.client };
      },
    };
  }
}

/** CPU seconds between two samples: server Node, PostgreSQL backends (those alive at the end), this process. */
export function cpuBetween(a: CpuSample, b: CpuSample): { node: number; pg: number; client: number } {
  let pg = 0;
  for (const [pid, t] of b.pg) pg += t - (a.pg.get(pid) ?? 0);
  return { node: b.node - a.node, pg, client: b.client - a.client };
}
