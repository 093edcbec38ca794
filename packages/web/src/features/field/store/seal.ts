/**
 * What the field app keeps on the phone is sealed with AES-GCM under a key the browser generates at sign-in and
 * will not export (WebCrypto, `extractable: false`). The key lives in this origin's IndexedDB beside the data: it
 * keeps the records unreadable in the browser's files on disk and to every other origin; it does not stand against
 * someone who holds the unlocked phone with the app open, which signing out (everything deleted) covers.
 */
export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export function newKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function sealBytes(key: CryptoKey, bytes: ArrayBuffer): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  return { iv, data: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, bytes) };
}

export function openBytes(key: CryptoKey, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv as BufferSource }, key, sealed.data);
}

export function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  return sealBytes(key, new TextEncoder().encode(JSON.stringify(value)).buffer as ArrayBuffer);
}

export async function open<T>(key: CryptoKey, sealed: Sealed): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await openBytes(key, sealed))) as T;
}
