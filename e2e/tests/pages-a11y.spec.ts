import type { HouseholdPage } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import { expect, expectNoCriticalViolations, horizontalOverflow, loginAs, screenshot, test } from './support/index.js';

/**
 * Every page of the shell, the dashboard, the registry and the policy, checked with axe-core (no critical
 * violation) on a desk and on a phone, with a screenshot of each for review (e2e/screenshots/).
 */

const PAGES = ['/dashboard', '/households', '/household', '/deadlines', '/policy'] as const;

async function firstMonitored(page: Page): Promise<string> {
  const list = (await (
    await page.request.get('/api/households?status=monitoring_unresolved&pageSize=1')
  ).json()) as HouseholdPage;
  return list.items[0]!.id;
}

test('the sign-in page has no critical accessibility violation', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await expectNoCriticalViolations(page, testInfo, 'login');
  await screenshot(page, 'login-desktop');
});

test('the signed-in pages have no critical accessibility violation (desktop)', async ({ page }, testInfo) => {
  test.slow();
  await loginAs(page, 'xian', '/');
  const household = await firstMonitored(page);
  for (const p of PAGES) {
    await page.goto(p === '/household' ? `/households/${household}` : p);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    await expectNoCriticalViolations(page, testInfo, `desktop${p.replace('/', '-')}`);
  }
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the pages fit the screen and have no critical accessibility violation', async ({ page }, testInfo) => {
    test.slow();
    await page.goto('/login');
    await screenshot(page, 'login-phone');
    await loginAs(page, 'xiang', '/');
    const household = await firstMonitored(page);
    for (const p of PAGES) {
      await page.goto(p === '/household' ? `/households/${household}` : p);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
      await expectNoCriticalViolations(page, testInfo, `phone${p.replace('/', '-')}`);
      expect(await horizontalOverflow(page), `${p} overflows sideways`).toBeLessThanOrEqual(0);
    }
    await page.goto('/policy');
    await screenshot(page, 'policy-phone');
    await page.getByTestId('menu-button').click();
    await expect(page.getByTestId('main-menu')).toBeVisible();
    await screenshot(page, 'menu-drawer-phone');
  });
});

test('the household page in English', async ({ page }) => {
  await loginAs(page, 'xian', '/');
  const household = await firstMonitored(page);
  await page.evaluate(() => localStorage.setItem('dixian.lang', 'en'));
  await page.goto(`/households/${household}`);
  await expect(page.getByTestId('case-card')).toContainText('Current case');
  await expect(page.getByTestId('assessment-card')).toContainText('Assessment');
  await screenshot(page, 'household-english');
  await page.evaluate(() => localStorage.removeItem('dixian.lang'));
});
