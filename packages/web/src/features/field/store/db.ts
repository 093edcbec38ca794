import type { OfflineHousehold, OfflinePage, SessionView } from '@dixian/core/api';
import { deleteDB, openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { newKey, open, seal, type Sealed } from './seal';
import type { QueueItem, QueueRecord } from './queue-types';

/**
 * The field app's store on the phone (IndexedDB, this origin only): the signed-in user's area, the queue of what
 * was recorded offline and its photos, all sealed (seal.ts). One database; signing out deletes it whole.
 */
export const FIELD_DB = 'dixian-field';

/** Who the data on the phone belongs to, kept in clear so a different user or a changed scope can be told. */
export interface Owner {
  userId: string;
  username: string;
  scopeCode: string;
}

interface FieldSchema extends DBSchema {
  meta: { key: string; value: unknown };
  households: { key: string; value: { id: string; sealed: Sealed } };
  queue: { key: string; value: QueueRecord; indexes: { bySeq: number } };
  photos: { key: string; value: { id: string; itemId: string; mime: string; bytes: number; sealed: Sealed } };
}

let handle: Promise<IDBPDatabase<FieldSchema>> | null = null;
/** Set by a wipe until the next claim: a screen still reading must not create the store again. */
let wiped = false;

export function db(): Promise<IDBPDatabase<FieldSchema>> {
  if (wiped) return Promise.reject(new Error('本机数据已清除 / the store on this phone was deleted'));
  handle ??= openDB<FieldSchema>(FIELD_DB, 1, {
    upgrade(d) {
      d.createObjectStore('meta');
      d.createObjectStore('households', { keyPath: 'id' });
      d.createObjectStore('queue', { keyPath: 'id' }).createIndex('bySeq', 'seq');
      d.createObjectStore('photos', { keyPath: 'id' });
    },
  });
  return handle;
}

/** Everything the field app put on this phone, gone (sign-out, another user, a changed scope). */
export async function wipe(): Promise<void> {
  wiped = true;
  if (handle) (await handle).close();
  handle = null;
  cachedKey = null;
  await deleteDB(FIELD_DB);
}

let cachedKey: CryptoKey | null = null;

export async function key(): Promise<CryptoKey> {
  if (cachedKey) return cachedKey;
  const d = await db();
  let k = (await d.get('meta', 'key')) as CryptoKey | undefined;
  if (!k) {
    k = await newKey();
    await d.put('meta', k, 'key');
  }
  cachedKey = k;
  return k;
}

export async function owner(): Promise<Owner | null> {
  if (!(await hasStore())) return null;
  return ((await (await db()).get('meta', 'owner')) as Owner | undefined) ?? null;
}

/** Whether this phone holds a field store at all (without creating one). */
export async function hasStore(): Promise<boolean> {
  if (wiped) return false;
  if (handle) return true;
  const list = (await indexedDB.databases?.()) ?? [];
  return list.some((d) => d.name === FIELD_DB);
}

/**
 * Make the store the signed-in user's: a different user's or another scope's data (and its unsent queue, which the
 * other user could not send anyway) is deleted first.
 */
export async function claim(session: SessionView): Promise<void> {
  const me: Owner = { userId: session.user.id, username: session.user.username, scopeCode: session.user.scopeCode };
  const current = await owner();
  if (current && (current.userId !== me.userId || current.scopeCode !== me.scopeCode)) await wipe();
  wiped = false;
  const d = await db();
  await d.put('meta', me, 'owner');
  await d.put('meta', await seal(await key(), session), 'session');
}

/** The session saved at the last sign-in, to open the field app without a network. */
export async function savedSession(): Promise<SessionView | null> {
  if (!(await hasStore())) return null;
  const s = (await (await db()).get('meta', 'session')) as Sealed | undefined;
  return s ? open<SessionView>(await key(), s) : null;
}

export interface DownloadState {
  watermark: string | null;
  policy: OfflinePage['policy'];
  downloadedAt: string | null;
  /** a download under way: where to resume it */
  resume: { since: string | null; after: string; watermark: string; done: number; total: number } | null;
}

export async function downloadState(): Promise<DownloadState> {
  const d = await db();
  const s = (await d.get('meta', 'download')) as Sealed | undefined;
  return s ? open<DownloadState>(await key(), s) : { watermark: null, policy: null, downloadedAt: null, resume: null };
}

export async function saveDownloadState(state: DownloadState): Promise<void> {
  await (await db()).put('meta', await seal(await key(), state), 'download');
}

export async function putHouseholds(list: OfflineHousehold[]): Promise<void> {
  const k = await key();
  const sealed = await Promise.all(list.map(async (h) => ({ id: h.id, sealed: await seal(k, h) })));
  const tx = (await db()).transaction('households', 'readwrite');
  await Promise.all([...sealed.map((s) => tx.store.put(s)), tx.done]);
}

/** Drop the households that left the user's area (moved, merged, scope narrowed). */
export async function keepOnly(ids: readonly string[]): Promise<number> {
  const keep = new Set(ids);
  const tx = (await db()).transaction('households', 'readwrite');
  const gone = (await tx.store.getAllKeys()).filter((id) => !keep.has(id));
  await Promise.all([...gone.map((id) => tx.store.delete(id)), tx.done]);
  return gone.length;
}

export async function allHouseholds(): Promise<OfflineHousehold[]> {
  const k = await key();
  const rows = await (await db()).getAll('households');
  return Promise.all(rows.map((r) => open<OfflineHousehold>(k, r.sealed)));
}

export async function getHousehold(id: string): Promise<OfflineHousehold | null> {
  const r = await (await db()).get('households', id);
  return r ? open<OfflineHousehold>(await key(), r.sealed) : null;
}

export async function putQueueItem(item: QueueItem): Promise<void> {
  const { id, seq, kind, state, createdAt, sentAt, ...rest } = item;
  const record: QueueRecord = { id, seq, kind, state, createdAt, sentAt, sealed: await seal(await key(), rest) };
  await (await db()).put('queue', record);
}

export async function queueItems(): Promise<QueueItem[]> {
  if (!(await hasStore())) return [];
  const k = await key();
  const rows = await (await db()).getAllFromIndex('queue', 'bySeq');
  return Promise.all(
    rows.map(
      async ({ sealed, ...clear }) =>
        ({ ...clear, ...(await open<Omit<QueueItem, keyof typeof clear>>(k, sealed)) }) as QueueItem,
    ),
  );
}

export async function nextSeq(): Promise<number> {
  const d = await db();
  const cursor = await d.transaction('queue').store.index('bySeq').openCursor(null, 'prev');
  return (cursor?.value.seq ?? 0) + 1;
}

/** The server refused the session (signed out elsewhere, timed out, disabled): the area's data goes, the queue
 * (the user's own records, to send after signing in again) stays. */
export async function dropAreaData(): Promise<void> {
  if (!(await hasStore())) return;
  const d = await db();
  await d.clear('households');
  await d.delete('meta', 'download');
  await d.delete('meta', 'session');
}
