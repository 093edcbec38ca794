import type {
  CaseDetail,
  DeadlinePage,
  DisasterDetail,
  DisasterHouseholdPage,
  DisasterScreenResult,
  DisasterView,
  ErrorBody,
  LeadView,
  PlanView,
  PolicyRecordView,
} from '@dixian/core/api';
import type { HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncome } from '../../src/services/income.service.js';
import {
  annualIncome,
  COUNTY,
  createHouseholdIn,
  createTestbed,
  OTHER_COUNTY_VILLAGE,
  OTHER_TOWNSHIP_VILLAGE,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * Issue 15 §6, disasters. S0 plan two is written for disaster-hit households: 受灾脱贫不稳定户 and 受灾边缘易致贫户
 * with per-capita income below 6,000 yuan (S0 plan two §二(一)), the exclusions (§二(二)), and 排访评录测补销 (访: the
 * township visits). The county records a disaster over villages (and households a department list names); every
 * affected household is due a visit within the policy's days ([INF] 7 by default), is screened with the disaster
 * as its risk, and one meeting the criteria becomes a lead; the green channel (绿色通道 [W12, W43]) lets a disaster
 * case record its plan before the county's confirmation.
 */
describe.each(engines)('disasters on %s (issue 15 §6, S0 plan two)', (engine) => {
  let tb: Testbed;
  let poorA: string; // 一般农户 below the line, no other risk: 受灾边缘易致贫户 once hit
  let liftedB: string; // 脱贫户 below the line: 受灾脱贫不稳定户 once hit
  let wellOffA: string; // above the line
  let carB: string; // below the line but owns a private car (S0 plan two §二(二) exclusion)
  let listedOther: { id: string; no: string }; // in a third village, named by the department list
  let untouched: string; // in the third village, not named
  let disaster: DisasterView;

  // two people: 8,000 yuan a year is 4,000 a person, below the 6,000 line (S0 plan two §二(一))
  const POOR = 800_000;
  const WELL_OFF = 4_000_000;

  beforeAll(async () => {
    tb = await createTestbed(engine);
    const make = async (village: string, wage: number, overrides = {}) => {
      const h = await createHouseholdIn(tb, village, overrides);
      await createIncome(tb.system, h.household.id, annualIncome(2023, wage));
      return h;
    };
    poorA = (await make(VILLAGE_A, POOR)).household.id;
    wellOffA = (await make(VILLAGE_A, WELL_OFF)).household.id;
    liftedB = (await make(VILLAGE_B, POOR, { householdType: 'lifted_household', liftedYear: 2019 })).household.id;
    carB = (await make(VILLAGE_B, POOR, { hasPrivateCar: true })).household.id;
    const listed = await make(OTHER_TOWNSHIP_VILLAGE, WELL_OFF);
    listedOther = { id: listed.household.id, no: listed.household.householdNo };
    untouched = (await make(OTHER_TOWNSHIP_VILLAGE, POOR)).household.id;
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S0 plan two §二(一): below the line with no risk a household is not in scope before the disaster', async () => {
    const a = await (await tb.as('cadre')).get<HouseholdAssessmentView>(`/api/households/${poorA}/assessment`);
    expect(a.status).toBe(200);
    expect(a.body.assessment.income.perCapitaFen).toBe(400_000);
    expect(a.body.assessment.inScope).toBe(false);
  });

  it('only a county user records a disaster, over rural villages of the county, dated not after today', async () => {
    const body = { name: '6·1洪涝', disasterSubtype: 'flood', occurredOn: '2024-06-01', villages: [VILLAGE_A] };
    expect((await (await tb.as('township')).post('/api/disasters', body)).status).toBe(403);
    expect((await (await tb.as('cadre')).post('/api/disasters', body)).status).toBe(403);
    const officer = await tb.as('officer');
    const future = await officer.post<ErrorBody>('/api/disasters', { ...body, occurredOn: '2024-06-04' });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('occurredOn');
    const noSubtype = await officer.post('/api/disasters', { ...body, disasterSubtype: undefined });
    expect(noSubtype.status).toBe(400);
    const elsewhere = await officer.post('/api/disasters', { ...body, villages: [OTHER_COUNTY_VILLAGE] });
    expect(elsewhere.status).toBe(403);
    const unknownNo = await officer.post<ErrorBody>('/api/disasters', {
      ...body,
      households: [{ householdNo: '220681100200999999' }],
    });
    expect(unknownNo.status).toBe(400);
    expect(JSON.stringify(unknownNo.body)).toContain('households.0.householdNo');
    // nothing was recorded by the refused requests
    expect((await officer.get<{ items: DisasterView[] }>('/api/disasters')).body.items).toHaveLength(0);
  });

  it('a flood over two villages plus a listed household: affected, visits due on date + 7 days [INF]', async () => {
    const officer = await tb.as('officer');
    const r = await officer.post<DisasterView>('/api/disasters', {
      name: '6·1洪涝',
      disasterSubtype: 'flood',
      occurredOn: '2024-06-01',
      villages: [VILLAGE_A, VILLAGE_B],
      households: [{ householdNo: listedOther.no, lossFen: 2_000_000 }],
      note: '房屋受损、饮水受污染',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    disaster = r.body;
    expect(disaster).toMatchObject({
      countyCode: COUNTY,
      riskType: 'natural_disaster',
      disasterSubtype: 'flood',
      occurredOn: '2024-06-01',
      visitDueOn: '2024-06-08',
    });
    expect(disaster.villages.map((v) => v.regionCode)).toEqual([VILLAGE_A, VILLAGE_B]);
    expect(disaster.screenedAt).not.toBeNull();
    // 2 + 2 in the villages, 1 listed; the other household of the third village is not affected
    expect(disaster.figures).toMatchObject({ affected: 5, visited: 0, visitsOverdue: 0 });

    const due = await officer.get<DeadlinePage>('/api/deadlines?kind=disaster_visit&withinDays=30');
    expect(due.status).toBe(200);
    const ids = due.body.items.map((i) => i.householdId);
    expect(ids).toEqual(expect.arrayContaining([poorA, wellOffA, liftedB, carB, listedOther.id]));
    expect(ids).not.toContain(untouched);
    expect(due.body.items.every((i) => i.dueOn === '2024-06-08' && i.detail === '6·1洪涝')).toBe(true);
  });

  it('S0 plan two §二(一)(二): screened with the flood as the risk, per household, and leads of sub-channel disaster', async () => {
    const officer = await tb.as('officer');
    const page = await officer.get<DisasterHouseholdPage>(`/api/disasters/${disaster.id}/households?pageSize=50`);
    expect(page.status).toBe(200);
    const of = (id: string) => page.body.items.find((i) => i.householdId === id)!;
    expect(of(poorA)).toMatchObject({ outcome: 'at_risk', category: 'marginal_vulnerable', source: 'village' });
    expect(of(liftedB)).toMatchObject({ outcome: 'at_risk', category: 'unstable_lifted' });
    expect(of(wellOffA)).toMatchObject({ outcome: 'not_at_risk', leadId: null });
    expect(of(carB)).toMatchObject({ outcome: 'excluded', leadId: null });
    expect(of(listedOther.id)).toMatchObject({ source: 'list', lossFen: 2_000_000 });

    const lead = await officer.get<LeadView>(`/api/leads/${of(poorA).leadId}`);
    expect(lead.body).toMatchObject({
      householdId: poorA,
      channel: 'cadre_screening',
      subChannel: 'disaster',
      riskTypes: ['natural_disaster'],
    });
    expect(lead.body.description).toContain('6·1洪涝');
    // the disaster is now a risk event of the household: its own assessment sees it
    const a = await officer.get<HouseholdAssessmentView>(`/api/households/${poorA}/assessment`);
    expect(a.body.assessment).toMatchObject({ inScope: true, disasterSubtype: 'flood' });

    const again = await officer.post<DisasterScreenResult>(`/api/disasters/${disaster.id}/screen`, {});
    expect(again.status).toBe(200);
    // a second screening keeps the first leads
    expect(again.body).toMatchObject({ screened: 5, leadsRecorded: 0 });
    const detail = await officer.get<DisasterDetail>(`/api/disasters/${disaster.id}`);
    expect(detail.body.disaster.figures).toMatchObject({ affected: 5, atRisk: 2 });
    expect(detail.body.villages.map((v) => [v.regionCode, v.affected, v.atRisk])).toEqual([
      [VILLAGE_A, 2, 1],
      [VILLAGE_B, 2, 1],
      [OTHER_TOWNSHIP_VILLAGE, 1, 0],
    ]);
  });

  it('a township sees only its villages; screening again is the county’s', async () => {
    const township = await tb.as('township');
    const detail = await township.get<DisasterDetail>(`/api/disasters/${disaster.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.villages.map((v) => v.regionCode)).toEqual([VILLAGE_A, VILLAGE_B]);
    expect(detail.body.disaster.figures.affected).toBe(4);
    expect((await township.post(`/api/disasters/${disaster.id}/screen`, {})).status).toBe(403);
    const cadreB = await tb.as('cadreB');
    const page = await cadreB.get<DisasterHouseholdPage>(`/api/disasters/${disaster.id}/households`);
    expect(page.body.items.every((i) => i.regionCode === VILLAGE_B)).toBe(true);
  });

  it('S0 plan two 五 (访): a visit since the date closes the household’s disaster visit; its loss is screened at once', async () => {
    const cadre = await tb.as('cadre');
    // the well-off household lost its income: the visit's estimate (net 6,000 for two) is below the line
    const v = await cadre.post(`/api/households/${wellOffA}/visits`, {
      visitedOn: '2024-06-03',
      income: { wageFen: 600_000, disasterLossFen: 3_000_000 },
      housingOk: true,
      note: '房屋进水，庄稼绝收',
    });
    expect(v.status, JSON.stringify(v.body)).toBe(201);
    const officer = await tb.as('officer');
    const page = await officer.get<DisasterHouseholdPage>(`/api/disasters/${disaster.id}/households?state=visited`);
    expect(page.body.items.map((i) => i.householdId)).toEqual([wellOffA]);
    expect(page.body.items[0]).toMatchObject({ visited: true, outcome: 'at_risk' });
    expect(page.body.items[0]!.leadId).toBeTruthy();
    const due = await officer.get<DeadlinePage>('/api/deadlines?kind=disaster_visit&withinDays=30');
    expect(due.body.items.map((i) => i.householdId)).not.toContain(wellOffA);
    const detail = await officer.get<DisasterDetail>(`/api/disasters/${disaster.id}`);
    expect(detail.body.disaster.figures).toMatchObject({ visited: 1, atRisk: 3 });
  });

  it('policy: disaster.visitDays sets the visit day; a visit before the disaster does not count, after the day it is overdue', async () => {
    const admin = await tb.as('admin');
    const p = await admin.post<PolicyRecordView>('/api/policies', {
      regionPrefix: COUNTY,
      year: 2024,
      effectiveFrom: '2024-05-01',
      docNo: '临乡振发〔2024〕9号',
      docTitle: '关于做好受灾农户监测帮扶的通知',
      body: { disaster: { visitDays: 3, fastChannel: true } },
    });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const visit = await (
      await tb.as('officer')
    ).post(`/api/households/${untouched}/visits`, {
      visitedOn: '2024-05-15',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const officer = await tb.as('officer');
    const r = await officer.post<DisasterView>('/api/disasters', {
      name: '5·20冰雹',
      disasterSubtype: 'meteorological',
      occurredOn: '2024-05-20',
      villages: [OTHER_TOWNSHIP_VILLAGE],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.visitDueOn).toBe('2024-05-23');
    // both households of the village; the visit of 15 May came before the hail
    expect(r.body.figures).toMatchObject({ affected: 2, visited: 0, visitsOverdue: 2 });
    const overdue = await officer.get<DeadlinePage>('/api/deadlines?kind=disaster_visit&status=overdue');
    expect(overdue.body.items.map((i) => i.householdId).sort()).toEqual([listedOther.id, untouched].sort());
    // a household hit twice is due once, by the earlier day
    expect(overdue.body.items.find((i) => i.householdId === listedOther.id)!.dueOn).toBe('2024-05-23');
  });

  it('W25 应急 list: the households an imported emergency feed matched are affected, with the loss it gives', async () => {
    const fed = await createHouseholdIn(tb, OTHER_TOWNSHIP_VILLAGE);
    const batch = async (department: string) => {
      const b = await tb.store.db
        .insertInto('feedBatch')
        .values({
          department,
          countyCode: COUNTY,
          fileName: `${department}.xlsx`,
          fileSha256: department.padEnd(64, '0').slice(0, 64),
          format: 'xlsx',
          status: 'done',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tb.store.db
        .insertInto('feedRow')
        .values([
          { batchId: b.id, rowNo: 1, householdId: fed.household.id, metricFen: 1_500_000, outcome: 'matched' },
          { batchId: b.id, rowNo: 2, householdId: null, metricFen: 900_000, outcome: 'unmatched' },
        ])
        .execute();
      return b.id;
    };
    const officer = await tb.as('officer');
    const body = {
      name: '6·2山体滑坡',
      disasterSubtype: 'geological',
      occurredOn: '2024-06-02',
      villages: [VILLAGE_A],
    };
    const medical = await officer.post<ErrorBody>('/api/disasters', {
      ...body,
      feedBatchId: await batch('medical_insurance'),
    });
    expect(medical.status).toBe(400);
    expect(JSON.stringify(medical.body)).toContain('feedBatchId');
    const r = await officer.post<DisasterView>('/api/disasters', { ...body, feedBatchId: await batch('emergency') });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // village A's two households and the fed one; the unmatched row brings no one
    expect(r.body.figures.affected).toBe(3);
    const page = await officer.get<DisasterHouseholdPage>(`/api/disasters/${r.body.id}/households?pageSize=50`);
    expect(page.body.items.find((i) => i.householdId === fed.household.id)).toMatchObject({
      source: 'list',
      lossFen: 1_500_000,
    });
  });

  describe('绿色通道 [W12, W43]: help first, the procedure completed afterwards', () => {
    async function verifyingCase(user: 'cadre' | 'cadreB', leadId: string): Promise<CaseDetail> {
      const cadre = await tb.as(user);
      const lead = await cadre.get<LeadView>(`/api/leads/${leadId}`);
      const opened = await cadre.post<CaseDetail>(`/api/leads/${leadId}/start-verification`, {
        version: lead.body.version,
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      return opened.body;
    }

    it('with fastChannel on, a disaster case records its plan while still verifying; confirmation is still needed', async () => {
      const officer = await tb.as('officer');
      const page = await officer.get<DisasterHouseholdPage>(`/api/disasters/${disaster.id}/households?pageSize=50`);
      const leadId = page.body.items.find((i) => i.householdId === poorA)!.leadId!;
      const c = await verifyingCase('cadre', leadId);
      expect(c.case.stage).toBe('verifying');
      expect(c.allowedActions).toContain('record_assistance_plan');
      const cadre = await tb.as('cadre');
      const plan = await cadre.post<PlanView>(`/api/cases/${c.case.id}/plan`, {
        version: c.case.version,
        note: '先行帮扶',
        measures: [
          { type: 'social_assistance', description: '临时救助' },
          { type: 'housing_security', description: '修缮受损房屋' },
        ],
      });
      expect(plan.status, JSON.stringify(plan.body)).toBe(201);
      const after = await cadre.get<CaseDetail>(`/api/cases/${c.case.id}`);
      // the plan did not move the stage: verification, review, notice and confirmation are still to come
      expect(after.body.case.stage).toBe('verifying');
      expect(after.body.plan).toMatchObject({ id: plan.body.id, measures: 2 });
      const detail = await officer.get<DisasterDetail>(`/api/disasters/${disaster.id}`);
      expect(detail.body.disaster.figures.helped).toBe(1);
      expect(detail.body.disaster.figures.monitored).toBeGreaterThanOrEqual(1);
    });

    it('with fastChannel off, the same step waits for the county’s confirmation', async () => {
      const admin = await tb.as('admin');
      const p = await admin.post('/api/policies', {
        regionPrefix: COUNTY,
        year: 2024,
        effectiveFrom: '2024-06-03',
        docNo: '临乡振发〔2024〕10号',
        docTitle: '关于受灾农户按程序识别的通知',
        body: { disaster: { visitDays: 3, fastChannel: false } },
      });
      expect(p.status, JSON.stringify(p.body)).toBe(201);
      const officer = await tb.as('officer');
      const page = await officer.get<DisasterHouseholdPage>(`/api/disasters/${disaster.id}/households?pageSize=50`);
      const leadId = page.body.items.find((i) => i.householdId === liftedB)!.leadId!;
      const c = await verifyingCase('cadreB', leadId);
      expect(c.allowedActions).not.toContain('record_assistance_plan');
      const refused = await (
        await tb.as('cadreB')
      ).post<ErrorBody>(`/api/cases/${c.case.id}/plan`, {
        version: c.case.version,
        measures: [{ type: 'social_assistance', description: '临时救助' }],
      });
      expect(refused.status).toBe(409);
    });
  });
});
