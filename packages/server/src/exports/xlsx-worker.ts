/**
 * The Excel writer's thread (parent side: xlsx-thread.ts): workbooks written side by side, each from rows of cell
 * values the parent sends batch by batch, their bytes posted back as they are written. Writing a row costs about
 * 0.1 ms, so a county's export of 50,000 rows kept the API's one event loop busy for seconds; here it runs beside it.
 */
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parentPort } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest } from './xlsx-thread.js';
import { writeXlsx, type CellValue } from './xlsx-writer.js';

const port = parentPort!;
const post = (m: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

type Next = { rows: CellValue[][] } | { end: true } | { cancel: true };
const inboxes = new Map<number, { queue: Next[]; waiting: ((n: Next) => void) | null }>();

function deliver(id: number, n: Next): void {
  const box = inboxes.get(id);
  if (!box) return;
  if (box.waiting) {
    const w = box.waiting;
    box.waiting = null;
    w(n);
  } else box.queue.push(n);
}

async function* batchesOf(id: number): AsyncGenerator<CellValue[][]> {
  const box = inboxes.get(id)!;
  for (;;) {
    const n = box.queue.shift() ?? (await new Promise<Next>((resolve) => (box.waiting = resolve)));
    if ('end' in n) return;
    if ('cancel' in n) throw new Error('cancelled');
    yield n.rows;
    // the batch is written: the parent may send the next
    post({ type: 'ack', id });
  }
}

async function write(id: number, sheet: Extract<ThreadRequest, { type: 'start' }>['sheet']): Promise<void> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // a copy: the chunk may be a slice of a pooled buffer, which must not be transferred away
      const bytes = new Uint8Array(chunk);
      post({ type: 'data', id, bytes }, [bytes.buffer as ArrayBuffer]);
      done();
    },
  });
  try {
    const columns = sheet.columns.map((c, i) => ({ ...c, value: (row: CellValue[]) => row[i] }));
    await writeXlsx({ ...sheet, columns }, batchesOf(id), sink);
    // every byte posted before the end is announced
    if (!sink.writableFinished) await finished(sink);
    post({ type: 'done', id });
  } catch (err) {
    post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
  } finally {
    inboxes.delete(id);
  }
}

port.on('message', (m: ThreadRequest) => {
  if (m.type === 'start') {
    inboxes.set(m.id, { queue: [], waiting: null });
    void write(m.id, m.sheet);
  } else if (m.type === 'rows') deliver(m.id, { rows: m.rows });
  else if (m.type === 'end') deliver(m.id, { end: true });
  else deliver(m.id, { cancel: true });
});
