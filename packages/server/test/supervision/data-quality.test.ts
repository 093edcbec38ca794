/**
 * Data-quality rules, two engines (issue 17 §2; S3 §三(八) 系统数据是否精准详实): the set-based statement over an area
 * and core's evaluateDataQuality over each household's facts must find the same rules, and both the hand-counted
 * ones; the API counts them by rule and region, lists the households, and raises them into the suspected-problem
 * ledger once (S3 §五 二).
 */
import type { DataQualityHouseholdPage, DataQualitySummary, LedgerPage, LedgerRaiseResult } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_QUALITY_DEFAULTS, parsePolicyRecord } from '@dixian/core';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { countDataQualityFindings, dataQualityOfHousehold } from '../../src/services/data-quality.service.js';
import { COUNTY, createTestbed, TOWNSHIP, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { buildDqFixture, type DqFixture } from './fixture.js';

const AS_OF = '2024-06-03';
const VILLAGE_B_POLICY = parsePolicyRecord(
  {
    regionPrefix: VILLAGE_B,
    year: 2024,
    version: 1,
    effectiveFrom: '2024-01-01',
    docNo: 'TEST 村 2024',
    docTitle: 'data-quality test override',
    body: { dataQuality: { ...DATA_QUALITY_DEFAULTS, incomeYearLag: 0 } },
  },
  'village test policy',
);

describe.each(engines)('data quality on %s (S3 §三(八))', (engine) => {
  let tb: Testbed;
  let fx: DqFixture;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    fx = await buildDqFixture(tb);
    // village B wants this year's income recorded already: its own policy, not the county's
    await new PolicyRepository(tb.store.db).insertIfAbsent(VILLAGE_B_POLICY, 'test');
  }, 120_000);
  afterAll(() => tb?.close());

  it('the set-based statement finds exactly the hand-counted rules of each household of the township', async () => {
    const found = await countDataQualityFindings(tb.store.db, { regionPrefix: TOWNSHIP }, AS_OF);
    const byKey = Object.fromEntries(Object.entries(fx.ids).map(([k, id]) => [k, found.get(id) ?? []]));
    // village B's own policy: its household has 2023's income, but village B wants 2024's
    expect(byKey).toEqual({ ...fx.expected, clean: [], otherVillage: ['S3.3.8.no_income_record'] });
  });

  it('core, household by household, agrees with the set-based statement', async () => {
    const scope = { regionPrefix: COUNTY };
    const found = await countDataQualityFindings(tb.store.db, scope, AS_OF);
    for (const [key, id] of Object.entries(fx.ids)) {
      const core = await dataQualityOfHousehold(tb.store.db, id, AS_OF);
      expect({ key, ruleIds: core.ruleIds }).toEqual({ key, ruleIds: found.get(id) ?? [] });
    }
  });

  it('the whole country (the system scope) finds the same households as their county', async () => {
    const all = await countDataQualityFindings(tb.store.db, { regionPrefix: '' }, AS_OF);
    const county = await countDataQualityFindings(tb.store.db, { regionPrefix: COUNTY }, AS_OF);
    expect(all).toEqual(county);
  });

  it('a village scope counts its own households only', async () => {
    const found = await countDataQualityFindings(tb.store.db, { regionPrefix: VILLAGE_B }, AS_OF);
    expect([...found.keys()]).toEqual([fx.ids.otherVillage]);
  });

  it('GET /api/supervision/data-quality counts by rule and child region; the households list explains each', async () => {
    const inspector = await tb.as('inspector');
    const res = await inspector.get<DataQualitySummary>(
      `/api/supervision/data-quality?region=${TOWNSHIP}&asOf=${AS_OF}`,
    );
    expect(res.status).toBe(200);
    const dup = res.body.rules.find((r) => r.ruleId === 'S3.3.8.same_person_two_households')!;
    expect(dup.households).toBe(2);
    expect(dup.byRegion).toEqual({ [VILLAGE_A]: 2 });
    expect(res.body.households).toBe(12);
    const noIncome = res.body.rules.find((r) => r.ruleId === 'S3.3.8.no_income_record')!;
    expect(noIncome.byRegion).toEqual({ [VILLAGE_A]: 1, [VILLAGE_B]: 1 });
    expect(noIncome.explain.zh).toContain('收入');
    const list = await inspector.get<DataQualityHouseholdPage>(
      `/api/supervision/data-quality/households?rule=S3.3.8.same_person_two_households&asOf=${AS_OF}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0]!.message.zh).toContain('其他户');
    expect(list.body.items[0]!.headName).toMatch(/^王\*+$/);
  });

  it('a township officer sees the township; a village cadre may not read it', async () => {
    const township = await tb.as('township');
    const res = await township.get<DataQualitySummary>(`/api/supervision/data-quality?asOf=${AS_OF}`);
    expect(res.status).toBe(200);
    expect(res.body.region.code).toBe(TOWNSHIP);
    const cadre = await tb.as('cadre');
    expect((await cadre.get(`/api/supervision/data-quality?asOf=${AS_OF}`)).status).toBe(403);
  });

  it('raising chosen findings adds one suspected issue per household and rule, and none the second time', async () => {
    const inspector = await tb.as('inspector');
    const body = { ruleIds: ['S3.3.8.same_person_two_households', 'S3.3.2.income_drop_unattended'], asOf: AS_OF };
    const first = await inspector.post<LedgerRaiseResult>('/api/ledgers/from-data-quality', body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 3, alreadyOpen: 0, byArea: { data_quality: 3 } });
    const again = await inspector.post<LedgerRaiseResult>('/api/ledgers/from-data-quality', body);
    expect(again.body).toMatchObject({ created: 0, alreadyOpen: 3 });
    const ledger = await inspector.get<LedgerPage>('/api/ledgers?ledger=suspected_issue&area=data_quality');
    expect(ledger.body.items.map((i) => i.title).sort()).toEqual(
      expect.arrayContaining([expect.stringContaining('同一人登记在两户'), expect.stringContaining('收入骤降未跟进')]),
    );
    expect(ledger.body.total).toBe(3);
  });
});
