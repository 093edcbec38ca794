import type { Inbox, MessagePage } from '@dixian/core/api';
import { expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

/**
 * 待办中心 (issue 15 §4): the start-up wrote the day's reminders; the township officer opens the to-do centre from
 * the bell, sees what is overdue in the township and the reminders and escalations sent to them, marks one read,
 * and the bell's count drops by one.
 */
test('the township officer reads a reminder in the to-do centre and the bell counts one fewer', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await loginAs(page, 'xiang', '/dashboard');
  const before = (await (await page.request.get('/api/inbox')).json()) as Inbox;
  expect(before.unreadMessages, 'the start-up wrote reminders for the township').toBeGreaterThan(0);

  const bell = page.getByTestId('inbox');
  await expect(bell).toHaveAttribute('aria-label', `待我处理 ${before.total} 项`);
  await bell.click();
  await expect(page).toHaveURL(/\/todo$/);
  await expect(page.getByRole('heading', { level: 1, name: '待办中心' })).toBeVisible();

  // the township's own seven steps of the month still to do (S0 plan two 五: 访, 录, 补, 销 are the township's)
  await expect(
    page
      .getByTestId('todo-steps')
      .getByText(/^(访|录|补|销)\(/)
      .first(),
  ).toBeVisible();

  // overdue deadlines of the township's villages, with how late they are
  const overdue = page.getByTestId('todo-overdue');
  await expect(overdue.getByText(/已逾期 \d+ 天/).first()).toBeVisible();

  // the reminders and escalations: a stage, the item, its due day, never a raw code or an ID number
  const messages = page.getByTestId('todo-message');
  await expect(messages.first()).toBeVisible();
  await expect(messages.first()).toContainText(/到期提醒|已逾期|督办/);
  await expect(messages.first()).toContainText(/到期日 \d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId('todo-messages')).not.toContainText(/\d{17}[\dX]/);
  await expectNoSeriousViolations(page, testInfo, 'todo');

  const list = (await (await page.request.get('/api/messages?unread=true')).json()) as MessagePage;
  await messages.first().getByRole('button', { name: '标为已读' }).click();
  await expect(page.getByText('已标为已读')).toBeVisible();
  const after = (await (await page.request.get('/api/messages?unread=true')).json()) as MessagePage;
  expect(after.total).toBe(list.total - 1);
  await expect(bell).toHaveAttribute('aria-label', `待我处理 ${before.total - 1} 项`);
});
