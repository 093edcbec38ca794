import type { WarningPage } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annualIncome, createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('a medical warning says which rule raised it (issue 12 §14) on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  async function warn(netLastYearFen: number, metricValue: number, threshold: number) {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const hid = h.household.id;
    const r = await (await tb.as('admin')).post(`/api/households/${hid}/incomes`, annualIncome(2023, netLastYearFen));
    expect(r.status).toBe(201);
    await tb.store.db
      .insertInto('departmentWarning')
      .values({
        department: 'medical_insurance',
        countyCode: '220681',
        regionCode: VILLAGE_A,
        householdId: hid,
        signalType: 'medical_out_of_pocket',
        metricValue,
        threshold,
        eventDate: '2024-05-01',
        dedupeKey: `basis-${hid}`,
      })
      .execute();
    const list = await (await tb.as('admin')).get<WarningPage>(`/api/warnings?householdId=${hid}`);
    return list.body.items[0]!.basis;
  }

  it('S1 §三(二): below the amount but above 50 % of last year’s net income, the share is the rule shown', async () => {
    expect(await warn(200_000, 116_311, 2_000_000)).toEqual({
      zh: '自付 1,163.11 元，超过上年家庭纯收入 2,000.00 元的 50%',
      en: "out of pocket ¥1,163.11, above 50% of last year's net income of ¥2,000.00",
    });
  });

  it('S1 §四(一)2: above the amount, the amount is the rule shown', async () => {
    expect((await warn(10_000_000, 2_512_133, 2_000_000))?.zh).toBe('自付 25,121.33 元，超过标准 20,000.00 元');
  });
});
