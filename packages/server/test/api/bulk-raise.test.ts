import type {
  BulkRaiseResult,
  DeadlinePage,
  LedgerItemView,
  LedgerPage,
  RectificationCampaignList,
  RectificationCampaignView,
} from '@dixian/core/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, VILLAGE_B, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

/**
 * Issue 17 §4, S3 §五: overdue deadlines raised into the suspected-problem ledger (疑似问题台账) in bulk, each with its
 * time limit and person responsible; the township rectifies every item and another user verifies and closes them
 * (销号) through the ledger's own steps.
 */
describe.each(engines)('raising overdue deadlines in bulk on %s (issue 17 §4)', (engine) => {
  let tb: Testbed;
  const lifted: string[] = [];

  beforeAll(async () => {
    tb = await createTestbed(engine);
    // S3 §三(二): lifted households are visited at least monthly; never visited, each is overdue
    for (let i = 0; i < 10; i++) {
      lifted.push((await createHouseholdIn(tb, VILLAGE_A, { householdType: 'lifted_household' })).household.id);
    }
    await createHouseholdIn(tb, VILLAGE_B, { householdType: 'lifted_household' });
    await createHouseholdIn(tb, VILLAGE_A); // an ordinary household owes no monthly visit
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('an inspector raises the ten overdue visits of village A once; a second raise adds nothing', async () => {
    const inspector = await tb.as('inspector');
    const overdue = await inspector.get<DeadlinePage>(`/api/deadlines?kind=visit&status=overdue&region=${VILLAGE_A}`);
    expect(overdue.body.total).toBe(10);

    const body = { kind: 'visit', region: VILLAGE_A, deadline: '2024-06-20', ownerId: tb.users.township.id };
    const raised = await inspector.post<BulkRaiseResult>('/api/deadlines/raise', body);
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);
    expect(raised.body).toMatchObject({ created: 10, alreadyOpen: 0 });
    const again = await inspector.post<BulkRaiseResult>('/api/deadlines/raise', body);
    expect(again.body).toMatchObject({ created: 0, alreadyOpen: 10 });

    const audit = await tb.store.db
      .selectFrom('auditLog')
      .select(['detail'])
      .where('action', '=', 'ledger.raise_from_deadlines')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(2);
    expect((audit[0]!.detail as { itemIds: string[] }).itemIds).toHaveLength(10);

    // who may be named: staff of the village, its township and county; nobody of another county
    const who = await inspector.get<{ items: { id: string }[] }>(`/api/supervision/responsible?region=${VILLAGE_A}`);
    const ids = who.body.items.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([tb.users.township.id, tb.users.cadre.id, tb.users.officer.id]));
    expect(ids).not.toContain(tb.users.otherAdmin.id);
    expect(ids).not.toContain(tb.users.cadreB.id);
    expect(ids).not.toContain(tb.users.dept.id);
    // the person responsible must be someone of the area
    const stranger = await inspector.post('/api/deadlines/raise', { ...body, ownerId: tb.users.otherAdmin.id });
    expect(stranger.status).toBe(400);
    // a cadre may not raise
    expect((await (await tb.as('cadre')).post('/api/deadlines/raise', body)).status).toBe(403);
  });

  it('the township rectifies every item; the inspector verifies and closes them one by one', async () => {
    const township = await tb.as('township');
    const inspector = await tb.as('inspector');
    const page = await township.get<LedgerPage>('/api/ledgers?ledger=suspected_issue&area=visits_and_screening');
    expect(page.body.total).toBe(10);
    expect(new Set(page.body.items.map((i) => i.householdId))).toEqual(new Set(lifted));
    for (const i of page.body.items) {
      expect(i).toMatchObject({ status: 'open', ownerId: tb.users.township.id, deadline: '2024-06-20' });
      expect(i.title).toContain('走访逾期');
    }
    const act = async (who: typeof township, item: LedgerItemView, body: object) => {
      const r = await who.post<LedgerItemView>(`/api/ledgers/${item.id}/actions`, { version: item.version, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    };
    for (const start of page.body.items) {
      let item = await act(township, start, { action: 'start', plan: '村级限期补走访并如实纪实' });
      item = await act(township, item, {
        action: 'record_rectification',
        rectification: '已入户走访并纪实',
        evidence: [{ description: '走访记录表', ref: `ZF-${item.householdNo}` }],
      });
      // the rectifier may not verify their own work
      const own = await township.post(`/api/ledgers/${item.id}/actions`, {
        version: item.version,
        action: 'verify',
        passed: true,
        note: '属实',
      });
      expect(own.status).toBe(422);
      item = await act(inspector, item, { action: 'verify', passed: true, note: '抽查属实' });
      item = await act(inspector, item, { action: 'close', note: '整改到位,予以销号' });
      expect(item).toMatchObject({ status: 'closed', rectifiedBy: tb.users.township.id });
    }
    const after = await township.get<LedgerPage>('/api/ledgers?ledger=suspected_issue&area=visits_and_screening');
    expect(after.body.counts).toEqual({ closed: 10 });
  });

  it('S3 §四: the campaign’s phases and dates, with the items opened and closed in each', async () => {
    const officer = await tb.as('officer');
    const opened = await officer.post<RectificationCampaignView>('/api/rectification-campaigns', {
      year: 2024,
      opensOn: '2024-04-01',
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.phases.map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2024-04-01', '2024-05-31'],
      ['2024-06-01', '2024-11-30'],
      ['2024-12-01', '2024-12-31'],
    ]);
    expect((await officer.post('/api/rectification-campaigns', { year: 2024, opensOn: '2024-04-01' })).status).toBe(
      409,
    );
    const backwards = await officer.post('/api/rectification-campaigns', {
      year: 2025,
      opensOn: '2025-04-01',
      phases: [
        { name: '自查', endsOn: '2025-06-30' },
        { name: '整改', endsOn: '2025-05-31' },
      ],
    });
    expect(backwards.status).toBe(400);
    const township = await tb.as('township');
    expect((await township.post('/api/rectification-campaigns', { year: 2026, opensOn: '2026-04-01' })).status).toBe(
      403,
    );
    // today (2024-06-03) is in the second phase: the ten items were opened and closed in it
    const list = await township.get<RectificationCampaignList>('/api/rectification-campaigns?year=2024');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]!.phases.map((p) => [p.state, p.opened, p.closed, p.openAtEnd])).toEqual([
      ['past', 0, 0, 0],
      ['current', 10, 10, 0],
      ['upcoming', 0, 0, 0],
    ]);
  });
});
