import type { HalfMonthView, HouseholdPage, RhythmMonthView } from '@dixian/core/api';
import { chooseOption, expect, loginAs, test } from './support/index.js';

/**
 * A month of the county in the browser (issue 15): the village cadre finds the month's steps in the to-do centre
 * and marks one of the village's done (S0 plan two 五); the township officer sends the township's half-month list
 * with a household picked by name (S1 §四(二)1–2), then sees the village's progress move and what is still due
 * in the to-do centre; the county sees who reported.
 */
test('a month: the village marks a step, the township reports its list and follows the villages', async ({ page }) => {
  test.setTimeout(180_000);
  // the village cadre: the to-do centre lists the village's own steps still to do this month
  await loginAs(page, 'cun', '/todo');
  const steps = page.getByTestId('todo-steps');
  await expect(steps.getByText(/^(排|评|测)\(/).first()).toBeVisible();
  const month = (await (await page.request.get('/api/rhythm/tasks')).json()) as RhythmMonthView;
  const mine = month.tasks.find((t) => t.level === 'village' && t.status !== 'done');
  expect(mine, 'an open step of the village this month').toBeTruthy();
  const village = mine!.regionCode;
  const doneBefore = month.progress.find((p) => p.regionCode === village)?.done ?? 0;

  await loginAs(page, 'cun', '/rhythm');
  const row = page
    .getByTestId('rhythm-task')
    .filter({ hasText: mine!.dueDate })
    .filter({ has: page.getByTestId('rhythm-complete') })
    .first();
  await row.getByTestId('rhythm-complete').click();
  await expect(page.getByText('已标记完成')).toBeVisible();

  // the township officer: the half-month list with a household chosen by its head's name
  await loginAs(page, 'xiang', '/halfmonth');
  const view = (await (await page.request.get('/api/halfmonth')).json()) as HalfMonthView;
  expect(view.open, 'the half-month period is open').toBe(true);
  const list = (await (await page.request.get('/api/households?pageSize=5')).json()) as HouseholdPage;
  const h = list.items.find((x) => x.headName)!;
  await chooseOption(page, page.getByRole('combobox', { name: '加入预警农户' }), h.householdNo, h.householdNo);
  await expect(page.locator('.ant-tag', { hasText: `${h.headName} · ${h.householdNo}` })).toBeVisible();
  await page.getByRole('button', { name: /报送名单/ }).click();
  await expect(page.getByText('名单已报送')).toBeVisible();
  const township = page.getByTestId('halfmonth-row').filter({ hasText: '乡镇' }).first();
  await expect(township).toHaveAttribute('data-reported', 'true');
  await expect(township.getByText('1 户')).toBeVisible();

  // the township follows its villages: the cadre's step counts in the progress
  await loginAs(page, 'xiang', '/rhythm');
  const after = (await (await page.request.get('/api/rhythm/tasks')).json()) as RhythmMonthView;
  const progress = after.progress.find((p) => p.regionCode === village)!;
  expect(progress.done).toBe(doneBefore + 1);
  await expect(
    page.getByRole('row').filter({ hasText: progress.regionName! }).getByText(`${progress.done} / ${progress.total}`),
  ).toBeVisible();

  // and the to-do centre still shows what the township owes this month
  await loginAs(page, 'xiang', '/todo');
  await expect(
    page
      .getByTestId('todo-steps')
      .getByText(/^(访|录|补|销)\(/)
      .first(),
  ).toBeVisible();

  // the county sees that the township reported
  await loginAs(page, 'xian', '/halfmonth');
  const county = (await (await page.request.get('/api/halfmonth')).json()) as HalfMonthView;
  expect(county.rows.find((r) => r.level === 'township' && r.reported)).toBeTruthy();
});
