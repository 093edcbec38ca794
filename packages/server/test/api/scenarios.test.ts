/**
 * Policy drafts and scenarios (issue 20 §1) on demo households of 临江市: raising the monitoring line from 6,000 to
 * 7,300 yuan (S1 §三(二) sets the line at 6,000 for 2021; S3 §三(一) names 7,300 for 2024) as a draft lists who
 * would enter, why, and at what cost, changes nothing, and agrees household by household with what the screening
 * finds once the same draft is put in force. A 低保 standard raised in a draft (S2 二(一)1) adds households and cost.
 */
import type {
  ErrorBody,
  PolicyDraftView,
  PolicyRecordView,
  ScenarioHouseholdPage,
  ScenarioView,
  ScreeningResultPage,
  ScreeningRunList,
  ScreeningRunView,
} from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHouseholds } from '../../src/seed/seed.js';
import { settleScenarios } from '../../src/services/scenario.service.js';
import { settleScreeningRuns } from '../../src/services/screening-views.service.js';
import { COUNTY, createTestbed, TOWNSHIP, type ApiClient, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

const TODAY = '2024-06-03';

describe.each(engines)('policy scenarios on %s', (engine) => {
  let tb: Testbed;
  let officer: ApiClient;

  async function screen(): Promise<ScreeningRunView> {
    const started = await officer.post<ScreeningRunView>('/api/screening/runs', { scopeCode: COUNTY });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await settleScreeningRuns();
    return (await officer.get<ScreeningRunView>(`/api/screening/runs/${started.body.id}`)).body;
  }

  async function flagged(runId: string, finding: string): Promise<Set<string>> {
    const r = await officer.get<ScreeningResultPage>(
      `/api/screening/runs/${runId}/results?finding=${finding}&pageSize=500`,
    );
    expect(r.status).toBe(200);
    expect(r.body.total).toBeLessThanOrEqual(500);
    return new Set(r.body.items.map((i) => i.householdId));
  }

  async function draft(body: Record<string, unknown>, name: string): Promise<PolicyDraftView> {
    const r = await officer.post<PolicyDraftView>('/api/policy-drafts', { name, regionPrefix: COUNTY, body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }

  async function scenario(draftId: string): Promise<ScenarioView> {
    const r = await officer.post<ScenarioView>('/api/scenarios', { draftId });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    await settleScenarios();
    const done = await officer.get<ScenarioView>(`/api/scenarios/${r.body.id}`);
    expect(done.body.status, JSON.stringify(done.body)).toBe('done');
    return done.body;
  }

  async function households(id: string, change: string): Promise<ScenarioHouseholdPage> {
    const r = await officer.get<ScenarioHouseholdPage>(`/api/scenarios/${id}/households?change=${change}&pageSize=100`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }

  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 1200, seed: 11, asOf: TODAY });
    officer = await tb.as('officer');
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('raising the line to 7,300 lists who would enter and why, changes nothing, and matches the screening after it is in force', async () => {
    const before = await screen();
    const includeBefore = await flagged(before.id, 'should_include');
    const eliminateBefore = await flagged(before.id, 'should_eliminate');
    const counts = async () => ({
      cases: (await tb.store.db.selectFrom('monitoringCase').select(['id', 'stage']).execute()).length,
      runs: (await tb.store.db.selectFrom('screeningRun').select('id').execute()).length,
    });
    const unchanged = await counts();

    const d = await draft({ monitoringIncomeLineFen: 730_000 }, '监测线提高到7300元');
    const s = await scenario(d.id);
    expect(s).toMatchObject({ scopeCode: COUNTY, scopeName: '临江市', asOf: TODAY, householdsDone: s.householdsTotal });
    expect(s.draftPolicy).toContain('草案「监测线提高到7300元」');
    const sum = s.summary!;
    expect(sum.lines).toMatchObject({ baseLineFen: 600_000, draftLineFen: 730_000 });
    expect(sum.changes.enter_monitoring.households).toBeGreaterThan(0);
    expect(sum.workload.casesToOpen).toBe(sum.changes.enter_monitoring.households);
    // the line alone does not change 低保: the same top-ups under both
    expect(sum.cost.dibaoMonthlyDraftFen).toBe(sum.cost.dibaoMonthlyBaseFen);
    expect(sum.changes.enter_dibao.households + sum.changes.leave_dibao.households).toBe(0);
    expect(sum.byTownship.reduce((n, t) => n + t.changes.enter_monitoring, 0)).toBe(
      sum.changes.enter_monitoring.households,
    );

    // a scenario opens no case and is no screening run
    expect(await counts()).toEqual(unchanged);
    const runs = await officer.get<ScreeningRunList>('/api/screening/runs');
    expect(runs.body.items.map((r) => r.id)).not.toContain(s.id);

    const enter = await households(s.id, 'enter_monitoring');
    expect(enter.total).toBe(sum.changes.enter_monitoring.households);
    for (const h of enter.items) {
      // why: a rule reading the line now decides otherwise: income per head at or above 6,000 and below 7,300
      // (S1 §三(二)), or an exclusion that needs income stably above the line (S0 方案二 §二(二)2) no longer applies
      expect(h.reasons.some((x) => x.base !== x.draft)).toBe(true);
      const belowNewLine = h.incomePerCapitaFen! >= 600_000 && h.incomePerCapitaFen! < 730_000;
      expect(belowNewLine || h.reasons.some((x) => x.message.zh.includes('7,300')), JSON.stringify(h)).toBe(true);
    }
    expect(enter.items.some((h) => h.incomePerCapitaFen! < 730_000)).toBe(true);
    const near = await households(s.id, 'near_miss');
    for (const h of near.items) {
      expect(h.incomePerCapitaFen).toBeGreaterThanOrEqual(730_000);
      expect(h.incomePerCapitaFen).toBeLessThan(803_000);
    }

    // put the same draft in force today and screen: the screening gains and loses exactly the scenario's households
    const admin = await tb.as('admin');
    const pub = await admin.post<PolicyRecordView>(`/api/policy-drafts/${d.id}/publish`, {
      year: 2024,
      effectiveFrom: TODAY,
      docNo: '临政办〔2024〕7号',
      docTitle: '关于调整防止返贫监测范围的通知',
    });
    expect(pub.status, JSON.stringify(pub.body)).toBe(201);
    expect(pub.body.body).toMatchObject({ monitoringIncomeLineFen: 730_000 });
    const after = await screen();
    const includeAfter = await flagged(after.id, 'should_include');
    const eliminateAfter = await flagged(after.id, 'should_eliminate');
    const ids = async (change: string) => new Set((await households(s.id, change)).items.map((h) => h.householdId));
    const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => !b.has(x)));
    expect(minus(includeAfter, includeBefore)).toEqual(await ids('enter_monitoring'));
    expect(minus(includeBefore, includeAfter)).toEqual(await ids('include_dropped'));
    expect(minus(eliminateAfter, eliminateBefore)).toEqual(await ids('leave_monitoring'));
    expect(minus(eliminateBefore, eliminateAfter)).toEqual(await ids('eliminate_dropped'));

    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', 'in', ['policy_draft.create', 'scenario.run', 'policy_draft.publish'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['policy_draft.create', 'policy_draft.publish', 'scenario.run']);
  });

  it('S2 二(一)1: a higher 低保 standard adds households and monthly top-ups', async () => {
    const d = await draft({ dibao: { ruralMonthlyFen: 90_000 } }, '低保标准提高到900元');
    const s = await scenario(d.id);
    const sum = s.summary!;
    expect(sum.lines.draftDibaoMonthlyFen).toBe(90_000);
    expect(sum.lines.baseDibaoMonthlyFen).toBeLessThan(90_000);
    expect(sum.changes.enter_dibao.households).toBeGreaterThan(0);
    expect(sum.changes.leave_dibao.households).toBe(0);
    expect(sum.cost.dibaoMonthlyDraftFen).toBeGreaterThan(sum.cost.dibaoMonthlyBaseFen);
    const enter = await households(s.id, 'enter_dibao');
    expect(enter.items.every((h) => h.draftTopUpFen >= h.baseTopUpFen)).toBe(true);
    expect(enter.items[0]!.reasons[0]).toMatchObject({ ruleId: 'S2.dibao', base: 'none' });

    // the Excel file: a row per household, Chinese headers, reasons in words
    const res = await officer.get(`/api/scenarios/${s.id}/export.xlsx?change=enter_dibao`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const texts: string[] = [];
    sheet.eachRow((row) => texts.push(String(row.getCell(1).value ?? '')));
    expect(texts.filter((t) => t === '新增符合低保')).toHaveLength(sum.changes.enter_dibao.households);
    expect(texts).toContain('变化');
    // the reasons name the 低保 route under each policy in words, never by its code
    let [head, col] = [0, 0];
    sheet.eachRow((row, i) => row.eachCell((c, j) => (c.value === '原因' ? ([head, col] = [i, j]) : undefined)));
    const reasons: string[] = [];
    sheet.eachRow((row, i) => (i > head ? reasons.push(String(row.getCell(col).value ?? '')) : undefined));
    expect(reasons).toHaveLength(sum.changes.enter_dibao.households);
    for (const r of reasons) expect(r).toMatch(/（现行：不符合；草案：(低保|支出型低保|低保渐退|单人保)）/);
    expect(reasons.join('')).not.toMatch(/[a-z_]{4,}/);
  });

  it('refuses a draft that is not a valid policy, naming the field, and roles that may not draft', async () => {
    const bad = await officer.post<ErrorBody>('/api/policy-drafts', {
      name: '错误草案',
      regionPrefix: COUNTY,
      body: { monitoringIncomeLineFen: -5 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('monitoringIncomeLineFen');
    const township = await tb.as('township');
    const refused = await township.post<ErrorBody>('/api/policy-drafts', {
      name: '乡镇草案',
      regionPrefix: TOWNSHIP,
      body: { monitoringIncomeLineFen: 700_000 },
    });
    expect(refused.status).toBe(403);
    expect((await township.get('/api/scenarios')).status).toBe(403);
  });
});
