import type { CampaignList, CampaignProgress, LeadPage } from '@dixian/core/api';
import { chooseOptions, expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

test.describe.configure({ mode: 'serial' });

/**
 * 年度集中排查 (issue 15 §3; S3 §三(二) 每年开展一次集中排查): the county officer opens the year's campaign, a village
 * cadre records a household's check that found a risk, the finding becomes a lead, and the progress counts it.
 */
test('the county officer opens the yearly full screening', async ({ page }, testInfo) => {
  await loginAs(page, 'xian', '/campaigns');
  await expect(page.getByRole('heading', { level: 1, name: '年度集中排查' })).toBeVisible();
  const before = (await (await page.request.get('/api/campaigns')).json()) as CampaignList;
  if (!before.items.length) {
    await expect(page.getByText('本县尚未开展集中排查')).toBeVisible();
    await page.getByTestId('campaign-open').click();
    await page.getByRole('dialog').getByRole('button', { name: '开展集中排查' }).click();
    await expect(page.getByText('已开展集中排查')).toBeVisible();
  }
  await expect(page.getByTestId('campaign-summary')).toContainText('已排查');
  await expect(page.getByText('各村进度')).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'campaigns');
});

test('a village cadre records a check that found a risk, and it becomes a lead', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAs(page, 'cun', '/campaigns');
  const [campaign] = ((await (await page.request.get('/api/campaigns')).json()) as CampaignList).items;
  const progress = async () =>
    ((await (await page.request.get(`/api/campaigns/${campaign!.id}`)).json()) as CampaignProgress).campaign;
  const checkedBefore = (await progress()).checked;

  const first = page.getByTestId('campaign-pending').first();
  await expect(first).toBeVisible();
  const name = (await first.locator('.ant-list-item-meta-title span').first().textContent())!;
  await first.getByRole('button', { name: '登记排查' }).click();
  const drawer = page.getByRole('dialog');
  await drawer.getByText('发现风险', { exact: true }).click();
  await chooseOptions(page, drawer.getByLabel('风险类型'), ['因病']);
  await drawer.getByLabel('情况说明').fill('户主新患重病,医疗支出大');
  await drawer.getByRole('button', { name: '登记排查' }).click();
  await expect(page.getByText('已登记,发现的风险已转为风险线索')).toBeVisible();

  expect((await progress()).checked).toBe(checkedBefore + 1);
  const leads = (await (await page.request.get('/api/leads?status=open&pageSize=100')).json()) as LeadPage;
  expect(leads.items.some((l) => l.subChannel === 'full_screening' && l.headName === name)).toBe(true);
});
