import type { CasePage, HouseholdPage } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import {
  expect,
  expectNoSeriousViolations,
  horizontalOverflow,
  loginAs,
  navigate,
  screenshot,
  test,
} from './support/index.js';

/**
 * Every page of the shell, the dashboard, the registry and the policy, and the case work (leads, cases, a case,
 * warnings, visits, the village notice and its print view, social assistance, ledgers, the public
 * self-application), checked with axe-core (no critical or serious violation) on a desk and on a phone, with a screenshot of
 * each for review (e2e/screenshots/).
 */

const PAGES = ['/dashboard', '/households', '/households/new', '/household', '/deadlines', '/policy'] as const;

async function firstMonitored(page: Page): Promise<string> {
  const list = (await (
    await page.request.get('/api/households?status=monitoring_unresolved&pageSize=1')
  ).json()) as HouseholdPage;
  return list.items[0]!.id;
}

test('the sign-in page has no critical or serious accessibility violation', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'login');
  await screenshot(page, 'login-desktop');
});

test('the signed-in pages have no critical or serious accessibility violation (desktop)', async ({
  page,
}, testInfo) => {
  test.slow();
  await loginAs(page, 'xian', '/');
  const household = await firstMonitored(page);
  for (const p of PAGES) {
    await page.goto(p === '/household' ? `/households/${household}` : p);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    await expectNoSeriousViolations(page, testInfo, `desktop${p.replace('/', '-')}`);
  }
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the pages fit the screen and have no critical or serious accessibility violation', async ({
    page,
  }, testInfo) => {
    test.slow();
    await page.goto('/login');
    await screenshot(page, 'login-phone');
    await loginAs(page, 'xiang', '/');
    const household = await firstMonitored(page);
    for (const p of PAGES) {
      await page.goto(p === '/household' ? `/households/${household}` : p);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
      await expectNoSeriousViolations(page, testInfo, `phone${p.replace('/', '-')}`);
      expect(await horizontalOverflow(page), `${p} overflows sideways`).toBeLessThanOrEqual(0);
    }
    await page.goto('/policy');
    await screenshot(page, 'policy-phone');
    await page.getByTestId('menu-button').click();
    await expect(page.getByTestId('main-menu')).toBeVisible();
    await screenshot(page, 'menu-drawer-phone');
  });
});

test('the household page in English', async ({ page }) => {
  await loginAs(page, 'xian', '/');
  const household = await firstMonitored(page);
  await page.evaluate(() => localStorage.setItem('dixian.lang', 'en'));
  await page.goto(`/households/${household}`);
  await expect(page.getByTestId('case-card')).toContainText('Current case');
  await expect(page.getByTestId('assessment-card')).toContainText('Assessment');
  await screenshot(page, 'household-english');
  await page.evaluate(() => localStorage.removeItem('dixian.lang'));
});

/** The case-work pages by name, with their titles; `case` and `notice` need ids from the demo data (`workPaths`). */
const WORK_PAGES = {
  leads: '风险线索',
  cases: '监测案件',
  case: /户 \d+ 的案件/,
  warnings: '部门预警',
  visits: '走访',
  notice: '村级公示',
  assistance: '社会救助',
  screening: '排查',
  ledgers: '专项整治台账',
} as const;
type WorkPage = keyof typeof WORK_PAGES;
const WORK_PAGE_NAMES = Object.keys(WORK_PAGES) as WorkPage[];

/** Paths of the case-work pages: a monitored case (with its plan card) and a village with a notice posted. */
async function workPaths(page: Page): Promise<Record<WorkPage, string>> {
  const cases = async (stage: string) =>
    ((await (await page.request.get(`/api/cases?stage=${stage}&pageSize=1`)).json()) as CasePage).items[0];
  const monitored = await cases('monitoring');
  const posted = await cases('publicizing');
  expect(monitored && posted, 'a monitored case and a notice in the demo data').toBeTruthy();
  return {
    leads: '/leads',
    cases: '/cases',
    case: `/cases/${monitored!.id}`,
    warnings: '/warnings',
    visits: '/visits',
    notice: `/notices?region=${posted!.regionCode}`,
    assistance: '/assistance',
    screening: '/screening',
    ledgers: '/ledgers',
  };
}

/** Open a case-work page inside the loaded app and wait for its own title. */
async function openWorkPage(page: Page, paths: Record<WorkPage, string>, name: WorkPage) {
  await navigate(page, paths[name]);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(WORK_PAGES[name]);
}

for (const half of [WORK_PAGE_NAMES.slice(0, 4), WORK_PAGE_NAMES.slice(4)]) {
  test(`the case-work pages have no critical or serious accessibility violation (desktop: ${half.join(', ')})`, async ({
    page,
  }, testInfo) => {
    test.slow();
    await loginAs(page, 'xian', '/');
    const paths = await workPaths(page);
    for (const name of half) {
      await openWorkPage(page, paths, name);
      await expectNoSeriousViolations(page, testInfo, `desktop-${name}`);
      await screenshot(page, `${name}-desktop`);
    }
    if (!half.includes('notice')) return;
    // the notice as printed: the A4 sheet alone, without menus or buttons (print.css)
    await openWorkPage(page, paths, 'notice');
    await expect(page.getByTestId('notice-sheet')).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('print-notice')).toBeHidden();
    await expect(page.getByTestId('notice-sheet')).toBeVisible();
    await screenshot(page, 'notice-print');
    await page.emulateMedia({ media: 'screen' });
  });
}

test.describe('case work on a 360 × 740 phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test('the pages fit the screen and have no critical or serious accessibility violation', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await loginAs(page, 'xian', '/');
    const paths = await workPaths(page);
    for (const name of WORK_PAGE_NAMES) {
      await openWorkPage(page, paths, name);
      await expectNoSeriousViolations(page, testInfo, `phone-${name}`);
      expect(await horizontalOverflow(page), `${name} overflows sideways`).toBeLessThanOrEqual(0);
      if (['cases', 'case', 'warnings', 'notice', 'assistance'].includes(name)) await screenshot(page, `${name}-phone`);
    }
  });
});

test('the public self-application has no critical or serious accessibility violation, on a desk and a phone', async ({
  page,
}, testInfo) => {
  for (const [viewport, name] of [
    [{ width: 1366, height: 860 }, 'desktop'],
    [{ width: 360, height: 740 }, 'phone'],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.goto('/apply');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    await expectNoSeriousViolations(page, testInfo, `apply-${name}`);
    expect(await horizontalOverflow(page), `/apply overflows sideways (${name})`).toBeLessThanOrEqual(0);
    await screenshot(page, `apply-${name}`);
    await page.goto('/apply/status');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
    await expectNoSeriousViolations(page, testInfo, `apply-status-${name}`);
    await screenshot(page, `apply-status-${name}`);
  }
});
