import type { QueueItem } from './queue-types';
import { nextSeq, putQueueItem, queueItems, db } from './db';
import { deletePhoto } from './photos';
import { syncNow, syncStore } from './sync';

type Fresh<T extends QueueItem> = Omit<T, 'seq' | 'state' | 'createdAt' | 'sentAt' | 'error'>;

/**
 * Save a record on the phone at once and queue it (its `id` is the client id the server deduplicates on); it goes
 * up right away when there is a network.
 */
export async function enqueue<T extends QueueItem>(fresh: Fresh<T>): Promise<void> {
  const item = {
    ...fresh,
    seq: await nextSeq(),
    state: 'waiting',
    createdAt: new Date().toISOString(),
    sentAt: null,
    error: null,
  } as T;
  await putQueueItem(item);
  syncStore.touch();
  if (navigator.onLine) void syncNow();
}

export async function saveItem(item: QueueItem): Promise<void> {
  await putQueueItem(item);
  syncStore.touch();
}

/** A refused record the cadre gives up on: removed with its photos. */
export async function deleteItem(item: QueueItem): Promise<void> {
  if (item.kind === 'visit') for (const id of item.photoIds) await deletePhoto(id);
  await (await db()).delete('queue', item.id);
  syncStore.touch();
}

/** Records not yet on the server (waiting, refused or in conflict). */
export async function unsentCount(): Promise<number> {
  return (await queueItems()).filter((i) => i.state === 'waiting' || i.state === 'failed' || i.state === 'conflict')
    .length;
}
