import type { RhythmMonthView } from '@dixian/core/api';
import { expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

/**
 * 每月七步 (issue 15 §1; S0 plan two 五): the township officer opens the month's seven steps, sees the tasks of
 * the township and its villages with their due days and progress by village, and marks the township's 访 done.
 */
test('the township officer sees the month’s seven steps and marks one done', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await loginAs(page, 'xiang', '/rhythm');
  await expect(page.getByRole('heading', { level: 1, name: '每月七步' })).toBeVisible();
  const month = (await (await page.request.get('/api/rhythm/tasks')).json()) as RhythmMonthView;
  expect(month.tasks.length, 'the start-up made this month’s tasks').toBeGreaterThan(0);

  const rows = page.getByTestId('rhythm-task');
  await expect(rows.first()).toBeVisible();
  await expect(page.getByText('完成进度')).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'rhythm');
  // a township step still to do: 访 (visits), owed by the township itself
  const visit = month.tasks.find((t) => t.step === 'visit' && t.status !== 'done')!;
  expect(visit, 'an open 访 step').toBeTruthy();
  const row = rows.filter({ hasText: '访(入户走访)' }).filter({ hasText: visit.dueDate }).first();
  await expect(row).toBeVisible();
  await row.getByTestId('rhythm-complete').click();
  await expect(page.getByText('已标记完成')).toBeVisible();
  await expect(row.getByText(/^已完成/)).toBeVisible();

  const after = (await (await page.request.get('/api/rhythm/tasks')).json()) as RhythmMonthView;
  expect(after.tasks.find((t) => t.id === visit.id)).toMatchObject({ status: 'done', doneByName: '乡镇干部' });
});

/** 半月报 (issue 15 §2; S1 §四(二)1–2): the village cadre sends a 零报告 and the village shows as reported. */
test('the village cadre sends a zero report for the half month', async ({ page }, testInfo) => {
  await loginAs(page, 'cun', '/halfmonth');
  await expect(page.getByRole('heading', { level: 1, name: '半月报' })).toBeVisible();
  const row = page.getByTestId('halfmonth-row').first();
  await expect(row).toHaveAttribute('data-reported', 'false');
  await expect(row.getByText('未报送')).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'halfmonth');
  await page.getByTestId('halfmonth-zero').click();
  await expect(page.getByText('已零报告')).toBeVisible();
  await expect(row).toHaveAttribute('data-reported', 'true');
  await expect(row.getByText('零报告')).toBeVisible();
});
