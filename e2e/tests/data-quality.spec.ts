import type { HouseholdPage, SessionView, UnmaskResponse, UserPage } from '@dixian/core/api';
import type { APIRequestContext } from '@playwright/test';
import { api, expect, expectNoSeriousViolations, loginAs, screenshot, test } from './support/index.js';

/**
 * 数据质量 (issue 17 §2, S3 §三(八) 系统数据是否精准详实) and 优亲厚友 (issue 17 §3, S3 二): the inspector opens the
 * page, sees the households per rule with each rule explained in Chinese, opens the households behind a count with
 * the reason for each, and raises two into the suspected-problem ledger (S3 §五 二); after the administrator links
 * the village cadre to his own (monitored) household, the inspector's 优亲厚友 check puts a flag in the ledger.
 */

/** Link the demo village cadre to a member of a monitored household of his village (the administrator's step). */
async function linkCadreToMonitoredHousehold(request: APIRequestContext, admin: SessionView): Promise<string> {
  const users = await api<UserPage>(request, admin, 'GET', '/api/users?q=cun&pageSize=50');
  const cun = users.body.items.find((u) => u.username === 'cun')!;
  const list = await api<HouseholdPage>(
    request,
    admin,
    'GET',
    `/api/households?status=monitoring_unresolved&region=${cun.scopeCode}&pageSize=1`,
  );
  const household = list.body.items[0]!;
  const clear = await api<UnmaskResponse>(request, admin, 'POST', `/api/households/${household.id}/unmask`, {
    reason: '优亲厚友检查:关联村干部本人户籍',
  });
  const idNumber = clear.body.members.find((m) => m.idNumber)!.idNumber!;
  const linked = await api(request, admin, 'PATCH', `/api/users/${cun.id}`, {
    version: cun.version,
    personIdNumber: idNumber,
  });
  expect(linked.status).toBe(200);
  return household.householdNo;
}

test('the inspector sees data quality by rule, opens the households behind a count and raises two', async ({
  page,
}, testInfo) => {
  test.slow();
  await loginAs(page, 'jiancha', '/data-quality');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('数据质量');
  await expect(page.getByTestId('dq-total')).toContainText('有问题的农户');
  // every rule is named and explained in Chinese
  await expect(page.getByText('成员无有效身份证号')).toBeVisible();
  await expect(page.getByText('措施长期"实施中"')).toBeVisible();
  await expect(page.getByText('同一人登记在两户')).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'data-quality');
  await screenshot(page, 'data-quality-desktop');

  // a rule with households: its count is a button that opens them
  const count = page.locator('button[data-testid^="dq-count-"]').first();
  await expect(count).toBeVisible();
  const n = Number(await count.innerText());
  expect(n).toBeGreaterThan(0);
  await count.click();
  await expect(page).toHaveURL(/rule=/);
  await expect(page.getByTestId('dq-why').first()).toBeVisible();
  await expect(page.getByTestId('dq-why').first()).not.toHaveText('');

  const boxes = page.getByTestId('dq-pick');
  await boxes.nth(0).check();
  if (n > 1) await boxes.nth(1).check();
  await page.getByTestId('dq-raise-picked').click();
  await expect(page.getByText(/已新增疑似问题 \d+ 条/)).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'data-quality-households');
  await screenshot(page, 'data-quality-households');
});

test('a village cadre linked to his own monitored household: the 优亲厚友 check flags it into the ledger', async ({
  page,
}) => {
  test.slow();
  const admin = await loginAs(page, 'admin', '/');
  const householdNo = await linkCadreToMonitoredHousehold(page.request, admin);

  await loginAs(page, 'jiancha', '/data-quality');
  await page.getByTestId('dq-favouritism').click();
  await expect(page.getByText(/发现疑似情形 \d+ 条,新增疑似问题 [1-9]\d* 条/)).toBeVisible();

  await page.goto('/ledgers?ledger=suspected_issue&area=favouritism');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('专项整治台账');
  await expect(page.getByText(`疑似优亲厚友:本人家庭纳入监测:户编号 ${householdNo}`)).toBeVisible();
  await screenshot(page, 'ledger-favouritism');
});
