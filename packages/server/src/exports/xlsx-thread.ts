import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { CellValue, ExportColumn, ExportSheet } from './xlsx-types.js';

/**
 * The parent's side of the Excel writer's thread (xlsx-worker.ts): one thread for the process, started by the first
 * long export and kept (it takes about a second to start), writing any number of workbooks at once, each its own
 * job. While no job runs it does not keep the process alive.
 */

/** A sheet as the thread receives it: the columns without their value functions (the rows come as cell values). */
export type PlainSheet = Omit<ExportSheet<never>, 'columns'> & { columns: Omit<ExportColumn<never>, 'value'>[] };
export type ThreadRequest =
  | { type: 'start'; id: number; sheet: PlainSheet }
  | { type: 'rows'; id: number; rows: CellValue[][] }
  | { type: 'end'; id: number }
  | { type: 'cancel'; id: number };
export type ThreadReply =
  | { type: 'data'; id: number; bytes: Uint8Array }
  | { type: 'ack'; id: number }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; message: string };

interface Job {
  out: Writable;
  acked: () => void;
  resolve: () => void;
  reject: (err: Error) => void;
}

let thread: { worker: Worker; jobs: Map<number, Job> } | null = null;
let lastId = 0;

function writerThread(): { worker: Worker; jobs: Map<number, Job> } {
  if (thread) return thread;
  const worker = new Worker(new URL('./xlsx-worker.mjs', import.meta.url), {
    execArgv: process.execArgv.filter((a) => a.startsWith('--max-old-space-size')),
  });
  const t = { worker, jobs: new Map<number, Job>() };
  worker.on('message', (m: ThreadReply) => {
    const job = t.jobs.get(m.id);
    if (!job) return;
    if (m.type === 'data') job.out.write(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
    else if (m.type === 'ack') job.acked();
    else {
      t.jobs.delete(m.id);
      if (m.type === 'done') job.resolve();
      else job.reject(new Error(m.message));
    }
  });
  const fail = (err: Error) => {
    if (thread === t) thread = null;
    for (const job of t.jobs.values()) job.reject(err);
    t.jobs.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the Excel writer stopped (exit ${code})`)));
  worker.unref();
  thread = t;
  return t;
}

/** Write one workbook on the thread: rows of cell values in, its bytes to `out` (not ended here). */
export async function writeOnThread(sheet: PlainSheet, batches: AsyncIterable<CellValue[][]>, out: Writable) {
  const t = writerThread();
  const id = ++lastId;
  const post = (m: ThreadRequest) => t.worker.postMessage(m);
  let acked = (): void => undefined;
  const done = new Promise<void>((resolve, reject) => t.jobs.set(id, { out, acked: () => acked(), resolve, reject }));
  done.catch(() => undefined); // observed below; this only keeps Node from reporting it twice
  t.worker.ref();
  try {
    post({ type: 'start', id, sheet });
    for await (const rows of batches) {
      // one batch in flight, so memory stays flat whatever the list's length
      const written = new Promise<void>((resolve) => (acked = resolve));
      post({ type: 'rows', id, rows });
      await Promise.race([written, done]);
      // a slow reader holds the next batch back
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), done]);
    }
    post({ type: 'end', id });
    await done;
  } catch (err) {
    if (t.jobs.delete(id)) post({ type: 'cancel', id });
    throw err;
  } finally {
    if (!t.jobs.size) t.worker.unref();
  }
}
