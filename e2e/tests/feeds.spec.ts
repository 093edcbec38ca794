import fs from 'node:fs';
import type { HouseholdDetail, LeadPage, SessionView, UnmaskResponse, WarningPage } from '@dixian/core/api';
import { request as playwrightRequest } from '@playwright/test';
import {
  api,
  chinaDaysAgo,
  DEMO_PASSWORD,
  expect,
  horizontalOverflow,
  householdsWithoutCase,
  loginAs,
  screenshot,
  test,
} from './support/index.js';

/**
 * Department feeds through the page (issue 5 §1–2, issue 6 §5; S1 §四(二)3): the 医保 officer uploads a list naming
 * a real demo member with an out-of-pocket medical cost above the policy's threshold (20,000 yuan for a household
 * not monitored, DOMAIN §6 医保), sees the batch, its outcome per row and the report; then the township officer
 * of that village finds the new warning, already a lead, on their desk.
 */
test('the 医保 officer uploads a list; the township sees the new warning and lead', async ({
  page,
  baseURL,
}, testInfo) => {
  test.setTimeout(240_000);

  // a household of the township with nothing open, found as the township officer would (the ID number unmasked
  // with a reason, as the department's own data would have it)
  const township = await playwrightRequest.newContext({ baseURL });
  const login = await township.post('/api/auth/login', { data: { username: 'xiang', password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const xiang = (await login.json()) as SessionView;
  const [target] = await householdsWithoutCase(township, xiang.user.scopeCode, 1);
  const detail = (await (await township.get(`/api/households/${target!.id}`)).json()) as HouseholdDetail;
  const head = detail.members.find((m) => m.relation === 'head') ?? detail.members[0]!;
  const clear = await api<UnmaskResponse>(township, xiang, 'POST', `/api/households/${target!.id}/unmask`, {
    reason: '浏览器测试:构造医保推送名单 / browser test: build a 医保 list',
    memberIds: [head.id],
  });
  expect(clear.status).toBe(200);
  const idNumber = clear.body.members[0]!.idNumber!;

  // the department's file: UTF-8 with BOM, a title row above the header, the amount with a separator and unit
  const csv =
    '\ufeff临江市医疗保障局高额医疗费用名单\r\n' +
    '姓名,公民身份号码,结算日期,医疗总费用,个人负担(元)\r\n' +
    `${head.name},${idNumber},${chinaDaysAgo(1)},"52,000.00","35,000.00元"\r\n` +
    '合计,,,,"35,000.00"\r\n';
  const file = testInfo.outputPath('医保高额费用名单.csv');
  fs.writeFileSync(file, csv);

  // the 医保 officer: department fixed, the template, the upload with its progress bar, the result
  await loginAs(page, 'yibao', '/feeds');
  await expect(page.getByRole('heading', { level: 1, name: '部门数据推送' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '部门' })).toHaveCount(0);
  const templateDownload = page.waitForEvent('download');
  await page.getByTestId('feed-template').click();
  expect((await templateDownload).suggestedFilename()).toBe('医保局推送模板.xlsx');

  await page.locator('input[type=file]').setInputFiles(file);
  const result = page.getByTestId('feed-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(result.getByText('医保高额费用名单.csv').first()).toBeVisible();
  const figure = (label: string) => result.locator('.ant-statistic').filter({ hasText: label });
  await expect(figure('数据行')).toContainText('1');
  await expect(figure('匹配到农户')).toContainText('1');
  await expect(figure('新增预警')).toContainText('1');
  await expect(figure('新建线索')).toContainText('1');
  // what became of the row: the household matched, the warning became a lead, with its deadlines
  await expect(result.getByTestId('feed-row-outcome').first()).toHaveText('已匹配农户');
  await expect(result.getByTestId('feed-row-warning').first()).toHaveText('已生成线索');
  await expect(result.getByText(/认定时限 \d{4}-\d{2}-\d{2}/).first()).toBeVisible();
  // the ID number is masked for the department
  await expect(result.getByText(idNumber)).toHaveCount(0);
  const reportDownload = page.waitForEvent('download');
  await page.getByTestId('feed-report').click();
  expect((await reportDownload).suggestedFilename()).toBe('医保高额费用名单-校验报告.xlsx');
  // and the batch in the history
  await expect(page.getByRole('region', { name: '导入记录' }).getByText('医保高额费用名单.csv')).toBeVisible();
  await screenshot(page, 'feeds-result');

  // the same page on a 360 px phone: nothing overflows sideways
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(result).toBeVisible();
  expect(await horizontalOverflow(page), 'the feeds page fits a 360 px screen').toBeLessThanOrEqual(0);
  await screenshot(page, 'feeds-phone');

  // the township officer signs in and has the warning, already a lead of the village, on their desk
  const warnings = (await (await township.get(`/api/warnings?householdId=${target!.id}`)).json()) as WarningPage;
  expect(warnings.items.map((w) => [w.department, w.status])).toEqual([['medical_insurance', 'lead_created']]);
  const leads = (await (await township.get(`/api/leads?householdId=${target!.id}`)).json()) as LeadPage;
  expect(leads.items.map((l) => [l.channel, l.department, l.status])).toEqual([
    ['department_warning', 'medical_insurance', 'open'],
  ]);
  await township.dispose();
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1366, height: 860 });
  await loginAs(page, 'xiang', `/warnings?householdId=${target!.id}`);
  await expect(page.getByRole('heading', { level: 1, name: '部门预警' })).toBeVisible();
  await expect(page.getByRole('link', { name: head.name }).first()).toBeVisible();
  await expect(page.getByTestId('warning-status').first()).toHaveText('已生成线索');
  await screenshot(page, 'feeds-township-warning');
});
