/** A township's payroll of a month, prepared from the 低保 and 特困 cases in force (issue 16 §6). */
import { chinaDate, monthEnd, PAYABLE_REASON_LABELS, payableInMonth, payrollMonthOf, recoveryDue } from '@dixian/core';
import type { PayrollPrepareBody, PayrollView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { PayrollRepository, type CasePaymentRow, type PayrollCaseRow } from '../repositories/payroll.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { byCase, paymentsOf } from './payroll-payments.js';
import { getPayroll, wrongStatus } from './payroll.service.js';

/** The township a request names (a township officer's own when absent), checked to be a township in the area. */
async function townshipOf(ctx: ServiceContext, region: string | undefined) {
  const area = areaOf(ctx);
  area.allow('payroll.prepare');
  const code = region ?? area.scope.regionPrefix;
  const r = code ? await new RegionRepository(ctx.store.db).get(code) : undefined;
  if (!r || r.level !== 'township') {
    throw validationFailed([{ path: 'region', message: '请选择乡镇 / choose a township' }]);
  }
  area.place('payroll.prepare', { regionCode: r.code });
  return { code: r.code, countyCode: r.code.slice(0, 6) };
}

/** POST /api/payrolls: prepare a township's month (a draft prepared again is rebuilt). */
export async function preparePayroll(ctx: ServiceContext, body: PayrollPrepareBody): Promise<PayrollView> {
  const t = await townshipOf(ctx, body.region);
  const today = chinaDate(ctx.now());
  if (body.month > payrollMonthOf(today)) {
    throw validationFailed([{ path: 'month', message: '不能编制以后月份的名册 / not a month still to come' }]);
  }
  const repo = new PayrollRepository(ctx.store.db);
  const existing = await repo.find(t.code, body.month);
  if (existing && existing.status !== 'draft') throw wrongStatus(existing, 'draft');
  const kept = new Map(
    existing
      ? (await repo.lines(existing.id)).filter((l) => l.status === 'stopped').map((l) => [l.caseId, l.stopReason])
      : [],
  );
  const cases = await repo.townshipCases(t.code, t.countyCode, monthEnd(body.month));
  const payments = byCase(await repo.payments(cases.map((c) => c.id)));
  const lines = cases.flatMap((c) => lineFor(c, body.month, payments.get(c.id) ?? [], existing?.id ?? null, kept));
  const prepared = { preparedBy: staffId(ctx), preparedAt: ctx.now() };
  const id = await ctx.store.transaction(async (tx) => {
    const r = new PayrollRepository(tx.db);
    const id =
      existing?.id ??
      (await r.insertPayroll({ countyCode: t.countyCode, regionCode: t.code, month: body.month, ...prepared }));
    if (!(await r.rebuild(id, existing?.version ?? null, lines, prepared))) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'payroll.prepare',
      targetType: 'payroll',
      targetId: id,
      regionCode: t.code,
      after: {
        month: body.month,
        lines: lines.length,
        totalFen: lines.reduce((s, l) => s + Number(l.amountFen ?? 0), 0),
        recoveryFen: lines.reduce((s, l) => s + Number(l.recoveryFen ?? 0), 0),
      },
      detail: { rebuilt: !!existing },
    });
    return id;
  });
  return getPayroll(ctx, id);
}

/** The line of a case in a month: paid, stopped (by hand before, or not payable) with a recovery, or none. */
function lineFor(
  c: PayrollCaseRow,
  month: string,
  payments: readonly CasePaymentRow[],
  payrollId: string | null,
  kept: ReadonlyMap<string, string | null>,
) {
  const p = payableInMonth(c, month);
  const { paid, recovered } = paymentsOf(payments, month, payrollId);
  const due = recoveryDue(c, paid, recovered);
  if (!p.payable && due === 0) return [];
  const stoppedBefore = p.payable && kept.has(c.id);
  const included = p.payable && !stoppedBefore;
  const notes = [
    p.reason === 'in_grace' || p.reason === 'ended_this_month' || p.reason === 'stage_due'
      ? PAYABLE_REASON_LABELS[p.reason].zh
      : null,
    included && !c.payAccount ? '未登记发放账号' : null,
    due > 0 ? `追回已发资金 ${(due / 100).toFixed(2)} 元` : null,
  ].filter(Boolean);
  return [
    {
      caseId: c.id,
      householdId: c.householdId,
      villageCode: c.villageCode,
      kind: c.kind,
      peopleCount: c.peopleCount,
      monthlyAmountFen: Number(c.monthlyAmountFen ?? 0),
      amountFen: included ? p.amountFen : 0,
      payeeMemberId: c.payeeMemberId,
      payeeName: c.payeeName,
      payMethod: c.payMethod,
      accountNo: c.payAccount,
      status: included ? 'included' : 'stopped',
      stopReason: included ? null : stoppedBefore ? (kept.get(c.id) ?? null) : PAYABLE_REASON_LABELS[p.reason].zh,
      recoveryFen: due,
      note: notes.length ? notes.join(';') : null,
    },
  ];
}
