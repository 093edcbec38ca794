import type { Inbox, RegionDetail, UserPage } from '@dixian/core/api';
import { api, expect, expectNoSeriousViolations, loginAs, screenshot, test } from './support/index.js';

/**
 * Administration in the browser (issue 14 §6): the county administrator creates an account, sees it locked after
 * failed sign-ins and unlocks it; the inspector finds records in the audit log and verifies the chain. Users and
 * the audit log are separate roles (三员分立): the administrator has no audit page, the inspector no user page.
 */
const DESK = { width: 1440, height: 900 };
const PASSWORD = 'Huashu#Office2024x';

test.describe('at 1440 × 900', () => {
  test.use({ viewport: DESK });

  test('an administrator creates a user, sees the lockout after failed sign-ins and ends it', async ({
    page,
    playwright,
    baseURL,
  }) => {
    const session = await loginAs(page, 'admin', '/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('用户管理');
    await expect(page.getByRole('link', { name: '审计日志' })).toHaveCount(0);
    // the demo village cadre's village, by name, as an administrator would pick it
    const cun = (await api<UserPage>(page.request, session, 'GET', '/api/users?q=cun')).body.items[0]!;
    const village = (await api<RegionDetail>(page.request, session, 'GET', `/api/regions/${cun.scopeCode}`)).body;

    await page.getByTestId('new-user').click();
    const form = page.getByTestId('user-form');
    await form.getByTestId('user-username').fill('e2ecun');
    await form.getByTestId('user-name').fill('测试村干部');
    await form.getByTestId('user-role').click();
    await page.getByTitle('村干部/网格员').click();
    await form.getByLabel('管辖范围').fill(village.region.name);
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: village.region.name }).first().click();
    await form.getByTestId('user-password').fill(PASSWORD);
    await form.getByTestId('user-save').click();
    await expect(page.getByText('用户已创建')).toBeVisible();

    // five wrong passwords from one address lock the account there (the sixth is refused as locked)
    const outside = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 6; i++) {
      await outside.post('/api/auth/login', { data: { username: 'e2ecun', password: 'Wrong#Password2024' } });
    }
    await page.goto('/users?q=e2ecun');
    const row = page.locator('tbody tr.ant-table-row', { hasText: 'e2ecun' });
    await expect(row.getByTestId('locked')).toBeVisible();
    await expect(row).toContainText(village.region.name);
    await screenshot(page, 'users-desk');
    await row.getByTestId('unlock').click();
    await expect(page.getByText('已解除锁定')).toBeVisible();
    await expect(row.getByTestId('locked')).toHaveCount(0);
    const login = await outside.post('/api/auth/login', { data: { username: 'e2ecun', password: PASSWORD } });
    expect(login.status()).toBe(200);
    await outside.dispose();
  });

  test('an inspector finds sign-ins in the audit log and verifies the chain', async ({ page }, testInfo) => {
    await loginAs(page, 'jiancha', '/audit');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('审计日志');
    await expect(page.getByRole('link', { name: '用户管理' })).toHaveCount(0);
    // the first action whose name has 登录 is 登录 itself (sign-in)
    await page.getByTestId('audit-action').locator('input').fill('登录');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/action=auth\.login/);
    const rows = page.locator('tbody tr.ant-table-row');
    await expect(rows.first()).toContainText('登录');
    await expect(rows.first()).toContainText('jiancha');
    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-verified')).toContainText('审计链完整');
    await screenshot(page, 'audit-desk');
    await expectNoSeriousViolations(page, testInfo, 'audit-desk');
  });
});

test.describe('the header badge at 1440 × 900', () => {
  test.use({ viewport: DESK });

  test('counts what waits for me, and each kind opens its list with the same number (issue 14 §7)', async ({
    page,
  }) => {
    const session = await loginAs(page, 'xian', '/dashboard');
    const inbox = (await api<Inbox>(page.request, session, 'GET', '/api/inbox')).body;
    const overdue = inbox.items.find((i) => i.kind === 'deadline_overdue')!;
    expect(overdue.count).toBeGreaterThan(0);
    const badge = page.getByTestId('inbox');
    await expect(badge).toHaveAccessibleName(`待我处理 ${inbox.total} 项`);
    await badge.hover();
    await page.getByRole('menuitem', { name: `逾期时限 ${overdue.count} 项` }).click();
    await expect(page).toHaveURL(/\/deadlines\?status=overdue/);
    await expect(page.getByText(`共 ${overdue.count} 条`)).toBeVisible();
  });
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('the users and the audit log are cards, with no serious accessibility finding', async ({ page }, testInfo) => {
    await loginAs(page, 'admin', '/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('用户管理');
    await expect(page.locator('.ant-card').filter({ hasText: 'cun' }).first()).toBeVisible();
    await screenshot(page, 'users-phone');
    await expectNoSeriousViolations(page, testInfo, 'users-phone');
    await page.context().clearCookies();
    await loginAs(page, 'jiancha', '/audit');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('审计日志');
    await screenshot(page, 'audit-phone');
    await expectNoSeriousViolations(page, testInfo, 'audit-phone');
  });
});
