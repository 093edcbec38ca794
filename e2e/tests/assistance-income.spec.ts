import type { AssistancePage, HouseholdDetail, HouseholdPage } from '@dixian/core/api';
import { chooseOption, chooseOptions, expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

/**
 * 低保 income assessed from the register (issue 16 §1; S2 二(一)3): the village cadre takes an application, claims a
 * work-cost deduction with its evidence and sees the income line by line before submitting; the township sees the
 * same assessment when it decides.
 */
test('a 低保 application shows its income assessment to the cadre and to the township', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await loginAs(page, 'cun', '/assistance');
  // a household of the cadre's village with an income record and no 低保 case yet
  const list = (await (await page.request.get('/api/households?pageSize=100')).json()) as HouseholdPage;
  let chosen: HouseholdDetail | undefined;
  let head = '';
  for (const h of list.items) {
    if (!h.headName) continue;
    const d = (await (await page.request.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
    const cases = (await (
      await page.request.get(`/api/assistance?householdId=${h.id}&kind=dibao&pageSize=1`)
    ).json()) as AssistancePage;
    if (d.incomes.length && !cases.total && d.members.length >= 2) {
      chosen = d;
      head = h.headName;
      break;
    }
  }
  expect(chosen, 'a household with income and no 低保 case').toBeTruthy();
  const h = chosen!;

  await page.getByRole('button', { name: '受理申请' }).first().click();
  const form = page.getByTestId('assistance-apply');
  await chooseOption(page, form.getByLabel('农户', { exact: true }), h.household.householdNo, h.household.householdNo);
  await chooseOptions(page, form.getByLabel('保障对象'), [h.members[0]!.name]);
  await form.getByRole('button', { name: '添加扣减项' }).click();
  const claim = form.getByTestId('deduction-claim').first();
  await chooseOption(page, claim.getByLabel('扣减类别'), '就业成本(交通、就餐、通信)');
  await claim.getByLabel('金额').fill('600');
  await claim.getByLabel('证明材料').fill('务工往返车票');
  await form.getByTestId('income-assess').click();
  const table = form.getByTestId('income-assessment');
  await expect(table).toBeVisible();
  await expect(table.getByText('就业成本(交通、就餐、通信)')).toBeVisible();
  await expect(table.getByText('申请人提供:务工往返车票')).toBeVisible();
  await expect(table.getByText(/年收支记录/).first()).toBeVisible();
  // S2 §二(三)9: the six hardship indicators beside the income test
  await expect(table.getByTestId('hardship').getByText('多维困难指标')).toBeVisible();
  await expect(table.getByTestId('hardship').getByText(/^居住状况:/)).toBeVisible();
  await expect(form.getByTestId('income-assess')).not.toHaveClass(/ant-btn-loading/);
  await page.mouse.move(0, 0);
  await expectNoSeriousViolations(page, testInfo, 'assistance-income');
  await form.getByLabel('困难原因').fill('家庭收入低,务工成本高');
  await form.getByTestId('integrity-pledge').check();
  await form.getByRole('button', { name: '受理申请' }).click();
  await expect(page.getByText('申请已受理')).toBeVisible();

  const after = (await (
    await page.request.get(`/api/assistance?householdId=${h.household.id}&kind=dibao&pageSize=1`)
  ).json()) as AssistancePage;
  const c = after.items[0]!;
  expect(c.incomeAssessment?.lines.some((l) => l.code === 'work_cost')).toBe(true);
  expect(c.deductionClaims).toEqual([expect.objectContaining({ kind: 'work_cost', evidence: '务工往返车票' })]);

  await loginAs(page, 'xiang', '/assistance?status=applied');
  const row = page
    .locator('tr, .ant-card')
    .filter({ hasText: head })
    .filter({
      has: page.getByTestId('assistance-decision-button'),
    });
  await row.first().getByTestId('assistance-decision-button').click();
  const decision = page.getByTestId('assistance-decision');
  await expect(decision.getByText('低保家庭收入核算')).toBeVisible();
  await expect(decision.getByTestId('income-assessment').getByText('申请人提供:务工往返车票')).toBeVisible();
});

/**
 * The 失信 list (issue 16 §7; S0 plan one 三, S2 §二(三)12): the township officer lists a household on the page; the
 * village cadre's application for it is then stopped, with the record's reason shown.
 */
test('an application from a household on the 失信 list is stopped with the reason', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await loginAs(page, 'xiang', '/integrity');
  await expect(page.getByRole('heading', { level: 1, name: '失信人员名单' })).toBeVisible();
  const list = (await (
    await page.request.get('/api/households?pageSize=100&status=not_monitored')
  ).json()) as HouseholdPage;
  const h = list.items.filter((x) => x.headName).at(-1)!;
  await page.getByRole('button', { name: '列入失信名单' }).click();
  const form = page.getByTestId('integrity-add');
  await chooseOption(page, form.getByLabel('农户', { exact: true }), h.householdNo, h.householdNo);
  await chooseOption(page, form.getByLabel('失信情形'), '虚报冒领扶贫资金');
  await form.getByLabel('事实和理由').fill('虚报产业奖补资金3000元');
  await form.getByLabel('责令退回金额').fill('3000');
  await expectNoSeriousViolations(page, testInfo, 'integrity-add');
  await form.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('已列入失信名单')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '虚报产业奖补资金3000元' })).toBeVisible();

  await loginAs(page, 'cun', '/assistance');
  await page.getByRole('button', { name: '受理申请' }).first().click();
  const apply = page.getByTestId('assistance-apply');
  await apply.getByText('临时救助', { exact: true }).click();
  await chooseOption(page, apply.getByLabel('农户', { exact: true }), h.householdNo, h.householdNo);
  await apply.getByLabel('申请金额').fill('800');
  await apply.getByLabel('困难原因').fill('突发疾病');
  await apply.getByTestId('integrity-pledge').check();
  await apply.getByRole('button', { name: '受理申请' }).click();
  await expect(page.getByText(/列入失信人员名单:虚报产业奖补资金3000元/)).toBeVisible();
});
