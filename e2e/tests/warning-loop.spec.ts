import type { WarningPage } from '@dixian/core/api';
import { request as playwrightRequest } from '@playwright/test';
import { chooseOption, DEMO_PASSWORD, expect, loginAs, screenshot, test } from './support/index.js';

/**
 * Department warnings, closed loop (issue 15 §5; S1 四(二)3 "及时将核实确定的监测对象名单反馈各行业部门"): the township
 * officer verifies a 医保 warning in the browser with a result and a reason; the 医保 officer then sees the outcome,
 * in words, on its own warnings page; the county officer sees each department's data exchange on the dashboard.
 */
test('S1 四(二)3: the township verifies a warning and the department sees the outcome', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const township = await playwrightRequest.newContext({ baseURL });
  const login = await township.post('/api/auth/login', { data: { username: 'xiang', password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const open = (await (
    await township.get('/api/warnings?status=to_verify&department=medical_insurance&pageSize=1')
  ).json()) as WarningPage;
  const w = open.items[0]!;
  expect(w, 'a 医保 warning of the township to verify').toBeTruthy();
  await township.dispose();

  const filter = `householdId=${w.householdId}&department=medical_insurance`;
  await loginAs(page, 'xiang', `/warnings?${filter}&status=to_verify`);
  await expect(page.getByRole('heading', { level: 1, name: '部门预警' })).toBeVisible();
  await page.getByTestId('warning-record').first().click();
  const dialog = page.getByRole('dialog', { name: '核实部门预警' });
  await expect(dialog).toBeVisible();
  await chooseOption(page, dialog.getByRole('combobox', { name: '核实结果' }), '纳入监测');
  await dialog.getByLabel('核实理由').fill('入户核实:住院自付费用超过标准,家庭收入下降');
  await screenshot(page, 'warning-verify-form');
  await dialog.getByTestId('warning-record-submit').click();
  await expect(page.getByText('核实结果已登记并反馈部门')).toBeVisible();
  await expect(dialog).toHaveCount(0);

  // the department reads the result in words, the reason and the day it was fed back
  await page.context().clearCookies();
  await loginAs(page, 'yibao', `/warnings?${filter}`);
  const outcome = page.getByTestId('warning-outcome').filter({ hasText: '入户核实:住院自付费用超过标准' });
  await expect(outcome).toBeVisible();
  await expect(outcome).toContainText('纳入监测');
  await expect(outcome).toContainText(/\d{4}-\d{2}-\d{2} 已反馈/);
  await expect(page.getByText('included')).toHaveCount(0);
  await screenshot(page, 'warning-outcome-department');

  // the county officer: every department's last exchange and next due, the overdue ones marked
  await page.context().clearCookies();
  await loginAs(page, 'xian', '/');
  const card = page.getByTestId('exchange-card');
  await expect(card).toBeVisible({ timeout: 30_000 });
  await expect(card.getByText('医保局')).toBeVisible();
  await screenshot(page, 'dashboard-exchange');
});
