import type { FastifyReply } from 'fastify';
import {
  IdParams,
  PaymentAccountBody,
  PaymentAccountView,
  PayrollApproveBody,
  PayrollExportQuery,
  PayrollLineParams,
  PayrollList,
  PayrollListQuery,
  PayrollPaidBody,
  PayrollPrepareBody,
  PayrollStopBody,
  PayrollView,
  Reconciliation,
  ReconciliationQuery,
  XlsxFile,
} from '@dixian/core/api';
import { payrollWorkbook } from '../../exports/payroll-workbook.js';
import { attachment, XLSX_TYPE } from '../../exports/xlsx-writer.js';
import { setPaymentAccount } from '../../services/payment-account.service.js';
import { preparePayroll } from '../../services/payroll-prepare.service.js';
import { reconcilePayrolls } from '../../services/payroll-reconciliation.service.js';
import { approvePayroll, markPayrollPaid, stopPayrollLine } from '../../services/payroll-steps.service.js';
import { getPayroll, listPayrolls, payrollForExport } from '../../services/payroll.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

const tags = ['payroll'];

function sendXlsx(reply: FastifyReply, disposition: string, body: Buffer) {
  return reply
    .header('content-type', XLSX_TYPE)
    .header('content-disposition', disposition)
    .header('cache-control', 'no-store')
    .send(body);
}

/** Reading: the list, one payroll, its bank export and the reconciliation. */
const payrollReads: RoutePlugin = async (app) => {
  app.get(
    '/api/payrolls',
    {
      schema: {
        tags,
        summary: '资金发放名册 / payrolls',
        querystring: PayrollListQuery,
        response: withErrors({ 200: PayrollList }),
      },
    },
    (req) => listPayrolls(ctxOf(req), req.query),
  );
  app.get(
    '/api/payrolls/reconciliation',
    {
      schema: {
        tags,
        summary: '发放对账(已批准与已发放) / decided against paid',
        querystring: ReconciliationQuery,
        response: withErrors({ 200: Reconciliation }),
      },
    },
    (req) => reconcilePayrolls(ctxOf(req), req.query),
  );
  app.get(
    '/api/payrolls/:id',
    {
      schema: {
        tags,
        summary: '发放名册及明细 / a payroll with its lines',
        params: IdParams,
        response: withErrors({ 200: PayrollView }),
      },
    },
    (req) => getPayroll(ctxOf(req), req.params.id),
  );
  app.get(
    '/api/payrolls/:id/export.xlsx',
    {
      schema: {
        tags,
        summary: '导出银行代发清册 / export for the bank',
        params: IdParams,
        querystring: PayrollExportQuery,
        response: withErrors({ 200: XlsxFile }),
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const p = await payrollForExport(ctx, req.params.id, req.query);
      const body = await payrollWorkbook(p, {
        exportedAt: ctx.now(),
        exportedBy: ctx.actor.username,
        clear: !!req.query.unmask,
      });
      const name = `${p.regionName ?? p.regionCode}-${p.month}-发放名册.xlsx`;
      return sendXlsx(reply, attachment(name, `payroll-${p.regionCode}-${p.month}.xlsx`), body);
    },
  );
};

/** Writing: prepare, stop a line, approve, mark paid, and the payee's account of a case. */
const payrollWrites: RoutePlugin = async (app) => {
  app.post(
    '/api/payrolls',
    {
      schema: {
        tags,
        summary: '编制(或重新生成)乡镇月度发放名册 / prepare a township’s month',
        body: PayrollPrepareBody,
        response: withErrors({ 201: PayrollView }),
      },
    },
    async (req, reply) => reply.code(201).send(await preparePayroll(ctxOf(req), req.body)),
  );
  app.post(
    '/api/payrolls/:id/lines/:lineId/stop',
    {
      schema: {
        tags,
        summary: '停发一条 / stop a line',
        params: PayrollLineParams,
        body: PayrollStopBody,
        response: withErrors({ 200: PayrollView }),
      },
    },
    (req) => stopPayrollLine(ctxOf(req), req.params.id, req.params.lineId, req.body),
  );
  app.post(
    '/api/payrolls/:id/approve',
    {
      schema: {
        tags,
        summary: '县级审核名册 / the county approves',
        params: IdParams,
        body: PayrollApproveBody,
        response: withErrors({ 200: PayrollView }),
      },
    },
    (req) => approvePayroll(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/payrolls/:id/paid',
    {
      schema: {
        tags,
        summary: '登记已发放 / mark paid',
        params: IdParams,
        body: PayrollPaidBody,
        response: withErrors({ 200: PayrollView }),
      },
    },
    (req) => markPayrollPaid(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/assistance/:id/payment-account',
    {
      schema: {
        tags,
        summary: '登记发放账号 / the account a case is paid to',
        params: IdParams,
        body: PaymentAccountBody,
        response: withErrors({ 200: PaymentAccountView }),
      },
    },
    (req) => setPaymentAccount(ctxOf(req), req.params.id, req.body),
  );
};

/** The monthly payroll of 低保 and 特困 per township and its reconciliation (issue 16 §6; S0 plan one 四(一)). */
export const payrollRoutes: RoutePlugin = async (app) => {
  await payrollReads(app, {});
  await payrollWrites(app, {});
};
