import type { ErrorBody, HouseholdDetail, PolicyRecordView } from '@dixian/core/api';
import type { HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncome } from '../../src/services/income.service.js';
import {
  annualIncome,
  COUNTY,
  createHouseholdIn,
  createTestbed,
  memberInput,
  VILLAGE_A,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * GET /api/households/:id/assessment: core assess() and evaluateEliminationGuards() over the stored facts under
 * the policy of the household's village on the asked day (issue 6 §3: "the explanation of its latest
 * assessment").
 */
describe.each(engines)('household assessment through the API on %s', (engine) => {
  let tb: Testbed;
  let household: HouseholdDetail;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    household = await createHouseholdIn(tb, VILLAGE_A, {
      members: [
        { ...memberInput('head', { name: '孙有福', seq: 901 }), healthStatus: 'serious_illness', disease: '尿毒症' },
        memberInput('spouse', { name: '钱桂兰', seq: 902, birthDate: '1970-08-09' }),
      ],
    });
    // 13,000 yuan for two people: 6,500 per person, above the national 6,000 but below a 7,300 county line
    await createIncome(tb.system, household.household.id, annualIncome(2023, 1_300_000));
    const admin = await tb.as('admin');
    const raised = await admin.post<PolicyRecordView>('/api/policies', {
      regionPrefix: COUNTY,
      year: 2024,
      effectiveFrom: '2024-03-01',
      docNo: '临乡振发〔2024〕3号',
      docTitle: '关于调整2024年防返贫监测范围的通知',
      body: { monitoringIncomeLineFen: 730_000 },
    });
    expect(raised.status).toBe(201);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const url = (date?: string) => `/api/households/${household.household.id}/assessment${date ? `?date=${date}` : ''}`;

  it('S0 方案二 §二(一)2: above the national line before the county raised it, below the 7,300 line after', async () => {
    const cadre = await tb.as('cadre');
    const before = await cadre.get<HouseholdAssessmentView>(url('2024-02-01'));
    expect(before.status).toBe(200);
    expect(before.body.policy.monitoringIncomeLineFen).toBe(600_000);
    expect(before.body.assessment).toMatchObject({ inScope: false, category: null, riskTypes: ['illness'] });
    expect(before.body.assessment.income).toMatchObject({
      netIncomeFen: 1_300_000,
      perCapitaFen: 650_000,
      belowLine: false,
    });

    const after = await cadre.get<HouseholdAssessmentView>(url('2024-06-01'));
    expect(after.body.policy.versionLabel).toContain('220681 2024 v1');
    expect(after.body.policy.sources.map((s) => s.docNo)).toContain('临乡振发〔2024〕3号');
    expect(after.body.assessment).toMatchObject({
      inScope: true,
      category: 'marginal_vulnerable',
      grounds: ['S0.2.1.marginal_vulnerable'],
    });
    const rule = after.body.assessment.explanations.find((e) => e.ruleId === 'S0.2.1.marginal_vulnerable')!;
    expect(rule).toMatchObject({ outcome: 'yes', policyVersion: after.body.policy.versionLabel });
    expect(rule.message.zh).toContain('低于监测范围');
    expect(rule.facts).toMatchObject({ belowLine: true, riskTypes: ['illness'] });
  });

  it('defaults to today on the server clock and reports the elimination guards with the failed ones named', async () => {
    const r = await (await tb.as('township')).get<HouseholdAssessmentView>(url());
    expect(r.status).toBe(200);
    expect(r.body.asOf).toBe('2024-06-03');
    expect(r.body.eliminationGuards.met).toBe(false);
    expect(r.body.eliminationGuards.failedRuleIds.length).toBeGreaterThan(0);
    expect(r.body.eliminationGuards.explanations.map((e) => e.ruleId)).toEqual(
      expect.arrayContaining(r.body.eliminationGuards.failedRuleIds),
    );
  });

  it('never carries names, ID numbers, phones or illness details', async () => {
    const r = await (await tb.as('inspector')).get<HouseholdAssessmentView>(url('2024-06-01'));
    const text = JSON.stringify(r.body);
    for (const m of household.members) expect(text).not.toContain(m.name);
    const stored = await tb.store.db
      .selectFrom('member')
      .select(['idNumber', 'phone', 'disease'])
      .where('householdId', '=', household.household.id)
      .execute();
    for (const m of stored) {
      for (const v of [m.idNumber, m.phone, m.disease]) if (v) expect(text).not.toContain(v);
    }
  });

  it('answers 404 outside the area and for a missing id, 403 for a department officer, 400 for a bad date', async () => {
    const cadreB = await tb.as('cadreB');
    const outside = await cadreB.get<ErrorBody>(url());
    const missing = await cadreB.get<ErrorBody>('/api/households/00000000-0000-4000-8000-000000000000/assessment');
    expect([outside.status, missing.status]).toEqual([404, 404]);
    expect(outside.body).toEqual(missing.body);
    expect((await (await tb.as('dept')).get(url())).status).toBe(403);
    const bad = await (await tb.as('cadre')).get<ErrorBody>(url('2024-02-30'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]!.path).toBe('querystring.date');
  });
});
