/**
 * Staged temporary assistance (issue 16 §5). S0 plan one 二 五是: "对返贫人口,根据致贫原因和困难程度,采取一次审批、分阶段
 * 救助方式,适当提高救助标准" — one approval of a household that fell back into poverty, paid in instalments, with a
 * raised cap; S2 §三(二): above 3,000 yuan the county decides. Each instalment is paid by the township's payroll of
 * its month, so the financial ledger agrees with the business ledger (S0 plan one 四(一)).
 * The national policy: 低保 500 yuan a month, cap 10× = 5,000 yuan, raised by 1.5 to 7,500 yuan for 返贫.
 * The test clock is 2024-06-03.
 */
import type { AssistanceCaseView, ErrorBody, HouseholdDetail, PayrollView } from '@dixian/core/api';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHouseholdIn, createTestbed, VILLAGE_A, type Testbed } from '../support/api.js';
import { engines } from '../support/db.js';

type Case = AssistanceCaseView & ErrorBody;

const STAGES = [
  { payOn: '2024-05-25', amountFen: 200_000 },
  { payOn: '2024-06-25', amountFen: 200_000 },
  { payOn: '2024-07-25', amountFen: 200_000 },
];

describe.each(engines)('staged temporary assistance on %s', (engine) => {
  let tb: Testbed;
  let returned: HouseholdDetail;
  let general: HouseholdDetail;

  async function apply(h: HouseholdDetail, amountFen: number) {
    const r = await (
      await tb.as('cadre')
    ).post<Case>('/api/assistance', {
      kind: 'temp_relief',
      integrityPledge: true,
      householdId: h.household.id,
      reliefKind: 'expense',
      amountFen,
      appliedOn: '2024-05-10',
      cause: '家人重病返贫',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  }
  const decide = async (c: AssistanceCaseView, body: Record<string, unknown>) =>
    (await tb.as('officer')).post<Case>(`/api/assistance/${c.id}/decision`, {
      version: c.version,
      decision: 'approve',
      decidedOn: '2024-05-20',
      ...body,
    });

  beforeAll(async () => {
    tb = await createTestbed(engine);
    returned = await createHouseholdIn(tb, VILLAGE_A, { householdType: 'lifted_household' });
    general = await createHouseholdIn(tb, VILLAGE_A, { householdType: 'general_household' });
    // fell back: a lifted household monitored again with its risk not eliminated (as the identification records it)
    await sql`update household set monitoring_status = 'monitoring_unresolved', monitoring_category = 'unstable_lifted'
      where id = ${returned.household.id}`.execute(tb.store.db);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('适当提高救助标准: 6,000 yuan is above the cap of a general household (一事一议 note) but within the raised cap of a returned one', async () => {
    const g = await apply(general, 600_000);
    const noNote = await decide(g, {});
    expect(noNote.status).toBe(400);
    expect(JSON.stringify(noNote.body)).toContain('一事一议');
    const r = await apply(returned, 600_000);
    expect(r).toMatchObject({ returnedToPoverty: true, requiredLevel: 'county' });
  });

  it('only a household that fell back into poverty is paid in stages; the general one is told to pay at once', async () => {
    const g = await apply(general, 300_000);
    const r = await decide(g, {
      stages: [
        { payOn: '2024-05-25', amountFen: 150_000 },
        { payOn: '2024-06-25', amountFen: 150_000 },
      ],
    });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('返贫');
    const unchanged = (await (await tb.as('officer')).get<Case>(`/api/assistance/${g.id}`)).body;
    expect(unchanged.status).toBe('applied');
  });

  it('instalments one fen short of the amount granted are refused with both sums; nothing is decided', async () => {
    const c = await apply(returned, 600_001);
    const r = await decide(c, { stages: STAGES });
    expect(r.status).toBe(400);
    expect(r.body.error.issues[0]).toMatchObject({ path: 'body.stages' });
    expect(r.body.error.issues[0]?.message).toContain('6000.01');
    expect((await (await tb.as('officer')).get<Case>(`/api/assistance/${c.id}`)).body.status).toBe('applied');
  });

  it('one approval, three instalments: each township payroll pays the instalment of its month; the case shows which are paid', async () => {
    const c = await apply(returned, 600_000);
    const decided = await decide(c, { stages: STAGES });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.reliefStages).toEqual(STAGES.map((s) => ({ ...s, paid: false })));
    const audit = await sql<{ detail: { stages: number } }>`select detail from audit_log
      where target_id = ${c.id} and action = 'assistance.approve'`.execute(tb.store.db);
    expect(audit.rows[0]!.detail.stages).toBe(3);

    const may = await (await tb.as('township')).post<PayrollView & ErrorBody>('/api/payrolls', { month: '2024-05' });
    expect(may.status, JSON.stringify(may.body)).toBe(201);
    const line = may.body.lines.find((l) => l.caseId === c.id);
    expect(line).toMatchObject({ kind: 'temp_relief', status: 'included', amountFen: 200_000 });
    expect(line!.note).toContain('分阶段');
    // a one-off temporary assistance is not on the payroll
    expect(may.body.lines.filter((l) => l.kind === 'temp_relief')).toHaveLength(1);

    const approved = await (
      await tb.as('officer')
    ).post<PayrollView>(`/api/payrolls/${may.body.id}/approve`, {
      version: may.body.version,
    });
    const paid = await (
      await tb.as('officer')
    ).post<PayrollView & ErrorBody>(`/api/payrolls/${may.body.id}/paid`, {
      version: approved.body.version,
      paidOn: '2024-06-03',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    const after = (await (await tb.as('township')).get<Case>(`/api/assistance/${c.id}`)).body;
    expect(after.reliefStages!.map((s) => s.paid)).toEqual([true, false, false]);

    const june = await (await tb.as('township')).post<PayrollView>('/api/payrolls', { month: '2024-06' });
    expect(june.body.lines.find((l) => l.caseId === c.id)).toMatchObject({ amountFen: 200_000, status: 'included' });
  });

  it('a staged case takes a payment account; a one-off one is refused', async () => {
    const staged = (
      await (
        await tb.as('township')
      ).get<{ items: AssistanceCaseView[] }>(`/api/assistance?householdId=${returned.household.id}&status=approved`)
    ).body.items.find((c) => c.reliefStages)!;
    const ok = await (
      await tb.as('township')
    ).post<ErrorBody>(`/api/assistance/${staged.id}/payment-account`, {
      version: staged.version,
      payMethod: 'yikatong',
      accountNo: '6222020099990001',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const view = (await (await tb.as('township')).get<Case>(`/api/assistance/${staged.id}`)).body;
    expect(view).toMatchObject({ payMethod: 'yikatong', accountMasked: '************0001' });

    const oneOff = await apply(general, 100_000);
    const d = await (
      await tb.as('township')
    ).post<Case>(`/api/assistance/${oneOff.id}/decision`, {
      version: oneOff.version,
      decision: 'approve',
      decidedOn: '2024-05-20',
    });
    expect(d.status).toBe(200);
    const refused = await (
      await tb.as('township')
    ).post<ErrorBody>(`/api/assistance/${oneOff.id}/payment-account`, {
      version: d.body.version,
      payMethod: 'yikatong',
      accountNo: '6222020099990002',
    });
    expect(refused.status).toBe(422);
  });
});
