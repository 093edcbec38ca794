import { makeIdNumber } from '@dixian/core';
import type { ChangeRequestView, HouseholdDetail, HouseholdPage, SessionView } from '@dixian/core/api';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  api,
  chooseOption,
  expect,
  expectNoSeriousViolations,
  horizontalOverflow,
  loginAs,
  screenshot,
  test,
} from './support/index.js';

/**
 * Changes that need approval in the browser (issue 14 §3): the village cadre asks for a split of a household from
 * its page, the township officer compares the household before and after side by side and approves it, and the
 * new household appears with the members who left. Every new page on a desk and a phone, each checked by axe.
 */
const DESK = { width: 1440, height: 900 };
const PHONE = { width: 360, height: 740 };

/** A household of the cadre's village with a member besides the head and no pending request, `skip` further on. */
async function splittable(request: APIRequestContext, skip: number): Promise<HouseholdDetail> {
  const list = (await (await request.get('/api/households?pageSize=100&status=not_monitored')).json()) as HouseholdPage;
  const pending = (await (await request.get('/api/change-requests?status=pending&pageSize=100')).json()) as {
    items: { householdId: string }[];
  };
  const busy = new Set(pending.items.map((p) => p.householdId));
  let seen = 0;
  for (const h of list.items) {
    if (busy.has(h.id) || h.memberCount < 3) continue;
    const d = (await (await request.get(`/api/households/${h.id}`)).json()) as HouseholdDetail;
    const others = d.members.filter((m) => m.relation !== 'head' && !m.leftOn && !m.deceasedOn);
    if (others.length >= 2 && seen++ === skip) return d;
  }
  throw new Error('no household to split in the village');
}

function newNumber(): string {
  return `FH-${Date.now().toString(36)}`.toUpperCase();
}

/** Ask for a split over the API (the phone test's arrangement): the last current member leaves as a new head. */
async function askSplit(page: Page, session: SessionView, d: HouseholdDetail): Promise<ChangeRequestView> {
  const leaving = d.members.filter((m) => m.relation !== 'head' && !m.leftOn && !m.deceasedOn).at(-1)!;
  const r = await api<ChangeRequestView>(page.request, session, 'POST', '/api/change-requests', {
    kind: 'split',
    householdId: d.household.id,
    note: '成年子女单独立户',
    newHouseholdNo: newNumber(),
    members: [{ memberId: leaving.id, relation: 'head' }],
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

test.describe('at 1440 × 900', () => {
  test.use({ viewport: DESK });

  test('a village cadre asks for a household split and a township officer approves it', async ({ page }, testInfo) => {
    await loginAs(page, 'cun', '/households');
    const d = await splittable(page.request, 0);
    const [stays, leaves] = d.members.filter((m) => m.relation !== 'head' && !m.leftOn && !m.deceasedOn).slice(-2);
    await page.goto(`/households/${d.household.id}`);
    await page.getByTestId('request-change').click();
    await page.getByRole('menuitem', { name: '分户' }).click();
    const form = page.getByTestId('change-form-split');
    await expect(form).toBeVisible();
    await screenshot(page, 'change-request-form-desk');
    await expectNoSeriousViolations(page, testInfo, 'change-request-form-desk');
    await chooseOption(page, form.getByTestId(`split-${leaves!.id}`), /^户主$/);
    await expect(form.getByTestId(`split-${stays!.id}`)).toContainText('留在原户');
    const no = newNumber();
    await form.getByLabel('新户编号').fill(no);
    await form.getByLabel('申请事由').fill('成年子女婚后单独立户');
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect(page).toHaveURL(/\/changes\/[0-9a-f-]+$/);
    await expect(page.getByTestId('after')).toContainText(no);
    await expect(page.getByTestId('approve')).toHaveCount(0); // the cadre does not decide
    const url = page.url();
    // the household page shows the pending request instead of offering another
    await page.goto(`/households/${d.household.id}`);
    await expect(page.getByTestId('pending-change')).toHaveText('分户申请待审批');
    await expect(page.getByTestId('request-change')).toHaveCount(0);

    await loginAs(page, 'xiang', '/changes?status=pending');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('变更申请');
    await expect(page.getByRole('link', { name: new RegExp(d.household.householdNo) }).first()).toBeVisible();
    await screenshot(page, 'changes-desk');
    await expectNoSeriousViolations(page, testInfo, 'changes-desk');
    await page.goto(url);
    await expect(page.getByTestId('before')).toContainText(leaves!.name);
    await expect(page.getByTestId('after')).toContainText('新立户');
    await screenshot(page, 'change-request-desk');
    await expectNoSeriousViolations(page, testInfo, 'change-request-desk');
    await page.getByTestId('approve').click();
    await page.getByRole('button', { name: /^确\s?定$/ }).click();
    await expect(page.getByText('已批准,变更已生效')).toBeVisible();
    await page.getByRole('link', { name: '查看新立户' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(no);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(leaves!.name);
    await expect(page.getByTestId('timeline')).toBeVisible();
  });

  test('a member joins a monitored household by a request', async ({ page }, testInfo) => {
    await loginAs(page, 'cun', '/households');
    const list = (await (
      await page.request.get('/api/households?pageSize=50&status=monitoring_unresolved')
    ).json()) as HouseholdPage;
    const pending = (await (await page.request.get('/api/change-requests?status=pending&pageSize=100')).json()) as {
      items: { householdId: string }[];
    };
    const h = list.items.find((x) => !pending.items.some((p) => p.householdId === x.id))!;
    await page.goto(`/households/${h.id}`);
    await page.getByTestId('request-change').click();
    await page.getByRole('menuitem', { name: '成员增减' }).click();
    const form = page.getByTestId('change-form-members');
    await form.getByTestId('add-join').click();
    await form.getByLabel('新增成员姓名').fill('新生儿测试');
    const seq = 500 + (Date.now() % 400);
    await form.getByLabel('身份证号').fill(makeIdNumber(h.regionCode.slice(0, 6), '2024-02-03', seq, 'male'));
    await chooseOption(page, form.getByLabel('与本户户主关系'), /^之孙子$/);
    await form.getByLabel('申请事由').fill('孙子出生落户');
    await screenshot(page, 'change-request-members-desk');
    await expectNoSeriousViolations(page, testInfo, 'change-request-members-desk');
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect(page).toHaveURL(/\/changes\/[0-9a-f-]+$/);
    await expect(page.getByTestId('after')).toContainText('新生儿测试');
    await expect(page.getByTestId('before')).not.toContainText('新生儿测试');
  });

  test('a village cadre asks to merge two households and a township officer approves it', async ({
    page,
  }, testInfo) => {
    await loginAs(page, 'cun', '/households');
    const stay = await splittable(page.request, 2);
    const joins = await splittable(page.request, 3);
    const members = joins.members.filter((m) => !m.leftOn && !m.deceasedOn);
    await page.goto(`/households/${stay.household.id}`);
    await page.getByTestId('request-change').click();
    await page.getByRole('menuitem', { name: '合户' }).click();
    const form = page.getByTestId('change-form-merge');
    await chooseOption(
      page,
      form.getByLabel('并入本户的农户'),
      joins.household.householdNo,
      joins.household.householdNo,
    );
    for (const m of members) {
      await chooseOption(page, form.getByTestId(`merge-${m.id}`), /^之子$/);
    }
    await screenshot(page, 'change-request-merge-desk');
    await expectNoSeriousViolations(page, testInfo, 'change-request-merge-desk');
    await form.getByLabel('申请事由').fill('两户共同生活、共享收支,申请合户');
    await form.getByRole('button', { name: '提交申请' }).click();
    await expect(page).toHaveURL(/\/changes\/[0-9a-f-]+$/);
    await expect(page.getByTestId('after')).toContainText('合户后注销');
    const url = page.url();

    await loginAs(page, 'xiang', url);
    await page.getByTestId('approve').click();
    await page.getByRole('button', { name: /^确\s?定$/ }).click();
    await expect(page.getByText('已批准,变更已生效')).toBeVisible();
    await page.goto(`/households/${joins.household.id}`);
    await expect(page.getByTestId('merged-into')).toBeVisible();
    await page.getByTestId('merged-into').click();
    await expect(page).toHaveURL(new RegExp(`/households/${stay.household.id}$`));
    await expect(page.getByText(members[0]!.name).first()).toBeVisible();
  });
});

test.describe('on a 360 × 740 phone', () => {
  test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

  test('the request menu, the list and a request side by side fit the phone, and a refusal needs a reason', async ({
    page,
  }, testInfo) => {
    const cun = await loginAs(page, 'cun', '/households');
    const d = await splittable(page.request, 1);
    await page.goto(`/households/${d.household.id}`);
    await page.getByTestId('request-change').click();
    await page.getByRole('menuitem', { name: '迁移' }).click();
    await expect(page.getByTestId('change-form-move')).toBeVisible();
    await screenshot(page, 'change-request-form-phone');
    await expectNoSeriousViolations(page, testInfo, 'change-request-form-phone');
    const asked = await askSplit(page, cun, d);

    await loginAs(page, 'xiang', '/changes');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('变更申请');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'changes-phone');
    await expectNoSeriousViolations(page, testInfo, 'changes-phone');
    await page.goto(`/changes/${asked.id}`);
    await expect(page.getByTestId('after')).toContainText('新立户');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'change-request-phone');
    await expectNoSeriousViolations(page, testInfo, 'change-request-phone');
    await page.getByTestId('refuse').click();
    const refuse = page.getByTestId('refuse-form');
    await refuse.getByRole('button', { name: '退回' }).click();
    await expect(refuse.locator('.ant-form-item-explain-error')).toBeVisible();
    await refuse.getByLabel('退回理由').fill('分出人员户籍尚未迁出,请补充材料后重新申请');
    await refuse.getByRole('button', { name: '退回' }).click();
    await expect(page.getByText('已退回').first()).toBeVisible();
    await expect(page.getByText('分出人员户籍尚未迁出')).toBeVisible();
  });
});
