/**
 * Screening over HTTP (issue 5 §3; S3 §三(二)(四)(六)(七)) on the example households of the seeds
 * (packages/core/test/fixtures, written as test/screening/runs.test.ts writes them): a run started over the API is
 * recorded `running`, ends `done` with every finding stored with the rules that decided it; results filter by
 * finding and stay in the caller's area; a second run after a change compares as entered / left and why; roles
 * that may not run are refused; every run is audited.
 */
import type {
  ErrorBody,
  HouseholdScreeningView,
  ScreeningComparison,
  ScreeningResultPage,
  ScreeningRunList,
  ScreeningRunView,
} from '@dixian/core/api';
import type { HouseholdFactsInput } from '@dixian/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type FixtureName } from '../../../core/test/fixtures/index.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { beginScreening, RUN_STALE_MS } from '../../src/services/screening.service.js';
import { settleScreeningRuns } from '../../src/services/screening-views.service.js';
import { createTestbed, OTHER_COUNTY, OTHER_COUNTY_VILLAGE, type ApiClient, type Testbed } from '../support/api.js';
import { engines, writeAsOf } from '../support/db.js';
import { setupScreening, writeHousehold } from '../screening/support.js';

const AS_OF = '2024-06-30';
/** a village of another township of 临江市 (六道沟镇), outside the township officer's 桦树镇 */
const OTHER_TOWNSHIP_VILLAGE = '220681101201';

describe.each(engines)('screening over HTTP on %s', (engine) => {
  let tb: Testbed;
  const ids = new Map<string, string>();

  async function write(name: string, facts: HouseholdFactsInput, extras: Parameters<typeof writeHousehold>[2] = {}) {
    const m = facts.monitoring;
    const open = m?.confirmedOn || m?.measures?.length ? ('monitoring' as const) : null;
    const w = await tb.store.transaction((tx) => writeHousehold(tx, facts, { openCaseStage: open, ...extras }));
    ids.set(name, w.id);
    return w.id;
  }

  /** Start a run over the API and wait for it to end (the route answers at once; the run continues). */
  async function run(client: ApiClient, body: Record<string, unknown>): Promise<ScreeningRunView> {
    const started = await client.post<ScreeningRunView>('/api/screening/runs', body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.status).toBe('running');
    await settleScreeningRuns();
    const done = await client.get<ScreeningRunView>(`/api/screening/runs/${started.body.id}`);
    expect(done.status).toBe(200);
    return done.body;
  }

  async function allResults(client: ApiClient, runId: string, query = '') {
    const r = await client.get<ScreeningResultPage>(`/api/screening/runs/${runId}/results?pageSize=500${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }

  beforeAll(async () => {
    tb = await createTestbed(engine);
    // the runs are on 2024-06-30: move the clock past it before anyone logs in (sessions follow the clock)
    tb.clock.advanceMinutes(28 * 24 * 60);
    await setupScreening(tb.store);
    for (const name of Object.keys(FIXTURES) as FixtureName[]) {
      if (FIXTURES[name].regionCode.startsWith('220681')) await write(name, FIXTURES[name]);
    }
    // S3 §三(二): a lifted household last visited two months before the run (visits overdue)
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
    // S3 §三(二): a lifted household never visited, in another township of the county
    await write('other-township', {
      ...FIXTURES['s0-excluded-private-car'],
      householdNo: 'TWP-2',
      regionCode: OTHER_TOWNSHIP_VILLAGE,
      householdType: 'lifted_household',
      hasPrivateCar: false,
      incomes: [],
    });
    // the marginal household in another county

    await write('other-county', {
      ...FIXTURES['s0-marginal-vulnerable'],
      householdNo: 'HJ-1',
      regionCode: OTHER_COUNTY_VILLAGE,
    });
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('S3 §三(四): a county run over HTTP stores findings that name their reasons, and is audited', async () => {
    const officer = await tb.as('officer');
    const r = await run(officer, { asOf: AS_OF });
    expect(r).toMatchObject({ status: 'done', scopeCode: '220681', scopeName: '临江市', asOf: AS_OF, error: null });
    expect(r.policyVersion).toContain('national 2021 v1');
    const inCounty = await tb.store.db
      .selectFrom('household')
      .select('id')
      .where('countyCode', '=', '220681')
      .execute();
    expect(r.householdsScanned).toBe(inCounty.length);
    expect(r.counts.should_include.flagged).toBeGreaterThan(3);

    const include = await allResults(officer, r.id, '&finding=should_include');
    expect(include.items.every((i) => i.finding === 'should_include' && !i.cleared)).toBe(true);
    expect(include.total).toBe(r.counts.should_include.flagged);
    // S0 方案二 §二(一)2: the marginal household below 6000 with a risk, not monitored, explained
    const row = include.items.find((i) => i.householdId === ids.get('s0-marginal-vulnerable'))!;
    expect(row).toMatchObject({ category: 'marginal_vulnerable', villageName: '西南岔村' });
    expect(row.explanation).toMatchObject({
      ruleId: 'S3.3.4.should_include',
      outcome: 'yes',
      reasons: ['S0.2.1.marginal_vulnerable'],
      facts: { monitoringStatus: 'not_monitored', belowLine: true },
    });
    expect(row.explanation.message.zh).toContain('边缘易致贫户');

    // S3 §三(二): the lifted household's overdue visit, by its rule
    const visits = await allResults(officer, r.id, '&finding=visit_overdue');
    const v = visits.items.find((i) => i.householdId === ids.get('lifted-not-visited'))!;
    expect(v.explanation.reasons).toEqual(['S3.3.2.monthly_visits']);
    expect(v.explanation.facts).toMatchObject({ lastVisitOn: '2024-04-29' });

    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('targetId', '=', r.id)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'screening.start', actorId: tb.users.officer.id },
      { action: 'screening.run', actorId: tb.users.officer.id },
    ]);

    const list = await officer.get<ScreeningRunList>('/api/screening/runs');
    expect(list.body.items.map((x) => x.id)).toContain(r.id);

    // the household page's question: latest findings and why
    const h = await officer.get<HouseholdScreeningView>(
      `/api/households/${ids.get('s0-marginal-vulnerable')}/screening`,
    );
    expect(h.status).toBe(200);
    expect(h.body.latestRun?.run.id).toBe(r.id);
    expect(h.body.latestRun?.items.map((i) => i.finding)).toEqual(['should_include']);
    expect(h.body.current.findings).toContain('should_include');
  });

  it('results stay in the area: a township officer sees only their township; another county’s run is not found', async () => {
    const officer = await tb.as('officer');
    const [latest] = (await officer.get<ScreeningRunList>('/api/screening/runs')).body.items;
    const county = await allResults(officer, latest!.id);
    expect(county.items.map((i) => i.householdId)).toContain(ids.get('other-township'));

    const township = await tb.as('township');
    const own = await allResults(township, latest!.id);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((i) => i.regionCode.startsWith('220681100'))).toBe(true);
    expect(own.items.map((i) => i.householdId)).not.toContain(ids.get('other-township'));
    // the run as the township sees it: its own counts, not the county's
    expect(own.run.scopeCode).toBe('220681100');
    expect(Object.values(own.run.counts).reduce((n, c) => n + c.flagged, 0)).toBe(own.total);
    expect(own.total).toBe(county.items.filter((i) => i.regionCode.startsWith('220681100')).length);
    expect(
      (await township.get<ErrorBody>(`/api/households/${ids.get('other-township')}/screening`)).body.error.code,
    ).toBe('not_found');

    const otherAdmin = await tb.as('otherAdmin');
    const theirs = await run(otherAdmin, { asOf: AS_OF });
    expect(theirs.scopeCode).toBe(OTHER_COUNTY);
    for (const url of [
      `/api/screening/runs/${theirs.id}`,
      `/api/screening/runs/${theirs.id}/results`,
      `/api/screening/runs/${theirs.id}/results/export.xlsx`,
      `/api/screening/compare?from=${latest!.id}&to=${theirs.id}`,
    ]) {
      const res = await officer.get<ErrorBody>(url);
      expect([url, res.status, res.body.error?.code]).toEqual([url, 404, 'not_found']);
    }
    expect((await officer.get<ScreeningRunList>('/api/screening/runs')).body.items.map((x) => x.id)).not.toContain(
      theirs.id,
    );
    // nor may a county officer screen another county
    const refused = await officer.post<ErrorBody>('/api/screening/runs', { scopeCode: OTHER_COUNTY, asOf: AS_OF });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
  });

  it('filters are validated, naming the field', async () => {
    const officer = await tb.as('officer');
    const [latest] = (await officer.get<ScreeningRunList>('/api/screening/runs')).body.items;
    const bad = await officer.get<ErrorBody>(`/api/screening/runs/${latest!.id}/results?finding=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i) => i.path)).toContain('querystring.finding');
    const future = await officer.post<ErrorBody>('/api/screening/runs', { asOf: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.issues.map((i) => i.path)).toContain('body.asOf');
  });

  it('S3 §三(四): a second run after a change compares as entered / left, and why', async () => {
    const officer = await tb.as('officer');
    const [first] = (await officer.get<ScreeningRunList>('/api/screening/runs?scopeCode=220681')).body.items;
    // the marginal household is now being identified (from the run's day); a new unstable lifted household appears
    await writeAsOf(tb.store, AS_OF, (tx) =>
      tx.db
        .updateTable('household')
        .set({ monitoringStatus: 'identifying' })
        .where('id', '=', ids.get('s0-marginal-vulnerable')!)
        .execute(),
    );
    const newcomer = await write('newcomer', { ...FIXTURES['s0-unstable-lifted'], householdNo: 'NEW-1' });
    tb.clock.advanceMinutes(5);
    const second = await run(officer, { asOf: AS_OF });
    expect(second.previousRunId).toBe(first!.id);
    expect(second.counts.should_include.cleared).toBe(1);

    const gone = await allResults(officer, second.id, '&cleared=true&finding=should_include');
    expect(gone.items.map((i) => [i.householdId, i.explanation.reasons])).toEqual([
      [ids.get('s0-marginal-vulnerable'), ['monitoring_status:identifying']],
    ]);

    const cmp = await officer.get<ScreeningComparison>(
      `/api/screening/compare?from=${first!.id}&to=${second.id}&finding=should_include`,
    );
    expect(cmp.status, JSON.stringify(cmp.body)).toBe(200);
    expect(cmp.body.from.id).toBe(first!.id);
    expect(cmp.body.counts.should_include).toMatchObject({ entered: 1, left: 1 });
    expect(cmp.body.entered.map((e) => [e.householdId, e.reasons])).toEqual([[newcomer, ['S0.2.1.unstable_lifted']]]);
    expect(cmp.body.left).toEqual([
      expect.objectContaining({
        householdId: ids.get('s0-marginal-vulnerable'),
        reasons: ['monitoring_status:identifying'],
        explainedBy: second.id,
      }),
    ]);
    expect(cmp.body.left[0]!.message.zh).toBeTruthy();
  });

  it('the Excel of a run is streamed, masked, and audited', async () => {
    const officer = await tb.as('officer');
    const [latest] = (await officer.get<ScreeningRunList>('/api/screening/runs?scopeCode=220681')).body.items;
    const res = await officer.get(`/api/screening/runs/${latest!.id}/results/export.xlsx?finding=visit_overdue`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const clear = await officer.get<ErrorBody>(`/api/screening/runs/${latest!.id}/results/export.xlsx?unmask=true`);
    expect(clear.status).toBe(400);
    expect(clear.body.error.issues.map((i) => i.path)).toContain('querystring.reason');
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('action', '=', 'export.screening_results')
      .execute();
    expect(audit.length).toBe(1);
  });

  it('issue 12 §7: a run whose process died stops blocking its area once its heartbeat is two minutes old, and is marked failed', async () => {
    const officer = await tb.as('officer');
    // a run recorded and never executed: what a crash right after the start leaves (status running, no more beats)
    const { started } = await beginScreening(
      tb.store,
      SYSTEM_ACTOR,
      { scopeCode: '220681100', asOf: AS_OF },
      { now: tb.clock.now },
    );
    const body = { scopeCode: '220681100', asOf: AS_OF };
    const refused = await officer.post<ErrorBody>('/api/screening/runs', body);
    expect(refused.status).toBe(409);
    // its results are not there yet, said in words (the status, not its code)
    const pending = await officer.get<ErrorBody>(`/api/screening/runs/${started.id}/results`);
    expect(pending.body.error.message).toMatch(/^排查批次尚未完成（进行中） \/ /);
    tb.clock.advanceMinutes(RUN_STALE_MS / 60_000 + 1);
    const view = await officer.get<ScreeningRunView>(`/api/screening/runs/${started.id}`);
    expect(view.body).toMatchObject({ status: 'failed', error: expect.stringContaining('排查中断') });
    const again = await run(officer, body);
    expect(again.status).toBe('done');
    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select('detail')
      .where('action', '=', 'screening.run')
      .where('targetId', '=', started.id)
      .execute();
    expect(audit).toEqual([{ detail: expect.objectContaining({ status: 'failed', error: 'interrupted' }) }]);
  });

  it('roles that may not run a screening are refused, writing nothing (the role table: county only)', async () => {
    const before = await tb.store.db.selectFrom('screeningRun').select('id').execute();
    for (const user of ['township', 'cadre', 'dept', 'inspector'] as const) {
      const c = await tb.as(user);
      const res = await c.post<ErrorBody>('/api/screening/runs', { asOf: AS_OF });
      expect([user, res.status, res.body.error.code]).toEqual([user, 403, 'forbidden']);
    }
    expect(await tb.store.db.selectFrom('screeningRun').select('id').execute()).toHaveLength(before.length);
    // the department officer cannot read households, so not their findings either
    const dept = await tb.as('dept');
    expect((await dept.get<ErrorBody>('/api/screening/runs')).status).toBe(403);
  });
});
