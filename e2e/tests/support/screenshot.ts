import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../screenshots');

/**
 * Save a full-page screenshot for review as e2e/screenshots/<name>.png, once the page has settled: no request
 * in flight, web fonts loaded (Chinese must render in Noto CJK), no antd skeleton or spinner left.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await settle(page);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Wait until the page has no request in flight, fonts are ready and no loading indicator is shown. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  await page
    .locator('.ant-skeleton, .ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
}

/** The page is no wider than the window (nothing overflows sideways on a phone). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
