import type { HouseholdPage } from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { api, expect, loginAs, settle, test } from './support/index.js';

/**
 * Every list comes from one scaffold (issue 13 §3): a click on a column header sorts through the server and the URL
 * keeps it (a reload shows the same order); selected rows show the bulk bar and export a real .xlsx of exactly those
 * rows; the action column stays in the window at 1440 px; on a phone the rows are cards.
 */
const DESK = { width: 1440, height: 900 };

test.describe('at 1440 × 900', () => {
  test.use({ viewport: DESK });

  test('a column header sorts through the server, the URL keeps the sort, a reload keeps the order', async ({
    page,
  }) => {
    const session = await loginAs(page, 'xian', '/households');
    const last = await api<HouseholdPage>(page.request, session, 'GET', '/api/households?sort=-householdNo&pageSize=1');
    const first = await api<HouseholdPage>(page.request, session, 'GET', '/api/households?pageSize=1');
    const expectedTop = last.body.items[0]!.householdNo;
    expect(expectedTop).not.toBe(first.body.items[0]!.householdNo);
    const header = page.getByRole('columnheader', { name: '户编号' });
    const links = page.getByTestId('household-link');
    await expect(links.first()).toHaveText(first.body.items[0]!.householdNo);
    // first click: ascending (the default order, now asked for); second: descending, each a request to the server
    let asked = page.waitForRequest(
      (r) => r.url().includes('/api/households?') && r.url().includes('sort=householdNo'),
    );
    await header.click();
    await asked;
    await expect(page).toHaveURL(/sort=householdNo/);
    asked = page.waitForRequest((r) => r.url().includes('/api/households?') && r.url().includes('sort=-householdNo'));
    await header.click();
    await asked;
    await expect(page).toHaveURL(/sort=-householdNo/);
    await expect(links.first()).toHaveText(expectedTop);
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    await page.reload();
    await expect(page).toHaveURL(/sort=-householdNo/);
    await expect(links.first()).toHaveText(expectedTop);
    await expect(page.getByRole('columnheader', { name: '户编号' })).toHaveAttribute('aria-sort', 'descending');
  });

  test('selected rows show the bulk bar and export a real .xlsx of exactly those rows', async ({ page }) => {
    await loginAs(page, 'xian', '/cases');
    const rows = page.locator('tbody tr.ant-table-row');
    await expect(rows.first()).toBeVisible();
    await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
    const names: string[] = [];
    for (const i of [0, 1, 2]) {
      await rows.nth(i).locator('.ant-checkbox-input').check();
      names.push((await rows.nth(i).getByTestId('case-link').innerText()).trim());
    }
    const bar = page.getByTestId('bulk-bar');
    await expect(bar).toContainText('已选 3 条');
    const download = page.waitForEvent('download');
    await bar.getByTestId('export-selected').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('cases-selected.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await file.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(4); // the header and the three rows
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['户主', '阶段', '户编号', '村']));
    const stage = header.indexOf('阶段') + 1;
    for (const [i, name] of names.entries()) {
      const row = sheet.getRow(i + 2);
      expect(String(row.getCell(header.indexOf('户主') + 1).value)).toBe(name);
      // what the screen shows: the stage's Chinese label, never its code
      expect(String(row.getCell(stage).value)).toMatch(/^[\u4e00-\u9fff（）()]+$/);
    }
    expect(book.getWorksheet('说明')?.getRow(1).getCell(1).value).toBe('导出时间');
    // clearing the selection hides the bar
    await bar.getByRole('button', { name: '取消选择' }).click();
    await expect(page.getByTestId('bulk-bar')).toHaveCount(0);
  });

  test('the action column stays inside the window at 1440 px', async ({ page }) => {
    await loginAs(page, 'xian', '/assistance');
    await settle(page);
    const th = page.locator('th.ant-table-cell-fix-right').filter({ hasText: '操作' });
    await expect(th).toBeVisible();
    const b = (await th.boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(DESK.width);
    // every row's action cell is fixed at the right edge as well
    const cells = page.locator('tbody tr.ant-table-row td.ant-table-cell-fix-right');
    await expect(cells.first()).toBeVisible();
    const c = (await cells.first().boundingBox())!;
    expect(c.x + c.width).toBeLessThanOrEqual(DESK.width);
  });
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the rows of a list are cards, with a box to select each', async ({ page }) => {
    await loginAs(page, 'xian', '/cases');
    const cards = page.getByTestId('list-cards');
    await expect(cards).toBeVisible();
    await expect(page.locator('table')).toHaveCount(0);
    const card = cards.locator('.ant-card').first();
    await expect(card.getByTestId('case-link')).toBeVisible();
    await card.getByRole('checkbox', { name: '选择此行' }).check();
    await expect(page.getByTestId('bulk-bar')).toContainText('已选 1 条');
  });
});
