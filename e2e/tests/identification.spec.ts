import type { CaseDetail, ErrorBody, LeadView } from '@dixian/core/api';
import type { Page } from '@playwright/test';
import {
  api,
  chinaDaysAgo,
  chooseOption,
  chooseOptions,
  expect,
  householdsWithoutCase,
  loginAs,
  pickDate,
  readCase,
  screenshot,
  test,
} from './support/index.js';

/**
 * A whole identification (识别认定, S1 §四(二)(三); docs/case-procedure.md) through the pages, by the three roles
 * who take its steps: the village cadre records the lead, opens the case, has the commitment signed, verifies at
 * home, holds the democratic review and posts the notice; the township reviews once the notice is over; the
 * county confirms; the household is then monitored and its assistance plan can be drawn up.
 *
 * The server has no clock to wind: the field steps carry their own dates (visit, signature, meeting, notice; they
 * must lie between the previous step and today), so the lead is dated ten days back and the five-day notice
 * (S3 §三(四) "村内公示不少于5天") ended the day before yesterday: the township reviews today, after its last day,
 * within the 15 days (S3 §三(四) "不超过15天").
 */

const VILLAGE = '220681104200'; // 闹枝村, the demo village cadre's village

const DAYS = {
  discovered: chinaDaysAgo(10),
  signed: chinaDaysAgo(9),
  verified: chinaDaysAgo(9),
  reviewed: chinaDaysAgo(8),
  noticeStart: chinaDaysAgo(7),
  noticeEnd: chinaDaysAgo(2), // start + 5: the shortest notice the policy allows
};

/** Switch the page to another demo user (signs out the current one first). */
async function switchUser(page: Page, user: 'cun' | 'xiang' | 'xian', path: string) {
  await page.context().clearCookies();
  return loginAs(page, user, path);
}

/** Open a step's form from the case page's actions card. */
async function openStep(page: Page, type: string) {
  await page.getByTestId(`action-${type}`).click();
  const form = page.getByTestId(type === 'record_assistance_plan' ? 'plan-form' : `step-form-${type}`);
  await expect(form).toBeVisible();
  return form;
}

/** Submit the open step form and wait until the case shows the new stage. */
async function submitStep(page: Page, stage: string | RegExp) {
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('step-submit')).toBeHidden();
  await expect(page.getByTestId('case-stage')).toHaveText(stage);
}

test('identification from lead to county confirmation by village, township and county, then the plan', async ({
  page,
}) => {
  // some thirty page interactions by three users; a loaded 2-core CI machine needs the room (no timing asserted)
  test.setTimeout(300_000);
  await loginAs(page, 'cun', '/leads');
  const [household] = await householdsWithoutCase(page.request, VILLAGE, 1);
  const h = household!;

  // --- village cadre: the lead (S1 §四(二)2: found by a cadre on a visit) -----------------------------------
  await page.getByTestId('new-lead').click();
  const leadForm = page.getByTestId('lead-form');
  await expect(leadForm).toBeVisible();
  await chooseOption(page, leadForm.getByLabel('农户', { exact: true }), h.householdNo, h.householdNo);
  await pickDate(page, leadForm.getByLabel('发现日期'), DAYS.discovered);
  await chooseOptions(page, leadForm.getByLabel('风险类型'), ['因病']);
  await leadForm.getByLabel('困难情况').fill('户主突发脑梗住院,自付医疗费用约4万元');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/leads') && r.request().method() === 'POST');
  await page.getByTestId('lead-submit').click();
  const lead = (await (await created).json()) as LeadView;
  expect(lead.status).toBe('open');
  expect(lead.discoveredOn).toBe(DAYS.discovered);

  // the lead is listed as open with its deadline; the cadre opens the case from it (立案核实)
  await page.goto(`/leads?householdId=${h.id}`);
  const row = page.getByTestId('start-verification');
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId('lead-status')).toHaveText('待核实');
  await screenshot(page, 'leads-desktop');
  await row.click();
  await page.getByRole('dialog').getByRole('button', { name: '立案核实' }).click();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  const caseId = page.url().split('/').pop()!;
  await expect(page.getByTestId('case-stage')).toHaveText('入户核实');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(h.householdNo);

  // the township review is not the village's step, and nothing can be verified "at risk" before the commitment
  await expect(page.getByTestId('action-township_review')).toHaveCount(0);

  // 承诺授权 (S1 §四(三): commitment and authorisation of the asset check before any decision)
  let form = await openStep(page, 'sign_commitment');
  await pickDate(page, form.getByLabel('签订日期'), DAYS.signed);
  await expect(form.getByLabel('签字人')).toHaveValue(h.headName!);
  await form.getByLabel('授权依法查询家庭资产').check();
  await form.getByLabel('文书编号').fill(`NZ-${h.householdNo.slice(-4)}`);
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('records-card')).toContainText(`${DAYS.signed} 由 ${h.headName} 签订`);
  await expect(page.getByTestId('case-stage')).toHaveText('入户核实');

  // 入户核实 (S1 §四(三)1)
  form = await openStep(page, 'record_verification');
  await form.getByText('存在风险', { exact: true }).click();
  await pickDate(page, form.getByLabel('入户核实日期'), DAYS.verified);
  await expect(form.getByText('因病', { exact: true })).toBeVisible(); // the lead's risk type carried over
  await form.getByLabel('核实情况').fill('入户核实:住院自付费用超过家庭年收入一半,收入骤减');
  await submitStep(page, '已签承诺授权书');

  // 民主评议 (S1 §四(三)1): more than half of those present (村民委员会组织法 第二十六条)
  form = await openStep(page, 'record_village_review');
  await pickDate(page, form.getByLabel('评议日期'), DAYS.reviewed);
  await form.getByLabel('到会人数').fill('11');
  await form.getByLabel('赞成').fill('9');
  await form.getByLabel('反对').fill('1');
  await form.getByLabel('弃权').fill('1');
  await expect(form.getByTestId('vote-outcome')).toContainText('通过');
  await form.getByLabel('评议记录').fill('村民代表会议评议,同意纳入监测对象');
  await submitStep(page, '已民主评议');
  await expect(page.getByTestId('review')).toContainText('9');

  // 村内公示 (S3 §三(四)): at least five days, the posting day not counted
  form = await openStep(page, 'start_public_notice');
  await pickDate(page, form.getByLabel('公示开始日期'), DAYS.noticeStart);
  await expect(form.getByTestId('notice-hint')).toContainText(DAYS.noticeEnd);
  await pickDate(page, form.getByLabel('公示结束日期'), DAYS.noticeEnd);
  await form.getByLabel('公示地点').fill('闹枝村村务公开栏');
  await submitStep(page, '公示中');
  await expect(page.getByTestId('notice')).toContainText(DAYS.noticeEnd);
  await expect(page.getByTestId('action-township_review')).toHaveCount(0);
  await screenshot(page, 'case-publicizing-desktop');

  // --- township: review after the notice's last day (S1 §四(三)2) --------------------------------------------
  await switchUser(page, 'xiang', `/cases/${caseId}`);
  await expect(page.getByTestId('case-stage')).toHaveText('公示中');
  await expect(page.getByTestId('action-county_confirm')).toHaveCount(0);
  form = await openStep(page, 'township_review');
  await expect(form.getByText('同意', { exact: true })).toBeVisible();
  await form.getByLabel('意见').fill('经复核,情况属实,公示无异议');
  await submitStep(page, '乡镇已复核');

  // --- county: confirmation with category, risk types and the data comparison (S1 §四(三)3) -------------------
  await switchUser(page, 'xian', `/cases/${caseId}`);
  await expect(page.getByTestId('case-stage')).toHaveText('乡镇已复核');
  form = await openStep(page, 'county_confirm');
  await chooseOption(page, form.getByLabel('监测对象类别'), '突发严重困难户');
  await form.getByLabel('数据比对情况').fill('经与医保、民政数据比对,医疗自付费用属实,无财产异常');
  await submitStep(page, '风险未消除(监测帮扶中)');
  const confirmed = await readCase(page.request, caseId);
  expect(confirmed.case.stage).toBe('monitoring');
  expect(confirmed.case.category).toBe('sudden_hardship');
  // the procedure's steps, in order, each by its own role
  expect(confirmed.events.map((e) => [e.type, e.actorRole])).toEqual([
    ['verification_started', 'village_cadre'],
    ['commitment_signed', 'village_cadre'],
    ['verification_at_risk', 'village_cadre'],
    ['village_review_passed', 'village_cadre'],
    ['public_notice_started', 'village_cadre'],
    ['township_approved', 'township_officer'],
    ['county_confirmed', 'county_officer'],
  ]);
  await screenshot(page, 'case-confirmed-desktop');

  // --- the household is monitored; the plan deadline (S3 §三(五): 10 days) is open --------------------------
  await page.getByRole('link', { name: '查看农户档案' }).click();
  await expect(page).toHaveURL(new RegExp(`/households/${h.id}$`));
  await expect(page.getByText('风险未消除', { exact: true }).first()).toBeVisible();
  await expect(page.getByTestId('case-card')).toContainText('风险未消除(监测帮扶中)');
  await expect(page.getByTestId('case-card')).toContainText('突发严重困难户');
  await expect(page.getByTestId('timeline')).toContainText('县级确定为监测对象');

  // the village cadre draws up the plan (一户一策) with a first measure from the catalogue
  await switchUser(page, 'cun', `/cases/${caseId}`);
  form = await openStep(page, 'record_assistance_plan');
  await chooseOption(page, form.getByLabel('措施类型'), '健康帮扶', '健康');
  await form.getByLabel('措施内容').fill('申请医疗救助,落实大病保险倾斜支付');
  await page.getByTestId('step-submit').click();
  await expect(page.getByTestId('plan-card')).toContainText('健康帮扶');
  await expect(page.getByTestId('action-record_assistance_plan')).toHaveCount(0);
  await screenshot(page, 'case-plan-desktop');
});

/**
 * Take a household over the API through the village's steps to its public notice (for the tests whose subject
 * is a later step); returns the case as the server has it.
 */
async function arrangeNotice(page: Page, h: { id: string; headName: string | null }, noticeStart: string) {
  const cun = await switchUser(page, 'cun', '/');
  const lead = await api<LeadView>(page.request, cun, 'POST', '/api/leads', {
    householdId: h.id,
    channel: 'cadre_screening',
    subChannel: 'visit',
    discoveredOn: DAYS.discovered,
    riskTypes: ['unstable_employment'],
    description: '务工收入中断',
  });
  expect(lead.status).toBe(201);
  const opened = await api<CaseDetail>(page.request, cun, 'POST', `/api/leads/${lead.body.id}/start-verification`, {
    version: lead.body.version,
  });
  expect(opened.status).toBe(201);
  let detail = opened.body;
  const step = async (type: string, body: Record<string, unknown>) => {
    const endpoint = detail.actions.find((a) => a.type === type)?.endpoint;
    expect(endpoint, `${type} is offered`).toBeTruthy();
    const res = await api<CaseDetail>(page.request, cun, 'POST', endpoint!, { ...body, version: detail.case.version });
    expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(200);
    detail = res.body;
  };
  await step('sign_commitment', { signedOn: DAYS.signed, signerName: h.headName, authorizesAssetCheck: true });
  await step('record_verification', {
    result: 'at_risk',
    verifiedOn: DAYS.verified,
    verifiers: ['村干部'],
    findings: '务工收入中断',
    riskTypes: ['unstable_employment'],
  });
  await step('record_village_review', {
    heldOn: DAYS.reviewed,
    attendees: 7,
    votesFor: 5,
    votesAgainst: 1,
    abstentions: 1,
  });
  const endOn = addDaysTo(noticeStart, 5);
  await step('start_public_notice', { startOn: noticeStart, endOn, place: '村务公开栏' });
  return detail;
}

function addDaysTo(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test('the township cannot review before the notice is over, and the page says from when (S3 §三(四))', async ({
  page,
}) => {
  await loginAs(page, 'cun', '/');
  const [, , household] = await householdsWithoutCase(page.request, VILLAGE, 3);
  // posted yesterday: five full days (the posting day not counted) end four days from now
  const posted = await arrangeNotice(page, household!, chinaDaysAgo(1));
  const endOn = addDaysTo(chinaDaysAgo(1), 5);
  const session = await switchUser(page, 'xiang', `/cases/${posted.case.id}`);
  await expect(page.getByTestId('case-stage')).toHaveText('公示中');
  await expect(page.getByTestId('action-township_review')).toHaveCount(0);
  await page.getByText(/暂不能办理的步骤/).click();
  await expect(page.getByTestId('blocked-township_review')).toContainText(
    `公示期至 ${endOn} 结束，${addDaysTo(endOn, 1)}起方可复核`,
  );
  // and the server refuses the step itself, whatever the page shows
  const detail = await readCase(page.request, posted.case.id!);
  const refused = await api<ErrorBody>(page.request, session, 'POST', `/api/cases/${posted.case.id}/township-review`, {
    decision: 'approve',
    version: detail.case.version,
  });
  expect([refused.status, refused.body.error.code]).toEqual([422, 'precondition_failed']);
  expect(refused.body.error.message).toContain(`${addDaysTo(endOn, 1)}起方可复核`);
});

test('the county rejects a case with its reason (S1 §四(三)3)', async ({ page }) => {
  await loginAs(page, 'cun', '/');
  const [, household] = await householdsWithoutCase(page.request, VILLAGE, 2);
  const h = household!;
  // arranged over the API: the village and township steps are the first test's subject
  let detail = await arrangeNotice(page, h, DAYS.noticeStart);
  const xiang = await switchUser(page, 'xiang', '/');
  detail = await readCase(page.request, detail.case.id!);
  const endpoint = detail.actions.find((a) => a.type === 'township_review')?.endpoint;
  const approved = await api<CaseDetail>(page.request, xiang, 'POST', endpoint!, {
    decision: 'approve',
    version: detail.case.version,
  });
  expect(approved.status).toBe(200);

  // the county's rejection, through the page: a reason is required
  await switchUser(page, 'xian', `/cases/${detail.case.id}`);
  const form = await openStep(page, 'county_reject');
  await page.getByTestId('step-submit').click();
  await expect(form.getByText('此项必填')).toBeVisible();
  await form.getByLabel('理由').fill('经数据比对,家庭成员在外稳定务工,月收入高于监测范围');
  await submitStep(page, '不予认定');
  // the reason is on the case and in its events; a rejected case has no step left for the county
  await expect(page.getByText('经数据比对,家庭成员在外稳定务工,月收入高于监测范围', { exact: true })).toBeVisible();
  await expect(page.getByTestId('no-actions')).toBeVisible();
  const rejected = await readCase(page.request, detail.case.id!);
  expect(rejected.case.stage).toBe('rejected');
  expect(rejected.case.rejectionReason).toContain('稳定务工');
  await screenshot(page, 'case-rejected-desktop');
});
