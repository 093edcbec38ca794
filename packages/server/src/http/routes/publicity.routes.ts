import {
  AwarenessSurveyBody,
  AwarenessSurveyPage,
  AwarenessSurveyView,
  PublicityDeliveryBody,
  PublicityDeliveryPage,
  PublicityDeliveryView,
  PublicityListQuery,
} from '@dixian/core/api';
import { listDeliveries, listSurveys, recordDelivery, recordSurvey } from '../../services/publicity.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** Publicity records (S3 §三(一)): leaflets delivered per household and awareness surveys. */
export const publicityRoutes: RoutePlugin = async (app) => {
  const tags = ['supervision'];
  app.get(
    '/api/publicity/deliveries',
    {
      schema: {
        tags,
        summary: '明白纸发放记录 / leaflet deliveries',
        querystring: PublicityListQuery,
        response: withErrors({ 200: PublicityDeliveryPage }),
      },
    },
    (req) => listDeliveries(ctxOf(req), req.query),
  );
  app.post(
    '/api/publicity/deliveries',
    {
      schema: {
        tags,
        summary: '登记明白纸发放 / record a leaflet delivery',
        body: PublicityDeliveryBody,
        response: withErrors({ 201: PublicityDeliveryView }),
      },
    },
    async (req, reply) => reply.code(201).send(await recordDelivery(ctxOf(req), req.body)),
  );
  app.get(
    '/api/publicity/surveys',
    {
      schema: {
        tags,
        summary: '政策知晓率调查 / awareness surveys',
        querystring: PublicityListQuery,
        response: withErrors({ 200: AwarenessSurveyPage }),
      },
    },
    (req) => listSurveys(ctxOf(req), req.query),
  );
  app.post(
    '/api/publicity/surveys',
    {
      schema: {
        tags,
        summary: '登记知晓率调查结果 / record an awareness survey',
        body: AwarenessSurveyBody,
        response: withErrors({ 201: AwarenessSurveyView }),
      },
    },
    async (req, reply) => reply.code(201).send(await recordSurvey(ctxOf(req), req.body)),
  );
};
