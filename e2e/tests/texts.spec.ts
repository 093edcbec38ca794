import type { HouseholdDetail, HouseholdPage } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import { expect, loginAs, navigate, test } from './support/index.js';

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
  await loginAs(page, 'xian', '/');
  const list = (await (
    await page.request.get('/api/households?status=monitoring_unresolved&pageSize=50')
  ).json()) as HouseholdPage;
  // a monitored household with visits and more on its timeline
  let target: HouseholdDetail | null = null;
  for (const h of list.items) {
    const d = (await (await page.request.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
    if (d.visits.length && d.timeline.some((t) => t.kind === 'audit')) {
      target = d;
      break;
    }
  }
  expect(target, 'a monitored household with visits and changes in the demo data').toBeTruthy();
  await navigate(page, `/households/${target!.household.id}`);
  await expect(page.getByTestId('timeline')).toBeVisible();
  const assessment = page.getByTestId('assessment-card');
  await expect(assessment.getByTestId('explanation').first()).toBeVisible();
  // every identification rule, then the elimination guards
  await assessment.getByRole('switch').first().click();
  expect(offending(await visibleText(page))).toEqual([]);
  await assessment.getByRole('tab', { name: '风险消除条件' }).click();
  await expect(assessment.getByTestId('explanation').first()).toBeVisible();
  expect(offending(await visibleText(page))).toEqual([]);

  await navigate(page, '/deadlines');
  await expect(page.locator('tbody tr').first()).toBeVisible();
  expect(offending(await visibleText(page))).toEqual([]);

  await navigate(page, '/policy');
  await expect(page.getByTestId('policy-version')).toHaveText(/^国家 2021 年第 1 版/);
  expect(offending(await visibleText(page))).toEqual([]);
});
