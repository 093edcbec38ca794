import { describe, expect, it } from 'vitest';
import { maskAccount, payableInMonth, reconcile, recoveryDue, type PayableCase } from '../src/index.js';

const dibao = (patch: Partial<PayableCase> = {}): PayableCase => ({
  id: 'c1',
  kind: 'dibao',
  status: 'approved',
  decidedOn: '2024-03-10',
  monthlyAmountFen: 45_000,
  graceStartOn: null,
  graceEndOn: null,
  endedOn: null,
  endReason: null,
  ...patch,
});

describe('which cases a month pays (S0 plan one 二、五: 一次审批、分阶段救助, paid month by month)', () => {
  it('an approved 低保 case is paid its monthly amount every month from the approval month', () => {
    expect(payableInMonth(dibao(), '2024-03')).toEqual({ payable: true, amountFen: 45_000, reason: 'in_force' });
    expect(payableInMonth(dibao(), '2024-06').amountFen).toBe(45_000);
    expect(payableInMonth(dibao(), '2024-02')).toMatchObject({ payable: false, reason: 'decided_later' });
  });

  it('approved on the last day of the month: paid for that month; the day after: not', () => {
    expect(payableInMonth(dibao({ decidedOn: '2024-02-29' }), '2024-02').payable).toBe(true);
    expect(payableInMonth(dibao({ decidedOn: '2024-03-01' }), '2024-02').payable).toBe(false);
  });

  it('ended on the first day of a month: nothing that month; ended on the 2nd: paid for it, stopped after', () => {
    const first = dibao({ status: 'ended', endedOn: '2024-06-01', endReason: 'income_above' });
    expect(payableInMonth(first, '2024-06')).toMatchObject({ payable: false, reason: 'ended_before' });
    expect(payableInMonth(first, '2024-05').payable).toBe(true);
    const second = dibao({ status: 'ended', endedOn: '2024-06-02', endReason: 'income_above' });
    expect(payableInMonth(second, '2024-06')).toMatchObject({ payable: true, reason: 'ended_this_month' });
    expect(payableInMonth(second, '2024-07').payable).toBe(false);
  });

  it('S2 §二(一)1: a grace period (渐退) is paid to its last month; after it, the unended case is not paid', () => {
    const g = dibao({ graceStartOn: '2024-04-01', graceEndOn: '2024-06-30' });
    expect(payableInMonth(g, '2024-03').reason).toBe('in_force');
    expect(payableInMonth(g, '2024-04')).toMatchObject({ payable: true, reason: 'in_grace' });
    expect(payableInMonth(g, '2024-06')).toMatchObject({ payable: true, reason: 'in_grace' });
    expect(payableInMonth(g, '2024-07')).toMatchObject({ payable: false, reason: 'grace_over' });
  });

  it('temporary assistance is one-off, never on the monthly payroll; an application is not paid', () => {
    expect(payableInMonth(dibao({ kind: 'temp_relief' }), '2024-03').reason).toBe('not_monthly');
    expect(payableInMonth(dibao({ status: 'applied', decidedOn: null }), '2024-03').reason).toBe('not_decided');
    expect(payableInMonth(dibao({ kind: 'tekun', monthlyAmountFen: 0 }), '2024-03').reason).toBe('no_amount');
  });
});

describe('recoveries (S2 §二(三)12: 骗取救助资金…停止社会救助,责令退回非法所得)', () => {
  const paid = [
    { month: '2024-03', paidFen: 45_000 },
    { month: '2024-04', paidFen: 45_000 },
    { month: '2024-05', paidFen: 45_000 },
  ];
  it('a case ended for an integrity violation recovers every month paid, less what was recovered already', () => {
    const c = dibao({ status: 'ended', endedOn: '2024-05-20', endReason: 'integrity_violation' });
    expect(recoveryDue(c, paid, 0)).toBe(135_000);
    expect(recoveryDue(c, paid, 45_000)).toBe(90_000);
    expect(recoveryDue(c, paid, 135_000)).toBe(0);
  });
  it('another end recovers only the months paid after it (a payroll prepared before the end was recorded)', () => {
    const c = dibao({ status: 'ended', endedOn: '2024-05-01', endReason: 'income_above' });
    expect(recoveryDue(c, paid, 0)).toBe(45_000);
    expect(recoveryDue(dibao(), paid, 0)).toBe(0);
  });
});

describe('reconciliation (S0 plan one 四(一): 财务台账和业务台账数据…保持一致)', () => {
  it('finds a case decided and not paid, one underpaid, one overpaid and one paid that was not decided', () => {
    const decided = new Map([
      ['a', 45_000],
      ['b', 30_000],
      ['c', 20_000],
      ['d', 10_000],
    ]);
    const paid = new Map([
      ['b', 30_000],
      ['c', 10_000],
      ['d', 12_000],
      ['e', 5_000],
    ]);
    const r = Object.fromEntries(reconcile(decided, paid).map((l) => [l.caseId, l]));
    expect(r.a).toMatchObject({ status: 'missing', differenceFen: -45_000 });
    expect(r.b).toMatchObject({ status: 'ok', differenceFen: 0 });
    expect(r.c).toMatchObject({ status: 'underpaid', differenceFen: -10_000 });
    expect(r.d).toMatchObject({ status: 'overpaid', differenceFen: 2_000 });
    expect(r.e).toMatchObject({ status: 'overpaid', decidedFen: 0, paidFen: 5_000 });
  });
});

describe('account numbers', () => {
  it('show only their last four digits', () => {
    expect(maskAccount('6222 0200 1234 5678')).toBe('************5678');
    expect(maskAccount('123')).toBe('***');
    expect(maskAccount(null)).toBeNull();
  });
});
