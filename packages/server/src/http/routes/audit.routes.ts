import { AuditPage, AuditQuery, AuditVerifyResult } from '@dixian/core/api';
import { listAudit, verifyAudit } from '../../services/audit.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The audit log: read (inspectors, county administrators) and verify the hash chains. */
export const auditRoutes: RoutePlugin = async (app) => {
  const tags = ['audit'];
  app.get(
    '/api/audit',
    {
      schema: {
        tags,
        summary: '审计日志 / the audit log',
        querystring: AuditQuery,
        response: withErrors({ 200: AuditPage }),
      },
    },
    (req) => listAudit(ctxOf(req), req.query),
  );
  app.post(
    '/api/audit/verify',
    {
      schema: {
        tags,
        summary: '校验审计日志哈希链 / verify the audit hash chains',
        response: withErrors({ 200: AuditVerifyResult }),
      },
    },
    (req) => verifyAudit(ctxOf(req)),
  );
};
