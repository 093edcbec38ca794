import type { DeadlinePage, EightPointsReport, HouseholdPage, LedgerPage } from '@dixian/core/api';
import type { Locator, Page } from '@playwright/test';
import { expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

/** The township officer as the person responsible (no Escape afterwards: it would close the drawer). */
async function pickOwner(page: Page, dialog: Locator) {
  await dialog.getByTestId('raise-owner').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '乡镇干部' })
    .first()
    .click();
}

test.describe.configure({ mode: 'serial' });

/**
 * 八项重点 (issue 17 §1, §4; S3 §三, §五): the inspector sees the eight figures township by township, red where short;
 * a township officer opens a figure's households and raises them into the suspected-problem ledger, raises
 * overdue deadlines in bulk from the deadlines page, and prints the township's inspection sheet in Chinese.
 */
test('the inspector sees the eight figures by township and opens a township', async ({ page }, testInfo) => {
  await loginAs(page, 'jiancha', '/eight-points');
  await expect(page.getByRole('heading', { level: 1, name: '专项整治八项重点' })).toBeVisible();
  const table = page.getByTestId('eight-points-table');
  for (const head of ['防返贫宣传', '日常走访和集中排查', '风险预警推送核实', '系统数据精准', '政策知晓率']) {
    await expect(table.getByRole('columnheader', { name: new RegExp(head) })).toBeVisible();
  }
  const report = (await (await page.request.get('/api/supervision/eight-points')).json()) as EightPointsReport;
  expect(report.rows.length).toBeGreaterThan(1);
  // the demo county has publicity to record: point 1 is short (red) somewhere
  await expect(table.locator('[data-short="true"]').first()).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'eight-points');
  // into the first township with households: its villages
  const township = report.rows.find((r) => r.figures.visits.denominator > 0)!;
  await table.getByRole('button', { name: township.regionName! }).click();
  await expect(page.getByRole('button', { name: '返回上级' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`region=${township.regionCode}`));
});

test('a township officer opens a figure’s households and raises two of them', async ({ page }) => {
  await loginAs(page, 'xiang', '/eight-points');
  const table = page.getByTestId('eight-points-table');
  await expect(table).toBeVisible();
  const before = (await (
    await page.request.get('/api/ledgers?ledger=suspected_issue&pageSize=1')
  ).json()) as LedgerPage;
  await table.locator('[data-testid^="figure-visits-"][data-short="true"]').first().click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText('未达标农户')).toBeVisible();
  await expect(drawer.locator('.ant-tag-red').first()).toBeVisible();
  const boxes = drawer.locator('tbody .ant-checkbox-input');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await drawer.getByTestId('raise-selected').click();
  const raise = page.getByRole('dialog').filter({ hasText: '整改时限' });
  await expect(raise.getByText('将为 2 户各建一条疑似问题')).toBeVisible();
  await pickOwner(page, raise);
  await raise.getByTestId('raise-submit').click();
  await expect(page.getByText(/已列入 \d+ 条/)).toBeVisible();
  const after = (await (await page.request.get('/api/ledgers?ledger=suspected_issue&pageSize=1')).json()) as LedgerPage;
  expect(after.total).toBeGreaterThan(before.total);
});

test('S3 §五 任务台账: the inspector creates a screening task per township and point short of its target', async ({
  page,
}) => {
  await loginAs(page, 'jiancha', '/eight-points');
  const table = page.getByTestId('eight-points-table');
  await expect(table).toBeVisible();
  const report = (await (await page.request.get('/api/supervision/eight-points')).json()) as EightPointsReport;
  const short = report.rows.reduce((a, r) => a + Object.values(r.figures).filter((f) => f.short).length, 0);
  const open = async () =>
    ((await (await page.request.get('/api/ledgers?ledger=screening_task&pageSize=1')).json()) as LedgerPage).total;
  const before = await open();
  await page.getByTestId('eight-tasks').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '整改时限' });
  await expect(dialog.getByText(/每个未达标的下级区划/)).toBeVisible();
  await pickOwner(page, dialog);
  await dialog.getByTestId('raise-submit').click();
  await expect(page.getByText(/已生成 \d+ 项排查任务/)).toBeVisible();
  // a task for every township and point short, counting those already open before
  expect(await open()).toBeGreaterThanOrEqual(Math.max(before, short));
  expect(await open()).toBeLessThanOrEqual(before + short);
});

test('overdue deadlines are raised in bulk from the deadlines page', async ({ page }) => {
  await loginAs(page, 'xiang', '/deadlines?status=overdue');
  const overdue = (await (await page.request.get('/api/deadlines?status=overdue&pageSize=1')).json()) as DeadlinePage;
  test.skip(overdue.total < 3, 'the demo township has fewer than three overdue deadlines');
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  for (const i of [0, 1, 2]) await rows.nth(i).locator('.ant-checkbox-input').check();
  await expect(page.getByTestId('bulk-bar')).toContainText('已选 3 条');
  await page.getByTestId('deadlines-raise').click();
  const raise = page.getByRole('dialog').filter({ hasText: '整改时限' });
  await pickOwner(page, raise);
  await raise.getByTestId('raise-submit').click();
  await expect(page.getByText(/已列入 \d+ 条/)).toBeVisible();
});

test('the township’s inspection sheet prints in Chinese with no raw codes', async ({ page }) => {
  await loginAs(page, 'xiang', '/eight-points');
  await expect(page.getByTestId('eight-points-table')).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const sheet = page.locator('.eight-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet.locator('h1')).toContainText('防返贫动态监测帮扶专项整治八项重点检查表');
  const text = (await sheet.innerText()).replace(/\d{4}-\d{2}-\d{2}/g, '');
  expect(text).not.toMatch(/\d{6,}/); // no region or household codes
  expect(text).not.toMatch(/[A-Za-z]{3,}/); // no English, no enum codes
  await expect(page.getByTestId('eight-points-table')).toBeHidden();
});

test('a village cadre records a leaflet delivery', async ({ page }, testInfo) => {
  await loginAs(page, 'cun', '/publicity');
  await expect(page.getByRole('heading', { level: 1, name: '防返贫宣传' })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'publicity');
  await page.getByTestId('record-delivery').click();
  const drawer = page.getByRole('dialog');
  const households = (await (await page.request.get('/api/households?pageSize=1')).json()) as HouseholdPage;
  await drawer.getByLabel('农户').click();
  await drawer.getByLabel('农户').fill(households.items[0]!.householdNo);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
  await drawer.getByLabel('发放人').fill('村会计 张平');
  await drawer.getByLabel('签收单编号').fill('QS-0001');
  await drawer.getByRole('button', { name: '登记发放' }).click();
  await expect(page.getByText(/已登记发放|本年度已登记发放此明白纸/)).toBeVisible();
});

test('the county officer opens the rectification campaign; the ledgers page shows its phases', async ({ page }) => {
  await loginAs(page, 'xian', '/ledgers');
  const phases = page.getByText('聚焦重点,自查自纠', { exact: false });
  if (!(await phases.isVisible())) {
    await expect(page.getByText('本年度尚未开展专项整治')).toBeVisible();
    await page.getByTestId('rectification-open').click();
    await page.getByRole('dialog').getByRole('button', { name: '开展专项整治' }).click();
    await expect(page.getByText('已开展专项整治')).toBeVisible();
  }
  await expect(page.getByText(/聚焦重点,自查自纠/)).toBeVisible();
  await expect(page.getByText(/建立机制,巩固成果/)).toBeVisible();
  await expect(page.getByText(/总结归纳,宣传引导/)).toBeVisible();
  // the items raised by the township earlier in this file were opened in the current phase
  await expect(
    page
      .locator('[data-testid^="phase-"]')
      .filter({ hasText: /新增 [1-9]\d* 条/ })
      .first(),
  ).toBeVisible();
});
