import {
  AssistanceApplyBody,
  AssistanceCaseView,
  AssistanceDecisionBody,
  AssistanceEndBody,
  AssistanceGraceBody,
  AssistanceListQuery,
  AssistancePage,
  AssistanceSatisfactionBody,
  DibaoIncomeBody,
  DibaoIncomeView,
  IdParams,
  TempReliefLedger,
  TempReliefLedgerQuery,
} from '@dixian/core/api';
import { applyAssistance } from '../../services/assistance-apply.service.js';
import { decideAssistance } from '../../services/assistance-decision.service.js';
import { endAssistance, graceAssistance } from '../../services/assistance-end.service.js';
import { getAssistance, listAssistance } from '../../services/assistance.service.js';
import { recordSatisfaction, tempReliefLedger } from '../../services/temp-relief.service.js';
import { previewDibaoIncome } from '../../services/dibao-income.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

const tags = ['assistance'];

/** Social assistance: 低保, 特困 and 临时救助 (S2; S0 plan one). */
export const assistanceRoutes: RoutePlugin = async (app) => {
  assistanceCaseRoutes(app);
  assistanceStepRoutes(app);
};

/** The cases: list, apply, the township ledger, read. */
function assistanceCaseRoutes(app: RouteApp): void {
  app.get(
    '/api/assistance',
    {
      schema: {
        tags,
        summary: '低保、特困、临时救助案件 / social-assistance cases',
        querystring: AssistanceListQuery,
        response: withErrors({ 200: AssistancePage }),
      },
    },
    (req) => listAssistance(ctxOf(req), req.query),
  );
  app.post(
    '/api/assistance',
    {
      schema: {
        tags,
        summary: '受理救助申请 / take an application',
        body: AssistanceApplyBody,
        response: withErrors({ 201: AssistanceCaseView }),
      },
    },
    async (req, reply) => reply.code(201).send(await applyAssistance(ctxOf(req), req.body)),
  );
  app.post(
    '/api/assistance/income-assessment',
    {
      schema: {
        tags,
        summary: '低保家庭收入核算(含扣减和按最低工资计算的收入) / the 低保 income assessment of a household',
        body: DibaoIncomeBody,
        response: withErrors({ 200: DibaoIncomeView }),
      },
    },
    (req) => previewDibaoIncome(ctxOf(req), req.body),
  );
  app.get(
    '/api/assistance/temp-relief-ledger',
    {
      schema: {
        tags,
        summary: '乡级临时救助台账(人数、原因、满意度) / township ledger of temporary assistance',
        querystring: TempReliefLedgerQuery,
        response: withErrors({ 200: TempReliefLedger }),
      },
    },
    (req) => tempReliefLedger(ctxOf(req), req.query),
  );
  app.get(
    '/api/assistance/:id',
    {
      schema: {
        tags,
        summary: '救助案件 / a case',
        params: IdParams,
        response: withErrors({ 200: AssistanceCaseView }),
      },
    },
    (req) => getAssistance(ctxOf(req), req.params.id),
  );
}

/** The steps of a case: decide, grace (渐退), end, satisfaction. */
function assistanceStepRoutes(app: RouteApp): void {
  app.post(
    '/api/assistance/:id/decision',
    {
      schema: {
        tags,
        summary: '审批(乡镇确认低保和限额内临时救助,其余报县) / decide (township within its delegation, else county)',
        params: IdParams,
        body: AssistanceDecisionBody,
        response: withErrors({ 200: AssistanceCaseView }),
      },
    },
    (req) => decideAssistance(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/assistance/:id/grace',
    {
      schema: {
        tags,
        summary: '低保渐退 / start a 低保 grace period',
        params: IdParams,
        body: AssistanceGraceBody,
        response: withErrors({ 200: AssistanceCaseView }),
      },
    },
    (req) => graceAssistance(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/assistance/:id/end',
    {
      schema: {
        tags,
        summary: '退出低保或特困 / end a 低保 or 特困 case',
        params: IdParams,
        body: AssistanceEndBody,
        response: withErrors({ 200: AssistanceCaseView }),
      },
    },
    (req) => endAssistance(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/assistance/:id/satisfaction',
    {
      schema: {
        tags,
        summary: '临时救助满意度回访 / satisfaction with temporary assistance',
        params: IdParams,
        body: AssistanceSatisfactionBody,
        response: withErrors({ 200: AssistanceCaseView }),
      },
    },
    (req) => recordSatisfaction(ctxOf(req), req.params.id, req.body),
  );
}
