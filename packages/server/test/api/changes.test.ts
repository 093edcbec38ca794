import { addDays } from '@dixian/core';
import type {
  ChangeRequestPage,
  ChangeRequestView,
  ErrorBody,
  HouseholdDetail,
  Inbox,
  LeadPage,
} from '@dixian/core/api';
import type { FactChangesView } from '@dixian/core/api/assessment';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHouseholdIn,
  createTestbed,
  memberInput,
  OTHER_TOWNSHIP_VILLAGE,
  VILLAGE_A,
  VILLAGE_B,
  type Testbed,
} from '../support/api.js';
import { identify } from '../support/cases.js';
import { engines } from '../support/db.js';

let n = 0;

/** A household of four: head, spouse, a married son and his wife (who split off together). */
async function familyOfFour(tb: Testbed, village = VILLAGE_A): Promise<HouseholdDetail> {
  const county = village.slice(0, 6);
  // each household its own birth days, so the ID numbers never meet those of other tests or of the other engine
  const day = (base: string) => addDays(base, ++n);
  const s = 900;
  return createHouseholdIn(tb, village, {
    members: [
      memberInput('head', { county, seq: s, birthDate: day('1960-01-01'), name: '张大山' }),
      memberInput('spouse', { county, seq: s + 2, birthDate: day('1962-02-02'), name: '李桂兰' }),
      memberInput('son', { county, seq: s + 4, birthDate: day('1988-03-03'), name: '张小林' }),
      memberInput('daughter_in_law', { county, seq: s + 6, birthDate: day('1990-04-04'), name: '王芳', sex: 'female' }),
    ],
  });
}

function splitOf(h: HouseholdDetail, newNo: string) {
  const son = h.members.find((m) => m.relation === 'son')!;
  const wife = h.members.find((m) => m.relation === 'daughter_in_law')!;
  return {
    kind: 'split' as const,
    householdId: h.household.id,
    note: '儿子结婚后单独立户',
    newHouseholdNo: newNo,
    members: [
      { memberId: son.id, relation: 'head' as const },
      { memberId: wife.id, relation: 'spouse' as const },
    ],
  };
}

async function auditActions(tb: Testbed, householdId: string): Promise<string[]> {
  const r = await sql<{ action: string }>`
    select action from audit_log where target_id = ${householdId} order by at, seq`.execute(tb.store.db);
  return r.rows.map((x) => x.action);
}

describe.each(engines)('changes that need approval (issue 14 §3) on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('a cadre asks for a split, the township sees before and after side by side and approves it: the new household has the members who left', async () => {
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const h = await familyOfFour(tb);
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', splitOf(h, 'FH-0001'));
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.status).toBe('pending');
    expect(asked.body.before).toHaveLength(1);
    expect(asked.body.before[0]!.members.map((m) => m.name)).toEqual(['张大山', '李桂兰', '张小林', '王芳']);
    expect(asked.body.after.map((a) => a.members.map((m) => `${m.name}:${m.relation}`))).toEqual([
      ['张大山:head', '李桂兰:spouse'],
      ['张小林:head', '王芳:spouse'],
    ]);
    expect(asked.body.after[1]!.isNew).toBe(true);
    expect(asked.body.mayDecide).toBe(false); // the cadre may not decide

    const list = await township.get<ChangeRequestPage>('/api/change-requests?status=pending');
    expect(list.body.items.map((i) => i.id)).toContain(asked.body.id);
    const seen = await township.get<ChangeRequestView>(`/api/change-requests/${asked.body.id}`);
    expect(seen.body.mayDecide).toBe(true);
    expect(seen.body.stale).toBe(false);

    const ok = await township.post<ChangeRequestView>(`/api/change-requests/${asked.body.id}/approve`, {
      version: seen.body.version,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('approved');
    expect(ok.body.decidedBy).toBe('测试township');
    const newId = ok.body.resultHouseholdId!;
    const created = await township.get<HouseholdDetail>(`/api/households/${newId}`);
    expect(created.body.household.householdNo).toBe('FH-0001');
    expect(created.body.household.regionCode).toBe(VILLAGE_A);
    expect(created.body.members.map((m) => `${m.name}:${m.relation}`).sort()).toEqual(['张小林:head', '王芳:spouse']);
    const original = await township.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(original.body.members.map((m) => m.name).sort()).toEqual(['张大山', '李桂兰']);
    expect(original.body.household.version).toBe(h.household.version + 1);
    expect(await auditActions(tb, h.household.id)).toEqual([
      'household.create',
      'change.request',
      'household.split',
      'change.approve',
    ]);
    expect(await auditActions(tb, newId)).toEqual(['household.create']);
  });

  it('a monitored household split: its case stays with the part keeping the head, and the part that left gets a lead 分户后研判 of its own (S0 plan two 二 note 2)', async () => {
    const h = await familyOfFour(tb);
    const caseId = await identify(tb, h.household.id, '2024-03-01');
    const cadre = await tb.as('cadre');
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', splitOf(h, 'FH-0002'));
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.before[0]!.caseStage).toBe('monitoring');
    expect(asked.body.after[0]!.caseStage).toBe('monitoring');
    expect(asked.body.after[1]!.caseStage).toBeNull();
    const township = await tb.as('township');
    const ok = await township.post<ChangeRequestView>(`/api/change-requests/${asked.body.id}/approve`, {
      version: asked.body.version,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const c = await tb.store.db
      .selectFrom('monitoringCase')
      .select(['householdId'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.householdId).toBe(h.household.id);
    const leads = await township.get<LeadPage>(`/api/leads?householdId=${ok.body.resultHouseholdId}`);
    expect(leads.status, JSON.stringify(leads.body)).toBe(200);
    expect(leads.body.items).toHaveLength(1);
    expect(leads.body.items[0]).toMatchObject({ status: 'open', subChannel: 'household_split' });
    expect(leads.body.items[0]!.description).toContain('分户');
  });

  it('a move within the township: the household and its open case go to the other village; a move to another township needs the county', async () => {
    const h = await familyOfFour(tb);
    const caseId = await identify(tb, h.household.id, '2024-03-01');
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const near = await cadre.post<ChangeRequestView>('/api/change-requests', {
      kind: 'move',
      householdId: h.household.id,
      targetRegionCode: VILLAGE_B,
      note: '整户搬迁',
    });
    expect(near.status, JSON.stringify(near.body)).toBe(201);
    expect(near.body.after[0]!.regionName).toBe('西南岔村');
    const ok = await township.post<ChangeRequestView>(`/api/change-requests/${near.body.id}/approve`, {
      version: near.body.version,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const moved = await tb.store.db
      .selectFrom('monitoringCase')
      .select('regionCode')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(moved.regionCode).toBe(VILLAGE_B);
    expect((await township.get<HouseholdDetail>(`/api/households/${h.household.id}`)).body.household.regionCode).toBe(
      VILLAGE_B,
    );
    // the cadre of village A no longer sees it; the cadre of village B does
    expect((await cadre.get(`/api/households/${h.household.id}`)).status).toBe(404);
    expect((await (await tb.as('cadreB')).get(`/api/households/${h.household.id}`)).status).toBe(200);

    const far = await (
      await tb.as('cadreB')
    ).post<ChangeRequestView>('/api/change-requests', {
      kind: 'move',
      householdId: h.household.id,
      targetRegionCode: OTHER_TOWNSHIP_VILLAGE,
      note: '迁往六道沟镇',
    });
    expect(far.status, JSON.stringify(far.body)).toBe(201);
    const seen = await township.get<ChangeRequestView>(`/api/change-requests/${far.body.id}`);
    expect(seen.body.mayDecide).toBe(false);
    const refused = await township.post<ErrorBody>(`/api/change-requests/${far.body.id}/approve`, {
      version: far.body.version,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('县级审批');
    const county = await (
      await tb.as('officer')
    ).post<ChangeRequestView>(`/api/change-requests/${far.body.id}/approve`, { version: far.body.version });
    expect(county.status, JSON.stringify(county.body)).toBe(200);
  });

  // issue 20 §2: a move that happened last month, approved today, holds in the history of the facts from the day
  // it happened (S0 方案二 §二 注意2: the register follows the household's real situation)
  it('a change with a 生效日期 holds from that day once approved; a day after today or before registration is refused', async () => {
    const h = await familyOfFour(tb);
    await tb.store.db
      .updateTable('household')
      .set({ createdAt: new Date('2024-01-05T02:00:00Z') })
      .where('id', '=', h.household.id)
      .execute();
    const cadre = await tb.as('cadre');
    const move = { kind: 'move', householdId: h.household.id, targetRegionCode: VILLAGE_B, note: '整户搬迁' };
    const future = await cadre.post<ErrorBody>('/api/change-requests', { ...move, effectiveOn: '2024-06-04' });
    expect(future.status).toBe(400);
    expect(future.body.error.issues[0]).toMatchObject({ path: 'body.effectiveOn' });
    const early = await cadre.post<ErrorBody>('/api/change-requests', { ...move, effectiveOn: '2024-01-04' });
    expect(early.status).toBe(400);
    expect(early.body.error.issues[0]!.message).toContain('建档日期');

    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', { ...move, effectiveOn: '2024-05-20' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.effectiveOn).toBe('2024-05-20');
    const township = await tb.as('township');
    const ok = await township.post(`/api/change-requests/${asked.body.id}/approve`, { version: asked.body.version });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const changes = await township.get<FactChangesView>(
      `/api/households/${h.household.id}/fact-changes?since=2024-05-01`,
    );
    expect(changes.status).toBe(200);
    expect(changes.body.items).toContainEqual(
      expect.objectContaining({ table: 'household', field: 'regionCode', effectiveOn: '2024-05-20' }),
    );
  });

  it('a category change of a monitored household is applied to the household and its open case on approval', async () => {
    const h = await familyOfFour(tb);
    const caseId = await identify(tb, h.household.id, '2024-03-01');
    const cadre = await tb.as('cadre');
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', {
      kind: 'category',
      householdId: h.household.id,
      category: 'sudden_hardship',
      note: '户主突发重病,医疗支出大',
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.before[0]!.monitoringCategory).toBe('marginal_vulnerable');
    expect(asked.body.after[0]!.monitoringCategory).toBe('sudden_hardship');
    const ok = await (
      await tb.as('township')
    ).post<ChangeRequestView>(`/api/change-requests/${asked.body.id}/approve`, { version: asked.body.version });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const c = await tb.store.db
      .selectFrom('monitoringCase')
      .select('category')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(c.category).toBe('sudden_hardship');
    const after = await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(after.body.household.monitoringCategory).toBe('sudden_hardship');
    expect(await auditActions(tb, h.household.id)).toContain('household.category');

    // a household not monitored has no category to change
    const plain = await familyOfFour(tb);
    const no = await cadre.post<ErrorBody>('/api/change-requests', {
      kind: 'category',
      householdId: plain.household.id,
      category: 'sudden_hardship',
      note: '申请变更',
    });
    expect(no.status).toBe(422);
  });

  it('a refusal needs a reason and leaves the household as it was; nobody decides their own request; one pending request per household', async () => {
    const h = await familyOfFour(tb);
    const township = await tb.as('township');
    const own = await township.post<ChangeRequestView>('/api/change-requests', splitOf(h, 'FH-0003'));
    expect(own.status).toBe(201);
    const self = await township.post<ErrorBody>(`/api/change-requests/${own.body.id}/approve`, {
      version: own.body.version,
    });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('不能审批本人提交的申请');
    const second = await (await tb.as('cadre')).post<ErrorBody>('/api/change-requests', splitOf(h, 'FH-0004'));
    expect(second.status).toBe(409);

    const officer = await tb.as('officer');
    const noReason = await officer.post<ErrorBody>(`/api/change-requests/${own.body.id}/refuse`, {
      version: own.body.version,
    });
    expect(noReason.status).toBe(400);
    const refused = await officer.post<ChangeRequestView>(`/api/change-requests/${own.body.id}/refuse`, {
      version: own.body.version,
      reason: '儿子户口尚未迁出,不符合分户条件',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', reason: '儿子户口尚未迁出,不符合分户条件' });
    const again = await officer.post<ErrorBody>(`/api/change-requests/${own.body.id}/approve`, {
      version: refused.body.version,
    });
    expect(again.status).toBe(409);
    const still = await township.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(still.body.members).toHaveLength(4);
    expect(await auditActions(tb, h.household.id)).toEqual(['household.create', 'change.request', 'change.refuse']);
  });

  it('a request whose household changed since cannot be approved, and says why in Chinese; the badge counts pending requests for the township', async () => {
    const h = await familyOfFour(tb);
    const cadre = await tb.as('cadre');
    const township = await tb.as('township');
    const before = await township.get<Inbox>('/api/inbox');
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', splitOf(h, 'FH-0005'));
    const inbox = await township.get<Inbox>('/api/inbox');
    const count = (i: Inbox) => i.items.find((x) => x.kind === 'change_to_decide')?.count ?? 0;
    expect(count(inbox.body)).toBe(count(before.body) + 1);
    expect(inbox.body.items.find((x) => x.kind === 'change_to_decide')!.link).toEqual({
      list: 'changes',
      query: { status: 'pending' },
    });
    // a new member is added after the request
    const added = await cadre.post(`/api/households/${h.household.id}/members`, memberInput('grandson'));
    expect(added.status).toBe(201);
    const seen = await township.get<ChangeRequestView>(`/api/change-requests/${asked.body.id}`);
    expect(seen.body.stale).toBe(true);
    const stale = await township.post<ErrorBody>(`/api/change-requests/${asked.body.id}/approve`, {
      version: asked.body.version,
    });
    expect(stale.status).toBe(422);
    expect(stale.body.error.message).toContain('提交申请后该户信息已有变化');
    expect((await township.get<HouseholdDetail>(`/api/households/${h.household.id}`)).body.members).toHaveLength(5);
  });

  it('the area: a cadre cannot ask about a household of another village, and a cadre of another village does not see the request', async () => {
    const h = await familyOfFour(tb);
    const cadreB = await tb.as('cadreB');
    const outside = await cadreB.post<ErrorBody>('/api/change-requests', splitOf(h, 'FH-0006'));
    expect(outside.status).toBe(404);
    const asked = await (await tb.as('cadre')).post<ChangeRequestView>('/api/change-requests', splitOf(h, 'FH-0006'));
    expect(asked.status).toBe(201);
    expect((await cadreB.get(`/api/change-requests/${asked.body.id}`)).status).toBe(404);
    const list = await cadreB.get<ChangeRequestPage>('/api/change-requests');
    expect(list.body.items.map((i) => i.id)).not.toContain(asked.body.id);
    const refusals = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'access.refused' and target_id = ${asked.body.id}`.execute(
      tb.store.db,
    );
    expect(refusals.rows[0]!.n).toBe(1);
  });

  it('the village withdraws a pending request (撤回): nothing is applied, a new request may follow, a decided one cannot be withdrawn', async () => {
    const h = await familyOfFour(tb);
    const cadre = await tb.as('cadre');
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', splitOf(h, 'FH-0007'));
    expect(asked.body.mayWithdraw).toBe(true);
    const back = await cadre.post<ChangeRequestView>(`/api/change-requests/${asked.body.id}/withdraw`, {
      version: asked.body.version,
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ status: 'withdrawn', mayWithdraw: false, mayDecide: false });
    expect(await auditActions(tb, h.household.id)).toContain('change.withdraw');
    const members = await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(members.body.members).toHaveLength(4);
    const again = await cadre.post<ErrorBody>(`/api/change-requests/${asked.body.id}/withdraw`, {
      version: back.body.version,
    });
    expect(again.status).toBe(409);
    // the household's one pending request is gone: the village may ask again
    expect((await cadre.post('/api/change-requests', splitOf(h, 'FH-0008'))).status).toBe(201);
  });

  it('a split is checked against the household: members must be current, the head stays, the number must be free', async () => {
    const h = await familyOfFour(tb);
    const cadre = await tb.as('cadre');
    const head = h.members.find((m) => m.relation === 'head')!;
    const withHead = await cadre.post<ErrorBody>('/api/change-requests', {
      ...splitOf(h, 'FH-0007'),
      members: [{ memberId: head.id, relation: 'head' }],
    });
    expect(withHead.status).toBe(400);
    const taken = await cadre.post<ErrorBody>('/api/change-requests', {
      ...splitOf(h, h.household.householdNo),
    });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(taken.body.error.issues)).toContain('newHouseholdNo');
    const stranger = await cadre.post<ErrorBody>('/api/change-requests', {
      ...splitOf(h, 'FH-0008'),
      members: [{ memberId: '00000000-0000-4000-8000-000000000001', relation: 'head' }],
    });
    expect(stranger.status).toBe(400);
  });

  it('the list exports to Excel with the rows of the list, in words and China time', async () => {
    const township = await tb.as('township');
    const list = await township.get<ChangeRequestPage>('/api/change-requests?pageSize=100');
    expect(list.body.total).toBeGreaterThan(3);
    const r = await township.get('/api/change-requests/export.xlsx');
    expect(r.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const header = rows.findIndex((row) => row[0] === '变更类型');
    expect(header).toBeGreaterThan(0);
    const body = rows.slice(header + 1);
    expect(body).toHaveLength(list.body.total);
    const text = body.flat().join(' ');
    expect(text).toContain('分户');
    expect(text).toContain('已退回');
    // 生效日期: the day a request gave (the move of the test above), or the day it is approved
    expect(rows[header]).toContain('生效日期');
    expect(text).toContain('2024-05-20');
    expect(text).toContain('批准之日');
    expect(text).not.toMatch(/\b(split|move|category|pending|approved|refused)\b/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('a merge: the members of the other household join, the other is closed and leaves the registry, and its case follows its members', async () => {
    const stay = await familyOfFour(tb);
    const joins = await createHouseholdIn(tb, VILLAGE_A, {
      members: [
        memberInput('head', { county: '220681', seq: 950, birthDate: addDays('1940-05-05', ++n), name: '赵老汉' }),
        memberInput('spouse', { county: '220681', seq: 952, birthDate: addDays('1942-06-06', n), name: '钱老太' }),
      ],
    });
    const caseId = await identify(tb, joins.household.id, '2024-03-01');
    const cadre = await tb.as('cadre');
    const body = {
      kind: 'merge' as const,
      householdId: stay.household.id,
      otherHouseholdId: joins.household.id,
      note: '老人随子女生活,户口并入',
      members: joins.members.map((m) => ({ memberId: m.id, relation: m.relation === 'head' ? 'father' : 'mother' })),
    };
    const partial = await cadre.post<ErrorBody>('/api/change-requests', { ...body, members: body.members.slice(0, 1) });
    expect(partial.status).toBe(400);
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', body);
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.before.map((b) => b.members.length)).toEqual([4, 2]);
    expect(asked.body.after[0]!.members.map((m) => m.name)).toContain('赵老汉');
    expect(asked.body.after[0]!.caseStage).toBe('monitoring');
    expect(asked.body.after[1]!.isClosed).toBe(true);
    // the other household is taken: no second request about it while this one waits
    const again = await cadre.post<ErrorBody>('/api/change-requests', splitOf(stay, 'FH-0009'));
    expect(again.status).toBe(409);

    const ok = await (
      await tb.as('township')
    ).post<ChangeRequestView>(`/api/change-requests/${asked.body.id}/approve`, { version: asked.body.version });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const merged = await cadre.get<HouseholdDetail>(`/api/households/${stay.household.id}`);
    expect(merged.body.members).toHaveLength(6);
    expect(merged.body.household).toMatchObject({ monitoringStatus: 'monitoring_unresolved', closedOn: null });
    expect(merged.body.cases.map((c) => c.id)).toContain(caseId);
    const closed = await cadre.get<HouseholdDetail>(`/api/households/${joins.household.id}`);
    expect(closed.body.household.closedOn).not.toBeNull();
    expect(closed.body.household.mergedIntoId).toBe(stay.household.id);
    expect(closed.body.members.filter((m) => !m.leftOn)).toHaveLength(0);
    const search = await cadre.get<{ items: { id: string }[] }>(
      `/api/households?q=${encodeURIComponent(joins.household.householdNo)}`,
    );
    expect(search.body.items.map((i) => i.id)).not.toContain(joins.household.id);
    expect(await auditActions(tb, stay.household.id)).toEqual(
      expect.arrayContaining(['change.request', 'household.merge', 'change.approve']),
    );
    expect(await auditActions(tb, joins.household.id)).toContain('household.close');
    // a closed household takes no more requests
    const late = await cadre.post<ErrorBody>('/api/change-requests', {
      kind: 'move',
      householdId: joins.household.id,
      targetRegionCode: VILLAGE_B,
      note: '迁移',
    });
    expect(late.status).toBe(422);
  });

  it('two households that both have an open case cannot be merged', async () => {
    const a = await familyOfFour(tb);
    const b = await familyOfFour(tb);
    await identify(tb, a.household.id, '2024-03-01');
    await identify(tb, b.household.id, '2024-03-01');
    const r = await (
      await tb.as('cadre')
    ).post<ErrorBody>('/api/change-requests', {
      kind: 'merge',
      householdId: a.household.id,
      otherHouseholdId: b.household.id,
      note: '合户',
      members: b.members.map((m) => ({ memberId: m.id, relation: 'other' })),
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('两户均有在办的监测案件');
  });

  it('members of a monitored household join or leave only by an approved request (S0 plan two 二 note 2)', async () => {
    const h = await familyOfFour(tb);
    await identify(tb, h.household.id, '2024-03-01');
    const cadre = await tb.as('cadre');
    const url = `/api/households/${h.household.id}/members`;
    const wife = h.members.find((m) => m.relation === 'daughter_in_law')!;
    // straight through the member endpoints: refused, with where to go instead
    const direct = await cadre.post<ErrorBody>(url, memberInput('grandson'));
    expect(direct.status).toBe(422);
    expect(direct.body.error.message).toContain('申请变更');
    const leave = await cadre.post<ErrorBody>(`${url}/${wife.id}/leave`, {
      version: wife.version,
      leftOn: '2024-05-01',
      reason: 'moved_out',
    });
    expect(leave.status).toBe(422);

    const baby = memberInput('grandson', { name: '张小宝', birthDate: addDays('2024-01-01', ++n) });
    const asked = await cadre.post<ChangeRequestView>('/api/change-requests', {
      kind: 'members',
      householdId: h.household.id,
      note: '孙子出生落户;儿媳外出务工迁出',
      joins: [baby],
      leaves: [{ memberId: wife.id, leftOn: '2024-05-01', reason: 'moved_out' }],
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.after[0]!.members.map((m) => m.name)).toEqual(['张大山', '李桂兰', '张小林', '张小宝']);
    const ok = await (
      await tb.as('township')
    ).post<ChangeRequestView>(`/api/change-requests/${asked.body.id}/approve`, { version: asked.body.version });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const after = await cadre.get<HouseholdDetail>(`/api/households/${h.household.id}`);
    expect(after.body.members.find((m) => m.name === '张小宝')).toMatchObject({ relation: 'grandson' });
    expect(after.body.members.find((m) => m.id === wife.id)).toMatchObject({ leftOn: '2024-05-01' });
    expect(await auditActions(tb, h.household.id)).toContain('household.members');

    // a household with no open case changes its members directly, and cannot ask for it
    const plain = await familyOfFour(tb);
    const no = await cadre.post<ErrorBody>('/api/change-requests', {
      kind: 'members',
      householdId: plain.household.id,
      note: '新增成员',
      joins: [memberInput('grandson', { birthDate: addDays('2023-01-01', ++n) })],
    });
    expect(no.status).toBe(422);
  });
});
