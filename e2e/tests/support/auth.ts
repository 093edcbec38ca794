import type { SessionView } from '@dixian/core/api';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, type DemoUser } from './users.js';

/**
 * Sign in through the sign-in page, as a person would, and wait for the first page of the role's menu.
 * Use `loginAs` when the sign-in itself is not what the test is about.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/**
 * Log in over the API (the page's request context shares the browser's cookies), then open `path`. Returns the
 * session, whose csrfToken `api()` needs for state changes.
 */
export async function loginAs(
  page: Page,
  user: DemoUser | string,
  path = '/',
  password = DEMO_PASSWORD,
): Promise<SessionView> {
  const res = await page.request.post('/api/auth/login', { data: { username: user, password } });
  expect(res.status(), `login ${user}`).toBe(200);
  const session = (await res.json()) as SessionView;
  await page.goto(path);
  // the first render parses the app's scripts: on a busy 2-core machine that alone can take seconds
  await page.getByTestId('user-info').or(page.getByText('请先修改密码')).first().waitFor({ timeout: 60_000 });
  return session;
}

/** A JSON call with the session's CSRF token, for arranging data from a test. */
export async function api<T>(
  request: APIRequestContext,
  session: Pick<SessionView, 'csrfToken'>,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  data?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await request.fetch(url, {
    method,
    headers: { 'x-csrf-token': session.csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * Open `path` inside the app already loaded, as a click on a link would (the router follows the history), without
 * reloading the page: the app's scripts are parsed once, which on a loaded 2-core machine saves seconds per page.
 */
export async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}
