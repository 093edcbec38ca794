import {
  IDEMPOTENCY_HEADER,
  MAX_HOUSEHOLDS_ON_PHONE,
  type HouseholdView,
  type OfflinePage,
  type PlanView,
  type VisitCreated,
} from '@dixian/core/api';
import { api, isApiError, type ApiError } from '../../../api/client';
import {
  dropAreaData,
  downloadState,
  keepOnly,
  putHouseholds,
  putQueueItem,
  queueItems,
  saveDownloadState,
} from './db';
import { deletePhoto, getPhoto } from './photos';
import {
  CORRECTABLE,
  type CorrectionItem,
  type CorrectionValues,
  type MeasureItem,
  type QueueItem,
  type VisitItem,
} from './queue-types';

/**
 * Sync: the queue goes up in the order it was recorded, then what changed on the server since the last download
 * comes down (in pages; an interrupted first download resumes at the page it stopped at).
 */
export interface SyncStatus {
  running: boolean;
  phase: 'idle' | 'uploading' | 'downloading';
  progress: { done: number; total: number } | null;
  lastSyncAt: string | null;
  /** why the last sync stopped, "中文 / English" */
  lastError: string | null;
  /** the server no longer accepts the session: sign in again to send the queue */
  signedOut: boolean;
}

let status: SyncStatus = {
  running: false,
  phase: 'idle',
  progress: null,
  lastSyncAt: null,
  lastError: null,
  signedOut: false,
};
const listeners = new Set<() => void>();

function update(patch: Partial<SyncStatus>): void {
  status = { ...status, ...patch };
  for (const fn of listeners) fn();
}

export const syncStore = {
  subscribe(fn: () => void) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  get: () => status,
  /** tell the screens the queue changed (a record saved, a conflict resolved) */
  touch: () => update({}),
};

const PAGE = 250;

/** One run; a second call while one runs waits for it. */
let current: Promise<void> | null = null;

export function syncNow(): Promise<void> {
  current ??= run().finally(() => (current = null));
  return current;
}

async function run(): Promise<void> {
  update({ running: true, lastError: null, progress: null });
  try {
    update({ phase: 'uploading' });
    await upload();
    update({ phase: 'downloading' });
    await download();
    update({ lastSyncAt: new Date().toISOString(), signedOut: false });
  } catch (e) {
    const err = e as ApiError | Error;
    if (isApiError(err) && err.status === 401) {
      await dropAreaData();
      update({ signedOut: true });
    }
    update({ lastError: err.message });
  } finally {
    update({ running: false, phase: 'idle', progress: null });
  }
}

/** A refusal the cadre can act on (the record stays, marked failed); anything else stops the run. */
function isRefusal(e: unknown): e is ApiError {
  return isApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 429;
}

async function upload(): Promise<void> {
  const items = (await queueItems()).filter((i) => i.state === 'waiting');
  // a household with a record refused or in conflict holds its later records back, so they go up in order
  const held = new Set(
    (await queueItems()).filter((i) => i.state === 'failed' || i.state === 'conflict').map((i) => i.householdId),
  );
  let done = 0;
  for (const item of items) {
    update({ progress: { done, total: items.length } });
    if (item.householdId && held.has(item.householdId)) continue;
    try {
      await send(item);
      item.state = 'sent';
      item.sentAt = new Date().toISOString();
      item.error = null;
      item.issues = [];
    } catch (e) {
      if (isApiError(e) && e.status === 409 && item.kind === 'correction') {
        await toConflict(item);
      } else if (isApiError(e) && e.status === 409 && item.kind === 'measure') {
        await toMeasureConflict(item);
      } else if (isRefusal(e)) {
        item.state = 'failed';
        item.error = e.serverMessage;
        item.issues = e.issues.map((i) => ({ path: i.path ?? '', message: i.message }));
      } else {
        throw e;
      }
      if (item.householdId) held.add(item.householdId);
    }
    await putQueueItem(item);
    syncStore.touch();
    done += 1;
  }
}

const keyed = (key: string) => ({ headers: { [IDEMPOTENCY_HEADER]: key } });

async function send(item: QueueItem): Promise<void> {
  switch (item.kind) {
    case 'visit':
      return sendVisit(item);
    case 'lead':
      await api.send('POST', '/api/leads', item.body, keyed(item.id));
      return;
    case 'correction':
      await api.send(
        'PATCH',
        `/api/households/${item.householdId}`,
        { ...item.changes, version: item.server?.version ?? item.baseVersion },
        keyed(item.requestKey),
      );
      return;
    case 'measure':
      await api.send(
        'POST',
        `/api/plans/${item.planId}/measures/${item.measureId}/status`,
        { ...item.body, version: item.server?.version ?? item.body.version },
        keyed(item.requestKey),
      );
      return;
    case 'delivery':
      await api.send('POST', '/api/publicity/deliveries', item.body, keyed(item.id));
  }
}

/** The visit, then each photo not yet sent; a photo sent is deleted from the phone. */
async function sendVisit(item: VisitItem): Promise<void> {
  if (!item.visitId) {
    const created = await api.send<VisitCreated>(
      'POST',
      `/api/households/${item.householdId}/visits`,
      item.body,
      keyed(item.id),
    );
    item.visitId = created.visit.id;
    await putQueueItem(item);
  }
  for (const photoId of item.photoIds) {
    if (item.sentPhotoIds.includes(photoId)) continue;
    const blob = await getPhoto(photoId);
    if (blob) {
      await api.send('POST', `/api/visits/${item.visitId}/photos`, undefined, {
        raw: blob,
        headers: { [IDEMPOTENCY_HEADER]: photoId, 'x-taken-at': item.createdAt },
      });
    }
    item.sentPhotoIds.push(photoId);
    await putQueueItem(item);
    await deletePhoto(photoId);
  }
}

/** The household changed on the server since the phone read it: keep both versions for the cadre to choose. */
async function toConflict(item: CorrectionItem): Promise<void> {
  const detail = await api.get<{ household: HouseholdView }>(`/api/households/${item.householdId}`);
  const values: CorrectionValues = {};
  for (const f of CORRECTABLE) values[f] = detail.household[f];
  item.state = 'conflict';
  item.server = { version: detail.household.version, values };
  item.error = null;
}

/** The measure moved on the server since the phone read it: its status there, beside the cadre's. */
async function toMeasureConflict(item: MeasureItem): Promise<void> {
  const plan = await api.get<PlanView>(`/api/plans/${item.planId}`);
  const m = plan.measures.find((x) => x.id === item.measureId);
  item.state = 'conflict';
  item.server = m ? { version: m.version, status: m.status } : null;
  item.error = null;
}

async function download(): Promise<void> {
  const state = await downloadState();
  const resume = state.resume;
  const since = resume ? resume.since : (state.watermark ?? undefined);
  let after = resume?.after ?? undefined;
  let watermark = resume?.watermark ?? null;
  let policy = state.policy;
  let done = resume?.done ?? 0;
  let total = resume?.total ?? 0;
  for (;;) {
    const page = await api.get<OfflinePage>('/api/offline/households', { since, after, limit: PAGE });
    if (!after) {
      if (!since && page.total > MAX_HOUSEHOLDS_ON_PHONE) {
        throw new Error(
          `辖区农户过多(${page.total} 户),不宜全部存入手机,请使用电脑版 / too many households (${page.total}) for a phone; use the desk version`,
        );
      }
      watermark = page.watermark;
      total = page.total;
      policy = page.policy ?? policy;
      if (page.allIds) await keepOnly(page.allIds);
    }
    await putHouseholds(page.households);
    done += page.households.length;
    update({ progress: { done, total } });
    if (!page.next) break;
    after = page.next;
    await saveDownloadState({
      ...state,
      policy,
      resume: { since: since ?? null, after, watermark: watermark!, done, total },
    });
  }
  await saveDownloadState({ watermark, policy, downloadedAt: new Date().toISOString(), resume: null });
}
