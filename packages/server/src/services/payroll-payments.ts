/** What paid payrolls paid a case and what approved ones took back: the basis of a recovery (S2 §二(三)12). */
import type { PaidMonth } from '@dixian/core';
import type { CasePaymentRow } from '../repositories/payroll.repository.js';

/** Months a case was paid (by paid payrolls, before `before`) and what approved or paid payrolls recovered. */
export function paymentsOf(
  rows: readonly CasePaymentRow[],
  before: string,
  exceptPayroll: string | null,
): { paid: PaidMonth[]; recovered: number } {
  const paid: PaidMonth[] = [];
  let recovered = 0;
  for (const r of rows) {
    if (r.payrollId === exceptPayroll) continue;
    if (r.payrollStatus === 'paid' && r.month < before && r.lineStatus === 'included' && Number(r.amountFen) > 0) {
      paid.push({ month: r.month, paidFen: Number(r.amountFen) });
    }
    if (r.payrollStatus !== 'draft') recovered += Number(r.recoveryFen);
  }
  return { paid, recovered };
}

/** The payment rows of each case. */
export const byCase = (rows: readonly CasePaymentRow[]) => {
  const m = new Map<string, CasePaymentRow[]>();
  for (const r of rows) m.set(r.caseId, [...(m.get(r.caseId) ?? []), r]);
  return m;
};
