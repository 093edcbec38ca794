import { test as base } from '@playwright/test';

/**
 * The browser tests' `test`: pages ask for reduced motion, so antd transitions and ECharts animations are off
 * and screenshots show the finished page.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await use(page);
  },
});

export { expect } from '@playwright/test';
