import {
  CaseDetail,
  IdParams,
  LeadCreateBody,
  LeadListQuery,
  LeadPage,
  LeadView,
  StartVerificationBody,
} from '@dixian/core/api';
import { startVerification } from '../../services/case.service.js';
import { createLead, getLead, listLeads } from '../../services/lead.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Leads from every channel recorded by staff (S1 §四(二)), and opening a case from one. */
export const leadRoutes: RoutePlugin = async (app) => {
  const tags = ['leads'];
  app.get(
    '/api/leads',
    {
      schema: {
        tags,
        summary: '风险线索列表(本辖区) / leads in your area',
        querystring: LeadListQuery,
        response: withErrors({ 200: LeadPage }),
      },
    },
    (req) => listLeads(ctxOf(req), req.query),
  );
  app.post(
    '/api/leads',
    {
      schema: {
        tags,
        summary: '登记风险线索(干部排查、书面申请、12317来电、部门报送) / record a lead',
        body: LeadCreateBody,
        response: withErrors({ 201: LeadView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createLead(ctxOf(req), req.body)),
  );
  app.get(
    '/api/leads/:id',
    {
      schema: {
        tags,
        summary: '风险线索详情 / a lead',
        params: IdParams,
        response: withErrors({ 200: LeadView }),
      },
    },
    (req) => getLead(ctxOf(req), req.params.id),
  );
  app.post(
    '/api/leads/:id/start-verification',
    {
      schema: {
        tags: [...tags, 'cases'],
        summary: '立案入户核实(风险已消除的农户为风险再标注) / open the case of a lead',
        params: IdParams,
        body: StartVerificationBody,
        response: withErrors({ 201: CaseDetail }),
      },
    },
    async (req, reply) => reply.code(201).send(await startVerification(ctxOf(req), req.params.id, req.body)),
  );
};
