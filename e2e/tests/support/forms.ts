import type { CaseDetail, HouseholdDetail, HouseholdPage, LeadPage } from '@dixian/core/api';
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

/** Today in China (the server's calendar), minus `days`, as YYYY-MM-DD. */
export function chinaDaysAgo(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** The open antd popup (date picker or select dropdown), the last one opened. */
function openPopup(page: Page, kind: 'picker' | 'select'): Locator {
  return page.locator(`.ant-${kind}-dropdown:not(.ant-${kind}-dropdown-hidden)`).last();
}

/**
 * Pick a past day in an antd DatePicker (the app's pickers are read-only inputs, as on a phone): open it, go back
 * month by month until the day's cell is shown, click it.
 */
export async function pickDate(page: Page, field: Locator, iso: string): Promise<void> {
  await field.click();
  const panel = openPopup(page, 'picker');
  await expect(panel).toBeVisible();
  const cell = panel.locator(`td.ant-picker-cell[title="${iso}"]`);
  for (let i = 0; i < 36 && (await cell.count()) === 0; i++) {
    await panel.locator('.ant-picker-header-prev-btn').click();
  }
  await cell.first().click();
  await expect(field).toHaveValue(iso);
}

/** Choose an option of an antd Select by its text; `search` is typed first (a searching select). */
export async function chooseOption(page: Page, field: Locator, option: string | RegExp, search?: string) {
  await field.click();
  if (search !== undefined) await field.fill(search);
  const item = openPopup(page, 'select').locator('.ant-select-item-option').filter({ hasText: option }).first();
  await item.click();
}

/** Add options to an antd multiple Select, then close it. */
export async function chooseOptions(page: Page, field: Locator, options: (string | RegExp)[]) {
  await field.click();
  for (const o of options) {
    await openPopup(page, 'select').locator('.ant-select-item-option').filter({ hasText: o }).first().click();
  }
  await page.keyboard.press('Escape');
}

/**
 * Registered households of the village with no case at all and no open lead, for a test that opens one (the
 * demo data is generated, so ask the server; each test takes a different one by `skip`).
 */
export async function householdsWithoutCase(
  request: APIRequestContext,
  region: string,
  count: number,
): Promise<HouseholdPage['items']> {
  const list = (await (
    await request.get(`/api/households?status=not_monitored&region=${region}&pageSize=100`)
  ).json()) as HouseholdPage;
  const found: HouseholdPage['items'] = [];
  for (const h of list.items) {
    if (!h.headName) continue;
    const detail = (await (await request.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
    if (detail.cases.length) continue;
    const leads = (await (await request.get(`/api/leads?householdId=${h.id}&pageSize=1`)).json()) as LeadPage;
    if (leads.total) continue;
    found.push(h);
    if (found.length === count) break;
  }
  expect(found.length, `${count} households without a case in ${region}`).toBe(count);
  return found;
}

/** The case as the server has it now. */
export async function readCase(request: APIRequestContext, id: string): Promise<CaseDetail> {
  const res = await request.get(`/api/cases/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as CaseDetail;
}
