import { CSRF_HEADER, type ErrorBody, type ExportFileView } from '@dixian/core/api';
import { localize, type Lang } from '../i18n/i18n';

/**
 * The one way the web app talks to the server: `fetch` with the session cookie, the CSRF token on every state
 * change, JSON in and out, and every failure as an `ApiError` carrying the server's `{ code, message, issues }`
 * (docs/ARCHITECTURE.md, errors). Types come from the zod contracts in `@dixian/core/api`:
 *
 *   const page = await api.get<HouseholdPage>('/api/households', { q: '王', page: 1 });
 *   await api.patch<HouseholdView>(`/api/households/${id}`, body);
 */

export type ErrorIssue = ErrorBody['error']['issues'][number];

/** Codes the server sends, plus `network` when no answer came at all. */
export type ApiErrorCode = ErrorBody['error']['code'] | 'network';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    /** "中文 / English", as the server wrote it */
    readonly serverMessage: string,
    readonly issues: ErrorIssue[] = [],
  ) {
    super(serverMessage);
    this.name = 'ApiError';
  }

  /** The message in one language. */
  text(lang: Lang): string {
    return localize(this.serverMessage, lang);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

let csrfToken: string | null = null;

/** The session's CSRF token, set from the login and /me answers (auth/session.tsx). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Listener = (e: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request answers 401 (the session ended or timed out), so the app can go to the sign-in page. */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

/** `/path?a=1&b=x`, leaving out empty values; arrays repeat the key. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? v : [v]) {
      if (item === undefined || item === null || item === '') continue;
      params.append(k, String(item));
    }
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** A request's extras: headers (the idempotency key of a queued write) and a raw body (a photo). */
export interface RequestExtras {
  headers?: Record<string, string>;
  raw?: Blob;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
  extras?: RequestExtras,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extras?.headers };
  if (extras?.raw) headers['content-type'] = extras.raw.type;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: extras?.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器,请检查网络 / cannot reach the server; check the network');
  }
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = (data as Partial<ErrorBody> | undefined)?.error;
    const apiError = err
      ? new ApiError(res.status, err.code, err.message, err.issues ?? [])
      : new ApiError(res.status, 'internal', `服务器错误 (${res.status}) / server error (${res.status})`);
    if (res.status === 401 && !path.startsWith('/api/auth/login')) {
      for (const fn of unauthenticatedListeners) fn(apiError);
    }
    throw apiError;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string, query?: Query) => request<T>('DELETE', withQuery(path, query)),
  /** a write with extras: `send('POST', path, body, { headers })`, or a raw body with `{ raw: blob }` */
  send: <T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown, extras: RequestExtras) =>
    request<T>(method, path, body, undefined, extras),
};

/** GET a file the server builds, with the session cookie; an error answer becomes an ApiError. */
async function fetchFile(path: string, query?: Query, headers?: Record<string, string>): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), { credentials: 'same-origin', headers });
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器,请检查网络 / cannot reach the server; check the network');
  }
  if (!res.ok) {
    const data = (await res.json().catch(() => undefined)) as Partial<ErrorBody> | undefined;
    const err = data?.error;
    throw err
      ? new ApiError(res.status, err.code, err.message, err.issues ?? [])
      : new ApiError(res.status, 'internal', `服务器错误 (${res.status}) / server error (${res.status})`);
  }
  return res;
}

/** Save an answered file under the name the server gives in Content-Disposition. */
async function save(res: Response, fallbackName: string): Promise<void> {
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Download a file the server builds (Excel exports, reports) with the session cookie, saving it under the name
 * the server gives in Content-Disposition.
 */
export async function download(path: string, query?: Query, fallbackName = 'export.xlsx'): Promise<void> {
  await save(await fetchFile(path, query), fallbackName);
}

/**
 * Ask for an export in the background (下载中心): the server answers 202 with the queued file, or, for an export it
 * never keeps (personal data in clear), the file itself, which is saved at once ('downloaded').
 */
export async function exportInBackground(
  path: string,
  query?: Query,
  fallbackName = 'export.xlsx',
): Promise<ExportFileView | 'downloaded'> {
  const res = await fetchFile(path, query, { prefer: 'respond-async' });
  if (res.status === 202) return (await res.json()) as ExportFileView;
  await save(res, fallbackName);
  return 'downloaded';
}

/**
 * Send a file as the raw request body (POST, application/octet-stream) with XMLHttpRequest, which, unlike fetch,
 * reports upload progress (`onProgress` gets 0–1). The CSRF header and the error shape are those of `api`.
 */
export function uploadFile<T>(
  path: string,
  query: Query,
  file: Blob,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress?.(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network', '无法连接服务器,请检查网络 / cannot reach the server; check the network'));
    xhr.onload = () => {
      let data: unknown = undefined;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(data as T);
        return;
      }
      const err = (data as Partial<ErrorBody> | undefined)?.error;
      const apiError = err
        ? new ApiError(xhr.status, err.code, err.message, err.issues ?? [])
        : new ApiError(xhr.status, 'internal', `服务器错误 (${xhr.status}) / server error (${xhr.status})`);
      if (xhr.status === 401) for (const fn of unauthenticatedListeners) fn(apiError);
      reject(apiError);
    };
    xhr.send(file);
  });
}
