/**
 * The 失信 list (issue 16 §7). S0 plan one 三: "将有故意隐瞒个人和家庭重要信息申请社会救助、具有赡养能力却不履行赡养义务、
 * 虚报冒领扶贫资金…等行为的,列入失信人员名单并予以惩治". S2 §二(三)12: "建立救助对象诚信申报承诺制度,对以虚报、隐瞒、伪造
 * 等不正当手段骗取、套取救助资金…作为不良信息记入其信用档案,同时停止社会救助,责令退回非法所得".
 */
import type { AssistanceCaseView, ErrorBody, HouseholdDetail, IntegrityPage, IntegrityView } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, OTHER_TOWNSHIP_VILLAGE, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';
import { dibaoApplication } from '../support/records.js';

type Case = AssistanceCaseView & ErrorBody;
type Record = IntegrityView & ErrorBody;

describe.each(engines)('the 失信 list on %s', (engine) => {
  let tb: Testbed;
  beforeAll(async () => {
    tb = await createTestbed(engine);
  });
  afterAll(async () => {
    await tb?.close();
  });

  const dibao = dibaoApplication;
  async function approvedDibao(h: HouseholdDetail): Promise<AssistanceCaseView> {
    const c = (await (await tb.as('cadre')).post<Case>('/api/assistance', dibao(h))).body;
    return (
      await (
        await tb.as('township')
      ).post<Case>(`/api/assistance/${c.id}/decision`, {
        version: c.version,
        decision: 'approve',
        decidedOn: '2024-03-10',
      })
    ).body;
  }
  const list = async (h: HouseholdDetail, over: object = {}) =>
    (await tb.as('township')).post<Record>('/api/integrity', {
      householdId: h.household.id,
      kind: 'concealment',
      reason: '隐瞒子女务工收入申请低保',
      decidedOn: '2024-06-01',
      recoveryFen: 120_000,
      ...over,
    });

  it('S2 §二(三)12: every application carries the signed honesty pledge', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const unsigned = await (await tb.as('cadre')).post<Case>('/api/assistance', dibao(h, { integrityPledge: false }));
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.issues[0]).toMatchObject({ path: 'body.integrityPledge' });
    expect(unsigned.body.error.issues[0]!.message).toContain('诚信申报承诺');
    const signed = await (await tb.as('cadre')).post<Case>('/api/assistance', dibao(h));
    expect(signed.status).toBe(201);
    expect(signed.body.pledgeSignedOn).toBe('2024-03-01');
  });

  it('S2 §二(三)12: listing stops the household’s 低保 the same day and records what is to be returned', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const c = await approvedDibao(h);
    const r = await list(h);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ kind: 'concealment', active: true, recoveryFen: 120_000, recoveredFen: 0 });
    const after = (await (await tb.as('township')).get<AssistanceCaseView>(`/api/assistance/${c.id}`)).body;
    expect(after).toMatchObject({ status: 'ended', endedOn: '2024-06-01', endReason: 'integrity_violation' });
    const flags = await sql<{
      receivesDibao: boolean;
    }>`select receives_dibao from household where id = ${h.household.id}`.execute(tb.store.db);
    expect(flags.rows[0]!.receivesDibao).toBe(false);
  });

  it('S0 plan one 三: an application from a listed household is stopped with the reason; after removal it is taken', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    const head = h.members.find((m) => m.relation === 'head')!;
    const rec = (await list(h, { kind: 'refused_support', memberId: head.id, reason: '有赡养能力不赡养父母' })).body;
    expect(rec.memberName).toBe(head.name);
    const refused = await (
      await tb.as('cadre')
    ).post<Case>('/api/assistance', {
      kind: 'temp_relief',
      integrityPledge: true,
      householdId: h.household.id,
      reliefKind: 'emergency',
      appliedOn: '2024-06-02',
      cause: '突发重病',
      amountFen: 50_000,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain(
      `${head.name}于2024-06-01因“具有赡养能力却不履行赡养义务”列入失信人员名单:有赡养能力不赡养父母`,
    );
    // money back is recorded up to what was due; then the record is removed with its day and reason
    const township = await tb.as('township');
    const over = await township.post<Record>(`/api/integrity/${rec.id}/recovered`, { version: 1, amountFen: 120_001 });
    expect(over.status).toBe(400);
    const back = await township.post<Record>(`/api/integrity/${rec.id}/recovered`, { version: 1, amountFen: 120_000 });
    expect(back.body).toMatchObject({ recoveredFen: 120_000, version: 2 });
    const early = await township.post<Record>(`/api/integrity/${rec.id}/remove`, {
      version: 2,
      removedOn: '2024-05-01',
      reason: '信用修复',
    });
    expect(early.status).toBe(400);
    const removed = await township.post<Record>(`/api/integrity/${rec.id}/remove`, {
      version: 2,
      removedOn: '2024-06-03',
      reason: '已全额退回,主动履行赡养义务,信用修复',
    });
    expect(removed.body).toMatchObject({ active: false, removedOn: '2024-06-03' });
    const again = await (await tb.as('cadre')).post<Case>('/api/assistance', dibao(h, { appliedOn: '2024-06-03' }));
    expect(again.status).toBe(201);
    const history = await township.get<IntegrityPage>(`/api/integrity?householdId=${h.household.id}`);
    expect(history.body.items.map((i) => i.active)).toEqual([false]);
  });

  it('keeps to the area: a village cadre reads but may not list; another township’s household is not found', async () => {
    const h = await createHouseholdIn(tb, VILLAGE_A);
    expect(
      (
        await (
          await tb.as('cadre')
        ).post<Record>('/api/integrity', {
          householdId: h.household.id,
          kind: 'fraud',
          reason: '骗保',
          decidedOn: '2024-06-01',
        })
      ).status,
    ).toBe(403);
    const far = await createHouseholdIn(tb, OTHER_TOWNSHIP_VILLAGE);
    expect((await list(far)).status).toBe(404);
    const rec = (await list(h)).body;
    expect((await (await tb.as('cadre')).get<Record>(`/api/integrity/${rec.id}`)).status).toBe(200);
    expect((await (await tb.as('cadreB')).get<Record>(`/api/integrity/${rec.id}`)).status).toBe(404);
  });
});
