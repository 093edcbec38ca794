import { chinaDate } from '@dixian/core';
import type { CasePage, HouseholdPage } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import { api, expect, loginAs, navigate, settle, test } from './support/index.js';

/**
 * What an officer reads (issue 12 §13): no stored code (snake_case), no amount named in fen, no reference to our
 * design documents on the household page (timeline, assessment with every rule's facts opened), the deadlines
 * and the policy pages of the Chinese UI.
 */
const DEVELOPER_TEXT = /[a-z]+_[a-z]+|Fen\b|Fen[^a-z]|DOMAIN/;

/** The visible text of the page, every <details> opened first (the facts of each rule). */
async function visibleText(page: Page): Promise<string> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  return page.locator('body').innerText();
}

function offending(text: string): string[] {
  return text.split('\n').filter((line) => DEVELOPER_TEXT.test(line));
}

test('the household page, deadlines and policy show words, yuan and seed titles only', async ({ page }) => {
  const session = await loginAs(page, 'xian', '/');
  const list = (await (
    await page.request.get('/api/households?status=monitoring_unresolved&pageSize=1')
  ).json()) as HouseholdPage;
  const target = list.items[0]!;
  // a visit with a note and a risk: its audit record once showed as `visit.create (method, visitId, …)`
  const note = '户主反映近期看病花费较大';
  const visit = await api(page.request, session, 'POST', `/api/households/${target.id}/visits`, {
    visitedOn: chinaDate(new Date()),
    newRisks: ['illness'],
    note,
  });
  expect(visit.status).toBe(201);
  await navigate(page, `/households/${target.id}`);
  await expect(page.getByTestId('timeline')).toContainText(note);
  const assessment = page.getByTestId('assessment-card');
  await expect(assessment.getByTestId('explanation').first()).toBeVisible();
  // every identification rule, then the elimination guards
  await assessment.getByRole('switch').first().click();
  expect(offending(await visibleText(page))).toEqual([]);
  await assessment.getByRole('tab', { name: '风险消除条件' }).click();
  await expect(assessment.locator('[data-testid="explanation"]:visible').first()).toBeVisible();
  expect(offending(await visibleText(page))).toEqual([]);

  await navigate(page, '/deadlines');
  // the county's deadline list is computed on the embedded database: seconds on a busy 2-core machine
  await expect(page.locator('tbody tr').first()).toBeVisible({ timeout: 60_000 });
  expect(offending(await visibleText(page))).toEqual([]);

  await navigate(page, '/policy');
  await expect(page.getByTestId('policy-version')).toHaveText(/^国家 2021 年第 1 版/);
  expect(offending(await visibleText(page))).toEqual([]);
});

test('every list page of the county officer shows words, not codes', async ({ page }) => {
  await loginAs(page, 'admin', '/');
  const found: string[] = [];
  for (const path of [
    '/dashboard',
    '/households',
    '/leads',
    '/cases',
    '/visits',
    '/warnings',
    '/feeds',
    '/notices',
    '/assistance',
    '/screening',
    '/ledgers',
    '/eight-points',
    '/publicity',
  ]) {
    await navigate(page, path);
    await settle(page);
    found.push(...offending(await visibleText(page)).map((line) => `${path}: ${line}`));
  }
  // a monitored household's case, with its guards and plan
  const cases = (await (await page.request.get('/api/cases?stage=monitoring&pageSize=1')).json()) as CasePage;
  await navigate(page, `/cases/${cases.items[0]!.id}`);
  await settle(page);
  found.push(...offending(await visibleText(page)).map((line) => `case: ${line}`));
  expect(found).toEqual([]);
});
