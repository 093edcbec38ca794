import {
  DepartmentExchangeList,
  WarningListItem,
  WarningParams,
  WarningVerifyBody,
  ZeroReportBody,
} from '@dixian/core/api';
import { listExchanges, recordZeroReport } from '../../services/exchange.service.js';
import { verifyWarning } from '../../services/warning-verify.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Department warnings, closed loop (issue 15 §5): verifying one, and each department's data exchange. */
export const warningRoutes: RoutePlugin = async (app) => {
  app.post(
    '/api/warnings/:id/verify',
    {
      schema: {
        tags: ['warnings'],
        summary: '核实部门预警(结果和理由,反馈部门) / verify a department warning (result and reason, fed back)',
        params: WarningParams,
        body: WarningVerifyBody,
        response: withErrors({ 200: WarningListItem }),
      },
    },
    (req) => verifyWarning(ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/exchanges',
    {
      schema: {
        tags: ['feeds'],
        summary: '各部门数据交换情况(上次交换、下次应交换、是否逾期) / each department’s data exchange',
        response: withErrors({ 200: DepartmentExchangeList }),
      },
    },
    (req) => listExchanges(ctxOf(req)),
  );
  app.post(
    '/api/exchanges/zero-reports',
    {
      schema: {
        tags: ['feeds'],
        summary: '登记部门零报告 / record a department’s zero report',
        body: ZeroReportBody,
        response: withErrors({ 200: DepartmentExchangeList }),
      },
    },
    (req) => recordZeroReport(ctxOf(req), req.body),
  );
};
