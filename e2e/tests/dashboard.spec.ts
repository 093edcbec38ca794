import type { DeadlinePage, HouseholdPage, StatsOverview } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import { expect, horizontalOverflow, loginAs, screenshot, test } from './support/index.js';

/**
 * The dashboard (issue 6 §2): the area's figures from GET /api/stats/overview, each opening the list behind it
 * with the same filters in the URL; the list then shows exactly as many rows as the figure said.
 */

async function overview(page: Page): Promise<StatsOverview> {
  return (await (await page.request.get('/api/stats/overview')).json()) as StatsOverview;
}

/** The "共 N 条" of the list page. */
async function listTotal(page: Page): Promise<number> {
  // the lists behind the figures judge each household's state on the as-of day from its cases
  const total = page.locator('.ant-pagination-total-text');
  await expect(total).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 60_000 });
  const text = await total.textContent();
  return Number(/共 (\d+) 条/.exec(text ?? '')?.[1]);
}

test('the county officer’s figures open the lists behind them, and each list counts what its figure said', async ({
  page,
}) => {
  test.slow();
  await loginAs(page, 'xian', '/dashboard');
  const s = await overview(page);
  await expect(page.getByTestId('stat-unresolved')).toContainText(String(s.unresolved.households.value));
  await expect(page.getByTestId('stat-monitored')).toContainText(String(s.monitored.households.value));
  await screenshot(page, 'dashboard-desktop');

  // a statistic card
  await page.getByTestId('stat-unresolved').click();
  await expect(page).toHaveURL(/\/households\?.*status=monitoring_unresolved/);
  await expect(page.getByTestId('active-filters')).toContainText('风险未消除');
  expect(await listTotal(page)).toBe(s.unresolved.households.value);
  // the URL asks the server exactly what the figure counted
  const url = new URL(page.url());
  const direct = (await (await page.request.get(`/api/households${url.search}`)).json()) as HouseholdPage;
  expect(direct.total).toBe(s.unresolved.households.value);

  // a category of the monitored households
  await page.goBack();
  const marginal = s.monitored.byCategory.find((c) => c.category === 'marginal_vulnerable')!;
  await page
    .getByRole('row', { name: /边缘易致贫户/ })
    .getByTestId('figure-link')
    .first()
    .click();
  await expect(page).toHaveURL(/category=marginal_vulnerable/);
  expect(await listTotal(page)).toBe(marginal.households.value);

  // a township of the county, from the table view of the chart
  await page.goBack();
  await page.locator('.ant-segmented-item', { hasText: /^表$/ }).click();
  const busiest = [...s.byRegion].sort((a, b) => b.unresolved.value - a.unresolved.value)[0]!;
  const regionRow = page.getByTestId('region-table').getByRole('row', { name: new RegExp(busiest.name) });
  await regionRow.getByTestId('figure-link').nth(1).click();
  await expect(page).toHaveURL(new RegExp(`region=${busiest.code}`));
  expect(await listTotal(page)).toBe(busiest.unresolved.value);
});

test('deadlines due and overdue open the deadline list with the same count', async ({ page }) => {
  await loginAs(page, 'xiang', '/dashboard');
  const s = await overview(page);
  const withOverdue = s.deadlines.find((d) => d.overdue.value > 0);
  expect(withOverdue, 'an overdue deadline in the demo township').toBeTruthy();
  const row = page.getByTestId('deadline-table').locator('tbody tr').nth(s.deadlines.indexOf(withOverdue!));
  await row.getByTestId('figure-link').nth(1).click();
  await expect(page).toHaveURL(/\/deadlines\?.*status=overdue/);
  expect(await listTotal(page)).toBe(withOverdue!.overdue.value);
  const direct = (await (await page.request.get(`/api/deadlines${new URL(page.url()).search}`)).json()) as DeadlinePage;
  expect(direct.items.every((d) => d.overdue)).toBe(true);
  await expect(page.locator('.ant-tag-red').first()).toContainText('已逾期');
  await screenshot(page, 'deadlines-desktop');
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  test('the village cadre’s dashboard fits the screen and its cards still open their lists', async ({ page }) => {
    await loginAs(page, 'cun', '/dashboard');
    await expect(page.getByTestId('stat-monitored')).toBeVisible();
    // issue 14 §7: a village has no areas below it, so the card lists the village's monitored households instead
    const village = page.getByTestId('village-households');
    await expect(village.locator('tbody tr a').first()).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'dashboard-phone');
    await page.getByTestId('stat-monitored').click();
    await expect(page).toHaveURL(/monitored=true/);
    await page.goto('/deadlines');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'deadlines-phone');
  });
});
