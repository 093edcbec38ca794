/**
 * One request of a virtual user, as the web app sends it: the session cookie, and on a state change the
 * session's CSRF token (x-csrf-token). Node's fetch (undici) keeps connections alive. The whole body is read,
 * exports included, before the latency is taken. Any non-2xx answer or network error is a failure.
 */
import type { Recorder } from './recorder.js';

/**
 * A user waits this long for an answer, then gives up (a failure): a query that runs for minutes would otherwise
 * hold the run long after its window.
 */
export const GIVE_UP_MS = 120_000;
import type { VirtualUser } from './users.js';

export interface Answer {
  status: number;
  json: unknown;
}

export async function call(
  base: string,
  rec: Recorder,
  user: VirtualUser,
  action: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<Answer | null> {
  const counted = rec.open; // a request started inside the window counts, even when it ends after it
  const headers: Record<string, string> = { ...extra, cookie: user.cookie! };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = user.csrf!;
  }
  const started = performance.now();
  try {
    const res = await fetch(base + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(GIVE_UP_MS),
    });
    const type = res.headers.get('content-type') ?? '';
    const raw = type.includes('json') ? await res.text() : Buffer.from(await res.arrayBuffer());
    const ms = performance.now() - started;
    const ok = res.status >= 200 && res.status < 300;
    const failure = ok ? undefined : `${action} ${path} → ${res.status} ${String(raw)}`;
    if (counted) rec.record(action, ms, failure);
    return { status: res.status, json: ok && typeof raw === 'string' ? JSON.parse(raw) : null };
  } catch (e) {
    if (counted) rec.record(action, performance.now() - started, `${action} ${path} → ${(e as Error).message}`);
    return null;
  }
}
