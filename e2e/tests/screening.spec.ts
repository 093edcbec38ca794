import type { LedgerPage, ScreeningRunList, ScreeningRunView } from '@dixian/core/api';
import type { APIRequestContext } from '@playwright/test';
import { expect, horizontalOverflow, loginAs, screenshot, test } from './support/index.js';

/**
 * Screening (issue 5 §3, issue 6): the county officer runs a screening from the page, sees the findings with
 * their reasons (S3 §三(二)(四)(六)(七)), raises two chosen households into the suspected-issue ledger (S3 §五)
 * and opens a household from one. The run is started on the server and
 * polled, so the test waits on the runs list, never on a clock.
 */

const PHONE = { width: 360, height: 740 };

async function runs(request: APIRequestContext): Promise<ScreeningRunView[]> {
  const res = await request.get('/api/screening/runs');
  expect(res.status()).toBe(200);
  return ((await res.json()) as ScreeningRunList).items;
}

test('the county officer runs a screening, sees findings with reasons, and opens a household', async ({ page }) => {
  // a run of the demo county on the embedded database takes a while on a shared machine
  test.setTimeout(15 * 60_000);
  await loginAs(page, 'xian', '/screening');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('排查');
  // the daily job screens the county when the server starts: let it end first
  await expect
    .poll(async () => (await runs(page.request)).some((r) => r.status === 'running'), { timeout: 10 * 60_000 })
    .toBe(false);
  const before = new Set((await runs(page.request)).map((r) => r.id));
  await page.reload();

  await page.getByTestId('screening-run-now').click();
  let started: ScreeningRunView | undefined;
  await expect
    .poll(
      async () => {
        started = (await runs(page.request)).find((r) => !before.has(r.id));
        return started?.status;
      },
      { timeout: 10 * 60_000, intervals: [2000] },
    )
    .toBe('done');
  const run = started!;
  expect(run.counts.should_include.flagged + run.counts.visit_overdue.flagged).toBeGreaterThan(0);

  // the page polls too: the new run appears with its counts, and its findings are shown
  await page.goto(`/screening?run=${run.id}&finding=visit_overdue`);
  await expect(page.getByTestId('screening-run').first()).toContainText(run.asOf);
  const explanation = page.getByTestId('screening-explanation').first();
  await expect(explanation).toBeVisible();
  // every finding names its rule in words (S3 §三(二): monthly visits)
  await expect(explanation).toContainText('每月走访');
  await page
    .getByTestId('screening-findings')
    .getByText(/应纳未纳/)
    .click();
  await expect(page).toHaveURL(/finding=should_include/);
  // the seed paragraph in words (《title》第…条), never S0–S3
  await expect(page.getByTestId('screening-explanation').first()).toContainText('《');
  await screenshot(page, 'screening-desktop');

  // S3 §五: two chosen households, and only they, go into the suspected-issue ledger
  const chosen: string[] = [];
  for (const i of [0, 1]) {
    const href = await page.getByTestId('screening-household').nth(i).getAttribute('href');
    chosen.push(href!.split('/').pop()!);
    await page.getByTestId('screening-pick').nth(i).check();
  }
  await expect(page.getByTestId('screening-raise-picked')).toContainText('所选 2 户');
  await page.getByTestId('screening-raise-picked').click();
  await expect(page.getByText(/已新增 \d+ 条疑似问题，\d+ 条已在台账中/)).toBeVisible();
  await expect(page.getByTestId('screening-raise-picked')).toBeDisabled();
  for (const id of chosen) {
    const res = await page.request.get(`/api/ledgers?ledger=suspected_issue&householdId=${id}`);
    const items = ((await res.json()) as LedgerPage).items;
    expect(items.some((x) => x.sourceFinding === 'should_include' && x.status !== 'closed')).toBe(true);
  }

  const link = page.getByTestId('screening-household').first();
  const householdNo = (await link.textContent())!.trim();
  await link.click();
  await expect(page).toHaveURL(/\/households\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(householdNo);
});

test('phone: the screening page fits 360 px', async ({ page }) => {
  await page.setViewportSize(PHONE);
  await loginAs(page, 'xian', '/screening');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('排查');
  await expect(page.getByTestId('screening-run').first()).toBeVisible({ timeout: 60_000 });
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, 'screening-phone');
});
