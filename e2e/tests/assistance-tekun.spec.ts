import type { AssistanceCaseView, AssistancePage, HouseholdDetail, HouseholdPage } from '@dixian/core/api';
import { chooseOption, chooseOptions, expect, loginAs, test } from './support/index.js';

/**
 * 特困 with the self-care assessment (issue 16 §4; S2 二(一)4 "自理能力评估"): the village cadre applies for an elderly
 * member and records that they cannot care for themselves; the county approves a basic support and the policy's care
 * allowance of that level is added to it.
 */
test('a 特困 application records the self-care level and the approval adds its care allowance', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, 'cun', '/assistance');
  const list = (await (await page.request.get('/api/households?pageSize=100')).json()) as HouseholdPage;
  let chosen: { h: HouseholdDetail; member: string } | undefined;
  for (const row of list.items) {
    const d = (await (await page.request.get(`/api/households/${row.id}`)).json()) as HouseholdDetail;
    const elder = d.members.find((m) => !m.deceasedOn && Number(m.birthDate.slice(0, 4)) <= 1958);
    if (!elder) continue;
    const cases = (await (
      await page.request.get(`/api/assistance?householdId=${row.id}&kind=tekun&pageSize=1`)
    ).json()) as AssistancePage;
    if (!cases.total) {
      chosen = { h: d, member: elder.name };
      break;
    }
  }
  expect(chosen, 'a household with an elderly member and no 特困 case').toBeTruthy();
  const { h, member } = chosen!;

  await page.getByRole('button', { name: '受理申请' }).first().click();
  const form = page.getByTestId('assistance-apply');
  await form.getByText('特困人员救助供养', { exact: true }).click();
  await chooseOption(page, form.getByLabel('农户', { exact: true }), h.household.householdNo, h.household.householdNo);
  await chooseOptions(page, form.getByLabel('保障对象'), [member]);
  await chooseOption(page, form.getByLabel('自理能力评估'), '完全不能自理');
  await form.getByLabel('困难原因').fill('年老体弱,无人照料');
  await form.getByTestId('integrity-pledge').check();
  await form.getByRole('button', { name: '受理申请' }).click();
  await expect(page.getByText('申请已受理')).toBeVisible();
  const applied = (await (
    await page.request.get(`/api/assistance?householdId=${h.household.id}&kind=tekun&pageSize=1`)
  ).json()) as AssistancePage;
  expect(applied.items[0]).toMatchObject({ selfCare: 'none', classification: 'tekun_dispersed' });

  await loginAs(page, 'xian', `/assistance?status=applied&kind=tekun&householdId=${h.household.id}`);
  await expect(page.getByText('完全不能自理').first()).toBeVisible();
  await page.getByTestId('assistance-decision-button').first().click();
  const decision = page.getByTestId('assistance-decision');
  await decision.getByLabel('基本生活供养金(每人每月合计)').fill('900');
  await expect(decision.getByText('不填写时按政策中“完全不能自理”档次计算')).toBeVisible();
  await decision.getByRole('button', { name: '提交' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  const done = (await (await page.request.get(`/api/assistance/${applied.items[0]!.id}`)).json()) as AssistanceCaseView;
  // the national default for 完全不能自理 is 600 yuan a month per person
  expect(done).toMatchObject({ status: 'approved', careAllowanceFen: 60_000, monthlyAmountFen: 150_000 });
});
