import type { ErrorBody, LedgerItemView, LedgerPage, LedgerRaiseResult } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../../src/audit/audit-verify.js';
import { seedHouseholds } from '../../src/seed/seed.js';
import { SYSTEM_ACTOR } from '../../src/services/context.js';
import { runScreening } from '../../src/services/screening.service.js';
import {
  COUNTY,
  createHouseholdIn,
  createTestbed,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

describe.each(engines)('the three rectification ledgers on %s (S3 §五)', (engine) => {
  let tb: Testbed;
  let household: string;
  let otherHousehold: string;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    household = (await createHouseholdIn(tb, VILLAGE_A)).household.id;
    otherHousehold = (await createHouseholdIn(tb, VILLAGE_B)).household.id;
  });
  afterAll(async () => {
    await tb?.close();
  });

  const post = async <T>(user: Parameters<Testbed['as']>[0], url: string, body: unknown) =>
    (await tb.as(user)).post<T>(url, body);
  const act = (user: Parameters<Testbed['as']>[0], item: LedgerItemView, body: Record<string, unknown>) =>
    post<LedgerItemView & ErrorBody>(user, `/api/ledgers/${item.id}/actions`, { version: item.version, ...body });

  it('S3 §五: a screening task, a suspected issue under it and a rectification under the issue, each closed after verification by someone else', async () => {
    const task = await post<LedgerItemView>('admin', '/api/ledgers', {
      ledger: 'screening_task',
      area: 'visits_and_screening',
      regionCode: TOWNSHIP,
      title: '桦树镇日常走访排查',
      deadline: '2024-06-30',
    });
    expect(task.status).toBe(201);
    expect(task.body).toMatchObject({
      ledger: 'screening_task',
      status: 'open',
      regionName: '桦树镇',
      openChildren: 0,
    });

    const issue = await post<LedgerItemView>('township', '/api/ledgers', {
      ledger: 'suspected_issue',
      area: 'visits_and_screening',
      regionCode: VILLAGE_A,
      householdId: household,
      parentItemId: task.body.id,
      title: '脱贫户走访逾期',
      description: '连续两个月未走访',
    });
    expect(issue.status).toBe(201);
    expect(issue.body).toMatchObject({ householdId: household, headName: '王建国', actions: ['start'] });

    // a suspected issue starts with its plan, deadline and person responsible (S3 §五 二)
    const noPlan = await act('township', issue.body, {
      action: 'start',
      ownerId: tb.users.township.id,
      deadline: '2024-06-20',
    });
    expect(noPlan.status).toBe(400);
    expect(noPlan.body.error.issues[0]!.path).toBe('body.plan');
    const started = await act('township', issue.body, {
      action: 'start',
      plan: '村级限期补走访并如实纪实',
      ownerId: tb.users.township.id,
      deadline: '2024-06-20',
    });
    expect(started.body).toMatchObject({ status: 'rectifying', ownerName: '测试township', deadline: '2024-06-20' });

    const fix = await post<LedgerItemView>('township', '/api/ledgers', {
      ledger: 'rectification',
      area: 'visits_and_screening',
      regionCode: VILLAGE_A,
      householdId: household,
      parentItemId: issue.body.id,
      title: '补走访',
      plan: '6月10日前入户',
      ownerId: tb.users.township.id,
      deadline: '2024-06-10',
    });
    expect(fix.status).toBe(201);

    const recorded = await act('township', started.body, {
      action: 'record_rectification',
      rectification: '已于6月2日入户走访并纪实',
      evidence: [{ description: '走访记录表', ref: 'ZF-20240602' }],
    });
    expect(recorded.body).toMatchObject({ rectifiedBy: tb.users.township.id, rectifiedOn: '2024-06-03' });
    expect(recorded.body.evidence).toEqual([
      { description: '走访记录表', ref: 'ZF-20240602', addedBy: tb.users.township.id, addedOn: '2024-06-03' },
    ]);
    // the rectifier may not verify their own rectification
    const own = await act('township', recorded.body, { action: 'verify', passed: true, note: '已整改' });
    expect(own.status).toBe(422);
    expect(own.body.error.code).toBe('precondition_failed');
    const verified = await act('inspector', recorded.body, { action: 'verify', passed: true, note: '抽查属实' });
    // no close-out offered yet: the rectification item under it is still open
    expect(verified.body).toMatchObject({
      status: 'verified',
      verifiedBy: tb.users.inspector.id,
      openChildren: 1,
      actions: [],
    });

    // 逐项销号: the issue waits for its rectification item
    const early = await act('officer', verified.body, { action: 'close' });
    expect(early.status).toBe(422);
    expect(early.body.error.message).toContain('下级事项未销号');

    let item = (await (await tb.as('township')).get<LedgerItemView>(`/api/ledgers/${fix.body.id}`)).body;
    item = (await act('officer', item, { action: 'start' })).body;
    item = (
      await act('officer', item, {
        action: 'record_rectification',
        rectification: '已入户',
        evidence: [{ description: '照片' }],
      })
    ).body;
    item = (await act('township', item, { action: 'verify', passed: true, note: '属实' })).body;
    expect((await act('officer', item, { action: 'close' })).status).toBe(422); // the officer rectified it
    const closedFix = await act('inspector', item, { action: 'close', note: '销号' });
    expect(closedFix.body).toMatchObject({ status: 'closed', closedBy: tb.users.inspector.id, closedOn: '2024-06-03' });

    expect((await act('township', verified.body, { action: 'close' })).status).toBe(422); // the rectifier again
    const closed = await act('officer', verified.body, { action: 'close', note: '整改到位,予以销号' });
    expect(closed.body).toMatchObject({ status: 'closed', closeNote: '整改到位,予以销号', actions: [] });
    const again = await act('officer', closed.body, { action: 'close' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_transition');

    const audit = await sql<{
      action: string;
    }>`select action from audit_log where target_id = ${issue.body.id} order by seq`.execute(tb.store.db);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'ledger.create',
      'ledger.start',
      'ledger.record_rectification',
      'ledger.verify',
      'ledger.close',
    ]);
    expect((await verifyAuditChains(tb.store)).ok).toBe(true);
  });

  it('a failed verification returns the item to rectification; a stale version answers 409', async () => {
    const created = await post<LedgerItemView>('officer', '/api/ledgers', {
      ledger: 'suspected_issue',
      area: 'no_labor_flag',
      regionCode: VILLAGE_A,
      householdId: household,
      title: '整户无劳动能力未标注',
      plan: '镇村认定后标注',
      ownerId: tb.users.township.id,
      deadline: '2024-06-15',
    });
    const started = await act('officer', created.body, { action: 'start' });
    const recorded = await act('township', started.body, {
      action: 'record_rectification',
      rectification: '已标注',
      evidence: [{ description: '系统截图' }],
    });
    const failed = await act('inspector', recorded.body, { action: 'verify', passed: false, note: '系统中未见标注' });
    expect(failed.body).toMatchObject({ status: 'rectifying', verificationNote: '系统中未见标注', rectifiedOn: null });
    const stale = await (
      await tb.as('township')
    ).patch<ErrorBody>(`/api/ledgers/${created.body.id}`, {
      version: created.body.version,
      title: '改',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    const renamed = await (
      await tb.as('township')
    ).patch<LedgerItemView>(`/api/ledgers/${created.body.id}`, {
      version: failed.body.version,
      deadline: '2024-06-25',
    });
    expect(renamed.body).toMatchObject({ deadline: '2024-06-25', status: 'rectifying' });
  });

  it('refuses items outside the area, bad parents and households, and unknown owners, naming the field', async () => {
    const outside = await post<ErrorBody>('township', '/api/ledgers', {
      ledger: 'suspected_issue',
      area: 'inclusion',
      regionCode: OTHER_TOWNSHIP_VILLAGE,
      title: 'x',
    });
    expect(outside.status).toBe(403);
    const wrongHousehold = await post<ErrorBody>('township', '/api/ledgers', {
      ledger: 'suspected_issue',
      area: 'inclusion',
      regionCode: VILLAGE_A,
      householdId: otherHousehold,
      title: 'x',
    });
    expect(wrongHousehold.status).toBe(400);
    expect(wrongHousehold.body.error.issues.map((i) => i.path)).toEqual(['body.householdId']);
    const task = await post<LedgerItemView>('township', '/api/ledgers', {
      ledger: 'screening_task',
      area: 'inclusion',
      regionCode: TOWNSHIP,
      title: '纳入排查',
    });
    const badParent = await post<ErrorBody>('township', '/api/ledgers', {
      ledger: 'rectification',
      area: 'inclusion',
      regionCode: VILLAGE_A,
      parentItemId: task.body.id,
      title: 'x',
    });
    expect(badParent.body.error.issues.map((i) => i.path)).toEqual(['body.parentItemId']);
    const badOwner = await post<ErrorBody>('township', '/api/ledgers', {
      ledger: 'screening_task',
      area: 'inclusion',
      regionCode: TOWNSHIP,
      title: 'x',
      ownerId: tb.users.otherAdmin.id,
    });
    expect(badOwner.body.error.issues.map((i) => i.path)).toEqual(['body.ownerId']);
    const badArea = await post<ErrorBody>('admin', '/api/ledgers', {
      ledger: 'screening_task',
      area: 'paperwork',
      regionCode: TOWNSHIP,
      title: 'x',
    });
    expect(badArea.status).toBe(400);
    expect(badArea.body.error.issues[0]!.path).toBe('body.area');
  });

  it('townships see their items, inspectors the county, village cadres none; counts by status and overdue items', async () => {
    await post('admin', '/api/ledgers', {
      ledger: 'screening_task',
      area: 'publicity',
      regionCode: '220681101',
      title: '六道沟镇明白纸发放排查',
      deadline: '2024-05-31',
    });
    const township = await (await tb.as('township')).get<LedgerPage>('/api/ledgers?pageSize=100');
    expect(township.body.items.every((i) => i.regionCode.startsWith(TOWNSHIP))).toBe(true);
    const county = await (await tb.as('inspector')).get<LedgerPage>('/api/ledgers?pageSize=100');
    expect(county.body.total).toBe(township.body.total + 1);
    expect(Object.values(county.body.counts).reduce((a, b) => a + b, 0)).toBe(county.body.total);
    expect(county.body.counts.closed).toBe(2);
    const overdue = await (await tb.as('inspector')).get<LedgerPage>('/api/ledgers?overdue=true');
    expect(overdue.body.items.map((i) => i.title)).toEqual(['六道沟镇明白纸发放排查']);
    expect(overdue.body.items[0]!.overdue).toBe(true);
    expect((await (await tb.as('cadre')).get('/api/ledgers')).status).toBe(403);
    // an item outside the area answers like a missing one
    const other = county.body.items.find((i) => i.regionCode === '220681101')!;
    const hidden = await (await tb.as('township')).get<ErrorBody>(`/api/ledgers/${other.id}`);
    expect(hidden.status).toBe(404);
  });
});

describe.each(engines)('suspected issues raised from a screening run on %s (S3 §五 二)', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
    await seedHouseholds(tb.store, { counties: [COUNTY], households: 300, seed: 3, asOf: '2024-06-03' });
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('one open item per household and finding, in the caller’s area, in the area of its finding; raising again adds none', async () => {
    const run = await runScreening(
      tb.store,
      SYSTEM_ACTOR,
      { scopeCode: COUNTY, asOf: '2024-06-03' },
      { now: tb.clock.now },
    );
    const findings = await sql<{ finding: string; township: string; n: number }>`
      select finding, left(region_code, 9) as township, count(*)::int as n from screening_result
      where run_id = ${run.id} and not cleared group by 1, 2`.execute(tb.store.db);
    const inTownship = findings.rows.filter((r) => r.township === TOWNSHIP).reduce((n, r) => n + r.n, 0);
    const all = findings.rows.reduce((n, r) => n + r.n, 0);
    expect(inTownship).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(inTownship);

    const first = await post('township', { runId: run.id, deadline: '2024-06-30' });
    expect(first.status).toBe(200);
    expect(first.body.created).toBe(inTownship);
    expect(first.body.alreadyOpen).toBe(0);
    const byArea = (township: string | null) => {
      const out: Record<string, number> = {};
      const area: Record<string, string> = {
        should_include: 'inclusion',
        should_eliminate: 'elimination',
        should_flag_no_labor: 'no_labor_flag',
        visit_overdue: 'visits_and_screening',
      };
      for (const r of findings.rows.filter((x) => !township || x.township === township)) {
        out[area[r.finding]!] = (out[area[r.finding]!] ?? 0) + r.n;
      }
      return out;
    };
    expect(first.body.byArea).toEqual(byArea(TOWNSHIP));

    const again = await post('township', { runId: run.id });
    expect(again.body).toEqual({ created: 0, alreadyOpen: inTownship, byArea: {} });
    const county = await post('officer', { runId: run.id, findings: ['visit_overdue', 'should_include'] });
    const wanted = findings.rows.filter((r) => r.finding === 'visit_overdue' || r.finding === 'should_include');
    const wantedOutside = wanted.filter((r) => r.township !== TOWNSHIP).reduce((n, r) => n + r.n, 0);
    expect(county.body.created).toBe(wantedOutside);

    const items = await (
      await tb.as('inspector')
    ).get<LedgerPage>(`/api/ledgers?ledger=suspected_issue&area=visits_and_screening&pageSize=100`);
    const raised = items.body.items.filter((i) => i.sourceRunId === run.id);
    expect(raised.length).toBe(byArea(null).visits_and_screening ?? 0);
    expect(raised[0]).toMatchObject({ sourceFinding: 'visit_overdue', status: 'open', ledger: 'suspected_issue' });
    expect(raised[0]!.title).toMatch(/^走访逾期:户编号 220681/);
    expect(raised[0]!.description).toBeTruthy();

    const cadre = await (await tb.as('cadre')).post<ErrorBody>('/api/ledgers/from-screening', { runId: run.id });
    expect(cadre.status).toBe(403);
    const missing = await post('officer', { runId: '00000000-0000-4000-8000-000000000001' });
    expect(missing.status).toBe(404);
  });

  it('S3 §五: the households chosen on the screening page, and only they, become suspected issues', async () => {
    const run = await runScreening(
      tb.store,
      SYSTEM_ACTOR,
      { scopeCode: COUNTY, asOf: '2024-06-02' },
      { now: tb.clock.now },
    );
    const flagged = await sql<{ householdId: string }>`
      select household_id from screening_result
      where run_id = ${run.id} and not cleared and finding = 'should_include'
      order by household_id limit 3`.execute(tb.store.db);
    expect(flagged.rows.length).toBe(3);
    const chosen = flagged.rows.map((r) => r.householdId);
    // one of the three already has an open item from the earlier raise, or not: count what is open before
    const openBefore = await sql<{ n: number }>`
      select count(*)::int as n from ledger_item
      where source_finding = 'should_include' and status <> 'closed' and household_id = any(${chosen}::uuid[])`.execute(
      tb.store.db,
    );
    const r = await post('officer', { runId: run.id, findings: ['should_include'], householdIds: chosen });
    expect(r.status).toBe(200);
    expect(r.body.created + r.body.alreadyOpen).toBe(3);
    expect(r.body.alreadyOpen).toBe(openBefore.rows[0]!.n);
    const open = await sql<{ householdId: string; sourceRunId: string | null }>`
      select household_id, source_run_id from ledger_item
      where source_finding = 'should_include' and status <> 'closed' and household_id = any(${chosen}::uuid[])`.execute(
      tb.store.db,
    );
    expect(open.rows.map((x) => x.householdId).sort()).toEqual([...chosen].sort());
    const fromThisRun = await sql<{ n: number }>`
      select count(*)::int as n from ledger_item where source_run_id = ${run.id}`.execute(tb.store.db);
    expect(fromThisRun.rows[0]!.n).toBe(r.body.created);

    const none = await post('officer', { runId: run.id, householdIds: [] });
    expect(none.status).toBe(400);
  });

  async function post(user: Parameters<Testbed['as']>[0], body: unknown) {
    return (await tb.as(user)).post<LedgerRaiseResult & ErrorBody>('/api/ledgers/from-screening', body);
  }
});
