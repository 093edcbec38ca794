import { addDays, addMonths, chinaDate, scopeOf } from '@dixian/core';
import type { HouseholdAssessmentView } from '@dixian/core/api/assessment';
import type {
  CaseDetail,
  ErrorBody,
  LeadView,
  MeasureView,
  PlanView,
  VisitCreated,
  VisitDuePage,
  VisitPage,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyAt } from '../../src/policies/policy-at.js';
import { HouseholdFactsRepository } from '../../src/repositories/household-facts.repository.js';
import { visitCheck } from '../../src/screening/reference.js';
import { createVisit } from '../../src/services/visit.service.js';
import { createHouseholdIn, createTestbed, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { actorOf, caseVersion, ctxAs, identify } from '../support/cases.js';
import { engines } from '../support/db.js';

/**
 * Assistance plans and measures (S3 §三(五); S1 §五) and visits (S3 §三(二)) through the API.
 */
describe.each(engines)('plans, measures and visits on %s', (engine) => {
  let tb: Testbed;
  let today: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    today = chinaDate(tb.clock.now());
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(五): the plan is recorded with the case step that closes the 10-day deadline', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    // confirmed 13 days ago (day 12 of an identification that began 25 days ago): the plan was due 3 days ago
    const id = await identify(tb, h.household.id, addDays(today, -25));
    const before = await cadre.get<CaseDetail>(`/api/cases/${id}`);
    expect(before.body.deadlines.current).toMatchObject({ kind: 'assistance_plan', overdue: true, daysLeft: -3 });
    const r = await cadre.post<PlanView & ErrorBody>(`/api/cases/${id}/plan`, {
      version: before.body.case.version,
      note: '一户一策',
      contactUserId: tb.users.cadre.id,
      measures: [
        { type: 'public_welfare_job', description: '村级保洁公益岗位', endOn: addDays(today, 365) },
        { type: 'health', department: 'health', description: '家庭医生签约' },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      caseId: id,
      createdOn: today,
      riskTypes: ['illness'],
      planDueOn: addDays(today, -3),
      withinDeadline: false,
      contactUserId: tb.users.cadre.id,
    });
    // S1 §五: the type decides the kind of assistance and, unless named, the department
    expect(r.body.measures.map((m) => [m.type, m.category, m.department, m.status])).toEqual(
      expect.arrayContaining([
        ['public_welfare_job', 'employment', 'human_resources', 'planned'],
        ['health', 'comprehensive_security', 'health', 'planned'],
      ]),
    );
    const after = await cadre.get<CaseDetail>(`/api/cases/${id}`);
    expect(after.body.deadlines.current).toBeNull();
    expect(after.body.deadlines.deadlines.find((d) => d.kind === 'assistance_plan')).toMatchObject({
      open: false,
      metOn: today,
      late: true,
    });
    expect(after.body.events.at(-1)).toMatchObject({
      type: 'assistance_plan_recorded',
      payload: { withinDeadline: false, planId: r.body.id },
    });
    expect(after.body.plan).toMatchObject({ id: r.body.id, measures: 2 });
    // one plan per case: revisions edit it and do not move the deadline
    const second = await cadre.post<ErrorBody>(`/api/cases/${id}/plan`, { version: after.body.case.version });
    expect(second.status).toBe(422);
    expect(second.body.error.message).toContain('帮扶计划已于');
    const bad = await cadre.post<ErrorBody>(`/api/cases/${id}/plan`, {
      version: after.body.case.version,
      contactUserId: tb.users.cadreB.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]!.path).toBe('body.contactUserId');
  });

  it('measures go planned → implementing → done, or stop; a started one is never deleted', async () => {
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const id = await identify(tb, h.household.id, addDays(today, -14));
    const plan = await cadre.post<PlanView>(`/api/cases/${id}/plan`, {
      version: await caseVersion(tb, id),
      measures: [{ type: 'finance', amountFen: 5_000_000, description: '小额信贷' }],
    });
    const m = plan.body.measures[0]!;
    expect(m).toMatchObject({ category: 'industry', department: 'rural_revitalization', amountFen: 5_000_000 });
    const base = `/api/plans/${plan.body.id}/measures/${m.id}`;
    const skip = await cadre.post<ErrorBody>(`${base}/status`, { status: 'done', version: m.version });
    expect(skip.status).toBe(409);
    expect(skip.body.error.issues[0]!.message).toBe('planned → done');
    const started = await cadre.post<MeasureView>(`${base}/status`, {
      status: 'implementing',
      version: m.version,
      on: addDays(today, -1),
    });
    expect(started.body).toMatchObject({ status: 'implementing', startOn: addDays(today, -1) });
    const stale = await township.patch<ErrorBody>(base, { version: m.version, amountFen: 3_000_000 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const edited = await township.patch<MeasureView>(base, { version: started.body.version, type: 'employment' });
    expect(edited.body).toMatchObject({ type: 'employment', category: 'employment' });
    const del = await cadre.delete<ErrorBody>(`${base}?version=${edited.body.version}`);
    expect(del.status).toBe(422);
    const done = await cadre.post<MeasureView>(`${base}/status`, { status: 'done', version: edited.body.version });
    expect(done.body).toMatchObject({ status: 'done', endOn: today });
    const detail = await cadre.get<CaseDetail>(`/api/cases/${id}`);
    expect(detail.body.facts.measuresInPlace).toBe(1);
    // a measure not yet started may be deleted
    const extra = await cadre.post<MeasureView>(`/api/plans/${plan.body.id}/measures`, { type: 'other_education' });
    expect(extra.body).toMatchObject({ category: 'morale_and_skills', department: 'education', status: 'planned' });
    expect((await cadre.delete(`/api/plans/${plan.body.id}/measures/${extra.body.id}?version=1`)).status).toBe(200);
    const view = await cadre.get<PlanView>(`/api/plans/${plan.body.id}`);
    expect(view.body.measures.map((x) => x.id)).toEqual([m.id]);
    // another village's cadre sees nothing of it
    const cadreB = await tb.as('cadreB');
    expect((await cadreB.get(`/api/plans/${plan.body.id}`)).status).toBe(404);
    expect((await cadreB.post(`${base}/status`, { status: 'stopped', version: done.body.version })).status).toBe(404);
  });

  it('a visit moves the last-visit day; what it finds wrong becomes a risk event and a lead, attached if one is open', async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A, { householdType: 'lifted_household', liftedYear: 2019 });
    const hid = h.household.id;
    const calm = await cadre.post<VisitCreated>(`/api/households/${hid}/visits`, {
      visitedOn: addDays(today, -2),
      incomeChange: 'stable',
      note: '生活正常',
    });
    expect(calm.status).toBe(201);
    expect(calm.body.lead).toBeNull();
    expect(calm.body.visit).toMatchObject({ visitorId: tb.users.cadre.id, incomeChange: 'stable', method: 'home' });
    const found = await cadre.post<VisitCreated>(`/api/households/${hid}/visits`, {
      visitedOn: addDays(today, -1),
      method: 'phone',
      newRisks: ['natural_disaster'],
      housingOk: false,
      note: '暴雨致房屋受损',
    });
    expect(found.body.lead).toMatchObject({
      channel: 'cadre_screening',
      subChannel: 'visit',
      status: 'open',
      householdId: hid,
      riskTypes: expect.arrayContaining(['natural_disaster', 'housing_unsafe']),
      discoveredOn: addDays(today, -1),
      identificationDueOn: addDays(today, 14),
    });
    // the lead is audited before the visit that raised it: both take the import's lock before the county's audit
    // chain lock, as POST /api/leads does (the other order deadlocked under bench/load)
    const audited = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where((eb) =>
        eb.or([
          eb.and([eb('action', '=', 'visit.create'), eb('targetId', '=', hid)]),
          eb.and([eb('action', '=', 'lead.create'), eb('targetId', '=', found.body.lead!.id)]),
        ]),
      )
      .orderBy('seq')
      .execute();
    expect(audited.map((a) => a.action)).toEqual(['visit.create', 'lead.create', 'visit.create']);
    const water = await cadre.post<VisitCreated>(`/api/households/${hid}/visits`, {
      visitedOn: today,
      waterOk: false,
    });
    expect(water.body.lead).toMatchObject({ status: 'attached', attachedToLeadId: found.body.lead!.id });
    const events = await tb.store.db
      .selectFrom('householdRiskEvent')
      .select(['riskType', 'occurredOn', 'source'])
      .where('householdId', '=', hid)
      .orderBy('occurredOn')
      .orderBy('riskType')
      .execute();
    expect(events).toEqual([
      { riskType: 'housing_unsafe', occurredOn: addDays(today, -1), source: 'visit' },
      { riskType: 'natural_disaster', occurredOn: addDays(today, -1), source: 'visit' },
      { riskType: 'water_unsafe', occurredOn: today, source: 'visit' },
    ]);
    const household = await cadre.get<{ household: { lastVisitOn: string } }>(`/api/households/${hid}`);
    expect(household.body.household.lastVisitOn).toBe(today);
    // a visit entered late does not move the day back
    await cadre.post(`/api/households/${hid}/visits`, { visitedOn: addDays(today, -20) });
    expect(
      (await cadre.get<{ household: { lastVisitOn: string } }>(`/api/households/${hid}`)).body.household.lastVisitOn,
    ).toBe(today);
    const list = await cadre.get<VisitPage>(`/api/households/${hid}/visits?pageSize=2`);
    expect(list.body.total).toBe(4);
    expect(list.body.items.map((v) => v.visitedOn)).toEqual([today, addDays(today, -1)]);
    const future = await cadre.post<ErrorBody>(`/api/households/${hid}/visits`, { visitedOn: addDays(today, 1) });
    expect(future.status).toBe(400);
    expect((await (await tb.as('inspector')).post(`/api/households/${hid}/visits`, { visitedOn: today })).status).toBe(
      403,
    );
    const leadView = await cadre.get<LeadView>(`/api/leads/${found.body.lead!.id}`);
    // the lead's description is one language (an officer reads it in a Chinese list): no English mixed in
    expect(leadView.body.description).toBe(
      `${addDays(today, -1)} 走访发现：因自然灾害；住房安全未保障（暴雨致房屋受损）`,
    );
  });

  it("issue 14 §2: a visit's income by component feeds the year's visit-estimate record, which the assessment reads from that day", async () => {
    const cadre = await tb.as('cadre');
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const hid = h.household.id;
    const assessed = async () =>
      (await cadre.get<HouseholdAssessmentView>(`/api/households/${hid}/assessment`)).body.assessment.income;
    const first = await cadre.post<VisitCreated>(`/api/households/${hid}/visits`, {
      visitedOn: addDays(today, -3),
      incomeChange: 'decreased',
      income: { wageFen: 600_000, transferFen: 150_000 },
    });
    expect(first.status).toBe(201);
    // no estimate given: the net income of the components is the visit's estimate
    expect(first.body.visit.estimatedAnnualIncomeFen).toBe(750_000);
    const income = await assessed();
    expect(income.record).toMatchObject({
      kind: 'visit_estimate',
      periodStart: addDays(addMonths(addDays(today, -3), -12), 1),
      periodEnd: addDays(today, -3),
    });
    expect(income.netIncomeFen).toBe(750_000);
    // a later visit of the same year updates the same record, never a second one
    await cadre.post(`/api/households/${hid}/visits`, {
      visitedOn: addDays(today, -1),
      income: { wageFen: 300_000, businessGrossFen: 100_000, businessCostFen: 40_000 },
    });
    const records = await tb.store.db
      .selectFrom('incomeRecord')
      .select(['kind', 'periodEnd', 'wageFen', 'transferFen'])
      .where('householdId', '=', hid)
      .where('kind', '=', 'visit_estimate')
      .execute();
    expect(records).toEqual([
      { kind: 'visit_estimate', periodEnd: addDays(today, -1), wageFen: 300_000, transferFen: 0 },
    ]);
    expect((await assessed()).netIncomeFen).toBe(360_000);
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('targetId', '=', hid)
      .where('action', 'like', 'income.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['income.create', 'income.update']);
  });

  it('S3 §三(二): lists the lifted and monitored households due or overdue for a visit this month', async () => {
    const cadre = await tb.as('cadre');
    const month = today.slice(0, 7);
    const lifted = { householdType: 'lifted_household' as const, liftedYear: 2019 };
    const neverVisited = await createHouseholdIn(tb, VILLAGE_A, lifted);
    const visitedLastMonth = await createHouseholdIn(tb, VILLAGE_A, lifted);
    const visitedThisMonth = await createHouseholdIn(tb, VILLAGE_A, lifted);
    const general = await createHouseholdIn(tb, VILLAGE_A);
    const monitored = await createHouseholdIn(tb, VILLAGE_A);
    const inB = await createHouseholdIn(tb, VILLAGE_B, lifted);
    const visit = (id: string, day: string) =>
      createVisit(ctxAs(tb, 'admin', day), id, { ...calmVisit, visitedOn: day });
    const lastMonth = addDays(today, -24); // due a month later: this month, not yet overdue
    await visit(visitedLastMonth.household.id, lastMonth);
    await visit(visitedThisMonth.household.id, addDays(today, -1));
    await visit(general.household.id, addDays(today, -60));
    // confirmed 12 days after a lead 40 days back, never visited: due a month after confirmation
    await identify(tb, monitored.household.id, addDays(today, -40));
    const confirmedOn = addDays(today, -28);

    const r = await cadre.get<VisitDuePage>(`/api/visits/due?month=${month}&pageSize=100`);
    expect(r.status).toBe(200);
    const byId = new Map(r.body.items.map((i) => [i.householdId, i]));
    expect(byId.get(neverVisited.household.id)).toMatchObject({ dueOn: null, overdue: true, lifted: true });
    expect(byId.get(visitedLastMonth.household.id)).toMatchObject({
      lastVisitOn: lastMonth,
      dueOn: addMonths(lastMonth, 1),
      overdue: addMonths(lastMonth, 1) < today,
    });
    expect(byId.get(monitored.household.id)).toMatchObject({
      monitored: true,
      lifted: false,
      lastVisitOn: null,
      dueOn: addMonths(confirmedOn, 1),
    });
    expect(byId.has(visitedThisMonth.household.id)).toBe(false); // due next month
    expect(byId.has(general.household.id)).toBe(false); // neither lifted nor monitored
    expect(byId.has(inB.household.id)).toBe(false); // another village
    // overdue first, highlighted
    const flags = r.body.items.map((i) => i.overdue);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    expect(r.body.overdueCount).toBe(r.body.items.filter((i) => i.overdue).length);
    const next = await cadre.get<VisitDuePage>(`/api/visits/due?month=${addMonths(today, 1).slice(0, 7)}&pageSize=100`);
    expect(next.body.items.map((i) => i.householdId)).toContain(visitedThisMonth.household.id);
    const only = await cadre.get<VisitDuePage>(`/api/visits/due?month=${month}&overdueOnly=true&pageSize=100`);
    expect(only.body.items.every((i) => i.overdue)).toBe(true);
    expect(only.body.total).toBe(r.body.overdueCount);

    // the same rule as screening's visit check, household by household
    const facts = new HouseholdFactsRepository(tb.store.db);
    const { policy } = await policyAt(tb.store.db, VILLAGE_A, today);
    for (const item of r.body.items) {
      const loaded = (await facts.loadOne(item.householdId, scopeOf(actorOf(tb, 'admin')), today))!;
      const check = visitCheck(loaded.facts, policy, today, loaded.context.lastVisitOn);
      expect({ dueOn: item.dueOn, overdue: item.overdue }, item.householdNo).toEqual({
        dueOn: check.dueOn,
        overdue: check.overdue,
      });
    }
  });
});

const calmVisit = {
  method: 'home' as const,
  foodClothingOk: true,
  educationOk: true,
  medicalOk: true,
  housingOk: true,
  waterOk: true,
  newRisks: [],
};
