/**
 * The monthly payroll (issue 16 §6): "a township runs a month's payroll and the county reconciles it". S0 plan one
 * 四(一): "逐步实现运用低保信息系统办理各类社会救助的申请、审核、审批、资金发放…实现低保信息系统、财务台账和业务台账数据
 * 线上、线下保持一致"; 二、五: one approval, payments in stages (month by month). S2 §二(三)12: "骗取、套取救助资金…
 * 同时停止社会救助,责令退回非法所得" — months paid to a case ended for an integrity violation are recovered.
 * The test clock is 2024-06-03: May is the month past, June the month running.
 */
import type {
  AssistanceCaseView,
  ErrorBody,
  HouseholdDetail,
  PaymentAccountView,
  PayrollList,
  PayrollView,
  Reconciliation,
} from '@dixian/core/api';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHouseholdIn,
  createTestbed,
  OTHER_TOWNSHIP_VILLAGE,
  TOWNSHIP,
  VILLAGE_A,
  type Testbed,
} from '../support/api.js';
import { engines } from '../support/db.js';

type Case = AssistanceCaseView & ErrorBody;
type Payroll = PayrollView & ErrorBody;

describe.each(engines)('the monthly payroll on %s', (engine) => {
  let tb: Testbed;
  const cases: Record<string, AssistanceCaseView> = {};
  const homes: Record<string, HouseholdDetail> = {};

  async function dibao(name: string, appliedOn: string, decidedOn: string) {
    const h = await createHouseholdIn(tb, name === 'other' ? OTHER_TOWNSHIP_VILLAGE : VILLAGE_A);
    homes[name] = h;
    const decider = name === 'other' ? 'officer' : 'township';
    const applied = await (
      await tb.as(name === 'other' ? 'officer' : 'cadre')
    ).post<Case>('/api/assistance', {
      kind: 'dibao',
      integrityPledge: true,
      householdId: h.household.id,
      classification: 'dibao',
      appliedOn,
      cause: '收入低',
      insuredMemberIds: h.members.map((m) => m.id),
      perCapitaIncomeFen: 300_000,
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const c = await (
      await tb.as(decider)
    ).post<Case>(`/api/assistance/${applied.body.id}/decision`, {
      version: applied.body.version,
      decision: 'approve',
      decidedOn,
    });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    cases[name] = c.body;
    return c.body;
  }
  async function end(name: string, endedOn: string, reason: string, note?: string) {
    const c = (await (await tb.as('township')).get<Case>(`/api/assistance/${cases[name]!.id}`)).body;
    const r = await (
      await tb.as('township')
    ).post<Case>(`/api/assistance/${c.id}/end`, { version: c.version, endedOn, reason, ...(note ? { note } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const prepare = async (month: string, user: 'township' | 'officer' = 'township', region?: string) =>
    (await tb.as(user)).post<Payroll>('/api/payrolls', { month, ...(region ? { region } : {}) });
  const lineOf = (p: PayrollView, name: string) => p.lines.find((l) => l.caseId === cases[name]!.id);

  beforeAll(async () => {
    tb = await createTestbed(engine);
    await dibao('steady', '2024-03-01', '2024-03-10');
    await dibao('lastDay', '2024-05-20', '2024-05-31');
    await dibao('endedFirst', '2024-03-01', '2024-03-10');
    await dibao('endedMid', '2024-03-01', '2024-03-10');
    await dibao('grace', '2024-03-01', '2024-03-10');
    await dibao('fraud', '2024-03-01', '2024-03-10');
    await dibao('other', '2024-03-01', '2024-03-10');
    await end('endedFirst', '2024-05-01', 'no_longer_eligible');
    await end('endedMid', '2024-05-15', 'moved_away');
    // a grace period of April and May (S2 §二(一)1), as the grace decision records it
    await sql`update social_assistance_case set grace_months = 2, grace_start_on = '2024-04-01',
      grace_end_on = '2024-05-31' where id = ${cases.grace!.id}`.execute(tb.store.db);
  });
  afterAll(async () => {
    await tb?.close();
  });

  it('the payee account is recorded sealed and shown masked', async () => {
    const c = (await (await tb.as('township')).get<Case>(`/api/assistance/${cases.steady!.id}`)).body;
    const r = await (
      await tb.as('township')
    ).post<PaymentAccountView & ErrorBody>(`/api/assistance/${c.id}/payment-account`, {
      version: c.version,
      payMethod: 'social_security_card',
      accountNo: '6222020012345678',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accountNo).toBe('************5678');
    // the store opens sealed values on read; in the column itself is a token, never the digits
    const stored = await sql<{ payAccount: string; at: number }>`select pay_account,
      position('6222020012345678' in pay_account) as at from social_assistance_case where id = ${c.id}`.execute(
      tb.store.db,
    );
    expect(stored.rows[0]!.payAccount).toBe('6222020012345678');
    expect(Number(stored.rows[0]!.at)).toBe(0);
  });

  it('S0 plan one 二、五: May pays the cases in force — approved on the last day, in grace, ended mid-month; not one ended on the 1st', async () => {
    const r = await prepare('2024-05');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ regionCode: TOWNSHIP, month: '2024-05', status: 'draft' });
    const paid = (n: string) => lineOf(r.body, n);
    for (const n of ['steady', 'lastDay', 'endedMid', 'grace', 'fraud']) {
      expect(paid(n), n).toMatchObject({ status: 'included', amountFen: cases[n]!.monthlyAmountFen });
      expect(cases[n]!.monthlyAmountFen).toBeGreaterThan(0);
    }
    expect(paid('endedFirst')).toBeUndefined();
    expect(paid('other')).toBeUndefined();
    expect(paid('grace')!.note).toContain('渐退期内');
    expect(paid('endedMid')!.note).toContain('本月退出');
    expect(paid('steady')!.accountNo).toBe('************5678');
    expect(paid('fraud')!.note).toContain('未登记发放账号');
    const total = ['steady', 'lastDay', 'endedMid', 'grace', 'fraud'].reduce(
      (s, n) => s + cases[n]!.monthlyAmountFen!,
      0,
    );
    expect(r.body.totalFen).toBe(total);
    expect(r.body.lineCount).toBe(5);
    // preparing a draft again rebuilds it: the same payroll, the same lines
    const again = await prepare('2024-05');
    expect(again.body.id).toBe(r.body.id);
    expect(again.body.lines).toHaveLength(5);
  });

  it('a township prepares only its own township and no month to come', async () => {
    expect((await prepare('2024-05', 'township', '220681101')).status).toBe(403);
    expect((await prepare('2024-07')).status).toBe(400);
    expect((await (await tb.as('cadre')).post('/api/payrolls', { month: '2024-05' })).status).toBe(403);
  });

  it('the county prepares for a township it names; a village officer reads the payroll, its own village only', async () => {
    const county = await prepare('2024-05', 'officer', TOWNSHIP);
    expect(county.status, JSON.stringify(county.body)).toBe(201);
    expect(county.body.lines).toHaveLength(5);
    expect((await prepare('2024-05', 'officer')).status).toBe(400); // a county is no township
    const cadre = await (await tb.as('cadre')).get<Payroll>(`/api/payrolls/${county.body.id}`);
    expect(cadre.status).toBe(200);
    expect(cadre.body.lines.length).toBeGreaterThan(0);
    expect(cadre.body.lines.every((l) => l.villageCode === VILLAGE_A)).toBe(true);
    expect((await (await tb.as('cadre')).get<PayrollList>('/api/payrolls')).body.items).toHaveLength(1);
  });

  it('a line is stopped with its reason and the totals follow', async () => {
    const p = (await prepare('2024-05')).body;
    const line = lineOf(p, 'grace')!;
    const r = await (
      await tb.as('township')
    ).post<Payroll>(`/api/payrolls/${p.id}/lines/${line.id}/stop`, {
      version: p.version,
      reason: '领款人外出务工,待核实',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(lineOf(r.body, 'grace')).toMatchObject({
      status: 'stopped',
      amountFen: 0,
      stopReason: '领款人外出务工,待核实',
    });
    expect(r.body.totalFen).toBe(p.totalFen - line.amountFen);
    expect(r.body.lineCount).toBe(4);
    // rebuilding keeps the stop
    const again = await prepare('2024-05');
    expect(lineOf(again.body, 'grace')).toMatchObject({ status: 'stopped', stopReason: '领款人外出务工,待核实' });
  });

  it('the township cannot approve its own payroll; the county approves, then it is paid', async () => {
    const p = (await (await tb.as('township')).get<PayrollList>('/api/payrolls?month=2024-05')).body.items[0]!;
    expect(
      (await (await tb.as('township')).post<Payroll>(`/api/payrolls/${p.id}/approve`, { version: p.version })).status,
    ).toBe(403);
    const approved = await (
      await tb.as('officer')
    ).post<Payroll>(`/api/payrolls/${p.id}/approve`, { version: p.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');
    // an approved payroll is not rebuilt
    expect((await prepare('2024-05')).status).toBe(409);
    const early = await (
      await tb.as('officer')
    ).post<Payroll>(`/api/payrolls/${p.id}/paid`, {
      version: approved.body.version,
      paidOn: '2024-06-02',
    });
    expect(early.status).toBe(400);
    const paid = await (
      await tb.as('officer')
    ).post<Payroll>(`/api/payrolls/${p.id}/paid`, {
      version: approved.body.version,
      paidOn: '2024-06-03',
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidOn: '2024-06-03' });
    const audit = await sql<{ action: string }>`select action from audit_log where target_id = ${p.id}
      order by seq`.execute(tb.store.db);
    expect(audit.rows.map((a) => a.action)).toEqual(
      expect.arrayContaining(['payroll.prepare', 'payroll.stop', 'payroll.approve', 'payroll.paid']),
    );
  });

  it('the bank export is a real workbook in the finance layout, ID and account numbers masked', async () => {
    const p = (await (await tb.as('officer')).get<PayrollList>('/api/payrolls?month=2024-05')).body.items[0]!;
    const r = await (await tb.as('officer')).get(`/api/payrolls/${p.id}/export.xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.raw.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((row) => row[0] === '序号');
    expect(rows[header]).toEqual([
      '序号',
      '乡镇',
      '村',
      '户主/领款人姓名',
      '身份证号',
      '账号',
      '发放方式',
      '救助类别',
      '保障人数',
      '发放金额(元)',
      '发放月份',
      '备注',
    ]);
    const body = rows.slice(header + 1);
    expect(body).toHaveLength(6); // five lines and the totals
    const steady = body.find((row) => row[5] === '************5678')!;
    expect(steady).toBeDefined();
    expect(steady[1]).toBe('桦树镇');
    expect(steady[6]).toBe('社会保障卡');
    expect(steady[7]).toBe('最低生活保障');
    expect(steady[9]).toBe(cases.steady!.monthlyAmountFen! / 100);
    expect(steady[10]).toBe('2024年05月');
    expect(String(steady[4])).toMatch(/\*{4}/);
    const totals = body.at(-1)!;
    expect(totals[0]).toBe('合计');
    expect(totals[9]).toBe(p.totalFen / 100);
    expect(rows.flat().join('')).not.toContain('6222020012345678');
    // the bank needs the number: in clear only when asked for with a reason, and audited
    const clear = await (await tb.as('officer')).get(`/api/payrolls/${p.id}/export.xlsx?unmask=true&reason=银行代发`);
    expect(clear.status).toBe(200);
    const cwb = new ExcelJS.Workbook();
    await cwb.xlsx.load(clear.raw.rawPayload as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    cwb.worksheets[0]!.eachRow((row) => cells.push(...(row.values as unknown[])));
    expect(cells).toContain('6222020012345678');
    const audit = await sql<{ detail: { unmasked: boolean; reason?: string } }>`select detail from audit_log
      where action = 'export.payroll' and target_id = ${p.id} order by seq`.execute(tb.store.db);
    expect(audit.rows.map((a) => a.detail.unmasked)).toEqual([false, true]);
  });

  it('S2 §二(三)12: a case ended for an integrity violation after May was paid recovers May in June', async () => {
    await end('fraud', '2024-06-01', 'integrity_violation', '隐瞒子女务工收入');
    const r = await prepare('2024-06');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(lineOf(r.body, 'fraud')).toMatchObject({
      status: 'stopped',
      amountFen: 0,
      recoveryFen: cases.fraud!.monthlyAmountFen,
    });
    expect(lineOf(r.body, 'steady')!.status).toBe('included');
    expect(lineOf(r.body, 'lastDay')!.status).toBe('included');
    expect(lineOf(r.body, 'grace')).toBeUndefined(); // the grace period ended with May
    expect(lineOf(r.body, 'endedMid')).toBeUndefined();
    expect(r.body.recoveryFen).toBe(cases.fraud!.monthlyAmountFen);
  });

  it('S0 plan one 四(一): the county reconciles — a case decided and not paid, and the integrity recovery', async () => {
    const r = await (
      await tb.as('officer')
    ).get<Reconciliation & ErrorBody>('/api/payrolls/reconciliation?month=2024-05');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const t = r.body.townships.find((x) => x.regionCode === TOWNSHIP)!;
    expect(t).toMatchObject({ payrollStatus: 'paid', regionName: '桦树镇' });
    const byCase = (n: string) => r.body.cases.find((c) => c.caseId === cases[n]!.id);
    // the grace line stopped by hand: decided for May, not paid
    expect(byCase('grace')).toMatchObject({ status: 'missing', paidFen: 0, decidedFen: cases.grace!.monthlyAmountFen });
    // paid for May, and ended for an integrity violation since: nothing was due, all is recovered
    expect(byCase('fraud')).toMatchObject({
      status: 'overpaid',
      recoveryDueFen: cases.fraud!.monthlyAmountFen,
      endReason: 'integrity_violation',
    });
    expect(byCase('steady')).toBeUndefined();
    // the other township never prepared May: its case is decided and not paid
    const other = r.body.townships.find((x) => x.regionCode === '220681101')!;
    expect(other).toMatchObject({ payrollId: null, paidFen: 0, decidedFen: cases.other!.monthlyAmountFen });
    expect(byCase('other')).toMatchObject({ status: 'missing' });
    // a township sees only its own
    const own = await (await tb.as('township')).get<Reconciliation>('/api/payrolls/reconciliation?month=2024-05');
    expect(own.body.townships.map((x) => x.regionCode)).toEqual([TOWNSHIP]);
  });

  it('S2 §二(三)12 责令退回: the 失信 record holds what was paid; the June payroll paid counts the recovery as returned', async () => {
    const record = async () =>
      (
        await sql<{ id: string; recoveryFen: string; recoveredFen: string }>`select id, recovery_fen, recovered_fen
          from integrity_record where case_id = ${cases.fraud!.id}`.execute(tb.store.db)
      ).rows;
    const before = await record();
    expect(before).toHaveLength(1);
    // May was paid: that is what is to be returned
    expect(Number(before[0]!.recoveryFen)).toBe(cases.fraud!.monthlyAmountFen);
    expect(Number(before[0]!.recoveredFen)).toBe(0);
    const june = (await (await tb.as('township')).get<PayrollList>('/api/payrolls?month=2024-06')).body.items[0]!;
    const approved = await (
      await tb.as('officer')
    ).post<Payroll>(`/api/payrolls/${june.id}/approve`, { version: june.version });
    const paid = await (
      await tb.as('officer')
    ).post<Payroll>(`/api/payrolls/${june.id}/paid`, { version: approved.body.version, paidOn: '2024-06-03' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(Number((await record())[0]!.recoveredFen)).toBe(cases.fraud!.monthlyAmountFen);
    const audit = await sql<{ detail: { payrollId: string } }>`select detail from audit_log
      where action = 'integrity.recovered' and target_id = ${before[0]!.id}`.execute(tb.store.db);
    expect(audit.rows.map((a) => a.detail.payrollId)).toEqual([june.id]);
  });
});
