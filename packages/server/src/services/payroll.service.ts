/**
 * The monthly payroll of 低保 and 特困 per township (issue 16 §6). S0 plan one 四(一): 办理…资金发放…实现低保信息系统、
 * 财务台账和业务台账数据…保持一致 — the township prepares its month from the cases in force (the rules are
 * `payableInMonth` of core), the county approves it (a township never approves its own), finance pays it, and the
 * county reconciles what was paid against what was decided. S0 plan one 二、五: one approval, payments in stages.
 * A case ended for an integrity violation recovers every month paid (S2 §二(三)12 责令退回非法所得).
 *
 * This file reads payrolls; payroll-prepare, payroll-steps and payroll-reconciliation.service.ts change and check them.
 */
import { AppError, maskAccount, maskIdNumber, PayMethod, PayrollStatus } from '@dixian/core';
import type { PayrollLineView, PayrollList, PayrollListQuery, PayrollSummary, PayrollView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { PayrollRepository, type PayrollLineRow, type PayrollRow } from '../repositories/payroll.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';

const PAYROLL = { zh: '发放名册', en: 'payroll' };

/** A step refused because the payroll is not in the status it needs. */
export function wrongStatus(p: { status: string }, want: PayrollStatus): AppError {
  const zh = (s: string) => PayrollStatus.labels[s as PayrollStatus]?.zh ?? s;
  return new AppError('conflict', {
    zh: `名册状态为“${zh(p.status)}”，此操作需要“${zh(want)}”`,
    en: `the payroll is ${p.status}; this needs ${want}`,
  });
}

function summaryOf(r: PayrollRow): PayrollSummary {
  return {
    ...r,
    status: r.status as PayrollSummary['status'],
    lineCount: Number(r.lineCount),
    peopleCount: Number(r.peopleCount),
    totalFen: Number(r.totalFen),
    recoveryFen: Number(r.recoveryFen),
    preparedAt: new Date(r.preparedAt).toISOString(),
    approvedAt: r.approvedAt ? new Date(r.approvedAt).toISOString() : null,
  };
}

function lineOf(l: PayrollLineRow, clear = false): PayrollLineView {
  return {
    ...l,
    kind: l.kind as PayrollLineView['kind'],
    status: l.status as PayrollLineView['status'],
    payMethod: (PayMethod.values as readonly string[]).includes(l.payMethod ?? '')
      ? (l.payMethod as PayrollLineView['payMethod'])
      : null,
    peopleCount: Number(l.peopleCount),
    monthlyAmountFen: Number(l.monthlyAmountFen),
    amountFen: Number(l.amountFen),
    recoveryFen: Number(l.recoveryFen),
    accountNo: clear ? l.accountNo : maskAccount(l.accountNo),
    payeeIdNumber: clear ? l.payeeIdNumber : maskIdNumber(l.payeeIdNumber),
  };
}

/** GET /api/payrolls: the payrolls of the caller's area, the latest month first. */
export async function listPayrolls(ctx: ServiceContext, q: PayrollListQuery): Promise<PayrollList> {
  const scope = areaOf(ctx).list('payroll.read', q.region);
  if (!scope) return { items: [] };
  return { items: (await new PayrollRepository(ctx.store.db).list(scope, q)).map(summaryOf) };
}

/** A payroll of the caller's area, for an action on it (404 outside the area). */
export async function loadPayroll(
  ctx: ServiceContext,
  action: 'payroll.read' | 'payroll.prepare' | 'payroll.approve',
  id: string,
) {
  const area = areaOf(ctx);
  const own = area.scope.regionPrefix;
  return area.load(
    action,
    PAYROLL,
    id,
    (scope) => new PayrollRepository(ctx.store.db).get(scope, id),
    // a village officer reads its township's payroll (its own lines); the target is then the village
    (p) => ({ regionCode: own.length > p.regionCode.length && own.startsWith(p.regionCode) ? own : p.regionCode }),
  );
}

/** GET /api/payrolls/:id: the payroll with its lines, ID and account numbers masked. */
export async function getPayroll(ctx: ServiceContext, id: string): Promise<PayrollView> {
  const p = await loadPayroll(ctx, 'payroll.read', id);
  const lines = await new PayrollRepository(ctx.store.db).lines(id, areaOf(ctx).scope.regionPrefix);
  return { ...summaryOf(p), lines: lines.map((l) => lineOf(l)) };
}

/** The payroll and its lines for the export (clear values only for a role that may unmask, audited). */
export async function payrollForExport(
  ctx: ServiceContext,
  id: string,
  q: { unmask?: boolean | undefined; reason?: string | undefined },
): Promise<PayrollView> {
  const area = areaOf(ctx);
  const p = await loadPayroll(ctx, 'payroll.read', id);
  if (q.unmask) area.allow('personal_data.unmask');
  const lines = await new PayrollRepository(ctx.store.db).lines(id, area.scope.regionPrefix);
  await ctx.store.transaction((tx) =>
    appendAudit(tx, ctx, {
      action: 'export.payroll',
      targetType: 'export',
      targetId: id,
      regionCode: p.regionCode,
      detail: { month: p.month, unmasked: !!q.unmask, ...(q.unmask ? { reason: q.reason } : {}) },
    }),
  );
  return { ...summaryOf(p), lines: lines.map((l) => lineOf(l, !!q.unmask)) };
}
