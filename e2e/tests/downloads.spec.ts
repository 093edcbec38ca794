import type { ExportFileList, HouseholdPage } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import {
  api,
  expect,
  expectNoSeriousViolations,
  horizontalOverflow,
  loginAs,
  screenshot,
  settle,
  test,
} from './support/index.js';

/**
 * The 下载中心 (issue 19 §2): a list exported in the background is answered at once, written on the server, shown
 * in the downloads page with its state in words, and downloads as the same .xlsx a direct export gives. A phone
 * shows the page without scrolling sideways.
 */
const PHONE = { width: 360, height: 740 };

test('a county officer exports the register in the background and fetches it from the 下载中心', async ({
  page,
}, testInfo) => {
  test.setTimeout(4 * 60_000);
  const session = await loginAs(page, 'xian', '/households?householdType=lifted_household');
  await settle(page);
  const list = await api<HouseholdPage>(page.request, session, 'GET', '/api/households?householdType=lifted_household');
  expect(list.body.total).toBeGreaterThan(0);

  // the arrow beside 导出 Excel offers the background; the notice links to the 下载中心
  await page.getByTestId('export-more').click();
  await page.getByRole('menuitem', { name: '后台导出（到下载中心取）' }).click();
  const notice = page.getByTestId('export-queued');
  await expect(notice).toContainText('已转入后台生成，完成后在「下载中心」下载');
  await notice.getByRole('link', { name: '下载中心' }).click();

  await expect(page).toHaveURL(/\/downloads$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('下载中心');
  const row = page.getByRole('row', { name: /农户名单-/ }).first();
  // the page polls until the file is written
  await expect(row).toContainText('可下载', { timeout: 120_000 });
  await expect(row).toContainText(/\d+ KB|\d+\.\d MB/);
  await expect(page.locator('body')).not.toContainText(/\bready\b|\bqueued\b|\bhouseholds\b|UTC|Z$/);
  // following its link closes the notice
  await expect(notice).toBeHidden();
  await expectNoSeriousViolations(page, testInfo, 'downloads-desktop');
  await screenshot(page, 'downloads-desktop');

  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: '下载' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^农户名单-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await file.path())!);
  // four lines of title, time, filters and masking, the header, then one row per household of the list
  expect(book.worksheets[0]!.actualRowCount).toBe(4 + 1 + list.body.total);
  expect(String(book.worksheets[0]!.getRow(4).getCell(1).value)).toBe('个人信息已脱敏');

  await page.setViewportSize(PHONE);
  await page.reload();
  await expect(page.getByText('可下载').first()).toBeVisible();
  expect(await horizontalOverflow(page)).toBe(0);
  await screenshot(page, 'downloads-phone');

  // deleted, it is gone for good
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.reload();
  const before = (await api<ExportFileList>(page.request, session, 'GET', '/api/export-files')).body.items.length;
  await page
    .getByRole('row', { name: /农户名单-/ })
    .first()
    .getByRole('button', { name: '删除' })
    .click();
  await page.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByText('已删除')).toBeVisible();
  const after = (await api<ExportFileList>(page.request, session, 'GET', '/api/export-files')).body.items.length;
  expect(after).toBe(before - 1);
});
