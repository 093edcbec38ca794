/** The steps of a prepared payroll: a line stopped in the draft, the county's approval, finance's payment. */
import { AppError, chinaDate } from '@dixian/core';
import type { PayrollApproveBody, PayrollPaidBody, PayrollStopBody, PayrollView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { Tx } from '../db/store.js';
import { IntegrityRepository } from '../repositories/integrity.repository.js';
import { PayrollRepository } from '../repositories/payroll.repository.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';
import { getPayroll, loadPayroll, wrongStatus } from './payroll.service.js';

/** POST /api/payrolls/:id/lines/:lineId/stop: a line of a draft is not paid this month, for a reason. */
export async function stopPayrollLine(
  ctx: ServiceContext,
  id: string,
  lineId: string,
  body: PayrollStopBody,
): Promise<PayrollView> {
  const p = await loadPayroll(ctx, 'payroll.prepare', id);
  if (p.status !== 'draft') throw wrongStatus(p, 'draft');
  const repo = new PayrollRepository(ctx.store.db);
  const line = await repo.line(id, lineId);
  if (!line) throw new AppError('not_found', { zh: '名册中没有该条记录', en: 'no such line in the payroll' });
  if (line.status === 'stopped') {
    throw new AppError('conflict', { zh: '该条记录已停发', en: 'the line is stopped already' });
  }
  await ctx.store.transaction(async (tx) => {
    const r = new PayrollRepository(tx.db);
    if (!(await r.bumpVersion(id, body.version))) throw versionConflict();
    await r.stopLine(id, lineId, body.reason);
    await r.retotal(id);
    await appendAudit(tx, ctx, {
      action: 'payroll.stop',
      targetType: 'payroll',
      targetId: id,
      regionCode: p.regionCode,
      before: { status: 'included', amountFen: Number(line.amountFen) },
      after: { status: 'stopped', reason: body.reason },
      detail: { lineId, caseId: line.caseId },
    });
  });
  return getPayroll(ctx, id);
}

/** POST /api/payrolls/:id/approve: the county approves a township's draft (a township never approves its own). */
export async function approvePayroll(ctx: ServiceContext, id: string, body: PayrollApproveBody): Promise<PayrollView> {
  const p = await loadPayroll(ctx, 'payroll.approve', id);
  if (p.status !== 'draft') throw wrongStatus(p, 'draft');
  await ctx.store.transaction(async (tx) => {
    const ok = await new PayrollRepository(tx.db).advance(id, body.version, 'draft', {
      status: 'approved',
      approvedBy: staffId(ctx),
      approvedAt: ctx.now(),
    });
    if (!ok) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'payroll.approve',
      targetType: 'payroll',
      targetId: id,
      regionCode: p.regionCode,
      before: { status: 'draft' },
      after: { status: 'approved', totalFen: Number(p.totalFen), lines: Number(p.lineCount) },
    });
  });
  return getPayroll(ctx, id);
}

/** POST /api/payrolls/:id/paid: finance paid an approved payroll on a day. */
export async function markPayrollPaid(ctx: ServiceContext, id: string, body: PayrollPaidBody): Promise<PayrollView> {
  const p = await loadPayroll(ctx, 'payroll.approve', id);
  if (p.status !== 'approved') throw wrongStatus(p, 'approved');
  const today = chinaDate(ctx.now());
  const approvedOn = p.approvedAt ? chinaDate(new Date(p.approvedAt)) : today;
  if (body.paidOn > today || body.paidOn < approvedOn) {
    throw validationFailed([
      {
        path: 'paidOn',
        message: `发放日期应在 ${approvedOn} 至 ${today} 之间 / the day must lie between ${approvedOn} and ${today}`,
      },
    ]);
  }
  await ctx.store.transaction(async (tx) => {
    const ok = await new PayrollRepository(tx.db).advance(id, body.version, 'approved', {
      status: 'paid',
      paidOn: body.paidOn,
    });
    if (!ok) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'payroll.paid',
      targetType: 'payroll',
      targetId: id,
      regionCode: p.regionCode,
      before: { status: 'approved' },
      after: { status: 'paid', paidOn: body.paidOn },
    });
    await countRecoveriesOnIntegrityList(tx, ctx, p);
  });
  return getPayroll(ctx, id);
}

/**
 * S2 §二(三)12 责令退回非法所得: what a paid payroll took back from a case ended for an integrity violation is what was
 * returned on the 失信 record that case put on the list.
 */
async function countRecoveriesOnIntegrityList(
  tx: Tx,
  ctx: ServiceContext,
  payroll: { id: string; regionCode: string },
) {
  for (const r of await new IntegrityRepository(tx.db).addPayrollRecoveries(payroll.id)) {
    await appendAudit(tx, ctx, {
      action: 'integrity.recovered',
      targetType: 'integrity_record',
      targetId: r.id,
      regionCode: payroll.regionCode,
      before: { recoveredFen: r.before },
      after: { recoveredFen: r.after },
      detail: { payrollId: payroll.id },
    });
  }
}
