import { expect, loginAs, screenshot, test } from './support/index.js';

/**
 * The policy page (issue 6 §8): the policy in force for the area with every parameter labelled and the document
 * that set it, its history, and new versions by the county administrator, validated with core's schema.
 */

test('everyone reads the policy in force with labelled parameters and its source document', async ({ page }) => {
  await loginAs(page, 'yibao', '/policy');
  await expect(page.getByTestId('policy-version')).toHaveText('国家 2021 年第 1 版');
  await expect(page.getByText('中农组发〔2021〕7号').first()).toBeVisible();
  const line = page.getByRole('row', { name: /监测范围\(人均纯收入/ });
  await expect(line).toContainText('6,000.00 元');
  await expect(page.getByRole('row', { name: /识别认定时限/ })).toContainText('15 天');
  await expect(page.getByRole('row', { name: /刚性支出超过上年家庭纯收入的比例/ })).toContainText('100%');
  // reading is not editing
  await expect(page.getByTestId('policy-add')).toHaveCount(0);
  await screenshot(page, 'policy-desktop');
});

test('the county administrator publishes a version; the form checks with core’s schema and the page shows it in force', async ({
  page,
}) => {
  await loginAs(page, 'admin', '/policy');
  await page.getByTestId('policy-add').click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('发布政策新版本');

  // core's PolicyBodySchema: ratios have at most 4 decimal places, beside the field
  const share = drawer.getByTestId('param-suddenHardship.incomeDropToShare');
  await share.getByRole('spinbutton').fill('0.12345');
  await share.getByRole('spinbutton').blur();
  await expect(share.locator('.ant-form-item-explain-error')).toBeVisible();
  await share.getByRole('spinbutton').fill('0.5');

  // document number and title are required (PolicyCreateBody)
  await page.getByTestId('policy-submit').click();
  await expect(drawer.locator('.ant-form-item-explain-error').first()).toContainText('此项必填');
  await screenshot(page, 'policy-new-version');

  // a version effective far ahead, so the present the other tests see stays as it is
  // the version's year, not a policy parameter whose label also says 年度
  await drawer.getByRole('spinbutton', { name: /^\*?\s*年度$/ }).fill('2099');
  await drawer.getByLabel('生效日期').fill('2099-01-01');
  await drawer.getByLabel('生效日期').press('Enter');
  await drawer.getByTestId('policy-docNo').fill('临乡振发〔2099〕1号');
  await drawer.getByTestId('policy-docTitle').fill('关于调整监测范围的通知(浏览器测试)');
  await drawer.getByTestId('param-monitoringIncomeLineFen').getByRole('spinbutton').fill('7300');
  await page.getByTestId('policy-submit').click();
  await expect(drawer).toBeHidden();
  await expect(page.getByText(/已发布 220681 2099 v\d+/)).toBeVisible();

  // the parameter's own row (the history below also names the parameters a version set)
  const lineRow = page.locator('tr[data-row-key="monitoringIncomeLineFen"]');
  await page.goto('/policy?date=2099-06-01');
  await expect(page.getByTestId('policy-version')).toContainText('地方(区划 220681) 2099 年');
  await expect(lineRow).toContainText('7,300.00 元');
  await expect(lineRow).toContainText('临乡振发〔2099〕1号');
  // today the national line still applies, and the history lists the new record with what it set
  await page.goto('/policy');
  await expect(lineRow).toContainText('6,000.00 元');
  await expect(page.getByRole('row', { name: /临乡振发〔2099〕1号/ })).toContainText('7,300.00 元');
});
