import type { HouseholdDetail, HouseholdPage, UnmaskResponse } from '@dixian/core/api';
import type { APIRequestContext } from '@playwright/test';
import { api, expect, horizontalOverflow, loginAs, screenshot, test } from './support/index.js';

/**
 * The registry (issue 6 §3): search by name, ID number or household number, filters in the URL, masked ID
 * numbers, and the household page with members, income against the line, the case and its deadline, the
 * explained assessment, the timeline and the audited unmask. On a desk and on a 360 px phone.
 */

const PHONE = { width: 360, height: 740 };

/** A monitored household of the area with its head's name (the demo data is generated, so ask the server). */
async function monitoredHousehold(request: APIRequestContext) {
  const page = (await (
    await request.get('/api/households?status=monitoring_unresolved&pageSize=50')
  ).json()) as HouseholdPage;
  const h = page.items.find((x) => x.headName && x.riskTypes.length > 0);
  expect(h, 'a monitored household with a named head in the demo data').toBeTruthy();
  return h!;
}

test('desktop: search by name, open the household, see members masked, the case, the chart and the assessment', async ({
  page,
}) => {
  await loginAs(page, 'xian', '/households');
  const target = await monitoredHousehold(page.request);
  await page.getByTestId('registry-search').fill(target.headName!);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(target.headName!)}`));
  const link = page.getByTestId('household-link').filter({ hasText: target.householdNo });
  await expect(link).toBeVisible();
  // the list shows the head's ID number masked, as the server sent it
  const row = page.locator('tr').filter({ has: link });
  await expect(row).toContainText(target.headIdNumber!);
  expect(target.headIdNumber).toMatch(/^\d{3}\*{13}\d[\dX]$/);
  await screenshot(page, 'registry-search-desktop');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/households/${target.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(target.householdNo);
  const detail = (await (await page.request.get(`/api/households/${target.id}`)).json()) as HouseholdDetail;
  // members, masked
  for (const m of detail.members) await expect(page.getByText(m.idNumber!, { exact: true })).toBeVisible();
  // the current case and its stage
  await expect(page.getByTestId('case-card')).toContainText('风险未消除');
  // the income chart is drawn (a canvas inside the labelled figure)
  if (detail.incomes.length) {
    await expect(page.getByRole('img', { name: '人均纯收入与监测范围' }).locator('canvas')).toBeVisible();
  }
  // the explained assessment citing the seed documents, and the policy version in words
  const assessment = page.getByTestId('assessment-card');
  await expect(assessment).toContainText('国家 2021 年第 1 版');
  await expect(assessment.getByTestId('explanation').first()).toBeVisible();
  await expect(assessment).toContainText('《');
  // the timeline lists what happened
  await expect(page.getByTestId('timeline')).toContainText('县级确定为监测对象');
  await screenshot(page, 'household-desktop');
});

test('a household in identification shows its stage and the countdown to its deadline', async ({ page }) => {
  await loginAs(page, 'xian', '/');
  const list = (await (
    await page.request.get('/api/households?status=identifying&pageSize=50')
  ).json()) as HouseholdPage;
  let found: { id: string; dueOn: string } | null = null;
  for (const h of list.items) {
    const d = (await (await page.request.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
    if (d.cases[0]?.currentDueOn) {
      found = { id: h.id, dueOn: d.cases[0].currentDueOn };
      break;
    }
  }
  expect(found, 'a case with an open deadline in the demo data').not.toBeNull();
  await page.goto(`/households/${found!.id}`);
  const countdown = page.getByTestId('deadline-countdown');
  await expect(countdown).toContainText(found!.dueOn);
  await expect(countdown).toContainText(/还剩 \d+ 天|今天到期|已逾期 \d+ 天/);
  await screenshot(page, 'household-identifying-desktop');
  // issue 14 §7: the case card opens its case
  await page.getByTestId('case-open').click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('deadline-countdown').first()).toContainText(found!.dueOn);
});

test('unmask: a reason is required, the full ID numbers appear, the unmask is audited and the number finds the household', async ({
  page,
}) => {
  const session = await loginAs(page, 'xiang', '/');
  const target = await monitoredHousehold(page.request);
  await page.goto(`/households/${target.id}`);
  await page.getByTestId('unmask-button').click();
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByRole('dialog')).toContainText('此项必填');
  await page.getByTestId('unmask-reason').fill('入户核实需要核对身份证');
  await page.getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('unmasked-tag')).toBeVisible();
  const ids = await page.getByTestId('member-id-number').allTextContents();
  expect(ids.some((x) => /^\d{17}[\dX]$/.test(x))).toBe(true);
  // the unmask is in the timeline (the audit log)
  await expect(page.getByTestId('timeline')).toContainText('查看明文个人信息');

  // the clear number finds the household in the registry
  const clear = await api<UnmaskResponse>(page.request, session, 'POST', `/api/households/${target.id}/unmask`, {
    reason: '浏览器测试:按身份证号查找',
  });
  const idNumber = clear.body.members.find((m) => m.idNumber)!.idNumber!;
  await page.goto('/households');
  await page.getByTestId('registry-search').fill(idNumber);
  await page.getByTestId('registry-search').press('Enter');
  await expect(page.getByTestId('household-link')).toHaveText([target.householdNo]);
});

test('the inspector reads but a department officer cannot; filters live in the URL', async ({ page }) => {
  await loginAs(page, 'jiancha', '/households?status=monitoring_unresolved&riskType=illness');
  await expect(page.getByTestId('active-filters')).toContainText('风险未消除');
  await expect(page.getByTestId('active-filters')).toContainText('因病');
  const expected = (await (
    await page.request.get('/api/households?status=monitoring_unresolved&riskType=illness')
  ).json()) as HouseholdPage;
  await expect(page.getByText(`共 ${expected.total} 条`)).toBeVisible();
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows.first()).toContainText('因病');
  // removing a chip removes the filter
  await page
    .getByTestId('active-filters')
    .locator('.ant-tag')
    .filter({ hasText: '因病' })
    .locator('.ant-tag-close-icon')
    .click();
  await expect(page).not.toHaveURL(/riskType/);
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test('the menu is a drawer, the list is cards, the household page fits the screen', async ({ page }) => {
    await loginAs(page, 'cun', '/households');
    await expect(page.getByTestId('main-menu')).toBeHidden();
    await page.getByTestId('menu-button').click();
    await expect(page.getByTestId('main-menu')).toBeVisible();
    await page.getByTestId('main-menu').getByText('农户档案').click();
    await expect(page.getByTestId('main-menu')).toBeHidden();

    const target = ((await (await page.request.get('/api/households?pageSize=1')).json()) as HouseholdPage).items[0]!;
    await page.getByTestId('registry-search').fill(target.householdNo);
    await page.getByRole('button', { name: '查询' }).click();
    const card = page.locator('.ant-card').filter({ has: page.getByTestId('household-link') });
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(target.headIdNumber!);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'registry-phone');

    await page.getByTestId('household-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(target.householdNo);
    await expect(page.getByTestId('case-card')).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'household-phone');
  });

  test('filters fold away behind a button on the phone', async ({ page }) => {
    await loginAs(page, 'xiang', '/households');
    const status = page.getByRole('combobox', { name: '监测状态' });
    await expect(status).toBeHidden();
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(status).toBeVisible();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});
