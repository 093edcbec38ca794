import { chinaDate } from '@dixian/core';
import type { LeadView } from '@dixian/core/api';
import type { Locator, Page } from '@playwright/test';
import { api, expect, householdsWithoutCase, loginAs, settle, test } from './support/index.js';

/**
 * Lists wider than their box keep the row's actions in view (issue 12 §15): at 1440 × 900 the warnings' 操作 and
 * the leads' 立案核实 are inside the window, not past its right edge; a lead names the household head.
 */
const DESK = { width: 1440, height: 900 };
const VILLAGE = '220681104200'; // 闹枝村, the demo village cadre's village

test.use({ viewport: DESK });

/** The table is wider than its box (what the testers saw), and the button is still inside the window. */
async function expectInView(page: Page, button: Locator) {
  await settle(page);
  const box = page.locator('.ant-table-content').first();
  const [client, scroll] = await box.evaluate((el) => [el.clientWidth, el.scrollWidth]);
  expect(scroll, 'the table overflows its box').toBeGreaterThan(client!);
  await expect(button).toBeVisible();
  const b = (await button.boundingBox())!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(DESK.width);
  // nothing sits over it: a click lands on the button itself
  await button.click({ trial: true });
}

test('the warnings table keeps its actions inside a 1440 px window', async ({ page }) => {
  await loginAs(page, 'xian', '/warnings');
  const action = page.locator('tbody tr.ant-table-row button').first();
  await expectInView(page, action);
});

test('the leads table keeps 立案核实 inside a 1440 px window and names the head of the household', async ({ page }) => {
  const session = await loginAs(page, 'cun', '/');
  const [h] = await householdsWithoutCase(page.request, VILLAGE, 1);
  const created = await api<LeadView>(page.request, session, 'POST', '/api/leads', {
    channel: 'cadre_screening',
    subChannel: 'visit',
    householdId: h!.id,
    riskTypes: ['illness'],
    description: '走访发现户主患病住院，医疗费用较高',
    discoveredOn: chinaDate(new Date()),
  });
  expect(created.status).toBe(201);
  // the whole list (the new lead first), as wide as the testers' list
  await page.goto('/leads');
  const row = page.locator('tbody tr.ant-table-row').filter({ hasText: h!.householdNo });
  await expectInView(page, row.getByTestId('start-verification'));
  await expect(row.getByRole('link', { name: h!.headName! })).toBeVisible();
});
