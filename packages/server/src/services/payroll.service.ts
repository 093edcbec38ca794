/**
 * The monthly payroll of 低保 and 特困 per township (issue 16 §6). S0 plan one 四(一): 办理…资金发放…实现低保信息系统、
 * 财务台账和业务台账数据…保持一致 — the township prepares its month from the cases in force (the rules are
 * `payableInMonth` of core), the county approves it (a township never approves its own), finance pays it, and the
 * county reconciles what was paid against what was decided. S0 plan one 二、五: one approval, payments in stages.
 * A case ended for an integrity violation recovers every month paid (S2 §二(三)12 责令退回非法所得).
 */
import {
  AppError,
  chinaDate,
  maskAccount,
  maskIdNumber,
  monthEnd,
  PAYABLE_REASON_LABELS,
  PayMethod,
  payableInMonth,
  payrollMonthOf,
  reconcile,
  recoveryDue,
  type PaidMonth,
} from '@dixian/core';
import type {
  PaymentAccountBody,
  PaymentAccountView,
  PayrollApproveBody,
  PayrollLineView,
  PayrollList,
  PayrollListQuery,
  PayrollPaidBody,
  PayrollPrepareBody,
  PayrollStopBody,
  PayrollSummary,
  PayrollView,
  Reconciliation,
  ReconciliationCase,
  ReconciliationQuery,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import { IntegrityRepository } from '../repositories/integrity.repository.js';
import type { Tx } from '../db/store.js';
import type { DB } from '../db/types.js';
import { AssistanceRepository } from '../repositories/assistance.repository.js';
import { MemberRepository } from '../repositories/member.repository.js';
import {
  PayrollRepository,
  type CasePaymentRow,
  type PayrollCaseRow,
  type PayrollLineRow,
  type PayrollRow,
} from '../repositories/payroll.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed, versionConflict } from './errors.js';

const PAYROLL = { zh: '发放名册', en: 'payroll' };
const CASE = { zh: '救助案件', en: 'assistance case' };

const STATUS_ZH: Record<string, string> = { draft: '待审核', approved: '已审核', paid: '已发放' };

function wrongStatus(p: { status: string }, want: string): AppError {
  return new AppError('conflict', {
    zh: `名册状态为“${STATUS_ZH[p.status] ?? p.status}”,此操作需要“${STATUS_ZH[want] ?? want}”`,
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

/** Months a case was paid (by paid payrolls, before `before`) and what approved or paid payrolls recovered. */
function paymentsOf(
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

const byCase = (rows: readonly CasePaymentRow[]) => {
  const m = new Map<string, CasePaymentRow[]>();
  for (const r of rows) m.set(r.caseId, [...(m.get(r.caseId) ?? []), r]);
  return m;
};

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

/** GET /api/payrolls: the payrolls of the caller's area, the latest month first. */
export async function listPayrolls(ctx: ServiceContext, q: PayrollListQuery): Promise<PayrollList> {
  const scope = areaOf(ctx).list('payroll.read', q.region);
  if (!scope) return { items: [] };
  return { items: (await new PayrollRepository(ctx.store.db).list(scope, q)).map(summaryOf) };
}

async function loadPayroll(
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
    const cases = await repo.townshipCases(t.code, t.code.slice(0, 6), monthEnd(q.month));
    const payments = byCase(await repo.payments(cases.map((c) => c.id)));
    const payroll = payrolls.get(t.code) ?? null;
    const decided = new Map<string, number>();
    const paid = new Map<string, number>();
    const due = new Map<string, number>();
    for (const c of cases) {
      const p = payableInMonth(c, q.month);
      if (p.payable) decided.set(c.id, p.amountFen);
      const rows = payments.get(c.id) ?? [];
      const thisMonth = rows.filter(
        (r) => r.month === q.month && r.payrollStatus === 'paid' && r.lineStatus === 'included',
      );
      const sum = thisMonth.reduce((s, r) => s + Number(r.amountFen), 0);
      if (sum > 0) paid.set(c.id, sum);
      const { paid: months, recovered } = paymentsOf(rows, `${q.month}-32`, null);
      const d = recoveryDue(c, months, recovered);
      if (d > 0) due.set(c.id, d);
    }
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
    out.cases.push(...flagged);
    out.townships.push({
      regionCode: t.code,
      regionName: t.name,
      payrollId: payroll?.id ?? null,
      payrollStatus: (payroll?.status ?? null) as Reconciliation['townships'][number]['payrollStatus'],
      decidedFen: [...decided.values()].reduce((a, b) => a + b, 0),
      paidFen: [...paid.values()].reduce((a, b) => a + b, 0),
      recoveryDueFen: [...due.values()].reduce((a, b) => a + b, 0),
      mismatches: flagged.length,
    });
  }
  return out;
}

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

/** POST /api/assistance/:id/payment-account: where an approved 低保 or 特困 case is paid (the account sealed). */
export async function setPaymentAccount(
  ctx: ServiceContext,
  id: string,
  body: PaymentAccountBody,
): Promise<PaymentAccountView> {
  const area = areaOf(ctx);
  const c = await area.load('assistance.decide', CASE, id, (scope) =>
    new AssistanceRepository(ctx.store.db).get(scope, id),
  );
  if (c.kind === 'temp_relief' && !c.reliefStages) {
    throw new AppError('precondition_failed', {
      zh: '一次性临时救助不经发放名册,无需登记发放账号',
      en: 'one-off temporary assistance is not paid through the payroll',
    });
  }
  if (body.payeeMemberId) {
    const members = await new MemberRepository(ctx.store.db).ofHousehold(c.householdId);
    if (!members.some((m) => m.id === body.payeeMemberId)) {
      throw validationFailed([{ path: 'payeeMemberId', message: '不是该户成员 / not a member of this household' }]);
    }
  }
  await ctx.store.transaction(async (tx) => {
    const ok = await new AssistanceRepository(tx.db as Kysely<DB>).updateVersioned(id, body.version, {
      payMethod: body.payMethod,
      payAccount: body.accountNo,
      payeeMemberId: body.payeeMemberId ?? null,
      updatedAt: ctx.now(),
    });
    if (!ok) throw versionConflict();
    await appendAudit(tx, ctx, {
      action: 'assistance.payment_account',
      targetType: 'social_assistance_case',
      targetId: id,
      regionCode: c.regionCode,
      after: { payMethod: body.payMethod, accountNo: maskAccount(body.accountNo) },
    });
  });
  return {
    caseId: id,
    payMethod: body.payMethod,
    accountNo: maskAccount(body.accountNo),
    payeeMemberId: body.payeeMemberId ?? null,
    version: c.version + 1,
  };
}
