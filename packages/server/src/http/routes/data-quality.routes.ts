import {
  DataQualityHouseholdPage,
  DataQualityHouseholdsQuery,
  DataQualityQuery,
  DataQualityRaiseBody,
  DataQualitySummary,
  FavouritismCheckBody,
  FavouritismCheckResult,
  LedgerRaiseResult,
} from '@dixian/core/api';
import {
  dataQualityHouseholds,
  dataQualitySummary,
  raiseFromDataQuality,
} from '../../services/data-quality.service.js';
import { checkFavouritism } from '../../services/favouritism.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Supervision (issue 17 §2–3): data quality by rule and region, its households, and raising findings. */
export const dataQualityRoutes: RoutePlugin = async (app) => {
  const tags = ['supervision'];
  app.get(
    '/api/supervision/data-quality',
    {
      schema: {
        tags,
        summary: '数据质量:各规则问题户数(按下级区划) / data-quality findings by rule and child region',
        querystring: DataQualityQuery,
        response: withErrors({ 200: DataQualitySummary }),
      },
    },
    (req) => dataQualitySummary(ctxOf(req), req.query),
  );
  app.get(
    '/api/supervision/data-quality/households',
    {
      schema: {
        tags,
        summary: '数据质量:某规则的问题户 / the households one data-quality rule found',
        querystring: DataQualityHouseholdsQuery,
        response: withErrors({ 200: DataQualityHouseholdPage }),
      },
    },
    (req) => dataQualityHouseholds(ctxOf(req), req.query),
  );
  app.post(
    '/api/ledgers/from-data-quality',
    {
      schema: {
        tags: ['ledgers'],
        summary: '由数据质量问题生成疑似问题台账 / raise suspected issues from data-quality findings',
        body: DataQualityRaiseBody,
        response: withErrors({ 200: LedgerRaiseResult }),
      },
    },
    (req) => raiseFromDataQuality(ctxOf(req), req.body),
  );
  app.post(
    '/api/supervision/favouritism/check',
    {
      schema: {
        tags,
        summary:
          '优亲厚友检查:疑似情形转入疑似问题台账 / the favouritism check: flags into the suspected-problem ledger',
        body: FavouritismCheckBody,
        response: withErrors({ 200: FavouritismCheckResult }),
      },
    },
    (req) => checkFavouritism(ctxOf(req), req.body),
  );
};
