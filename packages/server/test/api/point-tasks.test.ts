import type { BulkRaiseResult, EightPointsReport, LedgerItemView, LedgerPage } from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, TOWNSHIP, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * The screening-task ledger (排查任务台账, S3 §五 "建立排查任务台账、疑似问题台账、整改工作台账,实行销号管理"; issue 17 §4):
 * one task per village and point short of its target; the suspected problems raised from that point in that village
 * are its items; the task is closed out only after them.
 */
describe.each(engines)('screening tasks from the eight points on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    // S3 §三(二): lifted households are visited at least monthly; never visited, village A falls short of point 2
    for (let i = 0; i < 3; i++) await createHouseholdIn(tb, VILLAGE_A, { householdType: 'lifted_household' });
    await createHouseholdIn(tb, VILLAGE_B);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('one task per village and point short of its target, once; the point’s suspected problems go under it', async () => {
    const inspector = await tb.as('inspector');
    const report = await inspector.get<EightPointsReport>(`/api/supervision/eight-points?region=${TOWNSHIP}`);
    const short = report.body.rows.flatMap((r) =>
      Object.entries(r.figures)
        .filter(([, f]) => f.short)
        .map(([p]) => `${r.regionCode} point:${p}`),
    );
    expect(short).toContain(`${VILLAGE_A} point:visits`);

    const body = { region: TOWNSHIP, deadline: '2024-06-30', ownerId: tb.users.township.id };
    const made = await inspector.post<BulkRaiseResult>('/api/supervision/eight-points/tasks', body);
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body).toMatchObject({ created: short.length, alreadyOpen: 0 });
    const again = await inspector.post<BulkRaiseResult>('/api/supervision/eight-points/tasks', body);
    expect(again.body).toMatchObject({ created: 0, alreadyOpen: short.length });

    const tasks = await inspector.get<LedgerPage>(`/api/ledgers?ledger=screening_task&pageSize=100`);
    expect(tasks.body.total).toBe(short.length);
    const visitsA = tasks.body.items.find((t) => t.regionCode === VILLAGE_A && t.area === 'visits_and_screening')!;
    expect(visitsA.title).toContain('3 户待核查整改');
    // the plan is cited by its name, never by our short code for it
    expect(visitsA.description).toContain('第三(二)条');
    expect(visitsA.description).not.toMatch(/\bS3\b/);
    expect(visitsA).toMatchObject({ status: 'open', ownerId: tb.users.township.id, deadline: '2024-06-30' });

    // the households short of point 2 in village A, raised: they are the task's items
    const raised = await inspector.post<BulkRaiseResult>('/api/supervision/eight-points/visits/raise', {
      ...body,
      region: VILLAGE_A,
    });
    expect(raised.body.created).toBe(3);
    const under = await inspector.get<LedgerPage>(`/api/ledgers?parentId=${visitsA.id}`);
    expect(under.body.total).toBe(3);
    expect(under.body.items.every((i) => i.ledger === 'suspected_issue')).toBe(true);
  });

  it('S3 §五 销号: the task is not closed out while its items are open', async () => {
    const township = await tb.as('township');
    const inspector = await tb.as('inspector');
    const tasks = await inspector.get<LedgerPage>(
      `/api/ledgers?ledger=screening_task&region=${VILLAGE_A}&pageSize=100`,
    );
    let task = tasks.body.items.find((t) => t.area === 'visits_and_screening')!;
    const act = async (who: typeof township, item: LedgerItemView, b: object) =>
      who.post<LedgerItemView>(`/api/ledgers/${item.id}/actions`, { version: item.version, ...b });
    task = (await act(township, task, { action: 'start', plan: '逐户补走访' })).body;
    task = (
      await act(township, task, {
        action: 'record_rectification',
        rectification: '已全部补走访',
        evidence: [{ description: '走访台账', ref: 'ZF-2024-06' }],
      })
    ).body;
    task = (await act(inspector, task, { action: 'verify', passed: true, note: '抽查属实' })).body;
    const refused = await act(inspector, task, { action: 'close', note: '销号' });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toMatch(/未销号|open/);
  });
});
