import type { Report } from '@dixian/core/api';
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect, expectNoSeriousViolations, horizontalOverflow, loginAs, screenshot, test } from './support/index.js';

/** The text of a PDF, the items of each page joined (Chinese has no spaces between words). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(''));
  }
  await doc.destroy();
  return pages.join('\n');
}

/**
 * 统计报告 (issue 17 §5): the county officer opens the year-end report of the county (the default), sees its figures
 * and charts, and downloads it as a PDF whose text is Chinese.
 */
test('the county officer sees the year-end report and downloads its PDF', async ({ page }, testInfo) => {
  await loginAs(page, 'xian', '/reports');
  await expect(page.getByRole('heading', { level: 1, name: '统计报告' })).toBeVisible();
  const year = String(new Date().getFullYear());
  const report = (await (await page.request.get(`/api/reports/${year}`)).json()) as Report;
  const title = `${report.region.name}${year}年度报告`;
  await expect(page.getByTestId('report-title')).toHaveText(title);
  await expect(page.getByText('监测对象户数/人数')).toBeVisible();
  await expect(page.getByText(`${report.monitored.households} / ${report.monitored.people}`)).toBeVisible();
  await expect(page.getByRole('img', { name: '各区域监测对象、新识别与风险消除户数' })).toBeVisible();
  await expect(page.getByText('疑似问题台账')).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'reports');
  await screenshot(page, 'reports-desktop');

  const download = page.waitForEvent('download');
  await page.getByTestId('report-pdf').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${title}.pdf`);
  const bytes = new Uint8Array(await readFile((await file.path())!));
  expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('%PDF');
  const text = await pdfText(bytes);
  expect(text).toContain(title);
  expect(text).toContain('监测对象概况');
  expect(text).toContain('八项重点');
});

test('the month picker shows a monthly report', async ({ page }) => {
  await loginAs(page, 'xian', '/reports');
  await page.locator('.ant-segmented-item', { hasText: '月度报告' }).click();
  await expect(page.getByTestId('report-title')).toContainText('月月度报告');
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the township officer reads the township’s report without sideways scrolling', async ({ page }, testInfo) => {
    await loginAs(page, 'xiang', '/reports');
    await expect(page.getByTestId('report-title')).toContainText('闹枝镇');
    await expect(page.getByText('监测对象户数/人数')).toBeVisible();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoSeriousViolations(page, testInfo, 'reports-phone');
    await screenshot(page, 'reports-phone');
  });
});
