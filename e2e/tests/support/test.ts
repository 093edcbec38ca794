import { expect as baseExpect, test as base } from '@playwright/test';

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

/**
 * Assertions wait up to 30 s: the app's first render parses ~1.5 MB of scripts, which on a loaded 2-core
 * machine takes seconds (timing is never asserted; waiting longer only avoids false failures).
 */
export const expect = baseExpect.configure({ timeout: 30_000 });
