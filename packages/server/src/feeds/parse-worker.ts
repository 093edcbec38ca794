/**
 * The feed parser on a worker thread: chunks of parsed rows go to the parent, at most `maxInFlight` ahead of the
 * match and COPY that take them (a shared counter the parent decrements), so memory stays flat however fast
 * the file parses.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useKeyringData, type KeyringData } from '../security/field-keys.js';
import { parseFeedFile, serialiseError, type ParseJob, type WorkerMessage } from './parse.js';

const { job, inFlight, maxInFlight, keys } = workerData as {
  job: ParseJob;
  inFlight: Int32Array;
  maxInFlight: number;
  keys: KeyringData | undefined;
};
// the rows it spools carry sealed ID numbers and their blind indexes, so it needs the parent's keys
useKeyringData(keys);
const port = parentPort!;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

try {
  const outcome = await parseFeedFile(
    job,
    (chunk) => {
      post({ type: 'chunk', chunk });
      for (let n = Atomics.add(inFlight, 0, 1) + 1; n >= maxInFlight; n = Atomics.load(inFlight, 0)) {
        Atomics.wait(inFlight, 0, n, 1000);
      }
    },
    (progress) => post({ type: 'progress', progress }),
  );
  post({ type: 'done', outcome });
} catch (err) {
  post({ type: 'error', error: serialiseError(err) });
}
