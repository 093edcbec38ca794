import type { HouseholdDetail, VisitCreated, VisitDuePage } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import { chinaDaysAgo, expect, expectNoSeriousViolations, loginAs, screenshot, test } from './support/index.js';

/**
 * Visits on a phone (issue 6 §6): the village cadre opens the households due this month on a 375 × 667 touch
 * screen, sees the overdue ones first and marked, records a visit (income, 两不愁三保障 and water, new risks, a
 * note), and the household leaves the list and shows the visit in its timeline. Lifted and monitored households
 * are visited at least monthly (S3 §三(二)); a problem found becomes a risk lead (S1 §四(二)2).
 */

test.use({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });

/** How far the page scrolls sideways beyond the 375 px screen (0 when nothing overflows). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.scrollingElement!.scrollWidth - 375);
}

test('the village cadre records a visit to an overdue household on a phone', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await loginAs(page, 'cun', '/visits');
  await expect(page.getByRole('heading', { level: 1, name: '走访' })).toBeVisible();
  const due = (await (await page.request.get('/api/visits/due?pageSize=100')).json()) as VisitDuePage;
  expect(due.overdueCount, 'the demo village has overdue visits').toBeGreaterThan(0);

  const cards = page.getByTestId('visit-due');
  await expect(cards.first()).toBeVisible();
  await expect(page.getByText(`应走访 ${due.total} 户,其中逾期 ${due.overdueCount} 户`)).toBeVisible();
  // the overdue households come first, each marked red with how long it is overdue
  const overdue = cards.and(page.locator('[data-overdue="true"]'));
  await expect(overdue).toHaveCount(Math.min(due.overdueCount, due.pageSize));
  await expect(cards.first()).toHaveAttribute('data-overdue', 'true');
  const first = overdue.first();
  await expect(first.getByTestId('visit-overdue')).toHaveText(/逾期 \d+ 天|从未走访/);
  const border = await first.evaluate((el) => getComputedStyle(el).borderInlineStartColor);
  expect(border, 'an overdue card has a red edge').toBe('rgb(198, 40, 40)');
  expect(await sidewaysOverflow(page), 'the visit list fits the screen').toBeLessThanOrEqual(0);
  await screenshot(page, 'visits-due-phone');

  // only the overdue ones
  await page.getByRole('switch', { name: '只看逾期' }).tap();
  await expect(page).toHaveURL(/overdueOnly=true/);
  await expect(cards).toHaveCount(Math.min(due.overdueCount, due.pageSize));
  await expect(cards.and(page.locator('[data-overdue="false"]'))).toHaveCount(0);

  // the first overdue household: a large "走访" button named after the household head
  const target = due.items.find((i) => i.overdue)!;
  const name = target.headName ?? target.householdNo;
  await page.getByRole('button', { name: `登记对 ${name} 的走访` }).tap();
  await expect(page).toHaveURL(new RegExp(`/visits/${target.householdId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`走访 ${name} 家`);
  const form = page.getByTestId('visit-form');
  await expect(form.getByLabel('走访日期')).toHaveValue(chinaDaysAgo(0));
  expect(await sidewaysOverflow(page), 'the visit form fits the screen').toBeLessThanOrEqual(0);
  await expectNoSeriousViolations(page, testInfo, 'visit-form-phone');

  // income fell; food, schooling, medical care and housing secured; drinking water a problem; a new risk; a note
  await form.getByText('减少', { exact: true }).tap();
  await expect(form.getByRole('radio', { name: '减少' })).toBeChecked();
  await form.getByLabel('估算家庭年收入(可不填)').fill('18000');
  // and by component, which feeds the year's income record (issue 14 §2)
  await form.getByText('按项填写近12个月收入').tap();
  await form.getByLabel('工资性收入').fill('12000');
  await form.getByLabel('转移性收入').fill('6000');
  for (const g of ['foodClothingOk', 'educationOk', 'medicalOk', 'housingOk']) {
    await expect(form.getByTestId(`guarantee-${g}`).getByRole('radio', { name: '有保障' })).toBeChecked();
  }
  await form.getByTestId('guarantee-waterOk').getByText('有问题').tap();
  await expect(form.getByText('1 项有问题')).toBeVisible();
  await form.getByRole('checkbox', { name: '饮水安全问题' }).tap();
  await expect(page.getByText('发现的问题将生成风险线索')).toBeVisible();
  await form.getByLabel('走访情况').fill('自来水管冬季冻裂,现从邻居家取水;家中一人外出务工中断');
  expect(await sidewaysOverflow(page), 'the filled form fits the screen').toBeLessThanOrEqual(0);
  await screenshot(page, 'visit-form-phone');

  const saved = page.waitForResponse((r) => r.url().endsWith('/visits') && r.request().method() === 'POST');
  await page.getByTestId('visit-submit').tap();
  const created = (await (await saved).json()) as VisitCreated;
  expect(created.visit).toMatchObject({
    incomeChange: 'decreased',
    estimatedAnnualIncomeFen: 1_800_000,
    foodClothingOk: true,
    educationOk: true,
    medicalOk: true,
    housingOk: true,
    waterOk: false,
    newRisks: ['water_unsafe'],
  });
  await expect(page.getByTestId('visit-saved')).toContainText('走访已登记');
  // the problem became a risk lead (or joined the household's open case)
  await expect(page.getByTestId('visit-lead')).toContainText('风险线索');
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await screenshot(page, 'visit-saved-phone');

  // the household has left the list of visits due
  await page.getByRole('button', { name: '返回走访名单' }).tap();
  await expect(page).toHaveURL(/\/visits(\?.*)?$/);
  await expect(page.getByText(`应走访 ${due.total - 1} 户`)).toBeVisible();
  await expect(page.getByRole('button', { name: `登记对 ${name} 的走访` })).toHaveCount(0);

  // the income became the household's visit-estimate record for the year
  const detail = (await (await page.request.get(`/api/households/${target.householdId}`)).json()) as HouseholdDetail;
  expect(detail.incomes.find((r) => r.kind === 'visit_estimate' && r.periodEnd === chinaDaysAgo(0))).toMatchObject({
    wageFen: 1_200_000,
    transferFen: 600_000,
  });

  // and shows the visit in its timeline
  await page.goto(`/households/${target.householdId}`);
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('入户：饮水安全问题');
  expect(await sidewaysOverflow(page), 'the household page fits the screen').toBeLessThanOrEqual(0);
  await screenshot(page, 'household-after-visit-phone');
});
