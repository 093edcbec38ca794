import type { PayrollList, PayrollView } from '@dixian/core/api';
import { api, expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

test.describe.configure({ mode: 'serial' });

/**
 * 救助资金发放 (issue 16 §6): "a township runs a month's payroll and the county reconciles it" (S0 plan one 四(一):
 * 财务台账和业务台账数据…保持一致). The township officer prepares this month's payroll of the 低保 and 特困 cases in
 * force and sees its lines, amounts in 元 and accounts masked; the county officer approves it and sees the
 * reconciliation of what was paid against what was decided, township by township.
 */
test('the township prepares this month’s payroll and sees its lines', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const session = await loginAs(page, 'xiang', '/payroll');
  await expect(page.getByRole('heading', { level: 1, name: '救助资金发放' })).toBeVisible();
  await page.getByTestId('payroll-prepare').click();
  await expect(page.getByText(/名册已生成,共 \d+ 户/)).toBeVisible({ timeout: 30_000 });
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByText(/发放名册/).first()).toBeVisible();
  const list = await api<PayrollList>(page.request, session, 'GET', '/api/payrolls');
  const mine = list.body.items[0]!;
  const detail = await api<PayrollView>(page.request, session, 'GET', `/api/payrolls/${mine.id}`);
  if (detail.body.lines.length) {
    const lines = drawer.getByTestId('payroll-lines');
    await expect(lines.locator('tbody tr.ant-table-row').first()).toBeVisible();
    // amounts in 元, never fen
    await expect(lines).toContainText('元');
  }
  await expectNoSeriousViolations(page, testInfo, 'payroll-township');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('payroll-list')).toContainText('待审核');
});

test('the county officer approves it and sees the reconciliation', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await loginAs(page, 'xian', '/payroll');
  await expect(page.getByRole('heading', { level: 1, name: '救助资金发放' })).toBeVisible();
  const list = page.getByTestId('payroll-list');
  await expect(list).toContainText('待审核');
  await list.getByTestId('payroll-approve').first().click();
  await expect(page.getByText('名册已审核')).toBeVisible();
  await expect(list).toContainText('已审核');
  // the pointer left on the button that took the approve button's place would check its hover colours
  await page.mouse.move(0, 0);
  await expect(list.getByTestId('payroll-mark-paid').first()).toBeVisible();
  const recon = page.getByTestId('payroll-reconciliation');
  await expect(recon).toContainText('发放对账');
  await expect(recon).toContainText('应发(已批准)');
  await expectNoSeriousViolations(page, testInfo, 'payroll-county');
});
