import type { HouseholdAssessmentView } from '@dixian/core/api/assessment';
import type {
  DisasterDetail,
  DisasterHouseholdPage,
  DisasterList,
  DeadlinePage,
  RegionTree,
  SessionView,
} from '@dixian/core/api';
import { api, expect, expectNoSeriousViolations, loginAs, test } from './support/index.js';

test.describe.configure({ mode: 'serial' });

/**
 * 灾害与突发事件 (issue 15 §6; S0 plan two is written for disaster-hit households): the county officer records a
 * flood over two villages of the demo county; the page shows the affected households and the visits due (policy
 * disaster.visitDays, 7 days by default [INF]); a village cadre's visit that finds the income fallen below the line
 * makes the household at risk, a lead of 灾害受灾排查.
 */
const NAME = `洪涝${Date.now() % 100000}`;

test('the county officer records a disaster over two villages; the page shows affected households and visits due', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  // the village cadre's village is one of the two
  const cun = (await (
    await page.request.post('/api/auth/login', {
      data: { username: 'cun', password: 'Demo#Linjiang2024' },
    })
  ).json()) as SessionView;
  await loginAs(page, 'xian', '/disasters');
  await expect(page.getByRole('heading', { level: 1, name: '灾害与突发事件' })).toBeVisible();
  const tree = (await (await page.request.get('/api/regions/tree')).json()) as RegionTree;
  const rural = tree.nodes.filter((n) => n.level === 'village' && n.isRural);
  const mine = rural.find((n) => n.code === cun.user.scopeCode)!;
  const other = rural.find((n) => n.code !== mine.code)!;

  await page.getByTestId('disaster-record').click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('灾害名称').fill(NAME);
  // the county has many villages (a virtual list): search each by name, then pick it
  const villageBox = drawer.getByTestId('disaster-villages-select');
  for (const v of [mine, other]) {
    await villageBox.click();
    await page.keyboard.type(v.name);
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: v.name })
      .first()
      .click({ timeout: 15_000 });
  }
  await page.keyboard.press('Escape');
  await drawer.getByLabel('灾情说明').fill('房屋受损、饮水受污染');
  await drawer.getByRole('button', { name: '登记灾害' }).click();
  await expect(page.getByText(/已登记,受灾户 \d+ 户/)).toBeVisible();

  const summary = page.getByTestId('disaster-summary');
  await expect(summary).toContainText(NAME);
  await expect(summary).toContainText('洪涝');
  const [disaster] = ((await (await page.request.get('/api/disasters')).json()) as DisasterList).items;
  expect(disaster!.name).toBe(NAME);
  expect(disaster!.figures.affected).toBeGreaterThan(0);
  await expect(page.getByTestId('disaster-figure-affected')).toContainText(String(disaster!.figures.affected));
  // both villages, each with its affected households
  const villages = page.getByTestId('disaster-villages');
  await expect(villages).toContainText(mine.name);
  await expect(villages).toContainText(other.name);
  await expect(page.getByTestId('disaster-households').locator('tbody tr.ant-table-row').first()).toBeVisible();

  // every affected household is due a visit, on the deadline list too
  const due = (await (
    await page.request.get(`/api/deadlines?kind=disaster_visit&region=${mine.code}&withinDays=30&pageSize=100`)
  ).json()) as DeadlinePage;
  expect(due.items.filter((i) => i.detail === NAME).length).toBeGreaterThan(0);
  await expectNoSeriousViolations(page, testInfo, 'disasters');
});

test('a village cadre visits an affected household; its fallen income makes it at risk, a disaster lead', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const session = await loginAs(page, 'cun', '/disasters');
  const [disaster] = ((await (await page.request.get('/api/disasters')).json()) as DisasterList).items;
  const unvisited = (await (
    await page.request.get(`/api/disasters/${disaster!.id}/households?state=unvisited&pageSize=100`)
  ).json()) as DisasterHouseholdPage;
  // a household found not at risk with no exclusion (S0 plan two §二(二)) in its assessment
  let target: DisasterHouseholdPage['items'][number] | undefined;
  for (const h of unvisited.items.filter((i) => i.outcome === 'not_at_risk')) {
    const a = (await (
      await page.request.get(`/api/households/${h.householdId}/assessment`)
    ).json()) as HouseholdAssessmentView;
    if (!a.assessment.exclusions.length) {
      target = h;
      break;
    }
  }
  if (!target) throw new Error('no affected household without an exclusion');
  expect(target, 'an affected household not in the procedure').toBeTruthy();
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const visit = await api(page.request, session, 'POST', `/api/households/${target.householdId}/visits`, {
    visitedOn: today,
    income: { wageFen: 100_000, disasterLossFen: 3_000_000 },
    note: '房屋进水,庄稼绝收',
  });
  expect(visit.status).toBe(201);

  await page.reload();
  await page.locator('.ant-radio-button-wrapper', { hasText: '已走访' }).click();
  const row = page
    .getByTestId('disaster-households')
    .locator('tbody tr.ant-table-row', { hasText: target.householdNo });
  await expect(row).toBeVisible();
  await expect(row).toContainText('符合监测条件');
  const detail = (await (await page.request.get(`/api/disasters/${disaster!.id}`)).json()) as DisasterDetail;
  expect(detail.disaster.figures.visited).toBeGreaterThanOrEqual(1);
  const after = (await (
    await page.request.get(`/api/disasters/${disaster!.id}/households?state=visited&pageSize=100`)
  ).json()) as DisasterHouseholdPage;
  expect(after.items.find((h) => h.householdId === target.householdId)).toMatchObject({
    outcome: 'at_risk',
    leadId: expect.any(String),
  });
});
