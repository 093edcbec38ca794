/** The county's check of a month: what was decided against what paid payrolls paid, and what is owed back. */
import { chinaDate, monthEnd, payableInMonth, payrollMonthOf, reconcile, recoveryDue } from '@dixian/core';
import type { Reconciliation, ReconciliationCase, ReconciliationQuery } from '@dixian/core/api';
import {
  PayrollRepository,
  type CasePaymentRow,
  type PayrollCaseRow,
  type PayrollRow,
} from '../repositories/payroll.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { byCase, paymentsOf } from './payroll-payments.js';

type TownshipLine = Reconciliation['townships'][number];

/**
 * GET /api/payrolls/reconciliation: per township and per case, what was decided for the month (the cases payable)
 * against what paid payrolls paid, and what is owed back (S0 plan one 四(一)).
 */
export async function reconcilePayrolls(ctx: ServiceContext, query: ReconciliationQuery): Promise<Reconciliation> {
  const scope = areaOf(ctx).list('payroll.read', query.region);
  const q = { ...query, month: query.month ?? payrollMonthOf(chinaDate(ctx.now())) };
  const out: Reconciliation = { month: q.month, townships: [], cases: [] };
  if (!scope) return out;
  const repo = new PayrollRepository(ctx.store.db);
  const prefix = scope.regionPrefix;
  // a village's scope lies inside one township: its payroll is the township's, not read from here
  const townships = prefix.length <= 9 ? await repo.townships(prefix) : [];
  const payrolls = new Map((await repo.list(scope, { month: q.month })).map((p) => [p.regionCode, p]));
  for (const t of townships) {
    const { township, cases } = await reconcileTownship(repo, t, q.month, payrolls.get(t.code) ?? null);
    out.cases.push(...cases);
    out.townships.push(township);
  }
  return out;
}

/** One township's month: its totals, and the cases where decided and paid differ or money is owed back. */
async function reconcileTownship(
  repo: PayrollRepository,
  t: { code: string; name: string },
  month: string,
  payroll: PayrollRow | null,
): Promise<{ township: TownshipLine; cases: ReconciliationCase[] }> {
  const cases = await repo.townshipCases(t.code, t.code.slice(0, 6), monthEnd(month));
  const payments = byCase(await repo.payments(cases.map((c) => c.id)));
  const { decided, paid, due } = monthFigures(cases, payments, month);
  const lines = reconcile(decided, paid);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const flagged: ReconciliationCase[] = lines
    .filter((l) => l.status !== 'ok' || due.has(l.caseId))
    .map((l) => caseLine(byId.get(l.caseId)!, t.code, l, due.get(l.caseId) ?? 0));
  for (const [caseId, d] of due) {
    if (!lines.some((l) => l.caseId === caseId)) {
      flagged.push(
        caseLine(byId.get(caseId)!, t.code, { decidedFen: 0, paidFen: 0, differenceFen: 0, status: 'ok' }, d),
      );
    }
  }
  const township: TownshipLine = {
    regionCode: t.code,
    regionName: t.name,
    payrollId: payroll?.id ?? null,
    payrollStatus: (payroll?.status ?? null) as TownshipLine['payrollStatus'],
    decidedFen: [...decided.values()].reduce((a, b) => a + b, 0),
    paidFen: [...paid.values()].reduce((a, b) => a + b, 0),
    recoveryDueFen: [...due.values()].reduce((a, b) => a + b, 0),
    mismatches: flagged.length,
  };
  return { township, cases: flagged };
}

/** Per case: the amount payable for the month, what paid payrolls paid for it, and what is owed back. */
function monthFigures(
  cases: readonly PayrollCaseRow[],
  payments: ReadonlyMap<string, CasePaymentRow[]>,
  month: string,
) {
  const decided = new Map<string, number>();
  const paid = new Map<string, number>();
  const due = new Map<string, number>();
  for (const c of cases) {
    const p = payableInMonth(c, month);
    if (p.payable) decided.set(c.id, p.amountFen);
    const rows = payments.get(c.id) ?? [];
    const thisMonth = rows.filter(
      (r) => r.month === month && r.payrollStatus === 'paid' && r.lineStatus === 'included',
    );
    const sum = thisMonth.reduce((s, r) => s + Number(r.amountFen), 0);
    if (sum > 0) paid.set(c.id, sum);
    const { paid: months, recovered } = paymentsOf(rows, `${month}-32`, null);
    const d = recoveryDue(c, months, recovered);
    if (d > 0) due.set(c.id, d);
  }
  return { decided, paid, due };
}

/** A case's line of the reconciliation. */
function caseLine(
  c: PayrollCaseRow,
  township: string,
  l: { decidedFen: number; paidFen: number; differenceFen: number; status: ReconciliationCase['status'] },
  due: number,
): ReconciliationCase {
  return {
    caseId: c.id,
    householdNo: c.householdNo,
    headName: c.headName,
    townshipCode: township,
    kind: c.kind as ReconciliationCase['kind'],
    decidedFen: l.decidedFen,
    paidFen: l.paidFen,
    differenceFen: l.differenceFen,
    recoveryDueFen: due,
    status: l.status,
    endReason: c.endReason,
  };
}
