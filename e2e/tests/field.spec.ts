import type { HouseholdDetail, HouseholdView, LeadPage, SessionView } from '@dixian/core/api';
import { request as newRequest } from '@playwright/test';
import { baseURL } from '../playwright.config.js';
import { areaHouseholds, cameraShot, openField, openHousehold, phoneContext } from './support/field.js';
import {
  chooseOptions,
  DEMO_PASSWORD,
  expect,
  expectNoSeriousViolations,
  loginAs,
  screenshot,
  test,
} from './support/index.js';

/**
 * The village cadre's field app without signal (issue 18): on a 375 × 667 phone the cadre records visits with a
 * photo and the place, and a lead, with no network; the records stay queued across a reload; when the network
 * returns they go up and the township sees them on the household's timeline (S3 §三(二): 每次走访和排查后,
 * 要如实、及时纪实). A change made on the server meanwhile is shown as a conflict; signing out leaves nothing.
 */

test('offline visits with photo and place, and a lead, go up when the network returns', async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const context = await phoneContext(browser, baseURL);
  const page = await context.newPage();
  await openField(page);
  const shot = await cameraShot(page);
  const households = (await areaHouseholds(page)).slice(0, 3);
  expect(households).toHaveLength(3);
  await screenshot(page, 'field-home-phone');
  // the smallest phones in use are 360 pixels wide: nothing scrolls sideways there either
  await page.setViewportSize({ width: 360, height: 640 });
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
  await page.setViewportSize({ width: 375, height: 667 });

  await context.setOffline(true);
  await expect(page.getByText('当前没有网络')).toBeVisible();
  for (const [i, h] of households.entries()) {
    await openHousehold(page, h);
    await page.getByRole('button', { name: '记录走访' }).click();
    await page.getByLabel('走访纪实').fill(`离线走访 ${i + 1}`);
    await page
      .getByTestId('visit-photo-input')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: shot });
    await expect(page.getByRole('img', { name: '现场照片 1' })).toBeVisible();
    await expect(page.getByText(/已定位,精度约 12 米/)).toBeVisible();
    if (i === 0) {
      await expectNoSeriousViolations(page, testInfo, 'field-visit-form');
      await screenshot(page, 'field-visit-form-phone');
    }
    await page.getByRole('button', { name: '保存' }).click();
    await expect(page.getByText('本户有 1 条记录待上传')).toBeVisible();
  }
  // one lead on the first household
  await openHousehold(page, households[0]!);
  await page.getByRole('button', { name: '上报风险线索' }).click();
  await chooseOptions(page, page.getByLabel('风险类型'), ['因病']);
  await page.getByLabel('情况说明').fill('户主突发重病住院,离线上报');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('本户有 2 条记录待上传')).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(375);

  // a reload with no network: the app opens from the phone, the four records still queued
  await page.reload();
  await page.getByRole('link', { name: /待上传/ }).click();
  const items = page.getByTestId('queue-item');
  await expect(items).toHaveCount(4);
  await expect(items.filter({ hasText: '等待上传' })).toHaveCount(4);
  await expect(items.filter({ hasText: '照片 1 张' })).toHaveCount(3);
  await expectNoSeriousViolations(page, testInfo, 'field-outbox');
  await screenshot(page, 'field-outbox-offline');

  await context.setOffline(false);
  await expect(items.filter({ hasText: '已上传' })).toHaveCount(4, { timeout: 60_000 });
  await context.close();

  // the township officer sees each visit with its photo and place on the household's timeline
  const officer = await browser.newPage();
  await loginAs(officer, 'xiang', `/households/${households[0]!.id}`);
  const detail = (await (await officer.request.get(`/api/households/${households[0]!.id}`)).json()) as HouseholdDetail;
  const visit = detail.visits.find((v) => v.note === '离线走访 1');
  expect(visit, 'the visit recorded offline').toBeDefined();
  expect(visit!.photos).toHaveLength(1);
  expect(visit!.photos[0]!.bytes, 'compressed on the phone').toBeLessThan(shot.length);
  expect(visit!.location?.latitude).toBeCloseTo(43.826, 3);
  expect(visit!.noEvidence).toBe(false);
  const timeline = officer.getByTestId('timeline');
  await expect(timeline.getByText('离线走访 1')).toBeVisible();
  const photo = timeline.getByRole('img', { name: '现场照片 1' }).first();
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
  await expect(timeline.getByText(/位置 43\.82600, 126\.55200/).first()).toBeVisible();
  const leads = (await (
    await officer.request.get(`/api/leads?householdId=${households[0]!.id}&pageSize=100`)
  ).json()) as LeadPage;
  const lead = leads.items.find((l) => l.description?.includes('户主突发重病住院'));
  expect(lead, 'the lead recorded offline reached the server, once').toBeDefined();
  expect(lead!.riskTypes).toContain('illness');
  await officer.close();
});

test('a household changed on the server meanwhile comes back as a conflict with both versions', async ({
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const context = await phoneContext(browser, baseURL);
  const page = await context.newPage();
  await openField(page);
  const area = await areaHouseholds(page);
  const h = area[5]!;
  // a household whose plan has a measure under way, for a measure's progress changed on both sides
  const withMeasure = area.find((x) => x.id !== h.id && x.measures.length > 0)!;
  expect(withMeasure, 'the demo village has measures under way').toBeDefined();
  const measure = withMeasure.measures[0]!;
  const mine = measure.status === 'planned' ? '实施中' : '已完成';

  await context.setOffline(true);
  await openHousehold(page, h);
  await page.getByRole('button', { name: '更正户信息' }).click();
  // a refusal names the field as the form labels it, never by its code
  await page.getByLabel('住址').fill('长'.repeat(201));
  await page.getByRole('button', { name: '保存' }).click();
  const refusal = page.locator('form').getByRole('alert');
  await expect(refusal).toContainText('住址');
  await expect(refusal).not.toContainText('address');
  await page.getByLabel('住址').fill('村东头 18 号(村干部更正)');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('本户有 1 条记录待上传')).toBeVisible();
  await openHousehold(page, withMeasure);
  await page.getByRole('link', { name: '措施进展' }).first().click();
  await page.getByText(mine, { exact: true }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('本户有 1 条记录待上传')).toBeVisible();

  // meanwhile the township corrects the same household, and stops the same measure, on the server
  const township = await newRequest.newContext({ baseURL });
  const login = await township.post('/api/auth/login', { data: { username: 'xiang', password: DEMO_PASSWORD } });
  const session = (await login.json()) as SessionView;
  const current = (await (await township.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
  const patched = await township.patch(`/api/households/${h.id}`, {
    headers: { 'x-csrf-token': session.csrfToken },
    data: { address: '村西头 7 号(乡镇更正)', version: current.household.version },
  });
  expect(patched.status()).toBe(200);
  const stopped = await township.post(`/api/plans/${measure.planId}/measures/${measure.id}/status`, {
    headers: { 'x-csrf-token': session.csrfToken },
    data: { status: 'stopped', version: measure.version },
  });
  expect(stopped.status()).toBe(200);

  await context.setOffline(false);
  await page.getByRole('link', { name: /待上传/ }).click();
  const item = page.getByTestId('queue-item').filter({ hasText: '信息更正' });
  await expect(item.getByText('有冲突')).toBeVisible({ timeout: 60_000 });
  await expect(item.getByRole('cell', { name: '村东头 18 号(村干部更正)' })).toBeVisible();
  await expect(item.getByRole('cell', { name: '村西头 7 号(乡镇更正)' })).toBeVisible();
  await expectNoSeriousViolations(page, testInfo, 'field-conflict');
  await screenshot(page, 'field-conflict');
  // the server's version stands until the cadre chooses
  const before = (await (await township.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
  expect(before.household.address).toBe('村西头 7 号(乡镇更正)');

  await item.getByRole('button', { name: '以我的修改为准,重新上传' }).click();
  await expect(item.getByText('已上传')).toBeVisible({ timeout: 60_000 });
  // the measure: both statuses shown; the cadre takes the server's, and the record stays, marked so
  const progress = page.getByTestId('queue-item').filter({ hasText: '措施进展' });
  await expect(progress.getByText('有冲突')).toBeVisible();
  await expect(progress.getByRole('cell', { name: mine })).toBeVisible();
  await expect(progress.getByRole('cell', { name: '已终止' })).toBeVisible();
  await progress.getByRole('button', { name: '采用服务器的值,放弃我的修改' }).click();
  await expect(progress.getByText('已放弃')).toBeVisible();
  const after = (await (await township.get(`/api/households/${h.id}`)).json()) as { household: HouseholdView };
  expect(after.household.address).toBe('村东头 18 号(村干部更正)');
  await township.dispose();
  await context.close();
});

test('signing out leaves nothing of the area on the phone', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await phoneContext(browser, baseURL);
  const page = await context.newPage();
  await openField(page);
  const h = (await areaHouseholds(page))[0]!;
  const stored = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(stored).toContain('dixian-field');
  // what is on the phone is sealed: no household number in clear in the store
  const clear = await page.evaluate(
    (no) =>
      new Promise<boolean>((resolve) => {
        const req = indexedDB.open('dixian-field');
        req.onsuccess = () => {
          const all = req.result.transaction('households').objectStore('households').getAll();
          all.onsuccess = () => resolve(JSON.stringify(all.result).includes(no));
        };
      }),
    h.householdNo,
  );
  expect(clear, 'households are sealed on the phone').toBe(false);

  // a record still waiting: signing out asks first
  await context.setOffline(true);
  await openHousehold(page, h);
  await page.getByRole('button', { name: '记录走访' }).click();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('本户有 1 条记录待上传')).toBeVisible();
  await context.setOffline(false);
  await page.getByRole('button', { name: '退出登录' }).click();
  const dialog = page.getByRole('dialog');
  if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page).toHaveURL(/\/login/);

  const left = await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    cached: (
      await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)))
    ).flat(),
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
  }));
  expect(left.databases).not.toContain('dixian-field');
  expect(
    left.cached.filter((u) => u.includes('/api/')),
    'no answer of the API in the caches',
  ).toEqual([]);
  expect(left.session).toEqual([]);
  // offline, the app no longer opens: there is no session on the phone
  await context.setOffline(true);
  await page.goto('/field').catch(() => undefined);
  await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
  await context.close();
});
