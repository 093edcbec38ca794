/**
 * The feed parser on a worker thread: chunks of parsed rows go to the parent, at most `maxInFlight` ahead of the
 * match and COPY that take them (a shared counter the parent decrements), so memory stays flat however fast
 * the file parses. Either the whole file (`runParse`), or, as one of several, the blocks of a CSV the parent
 * hands out one at a time (`runBlockParse` in blocks.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useKeyringData, type KeyringData } from '../security/field-keys.js';
import { BlockParser } from './block-parse.js';
import {
  serialiseError,
  type Block,
  type CarryEntries,
  type ParseJob,
  type ParsedChunk,
  type WorkerMessage,
  type BlockWorkerMessage,
  type BlockParentMessage,
} from './chunks.js';
import type { SourceRow } from './text-rows.js';

const { job, inFlight, maxInFlight, keys, head } = workerData as {
  job: ParseJob;
  inFlight: Int32Array;
  maxInFlight: number;
  keys: KeyringData | undefined;
  /** set for a block parser: the file's head rows, where the parent found the header */
  head?: SourceRow[];
};
// the rows it spools carry sealed ID numbers and their blind indexes, so it needs the parent's keys
useKeyringData(keys);
const port = parentPort!;
const post = (m: WorkerMessage | BlockWorkerMessage) => port.postMessage(m);

/** Waits while the parent holds `maxInFlight` of this thread's chunks it has not taken yet. */
function backPressure(): void {
  for (let n = Atomics.add(inFlight, 0, 1) + 1; n >= maxInFlight; n = Atomics.load(inFlight, 0)) {
    Atomics.wait(inFlight, 0, n, 1000);
  }
}

if (head) {
  try {
    const parser = new BlockParser(job, head);
    /** the block waiting for the values carried into it */
    let carryIn: ((entries: CarryEntries) => void) | null = null;
    const parse = async (block: Block) => {
      try {
        const { index } = block;
        const counts = await parser.parse(
          block,
          (out, needIn) => {
            post({ type: 'carry-out', index, out, needIn });
            return needIn ? new Promise((resolve) => (carryIn = resolve)) : Promise.resolve([]);
          },
          (chunk: ParsedChunk) => {
            post({ type: 'block-chunk', index, chunk });
            backPressure();
          },
        );
        post({ type: 'block-done', index, counts });
      } catch (err) {
        post({ type: 'error', error: serialiseError(err) });
      }
    };
    port.on('message', (m: BlockParentMessage) => {
      if (m.type === 'block') void parse(m.block);
      else if (m.type === 'carry-in') carryIn?.(m.entries);
      else port.close();
    });
    post({ type: 'ready' });
  } catch (err) {
    post({ type: 'error', error: serialiseError(err) });
  }
} else {
  try {
    // loaded here, not above: a block parser needs none of it (exceljs among it), and each thread loads its own
    const { parseFeedFile } = await import('./parse.js');
    const outcome = await parseFeedFile(
      job,
      (chunk) => {
        post({ type: 'chunk', chunk });
        backPressure();
      },
      (progress) => post({ type: 'progress', progress }),
    );
    post({ type: 'done', outcome });
  } catch (err) {
    post({ type: 'error', error: serialiseError(err) });
  }
}
