/**
 * Screening runs end to end (issue 5 §3) on the example households of the seeds (packages/core/test/fixtures):
 * a run stores each finding with its explanation and policy version, agrees with the core rules household by
 * household, records departures with their reasons on the next run, and two runs compare as "who entered, who
 * left, and why". Access follows the role table.
 */
import { randomUUID } from 'node:crypto';
import { resolvePolicy, type Actor, type HouseholdFactsInput, type ScreeningFinding } from '@dixian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type FixtureName } from '../../../core/test/fixtures/index.js';
import type { Store } from '../../src/db/store.js';
import { HouseholdFactsRepository } from '../../src/repositories/household-facts.repository.js';
import { PolicyRepository } from '../../src/repositories/policy.repository.js';
import { screenHousehold } from '../../src/screening/reference.js';
import {
  compareRuns,
  explainHousehold,
  getScreeningRun,
  listScreeningResults,
  listScreeningRuns,
  runScreening,
} from '../../src/services/screening.service.js';
import { createTestStore, engines, writeAsOf } from '../support/db.js';
import { setupScreening, writeHousehold } from './support.js';

const actor = (role: Actor['role'], scopeCode: string): Actor => ({
  id: randomUUID(),
  username: `${role}-${scopeCode}`,
  role,
  scopeCode,
});
const JILIN = '220681';
const SHAANXI = '610424';
const officer = actor('county_officer', JILIN);
const shaanxiOfficer = actor('county_officer', SHAANXI);
const AS_OF = '2024-06-30';
const ELIM_AS_OF = '2024-07-15';
/** the clock of the runs: after every as-of date used here */
const at = (iso: string) => () => new Date(iso);

describe.each(engines)('screening runs on %s', (engine) => {
  let store: Store;
  const ids = new Map<string, string>();

  async function write(name: string, facts: HouseholdFactsInput, extras: Parameters<typeof writeHousehold>[2] = {}) {
    const m = facts.monitoring;
    const open = m?.confirmedOn || m?.measures?.length ? ('monitoring' as const) : null;
    const w = await store.transaction((tx) => writeHousehold(tx, facts, { openCaseStage: open, ...extras }));
    ids.set(name, w.id);
    return w.id;
  }

  beforeAll(async () => {
    store = await createTestStore(engine);
    await setupScreening(store);
    for (const name of Object.keys(FIXTURES) as FixtureName[]) await write(name, FIXTURES[name]);
    // S3 §三(二): a lifted household, otherwise unremarkable, last visited two months before the run
    await write(
      'lifted-not-visited',
      {
        ...FIXTURES['s0-excluded-private-car'],
        householdNo: 'LIFTED-1',
        householdType: 'lifted_household',
        hasPrivateCar: false,
        incomes: [],
      },
      { visits: ['2024-04-29'] },
    );
  });
  afterAll(async () => {
    await store?.close();
  });

  async function findingsOf(runId: string, who: Actor = officer) {
    const out = new Map<string, ScreeningFinding[]>();
    for (let page = 1; ; page++) {
      const r = await listScreeningResults(store, who, runId, { page, pageSize: 500 });
      for (const i of r.items) out.set(i.householdId, [...(out.get(i.householdId) ?? []), i.finding]);
      if (page * 500 >= r.total) break;
    }
    return out;
  }

  it('S3 §三(二)(四)(六)(七): a county run stores every finding, and they are those of assess()/evaluateEliminationGuards()', async () => {
    const run = await runScreening(
      store,
      officer,
      { scopeCode: JILIN, asOf: AS_OF },
      { now: at('2024-07-01T02:00:00Z') },
    );
    expect(run.status).toBe('done');
    expect(run.scopeCode).toBe(JILIN);
    expect(run.policyVersion).toContain('national 2021 v1');
    // the township override is part of the run's policies (a county may differ village by village)
    expect(run.policies.map((p) => p.prefix)).toEqual([JILIN, '220681101']);
    const inCounty = await store.db.selectFrom('household').select('id').where('countyCode', '=', JILIN).execute();
    expect(run.householdsScanned).toBe(inCounty.length);

    const stored = await findingsOf(run.id);
    const records = await new PolicyRepository(store.db).all();
    const loaded = await new HouseholdFactsRepository(store.db).load(
      inCounty.map((h) => h.id),
      { regionPrefix: JILIN },
      AS_OF,
    );
    const expected = new Map<string, ScreeningFinding[]>();
    for (const l of loaded) {
      const f = screenHousehold(l.facts, resolvePolicy(records, l.regionCode, AS_OF), AS_OF, l.context).findings;
      if (f.length) expected.set(l.id, f);
    }
    expect(stored).toEqual(expected);
    const total = (f: ScreeningFinding) => [...expected.values()].filter((x) => x.includes(f)).length;
    for (const f of ['should_include', 'should_eliminate', 'should_flag_no_labor', 'visit_overdue'] as const) {
      expect(run.counts[f]).toEqual({ flagged: total(f), cleared: 0 });
    }
    expect(run.counts.should_include.flagged).toBeGreaterThan(3);
  });

  it('S0 方案二 §二(一)2 and S3 §三(四): a marginal household below 6000 with a risk and not monitored is 应纳未纳, explained', async () => {
    const run = (await listScreeningRuns(store, officer, { scopeCode: JILIN }))[0]!;
    const page = await listScreeningResults(store, officer, run.id, { finding: 'should_include', pageSize: 500 });
    const row = page.items.find((i) => i.householdId === ids.get('s0-marginal-vulnerable'))!;
    expect(row.category).toBe('marginal_vulnerable');
    expect(row.villageName).toBe('测试村');
    expect(row.explanation).toMatchObject({
      ruleId: 'S3.3.4.should_include',
      outcome: 'yes',
      policyVersion: 'national 2021 v1',
      reasons: ['S0.2.1.marginal_vulnerable'],
      facts: { monitoringStatus: 'not_monitored', category: 'marginal_vulnerable', belowLine: true },
      threshold: { monitoringIncomeLineFen: 600000, comparison: 'net < line × people' },
    });
    expect(row.explanation.message.zh).toContain('边缘易致贫户');
    expect(row.explanation.message.zh).toContain('监测范围 6,000.00元');
    expect(row.explanation.message.en).toContain('marginal');
    // excluded households never appear, whatever their income (S0 方案二 §二(二)1)
    for (const name of ['s0-excluded-private-car', 's0-excluded-public-servant', 's1-urban-out-of-scope']) {
      expect(page.items.map((i) => i.householdId)).not.toContain(ids.get(name));
    }
  });

  it('S3 §三(一): the 陕西 county screens against its own 7300 line without the risk requirement; S3 §三(六): 应消未消', async () => {
    const run = await runScreening(
      store,
      shaanxiOfficer,
      { scopeCode: SHAANXI, asOf: ELIM_AS_OF },
      { now: at('2024-07-16T01:00:00Z') },
    );
    expect(run.policyVersion).toBe('national 2021 v1 + 61 2024 v1');
    const include = await listScreeningResults(store, shaanxiOfficer, run.id, { finding: 'should_include' });
    const line = include.items.find((i) => i.householdId === ids.get('s3-line-7300'))!;
    expect(line.explanation.threshold).toMatchObject({ monitoringIncomeLineFen: 730000, belowLineRequiresRisk: false });
    const elim = await listScreeningResults(store, shaanxiOfficer, run.id, { finding: 'should_eliminate' });
    const due = elim.items.find((i) => i.householdId === ids.get('s3-elimination-due'))!;
    expect(due.explanation.reasons).toContain('W3.min_months_monitored');
    expect(due.explanation.facts).toMatchObject({ measuresInPlace: 2, stableIncome: true, guardsFailed: [] });
    // flagged households are never told to be eliminated (S3 §三(七))
    expect(elim.items.map((i) => i.householdId)).not.toContain(ids.get('s3-no-labor-flag'));
  });

  it('S3 §三(七): a monitored household without labour living on 低保 and not flagged is 应标未标', async () => {
    const run = (await listScreeningRuns(store, officer, { scopeCode: JILIN }))[0]!;
    const r = await listScreeningResults(store, officer, run.id, { finding: 'should_flag_no_labor' });
    const row = r.items.find((i) => i.householdId === ids.get('s1-no-labor-not-eliminated'))!;
    expect(row.explanation).toMatchObject({
      ruleId: 'S3.3.7.should_flag_no_labor',
      facts: { noLaborCapacity: true, livesOnSocialSecurity: true, flagged: false },
    });
  });

  it('the next run records who left and why; two runs compare as entered / left with reasons', async () => {
    const [first] = await listScreeningRuns(store, officer, { scopeCode: JILIN });
    // the registry changes (on the run's day): one household is now monitored, the lifted household was
    // visited, a new one appears
    await writeAsOf(store, AS_OF, (tx) =>
      tx.db
        .updateTable('household')
        .set({ monitoringStatus: 'identifying' })
        .where('id', '=', ids.get('s0-marginal-vulnerable')!)
        .execute(),
    );
    await store.transaction((tx) =>
      tx.db
        .insertInto('visit')
        .values({
          householdId: ids.get('lifted-not-visited')!,
          countyCode: JILIN,
          regionCode: '220681100201',
          visitedOn: '2024-06-20',
        })
        .execute(),
    );
    const newcomer = await write('newcomer', { ...FIXTURES['s0-unstable-lifted'], householdNo: 'NEW-1' });
    const second = await runScreening(
      store,
      officer,
      { scopeCode: JILIN, asOf: AS_OF },
      { now: at('2024-07-02T02:00:00Z') },
    );
    expect(second.previousRunId).toBe(first!.id);
    expect(second.counts.should_include.cleared).toBe(1);
    expect(second.counts.visit_overdue.cleared).toBe(1);

    const departures = await listScreeningResults(store, officer, second.id, { cleared: true });
    const gone = departures.items.find((i) => i.householdId === ids.get('s0-marginal-vulnerable'))!;
    expect(gone).toMatchObject({ finding: 'should_include', cleared: true });
    expect(gone.explanation.outcome).toBe('no');
    expect(gone.explanation.reasons).toEqual(['monitoring_status:identifying']);

    const diff = await compareRuns(store, officer, second.id, first!.id);
    expect(diff.a.id).toBe(first!.id); // ordered by time whatever the argument order
    expect(diff.entered.map((e) => [e.householdId, e.finding])).toContainEqual([newcomer, 'should_include']);
    expect(diff.entered.find((e) => e.householdId === newcomer)!.reasons).toEqual(['S0.2.1.unstable_lifted']);
    const left = diff.left.map((l) => [l.householdId, l.finding, l.reasons, l.explainedBy]);
    expect(left).toContainEqual([
      ids.get('s0-marginal-vulnerable'),
      'should_include',
      ['monitoring_status:identifying'],
      second.id,
    ]);
    expect(left).toContainEqual([ids.get('lifted-not-visited'), 'visit_overdue', ['visited:2024-06-20'], second.id]);
    expect(diff.counts.should_include).toMatchObject({ entered: 1, left: 1 });
  });

  it('a household flagged by the previous run that has left the scope is recorded as a departure, out of scope', async () => {
    // a township's runs: the household moves to the county's other township between them
    const TOWN = '220681100';
    const first = await runScreening(
      store,
      officer,
      { scopeCode: TOWN, asOf: AS_OF },
      { now: at('2024-07-04T00:00:00Z') },
    );
    const flagged = await findingsOf(first.id);
    const mover = [...flagged.keys()][0]!;
    const before = flagged.get(mover)!;
    expect(before.length).toBeGreaterThan(0);
    const stays = [...flagged.keys()].filter((id) => id !== mover);
    await writeAsOf(store, AS_OF, (tx) =>
      tx.db.updateTable('household').set({ regionCode: '220681101201' }).where('id', '=', mover).execute(),
    );
    try {
      const second = await runScreening(
        store,
        officer,
        { scopeCode: TOWN, asOf: AS_OF },
        { now: at('2024-07-05T00:00:00Z') },
      );
      expect(second.previousRunId).toBe(first.id);
      const departures = await listScreeningResults(store, actor('county_admin', ''), second.id, {
        cleared: true,
        pageSize: 500,
      });
      const moved = departures.items.filter((i) => i.householdId === mover);
      expect(moved.map((i) => i.finding).sort()).toEqual([...before].sort());
      for (const m of moved) {
        expect(m.explanation.reasons).toEqual(['out_of_scope']);
        expect(m.regionCode.startsWith(TOWN)).toBe(true); // where it was when flagged
      }
      // nobody who stayed is taken for a mover
      expect(
        departures.items.filter((i) => stays.includes(i.householdId) && i.explanation.reasons?.[0] === 'out_of_scope'),
      ).toEqual([]);
    } finally {
      await store.db.updateTable('household').set({ regionCode: '220681100201' }).where('id', '=', mover).execute();
    }
  });

  it('explains one household with the core rules and its latest stored findings', async () => {
    const x = await explainHousehold(store, officer, ids.get('s1-no-labor-not-eliminated')!, {
      asOf: AS_OF,
      now: at('2024-07-03T00:00:00Z'),
    });
    expect(x.findings).toContain('should_flag_no_labor');
    expect(x.assessment.explanations.map((e) => e.ruleId)).toContain('S3.3.7.whole_household_no_labor');
    expect(x.guards.failedRuleIds).toContain('S3.3.7.not_no_labor_household');
    expect(x.latestRun?.items.map((i) => i.finding)).toContain('should_flag_no_labor');
  });

  it('access: only county roles run screenings, readers see their own area, other counties see nothing', async () => {
    const township = actor('township_officer', '220681100');
    await expect(runScreening(store, township, { scopeCode: '220681100', asOf: AS_OF })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(runScreening(store, officer, { scopeCode: SHAANXI, asOf: AS_OF })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(runScreening(store, officer, { scopeCode: '2206811', asOf: AS_OF })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      runScreening(store, officer, { scopeCode: JILIN, asOf: '2999-01-01' }, { now: at('2024-07-01T00:00:00Z') }),
    ).rejects.toMatchObject({ code: 'validation_failed' });

    const [run] = await listScreeningRuns(store, officer, { scopeCode: JILIN });
    // a township officer sees the county run narrowed to the township
    const seen = await getScreeningRun(store, township, run!.id);
    expect(seen.scopeCode).toBe('220681100');
    const rows = await listScreeningResults(store, township, run!.id, { pageSize: 500 });
    expect(rows.items.every((i) => i.regionCode.startsWith('220681100'))).toBe(true);
    expect(rows.total).toBeLessThan((await listScreeningResults(store, officer, run!.id, { pageSize: 500 })).total);
    // another county's officer: not found, exactly like a missing run
    await expect(getScreeningRun(store, shaanxiOfficer, run!.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(getScreeningRun(store, officer, randomUUID())).rejects.toMatchObject({ code: 'not_found' });
    await expect(explainHousehold(store, shaanxiOfficer, ids.get('s0-marginal-vulnerable')!)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('every run is in the audit log', async () => {
    const audit = await store.db
      .selectFrom('auditLog')
      .select(['action', 'targetId', 'chain'])
      .where('action', '=', 'screening.run')
      .execute();
    const runs = await listScreeningRuns(store, actor('county_admin', ''), {});
    expect(audit.map((a) => a.targetId).sort()).toEqual(runs.map((r) => r.id).sort());
    expect(audit.find((a) => a.chain === SHAANXI)).toBeDefined();
  });
});
