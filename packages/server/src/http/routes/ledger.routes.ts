import {
  IdParams,
  LedgerActionBody,
  LedgerCreateBody,
  LedgerItemView,
  LedgerListQuery,
  LedgerPage,
  LedgerRaiseBody,
  LedgerRaiseResult,
  LedgerUpdateBody,
} from '@dixian/core/api';
import {
  createLedgerItem,
  getLedgerItem,
  ledgerItemAction,
  listLedger,
  raiseFromScreening,
  updateLedgerItem,
} from '../../services/ledger.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The three ledgers of the 2024 rectification (S3 §五): items, their steps to close-out, and raising from screening. */
export const ledgerRoutes: RoutePlugin = async (app) => {
  const tags = ['ledgers'];
  app.get(
    '/api/ledgers',
    {
      schema: {
        tags,
        summary: '排查任务、疑似问题、整改工作台账 / the three rectification ledgers',
        querystring: LedgerListQuery,
        response: withErrors({ 200: LedgerPage }),
      },
    },
    (req) => listLedger(ctxOf(req), req.query),
  );
  app.post(
    '/api/ledgers',
    {
      schema: {
        tags,
        summary: '新增台账事项 / add a ledger item',
        body: LedgerCreateBody,
        response: withErrors({ 201: LedgerItemView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createLedgerItem(ctxOf(req), req.body)),
  );
  app.post(
    '/api/ledgers/from-screening',
    {
      schema: {
        tags,
        summary: '由排查结果生成疑似问题台账 / raise suspected issues from a screening run',
        body: LedgerRaiseBody,
        response: withErrors({ 200: LedgerRaiseResult }),
      },
    },
    (req) => raiseFromScreening(ctxOf(req), req.body),
  );
  app.get(
    '/api/ledgers/:id',
    {
      schema: {
        tags,
        summary: '台账事项 / a ledger item',
        params: IdParams,
        response: withErrors({ 200: LedgerItemView }),
      },
    },
    (req) => getLedgerItem(ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/ledgers/:id',
    {
      schema: {
        tags,
        summary: '修改台账事项(需版本号) / update a ledger item (with its version)',
        params: IdParams,
        body: LedgerUpdateBody,
        response: withErrors({ 200: LedgerItemView }),
      },
    },
    (req) => updateLedgerItem(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/ledgers/:id/actions',
    {
      schema: {
        tags,
        summary: '开始整改、登记整改、核实、销号 / start, record the rectification, verify, close out',
        params: IdParams,
        body: LedgerActionBody,
        response: withErrors({ 200: LedgerItemView }),
      },
    },
    (req) => ledgerItemAction(ctxOf(req), req.params.id, req.body),
  );
};
