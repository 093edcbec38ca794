/**
 * The monthly payroll of 低保 and 特困 (issue 16 §6) and its reconciliation against what was decided. S0 plan one
 * 四(一): 资金发放…实现低保信息系统、财务台账和业务台账数据…保持一致 — the financial ledger (what was paid) must agree
 * with the business ledger (what was decided). S0 plan one 二, 五: one approval, payments in stages, month by month.
 *
 * Rules, decided here once for the server, the CLI and the tests:
 * - A case is payable for a month when it is an approved (or since ended) 低保/特困 case decided on or before the
 *   month's last day and still in force on at least one day of the month. Decided on the last day: paid for that
 *   month (the approval month counts in full).
 * - `endedOn` is the first day the case is no longer in force (a grace period ends the day after it, so the end is
 *   the day after the last day of assistance). Ended on the 1st: nothing for that month. Ended later in a month:
 *   paid in full for the month it ended in, stopped from the next month.
 * - A grace period (渐退, S2 §二(一)1) is paid as usual to its last month; an approved case whose grace period ended
 *   before the month began is not paid (it should have been ended) and the line says so.
 * - Temporary assistance is one-off and paid outside the payroll, except one approval paid in stages for a household
 *   that fell back into poverty (S0 plan one 二 五是): each instalment is paid in the month it falls due.
 * - Ended for `integrity_violation` (骗取救助资金, S2 §二(三)12 责令退回非法所得): nothing is payable for any month,
 *   so every month already paid is recovered.
 */
import { endOfMonth, startOfMonth } from './dates.js';
import { stagesDueIn, type ReliefStage } from './relief-stages.js';

/** 'YYYY-MM' */
export type PayrollMonth = string;

export const PAYROLL_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function monthStart(month: PayrollMonth): string {
  return `${month}-01`;
}

export function monthEnd(month: PayrollMonth): string {
  return endOfMonth(monthStart(month));
}

export function payrollMonthOf(day: string): PayrollMonth {
  return startOfMonth(day).slice(0, 7);
}

/** What the payroll reads of a case. */
export interface PayableCase {
  id: string;
  kind: string;
  status: string;
  decidedOn: string | null;
  monthlyAmountFen: number | null;
  graceStartOn: string | null;
  graceEndOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  /** temporary assistance paid in instalments (S0 plan one 二 五是): each is paid in the month it falls due */
  reliefStages?: readonly ReliefStage[] | null;
}

export type PayableReason =
  | 'in_force'
  | 'in_grace'
  | 'ended_this_month'
  | 'not_monthly'
  | 'not_decided'
  | 'decided_later'
  | 'ended_before'
  | 'grace_over'
  | 'integrity'
  | 'no_amount'
  | 'stage_due'
  | 'no_stage';

export const PAYABLE_REASON_LABELS: Record<PayableReason, { zh: string; en: string }> = {
  in_force: { zh: '在保', en: 'in force' },
  in_grace: { zh: '渐退期内', en: 'in the grace period' },
  ended_this_month: { zh: '本月退出,发放本月后停发', en: 'ends this month: paid for it, stopped after' },
  not_monthly: { zh: '非按月发放的救助', en: 'not a monthly assistance' },
  not_decided: { zh: '未批准', en: 'not approved' },
  decided_later: { zh: '本月后批准', en: 'approved after the month' },
  ended_before: { zh: '本月前已退出', en: 'ended before the month' },
  grace_over: { zh: '渐退期已满,应办理退出', en: 'grace period over: end the case' },
  integrity: { zh: '因失信终止,已发资金应追回', en: 'ended for an integrity violation: payments are recovered' },
  no_amount: { zh: '未核定月救助金额', en: 'no monthly amount decided' },
  stage_due: { zh: '临时救助分阶段发放本期', en: 'an instalment of staged temporary assistance' },
  no_stage: { zh: '本月无分阶段救助应发', en: 'no instalment falls due this month' },
};

export interface Payable {
  payable: boolean;
  amountFen: number;
  reason: PayableReason;
}

/** Whether and how much a case is paid for a month (the rules above). */
export function payableInMonth(c: PayableCase, month: PayrollMonth): Payable {
  const none = (reason: PayableReason): Payable => ({ payable: false, amountFen: 0, reason });
  const staged = c.kind === 'temp_relief' && !!c.reliefStages?.length;
  if (c.kind !== 'dibao' && c.kind !== 'tekun' && !staged) return none('not_monthly');
  if ((c.status !== 'approved' && c.status !== 'ended') || !c.decidedOn) return none('not_decided');
  const start = monthStart(month);
  const end = monthEnd(month);
  if (c.decidedOn > end) return none('decided_later');
  if (c.status === 'ended' && c.endReason === 'integrity_violation') return none('integrity');
  if (c.status === 'ended' && c.endedOn && c.endedOn <= start) return none('ended_before');
  if (staged) return stagePayable(c, month);
  if (c.graceEndOn && c.graceEndOn < start) return none('grace_over');
  const amount = c.monthlyAmountFen ?? 0;
  if (amount <= 0) return none('no_amount');
  const reason: PayableReason =
    c.status === 'ended' && c.endedOn && c.endedOn <= end
      ? 'ended_this_month'
      : c.graceStartOn && c.graceStartOn <= end
        ? 'in_grace'
        : 'in_force';
  return { payable: true, amountFen: amount, reason };
}

/**
 * A staged temporary assistance pays the instalments due in the month; a case ended for another reason stops the
 * instalments falling due on or after its end (those before it stay payable).
 */
function stagePayable(c: PayableCase, month: PayrollMonth): Payable {
  const stages = (c.reliefStages ?? []).filter((s) => !(c.status === 'ended' && c.endedOn && s.payOn >= c.endedOn));
  const amount = stagesDueIn(stages, month);
  if (amount > 0) return { payable: true, amountFen: amount, reason: 'stage_due' };
  const stopped = stagesDueIn(c.reliefStages ?? [], month) > 0;
  return { payable: false, amountFen: 0, reason: stopped ? 'ended_before' : 'no_stage' };
}

/** One month already paid to a case (from a paid payroll). */
export interface PaidMonth {
  month: PayrollMonth;
  paidFen: number;
}

/**
 * What must be recovered of a case: for every month paid, what was paid above what is payable now (a case ended for
 * an integrity violation is payable nothing, so all of it), less what earlier payrolls already recovered.
 */
export function recoveryDue(c: PayableCase, paid: readonly PaidMonth[], recoveredFen: number): number {
  let over = 0;
  for (const p of paid) over += Math.max(0, p.paidFen - payableInMonth(c, p.month).amountFen);
  return Math.max(0, over - recoveredFen);
}

export type ReconcileStatus = 'ok' | 'missing' | 'underpaid' | 'overpaid';

export const RECONCILE_STATUS_LABELS: Record<ReconcileStatus, { zh: string; en: string }> = {
  ok: { zh: '一致', en: 'agrees' },
  missing: { zh: '已批准未发放', en: 'decided, not paid' },
  underpaid: { zh: '少发', en: 'underpaid' },
  overpaid: { zh: '多发', en: 'overpaid' },
};

export interface ReconcileLine {
  caseId: string;
  decidedFen: number;
  paidFen: number;
  /** paid minus decided */
  differenceFen: number;
  status: ReconcileStatus;
}

/**
 * Decided against paid for one month, per case: the business ledger (the cases payable and their amounts) and the
 * financial ledger (what paid payrolls paid). A case in either appears once.
 */
export function reconcile(decided: ReadonlyMap<string, number>, paid: ReadonlyMap<string, number>): ReconcileLine[] {
  const ids = [...new Set([...decided.keys(), ...paid.keys()])].sort();
  return ids.map((caseId) => {
    const d = decided.get(caseId) ?? 0;
    const p = paid.get(caseId) ?? 0;
    const status: ReconcileStatus = d === p ? 'ok' : p === 0 ? 'missing' : p < d ? 'underpaid' : 'overpaid';
    return { caseId, decidedFen: d, paidFen: p, differenceFen: p - d, status };
  });
}

/** An account number as it may be shown: the last four digits (6222 0200 1234 5678 → ************5678). */
export function maskAccount(account: string | null | undefined): string | null {
  if (!account) return null;
  const plain = account.replace(/\s+/g, '');
  if (plain.length <= 4) return '*'.repeat(plain.length);
  return `${'*'.repeat(plain.length - 4)}${plain.slice(-4)}`;
}
