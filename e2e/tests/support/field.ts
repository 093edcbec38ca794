import type { OfflineHousehold, OfflinePage } from '@dixian/core/api';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './users.js';

/** A phone in the village: 375 × 667, touch, the service worker on, and the position allowed. */
export async function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 375, height: 667 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
    permissions: ['geolocation'],
    geolocation: { latitude: 43.826, longitude: 126.552, accuracy: 12 },
    reducedMotion: 'reduce',
  });
}

/**
 * Sign the cadre in and open the field app until the area is on the phone and the service worker (with the app
 * shell cached) controls the page: from then on it works without a network.
 */
export async function openField(page: Page, user = 'cun'): Promise<void> {
  const res = await page.request.post('/api/auth/login', { data: { username: user, password: DEMO_PASSWORD } });
  expect(res.status(), `login ${user}`).toBe(200);
  await page.goto('/field');
  await expect(page.getByText(/本机已存 \d+ 户/)).toBeVisible({ timeout: 90_000 });
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 90_000 });
}

/** Households of the cadre's area, as the server sends them to the phone. */
export async function areaHouseholds(page: Page): Promise<OfflineHousehold[]> {
  const res = await page.request.get('/api/offline/households?limit=1000');
  expect(res.status()).toBe(200);
  return ((await res.json()) as OfflinePage).households;
}

/** Open a household from the field app's search, as the cadre would. */
export async function openHousehold(page: Page, h: Pick<OfflineHousehold, 'householdNo'>): Promise<void> {
  await page.getByRole('link', { name: '外业走访' }).click();
  await page.locator('.ant-segmented-item').filter({ hasText: '全部农户' }).click();
  await page.getByLabel('搜索户编号或户主姓名').fill(h.householdNo);
  await page
    .getByRole('link', { name: new RegExp(h.householdNo) })
    .first()
    .click();
  await expect(page.getByRole('button', { name: '记录走访' })).toBeVisible();
}

/** A camera-sized JPEG (2400 × 1800), drawn in the page: what a phone's camera hands the app. */
export async function cameraShot(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2400;
    c.height = 1800;
    const g = c.getContext('2d')!;
    for (let i = 0; i < 60; i += 1) {
      g.fillStyle = `hsl(${i * 6}, 60%, ${30 + (i % 5) * 10}%)`;
      g.fillRect((i * 97) % 2400, (i * 53) % 1800, 400, 300);
    }
    return c.toDataURL('image/jpeg', 0.95);
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}
