import type { ErrorBody, HouseholdDetail, HouseholdView, IncomeView, MemberView } from '@dixian/core/api';
import type { FactChangesView, HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncome } from '../../src/services/income.service.js';
import { explainHousehold, runScreening } from '../../src/services/screening.service.js';
import {
  annualIncome,
  createHouseholdIn,
  createTestbed,
  memberInput,
  VILLAGE_A,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * Issue 20 §2, history of the facts: a change keeps what held before it with the day it took effect (migration
 * 0114), and the assessment of a past day reads the facts of that day. The test clock stands at 2024-06-03
 * (China day); the households were registered in January (their created_at moved back), so a sale "last month"
 * can be recorded today with its own 生效日期.
 */
describe.each(engines)('history of the facts on %s', (engine) => {
  let tb: Testbed;

  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  /** A household registered on 2024-01-05 with two members and a 2023 income of 4,000 yuan a head. */
  async function registeredInJanuary(fields: Partial<HouseholdDetail['household']> = {}): Promise<HouseholdDetail> {
    const d = await createHouseholdIn(tb, VILLAGE_A, {
      ...fields,
      members: [memberInput('head', { birthDate: '1966-02-03' }), memberInput('spouse', { birthDate: '1968-05-06' })],
    } as never);
    await createIncome(tb.system, d.household.id, annualIncome(2023, 800_000));
    await tb.store.db
      .updateTable('household')
      .set({ createdAt: new Date('2024-01-05T02:00:00Z') })
      .where('id', '=', d.household.id)
      .execute();
    return d;
  }

  const assessment = async (id: string, date: string) => {
    const r = await (
      await tb.as('cadre')
    ).get<HouseholdAssessmentView>(`/api/households/${id}/assessment?date=${date}`);
    expect(r.status).toBe(200);
    return r.body.assessment;
  };
  const carExcluded = (a: HouseholdAssessmentView['assessment']) => a.exclusions.includes('S0.2.2.1.private_car');

  // S0 方案二 §二(二)1 (seeds/000_7e4a24dd261e3a01.txt): "受灾群众中家庭有消费型车辆、商品房、公职人员、实质性经商办企业等情况"
  // are not taken into monitoring.
  it('S0 方案二 §二(二)1: a car sold on 2024-05-10 excludes the household before that day and not after', async () => {
    const d = await registeredInJanuary({ hasPrivateCar: true } as never);
    const id = d.household.id;
    const admin = await tb.as('admin');
    const sold = await admin.patch<HouseholdView>(`/api/households/${id}`, {
      version: d.household.version,
      hasPrivateCar: false,
      effectiveOn: '2024-05-10',
    });
    expect(sold.status).toBe(200);

    const before = await assessment(id, '2024-05-09');
    expect(carExcluded(before)).toBe(true);
    const after = await assessment(id, '2024-05-10');
    expect(carExcluded(after)).toBe(false);
    expect(after.exclusions).toEqual([]);
    expect(carExcluded(await assessment(id, '2024-06-03'))).toBe(false);
  });

  it('a change without a 生效日期 takes the service clock’s day, not the database’s', async () => {
    const d = await registeredInJanuary();
    const id = d.household.id;
    const admin = await tb.as('admin');
    const bought = await admin.patch<HouseholdView>(`/api/households/${id}`, {
      version: d.household.version,
      hasCommercialHousing: true,
    });
    expect(bought.status).toBe(200);
    const yesterday = await assessment(id, '2024-06-02');
    expect(yesterday.exclusions).not.toContain('S0.2.2.1.commercial_housing');
    const today = await assessment(id, '2024-06-03');
    expect(today.exclusions).toContain('S0.2.2.1.commercial_housing');
  });

  it('refuses a 生效日期 in the future or before the registration, naming the field', async () => {
    const d = await registeredInJanuary();
    const admin = await tb.as('admin');
    const future = await admin.patch<ErrorBody>(`/api/households/${d.household.id}`, {
      version: d.household.version,
      hasPrivateCar: true,
      effectiveOn: '2024-06-04',
    });
    expect(future.status).toBe(400);
    expect(future.body.error.issues).toEqual([
      expect.objectContaining({ path: 'body.effectiveOn', message: expect.stringContaining('生效日期不能晚于今天') }),
    ]);
    const early = await admin.patch<ErrorBody>(`/api/households/${d.household.id}`, {
      version: d.household.version,
      hasPrivateCar: true,
      effectiveOn: '2023-12-31',
    });
    expect(early.status).toBe(400);
    expect(early.body.error.issues[0]!.message).toContain('建档日期');
  });

  it('a member’s illness and disability, and an income record replaced, as of the days before', async () => {
    const d = await registeredInJanuary();
    const id = d.household.id;
    const head = d.members.find((m) => m.relation === 'head')!;
    const admin = await tb.as('admin');
    const ill = await admin.patch<MemberView>(`/api/households/${id}/members/${head.id}`, {
      version: head.version,
      healthStatus: 'serious_illness',
      disease: '尿毒症',
      disabilityCategory: 'physical',
      disabilityGrade: 2,
      effectiveOn: '2024-04-01',
    });
    expect(ill.status).toBe(200);
    const incomes = await admin.get<HouseholdDetail>(`/api/households/${id}`);
    const income = incomes.body.incomes[0]!;
    const replaced = await admin.patch<IncomeView>(`/api/households/${id}/incomes/${income.id}`, {
      wageFen: 2_000_000,
      effectiveOn: '2024-05-01',
    });
    expect(replaced.status).toBe(200);

    const march = await assessment(id, '2024-03-31');
    expect(march.riskTypes).not.toContain('illness');
    expect(march.income.netIncomeFen).toBe(800_000);
    const april = await assessment(id, '2024-04-15');
    expect(april.riskTypes).toContain('illness');
    expect(april.income.netIncomeFen).toBe(800_000);
    const may = await assessment(id, '2024-05-02');
    expect(may.income.netIncomeFen).toBe(2_000_000);
  });

  it('lists what changed after a day: field, before → after, the day it took effect; health details masked', async () => {
    const d = await registeredInJanuary({ hasPrivateCar: true } as never);
    const id = d.household.id;
    const head = d.members.find((m) => m.relation === 'head')!;
    const admin = await tb.as('admin');
    await admin.patch(`/api/households/${id}`, {
      version: d.household.version,
      hasPrivateCar: false,
      phone: '13900001111',
      effectiveOn: '2024-05-10',
    });
    await admin.patch(`/api/households/${id}/members/${head.id}`, {
      version: head.version,
      healthStatus: 'serious_illness',
      disease: '尿毒症',
      effectiveOn: '2024-04-01',
    });
    const added = await admin.post(`/api/households/${id}/members`, memberInput('son', { birthDate: '1995-01-02' }));
    expect(added.status).toBe(201);

    const r = await (await tb.as('cadre')).get<FactChangesView>(`/api/households/${id}/fact-changes?since=2024-03-01`);
    expect(r.status).toBe(200);
    const items = r.body.items;
    expect(items[0]).toMatchObject({ effectiveOn: '2024-06-03', table: 'member', change: 'added' });
    expect(items).toContainEqual(
      expect.objectContaining({
        effectiveOn: '2024-05-10',
        table: 'household',
        field: 'hasPrivateCar',
        before: true,
        after: false,
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({
        effectiveOn: '2024-04-01',
        field: 'healthStatus',
        before: 'healthy',
        after: 'serious_illness',
      }),
    );
    expect(items).toContainEqual(
      expect.objectContaining({ field: 'disease', masked: true, before: null, after: null }),
    );
    // a phone is no fact a rule reads: no version, and never in the list
    expect(items.map((i) => i.field)).not.toContain('phone');
    expect(JSON.stringify(r.body)).not.toContain('尿毒症');
    expect(JSON.stringify(r.body)).not.toContain('13900001111');

    const afterApril = await admin.get<FactChangesView>(`/api/households/${id}/fact-changes?since=2024-04-01`);
    expect(afterApril.body.items.map((i) => i.field)).not.toContain('healthStatus');
    const outside = await (await tb.as('cadreB')).get(`/api/households/${id}/fact-changes`);
    expect(outside.status).toBe(404);
  });

  // S0 方案二 §二(二)1 (the car), S0 §二(一) (a serious illness is a risk): a screening of a past day is the
  // reproducible answer to "why was this household (not) flagged on day D", so it must judge every household of
  // its scope exactly as the assessment of that day does.
  it('a screening of a past day judges every household with the facts of that day, as the household page does', async () => {
    const admin = await tb.as('admin');
    // a risk since February (the line alone is no ground for monitoring under the policy in force)
    const illSince = async (d: HouseholdDetail) => {
      const head = d.members.find((m) => m.relation === 'head')!;
      const r = await admin.patch(`/api/households/${d.household.id}/members/${head.id}`, {
        version: head.version,
        healthStatus: 'serious_illness',
        effectiveOn: '2024-02-01',
      });
      expect(r.status).toBe(200);
    };
    const sold = await registeredInJanuary({ hasPrivateCar: true } as never);
    await illSince(sold);
    await admin.patch(`/api/households/${sold.household.id}`, {
      version: sold.household.version,
      hasPrivateCar: false,
      effectiveOn: '2024-05-10',
    });
    const bought = await registeredInJanuary();
    await illSince(bought);
    await admin.patch(`/api/households/${bought.household.id}`, {
      version: bought.household.version,
      hasCommercialHousing: true,
      effectiveOn: '2024-05-15',
    });
    const fell = await registeredInJanuary();
    const head = fell.members.find((m) => m.relation === 'head')!;
    await admin.patch(`/api/households/${fell.household.id}/members/${head.id}`, {
      version: head.version,
      healthStatus: 'serious_illness',
      effectiveOn: '2024-05-20',
    });
    // a member removed today and one added today: both count on the days before as they were then
    // (ill since February, so the removal today takes it out of monitoring's reach: the run of today after the
    // runs of past days must not copy their findings)
    const smaller = await registeredInJanuary();
    await illSince(smaller);
    const spouse = smaller.members.find((m) => m.relation === 'spouse')!;
    expect((await admin.delete(`/api/households/${smaller.household.id}/members/${spouse.id}?version=1`)).status).toBe(
      200,
    );
    const larger = await registeredInJanuary();
    expect(
      (
        await admin.post(
          `/api/households/${larger.household.id}/members`,
          memberInput('son', { birthDate: '1990-01-02' }),
        )
      ).status,
    ).toBe(201);

    const findings = async (runId: string) => {
      const rows = await tb.store.db
        .selectFrom('screeningResult')
        .select(['householdId', 'finding'])
        .where('runId', '=', runId)
        .where('cleared', '=', false)
        .execute();
      const by = new Map<string, string[]>();
      for (const r of rows) by.set(r.householdId, [...(by.get(r.householdId) ?? []), r.finding]);
      return by;
    };
    const village = await tb.store.db
      .selectFrom('household')
      .select('id')
      .where('regionCode', '=', VILLAGE_A)
      .where('closedOn', 'is', null)
      .execute();
    const byDay = new Map<string, Map<string, string[]>>();
    for (const day of ['2024-05-01', '2024-05-12', '2024-05-31', '2024-06-03']) {
      const run = await runScreening(
        tb.store,
        tb.system.actor,
        { scopeCode: VILLAGE_A, asOf: day },
        { now: tb.clock.now },
      );
      expect(run.status).toBe('done');
      const got = await findings(run.id);
      for (const { id } of village) {
        const ref = await explainHousehold(tb.store, tb.system.actor, id, { asOf: day, now: tb.clock.now });
        expect({ id, day, findings: [...(got.get(id) ?? [])].sort() }).toEqual({
          id,
          day,
          findings: [...ref.findings].sort(),
        });
      }
      if (day < '2024-06-03') expect(run.factsChangedAfter).toBeGreaterThanOrEqual(2);
      else expect(run.factsChangedAfter).toBe(0);
      byDay.set(day, got);
    }
    const has = (day: string, id: string) => byDay.get(day)!.get(id)?.includes('should_include') ?? false;
    // the car excludes the household until it was sold; the flat from the day it was bought
    expect([has('2024-05-01', sold.household.id), has('2024-05-12', sold.household.id)]).toEqual([false, true]);
    expect([has('2024-05-12', bought.household.id), has('2024-05-31', bought.household.id)]).toEqual([true, false]);
    expect([has('2024-05-31', smaller.household.id), has('2024-06-03', smaller.household.id)]).toEqual([true, false]);
  });

  it('the income found on a visit recorded days later (a phone synced late) holds from the visit day', async () => {
    const d = await registeredInJanuary();
    const id = d.household.id;
    const visit = await (
      await tb.as('cadre')
    ).post(`/api/households/${id}/visits`, {
      visitedOn: '2024-05-20',
      income: { wageFen: 1_000_000 },
    });
    expect(visit.status).toBe(201);
    expect((await assessment(id, '2024-05-19')).income.record).toMatchObject({ kind: 'annual', year: 2023 });
    expect((await assessment(id, '2024-05-20')).income.record).toMatchObject({ kind: 'visit_estimate' });
  });
});
