import type { UserView } from '@dixian/core/api';
import { api, DEMO_USER_NAMES, DEMO_USERS, expect, loginAs, signIn, test, type DemoUser } from './support/index.js';

/**
 * The shell (issue 6 §1): sign-in, the user with role and area in the header, and only the menus the role may
 * use (the server's abilities decide; the UI hides the rest, and a page the role may not use says so).
 */

/** The menu of each demo role, in order. A new page in app/routes.tsx adds its label here for the roles it serves. */
const CASE_WORK = ['风险线索', '监测案件', '走访', '部门预警'];
const MENUS: Record<DemoUser, string[]> = {
  admin: [
    '工作台',
    '农户档案',
    ...CASE_WORK,
    '数据推送',
    '村级公示',
    '社会救助',
    '失信名单',
    '救助资金发放',
    '年度集中排查',
    '灾害与突发事件',
    '排查',
    '每月七步',
    '半月报',
    '宣传明白纸',
    '专项整治台账',
    '八项重点',
    '数据质量',
    '变更申请',
    '办理时限',
    '待办中心',
    '政策参数',
    '政策模拟',
    '用户管理',
  ],
  xian: [
    '工作台',
    '农户档案',
    ...CASE_WORK,
    '数据推送',
    '村级公示',
    '社会救助',
    '失信名单',
    '救助资金发放',
    '年度集中排查',
    '灾害与突发事件',
    '排查',
    '每月七步',
    '半月报',
    '宣传明白纸',
    '专项整治台账',
    '八项重点',
    '数据质量',
    '统计报告',
    '变更申请',
    '办理时限',
    '待办中心',
    '政策参数',
    '政策模拟',
  ],
  xiang: [
    '工作台',
    '农户档案',
    ...CASE_WORK,
    '村级公示',
    '社会救助',
    '失信名单',
    '救助资金发放',
    '年度集中排查',
    '灾害与突发事件',
    '排查',
    '每月七步',
    '半月报',
    '宣传明白纸',
    '专项整治台账',
    '八项重点',
    '数据质量',
    '统计报告',
    '变更申请',
    '办理时限',
    '待办中心',
    '政策参数',
  ],
  cun: [
    '工作台',
    '农户档案',
    ...CASE_WORK,
    '村级公示',
    '社会救助',
    '失信名单',
    '救助资金发放',
    '年度集中排查',
    '灾害与突发事件',
    '排查',
    '每月七步',
    '半月报',
    '宣传明白纸',
    '变更申请',
    '办理时限',
    '待办中心',
    '政策参数',
  ],
  yibao: ['部门预警', '数据推送', '待办中心', '政策参数'],
  jiancha: [
    '工作台',
    '农户档案',
    ...CASE_WORK,
    '村级公示',
    '社会救助',
    '失信名单',
    '救助资金发放',
    '年度集中排查',
    '灾害与突发事件',
    '排查',
    '每月七步',
    '半月报',
    '宣传明白纸',
    '专项整治台账',
    '八项重点',
    '数据质量',
    '统计报告',
    '办理时限',
    '待办中心',
    '政策参数',
    '审计日志',
  ],
};

for (const user of DEMO_USER_NAMES) {
  test(`${user} (${DEMO_USERS[user].roleZh}) signs in and sees their name, role, area and only their menus`, async ({
    page,
  }) => {
    await signIn(page, user);
    const menu = page.getByTestId('main-menu');
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem')).toHaveText(MENUS[user]);
    const me = await (await page.request.get('/api/auth/me')).json();
    const header = page.getByTestId('user-info');
    await expect(header).toContainText(me.user.displayName);
    await expect(header).toContainText(DEMO_USERS[user].roleZh);
    await expect(header).toContainText(me.user.scopeName);
    // `/` opened the first page of the menu
    const first = await menu.getByRole('menuitem').first().getByRole('link').getAttribute('href');
    await expect(page).toHaveURL(new RegExp(`${first}$`));
  });
}

test('a page the role may not use answers 403 in the browser, and the server refuses its data too', async ({
  page,
}) => {
  await loginAs(page, 'yibao', '/households');
  await expect(page.getByText('您的角色无权使用此页面')).toBeVisible();
  expect((await page.request.get('/api/households')).status()).toBe(403);
});

test('a wrong password is refused with the server’s message; five failures lock the account', async ({ page }) => {
  const admin = await loginAs(page, 'admin', '/');
  const username = `lock${Date.now() % 100000}`;
  const created = await api<UserView>(page.request, admin, 'POST', '/api/users', {
    username,
    displayName: '锁定测试',
    role: 'inspector',
    scopeCode: admin.user.scopeCode,
    password: 'Lock#Test2024x',
  });
  expect(created.status).toBe(201);
  await page.request.post('/api/auth/logout', { headers: { 'x-csrf-token': admin.csrfToken } });
  await page.context().clearCookies();

  await signIn(page, username, 'wrong-password');
  await expect(page.getByRole('alert')).toContainText('用户名或密码错误');
  for (let i = 0; i < 4; i++) {
    await page.getByLabel('密码').fill(`wrong-${i}`);
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await page.getByLabel('密码').fill('Lock#Test2024x');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-locked')).toContainText('锁定');
  await expect(page).toHaveURL(/\/login$/);
});

test('a password set by the administrator must be changed first, with the server’s rules beside the field', async ({
  page,
}) => {
  const admin = await loginAs(page, 'admin', '/');
  const username = `temp${Date.now() % 100000}`;
  const created = await api<UserView>(page.request, admin, 'POST', '/api/users', {
    username,
    displayName: '临时密码',
    role: 'inspector',
    scopeCode: admin.user.scopeCode,
    password: 'First#Pass2024x',
  });
  expect(created.status).toBe(201);
  // an administrator's reset sets a temporary password that must be changed
  const reset = await api<UserView>(page.request, admin, 'POST', `/api/users/${created.body.id}/password`, {
    password: 'Temp#Pass2024x',
  });
  expect(reset.status).toBe(200);
  await page.context().clearCookies();

  await signIn(page, username, 'Temp#Pass2024x');
  await expect(page).toHaveURL(/\/password$/);
  await expect(page.getByText('请先修改密码再继续使用')).toBeVisible();
  // any other page leads back here
  await page.goto('/households');
  await expect(page).toHaveURL(/\/password$/);

  await page.getByLabel('当前密码').fill('Temp#Pass2024x');
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('再次输入新密码').fill('short');
  await page.getByRole('button', { name: '保存' }).click();
  // the server's password policy, shown beside the new-password field
  const newField = page.locator('.ant-form-item').filter({ has: page.getByLabel('新密码', { exact: true }) });
  await expect(newField.locator('.ant-form-item-explain-error').first()).toContainText('至少10位');

  await page.getByLabel('新密码', { exact: true }).fill('Changed#Pass2024');
  await page.getByLabel('再次输入新密码').fill('Changed#Pass2024');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByTestId('main-menu')).toBeVisible();
  await expect(page.getByTestId('user-info')).toContainText('临时密码');
});

test('the English switch changes the UI, Ant Design and enum labels, and is remembered after a reload', async ({
  page,
}) => {
  await loginAs(page, 'xian', '/households');
  await expect(page.getByTestId('main-menu')).toContainText('农户档案');
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('main-menu')).toContainText('Registry');
  await expect(page.getByTestId('user-info')).toContainText('County officer');
  await expect(page.locator('.ant-pagination')).toContainText('/ page');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Household registry');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('农户档案');
  await expect(page.locator('.ant-pagination')).toContainText('条/页');
});

test('signing out ends the session on the server', async ({ page }) => {
  await loginAs(page, 'cun', '/households');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
});
