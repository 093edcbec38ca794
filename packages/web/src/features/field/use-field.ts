import type { OfflineHousehold } from '@dixian/core/api';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { allHouseholds, downloadState, getHousehold, queueItems, type DownloadState } from './store/db';
import type { QueueItem } from './store/queue-types';
import { syncStore, type SyncStatus } from './store/sync';

export function useSyncStatus(): SyncStatus {
  return useSyncExternalStore(syncStore.subscribe, syncStore.get);
}

function subscribeOnline(fn: () => void): () => void {
  window.addEventListener('online', fn);
  window.addEventListener('offline', fn);
  return () => {
    window.removeEventListener('online', fn);
    window.removeEventListener('offline', fn);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/** A value read from the phone's store, read again whenever the queue or a sync changes it. */
function useStored<T>(read: () => Promise<T>, deps: unknown[] = []): T | null {
  const status = useSyncStatus();
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let live = true;
    read()
      .then((v) => live && setValue(v))
      .catch(() => live && setValue(null));
    return () => {
      live = false;
    };
  }, [status, ...deps]);
  return value;
}

export const useQueue = (): QueueItem[] | null => useStored(queueItems);
export const useHouseholds = (): OfflineHousehold[] | null => useStored(allHouseholds);
export const useHousehold = (id: string): OfflineHousehold | null => useStored(() => getHousehold(id), [id]);
export const useDownloadState = (): DownloadState | null => useStored(downloadState);

/** Records not yet accepted by the server: the badge. */
export function unsent(queue: QueueItem[] | null): number {
  return (queue ?? []).filter((i) => i.state === 'waiting' || i.state === 'failed' || i.state === 'conflict').length;
}
