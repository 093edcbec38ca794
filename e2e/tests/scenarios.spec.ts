import type { ScenarioList, ScreeningRunList } from '@dixian/core/api';
import { expect, expectNoSeriousViolations, horizontalOverflow, loginAs, screenshot, test } from './support/index.js';

/**
 * Policy scenarios (issue 20 §1): the county officer drafts a line of 7,300 yuan (S3 §三(一)) without putting it in
 * force, runs it over the county, watches its progress and reads who would enter monitoring, why, and at what cost;
 * two scenarios compare side by side. The scenario runs on the server and is polled, so the test waits on it.
 */

const PHONE = { width: 360, height: 740 };

test('the county officer drafts a higher line, runs it, and reads who would enter and why', async ({
  page,
}, testInfo) => {
  test.setTimeout(10 * 60_000);
  await loginAs(page, 'xian', '/scenarios');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策模拟');
  // the daily screening starts with the server and holds the embedded database's one session: let it end first
  await expect
    .poll(
      async () => {
        const runs = (await (await page.request.get('/api/screening/runs')).json()) as ScreeningRunList;
        return runs.items.some((r) => r.status === 'running');
      },
      { timeout: 8 * 60_000, intervals: [2000] },
    )
    .toBe(false);

  await page.getByTestId('draft-new').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('新建草案');
  await drawer.getByTestId('draft-name').fill('监测线提高到7300元(浏览器测试)');
  await drawer.getByTestId('param-monitoringIncomeLineFen').getByRole('spinbutton').fill('7300');
  await drawer.getByTestId('draft-submit').click();
  await expect(drawer).toBeHidden();
  const row = page.getByRole('row', { name: /监测线提高到7300元\(浏览器测试\)/ });
  // only what the draft changes, in words and yuan
  await expect(row).toContainText('7,300.00 元');

  await row.getByRole('button', { name: '测算' }).click();
  await page.getByTestId('scenario-start').click();
  await expect(page).toHaveURL(/\/scenarios\/[0-9a-f-]{36}$/);
  // the page polls the scenario until it is done
  await expect(page.getByTestId('tally-enter_monitoring')).toBeVisible({ timeout: 5 * 60_000 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('政策模拟:监测线提高到7300元(浏览器测试)');
  await expect(page.getByText('6,000.00 元 → 7,300.00 元')).toBeVisible();
  await expect(page.getByText('低保月补差合计')).toBeVisible();

  // the households that would newly be monitored, each with the rule the draft changes in words
  const table = page.getByRole('region', { name: '涉及农户及原因' });
  await expect(table.getByRole('row').nth(1)).toContainText(/现行：不成立；草案：成立|现行：成立；草案：不成立/);
  await expect(table).not.toContainText(/\bS[0-3]\.\d|enter_monitoring|sudden_hardship/);
  await expect(page.getByText('现行政策')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('national');
  await expectNoSeriousViolations(page, testInfo, 'scenario-desktop');
  await screenshot(page, 'scenario-desktop');

  // the Excel file of the same households
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出 Excel' }).click();
  expect((await download).suggestedFilename()).toMatch(/^政策模拟-.*\.xlsx$/);

  // side by side: the scenario beside a second one of the same draft on the list page
  const list = (await (await page.request.get('/api/scenarios')).json()) as ScenarioList;
  const mine = list.items.find((s) => s.draftName.includes('浏览器测试'))!;
  expect(mine.status).toBe('done');
  await page.goto('/scenarios');
  await expect(page.getByRole('row', { name: /监测线提高到7300元/ }).first()).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'scenarios-desktop');
  await page.getByTestId('scenario-choose').first().check();
  await expect(page.getByTestId('scenario-compare')).toContainText('新增应纳入监测');
  await expect(page.getByTestId('scenario-compare')).toContainText(
    `${mine.summary!.changes.enter_monitoring.households} 户`,
  );

  await page.setViewportSize(PHONE);
  await page.goto(`/scenarios/${mine.id}`);
  await expect(page.getByTestId('tally-enter_monitoring')).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, 'scenario-phone');
});
