import { makeIdNumber } from '@dixian/core';
import type { HouseholdDetail, RegionDetail } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import {
  api,
  chooseOption,
  expect,
  expectNoSeriousViolations,
  horizontalOverflow,
  loginAs,
  pickDate,
  screenshot,
  test,
} from './support/index.js';

/**
 * Keeping the register in the browser (issue 14 §1, §2, §5, §7): a village cadre on a 375-pixel phone registers
 * a household with three members, enters its income (per-capita and the line shown while typing), records a new
 * illness and a death and sees the assessment change each time; then prints the household file.
 */
const PHONE = { width: 375, height: 812 };

async function fillMember(page: Page, card: number, m: { name: string; id: string; relation: string }) {
  const box = page.getByTestId('member-card').nth(card);
  await box.getByLabel('姓名').fill(m.name);
  if (m.relation !== '户主') await chooseOption(page, box.getByLabel('与户主关系'), m.relation);
  await box.getByLabel('身份证号').fill(m.id);
}

test.describe('on a 375-pixel phone', () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test('a village cadre registers a household, enters income, records an illness and a death, and the assessment follows', async ({
    page,
  }, testInfo) => {
    test.slow();
    const session = await loginAs(page, 'cun', '/households');
    const village = (await api<RegionDetail>(page.request, session, 'GET', `/api/regions/${session.user.scopeCode}`))
      .body.region;
    const stamp = String(Date.now()).slice(-8);
    const ids = [
      makeIdNumber(village.code.slice(0, 6), '1961-03-08', 11, 'male'),
      makeIdNumber(village.code.slice(0, 6), '1964-09-21', 12, 'female'),
      makeIdNumber(village.code.slice(0, 6), '1990-01-15', 13, 'male'),
    ];

    await page.getByTestId('household-new').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('新建农户');
    await expect(page.getByTestId('breadcrumbs')).toContainText('农户档案');
    await page.getByRole('combobox', { name: '所在村' }).fill(village.name);
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: village.name }).first().click();
    await page.getByLabel('户编号').fill(`E2E-${stamp}`);
    await fillMember(page, 0, { name: '测试户主', id: ids[0]!, relation: '户主' });
    await page.getByTestId('add-member').click();
    await fillMember(page, 1, { name: '测试配偶', id: ids[1]!, relation: '配偶' });
    await page.getByTestId('add-member').click();
    await fillMember(page, 2, { name: '测试之子', id: ids[2]!, relation: '之子' });
    // a wrong check digit is refused beside the field, as core checks it
    const third = page.getByTestId('member-card').nth(2);
    await third.getByLabel('身份证号').fill(`${ids[2]!.slice(0, 17)}${ids[2]!.endsWith('0') ? '1' : '0'}`);
    await expect(third.getByText('身份证号校验位错误')).toBeVisible();
    await third.getByLabel('身份证号').fill(ids[2]!);
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'household-new-phone');
    await page.getByTestId('household-create').click();
    await expect(page.getByText('农户已登记')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('测试户主');
    const householdUrl = page.url();

    // income: 15,000 yuan net for three people is 5,000 each, below the line, and shown so while typing
    await page.getByTestId('income-add').click();
    const income = page.getByTestId('income-form');
    await income.getByLabel('工资性收入').fill('12000');
    await income.getByLabel('转移性收入').fill('3000');
    await expect(page.getByTestId('income-per-capita')).toHaveText('5,000.00 元');
    await expect(page.getByTestId('income-preview')).toContainText('低于监测范围');
    await screenshot(page, 'income-form-phone');
    await page.getByTestId('income-save').click();
    await expect(page.getByText('收入已保存')).toBeVisible();
    const assessment = page.getByTestId('assessment-card');
    // below the line without a risk: not in scope (S0 plan two §二(一): below the line and a risk)
    await expect(assessment).toContainText('不符合纳入条件');

    // a new serious illness is a risk: now the household meets the criteria (S1 §四(一)2)
    const sonRow = page.getByTestId('members-card').locator('[data-row-key]', { hasText: '测试之子' });
    await sonRow.getByTestId('member-actions').click();
    await page.getByRole('menuitem', { name: '修改信息' }).click();
    const form = page.getByTestId('member-form');
    await form.getByText('健康、残疾、劳动和就学').click();
    // the select shows its value over the input: open it by its box
    await form.locator('.ant-form-item', { hasText: '健康状况' }).locator('.ant-select-selector').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '患有大病' })
      .click();
    await form.getByLabel('病情').fill('尿毒症');
    await form.getByTestId('member-save').click();
    await expect(page.getByText('已保存', { exact: true })).toBeVisible();
    await expect(assessment).toContainText('符合监测对象纳入条件');

    // the ill son dies: he is no longer counted, the risk goes with him (S0 plan two note 2)
    await sonRow.getByTestId('member-actions').click();
    await page.getByRole('menuitem', { name: '登记死亡' }).click();
    await pickDate(page, page.getByTestId('member-form').getByLabel('死亡日期'), new Date().toISOString().slice(0, 10));
    await page.getByTestId('member-form').getByTestId('member-save').click();
    await expect(page.getByTestId('members-card')).toContainText('已故');
    await expect(assessment).toContainText('不符合纳入条件');
    expect(await horizontalOverflow(page)).toBe(0);
    await screenshot(page, 'household-after-changes-phone');
    await expectNoSeriousViolations(page, testInfo, 'household-phone');

    // the household file: members, income against the line, the policies that apply, whom to call
    await page.goto(`${householdUrl}/file`);
    const sheet = page.getByTestId('household-file-sheet');
    await expect(sheet).toContainText('测试户主');
    // 15,000 yuan over the two members still counted
    await expect(sheet.getByTestId('file-income')).toContainText('7,500.00 元');
    await expect(sheet.getByTestId('file-contacts')).toContainText('12317');
    await expect(sheet.getByTestId('file-policies')).toContainText('就业帮扶');
    await screenshot(page, 'household-file-phone');
    await expectNoSeriousViolations(page, testInfo, 'household-file-phone');
  });
});

test.describe('at 1440 × 900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('a stale save shows who changed what since, and the household file prints on A4', async ({
    page,
    browser,
  }, testInfo) => {
    test.slow();
    await loginAs(page, 'cun', '/households');
    await page.getByTestId('household-link').first().click();
    await expect(page.getByTestId('breadcrumbs')).toContainText('户详情');
    const id = page.url().split('/').pop()!;
    await page.getByTestId('household-edit').click();
    // meanwhile the township officer changes the address
    const other = await browser.newPage();
    const xiang = await loginAs(other, 'xiang', '/');
    const h = (await api<HouseholdDetail>(other.request, xiang, 'GET', `/api/households/${id}`)).body.household;
    const changed = await api(other.request, xiang, 'PATCH', `/api/households/${id}`, {
      version: h.version,
      address: '村委会旁 8 号',
    });
    expect(changed.status).toBe(200);
    await other.close();
    const form = page.getByTestId('household-form');
    await form.getByLabel('饮水问题说明').fill('夏季水压不足');
    await form.getByTestId('household-save').click();
    const stale = page.getByTestId('stale-notice');
    await expect(stale).toBeVisible();
    await expect(stale).toContainText('住址');
    await stale.scrollIntoViewIfNeeded();
    await screenshot(page, 'household-stale-desk');
    await form.getByTestId('household-save').click();
    await expect(page.getByText('已保存', { exact: true })).toBeVisible();

    await page.getByTestId('household-file').click();
    await expect(page.getByTestId('breadcrumbs')).toContainText('户档案');
    await screenshot(page, 'household-file-desk');
    await expectNoSeriousViolations(page, testInfo, 'household-file-desk');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('breadcrumbs')).toBeHidden();
    await expect(page.locator('.ant-layout-sider')).toBeHidden();
  });
});
