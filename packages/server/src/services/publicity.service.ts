import { AppError, chinaDate } from '@dixian/core';
import type {
  AwarenessSurveyBody,
  AwarenessSurveyPage,
  AwarenessSurveyView,
  PublicityDeliveryBody,
  PublicityDeliveryPage,
  PublicityDeliveryView,
  PublicityListQuery,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { PublicityRepository } from '../repositories/publicity.repository.js';
import { RegionRepository } from '../repositories/region.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/**
 * Publicity records (S3 §三(一)): the application leaflet handed to every household and the assistance-policy leaflet
 * to every monitored one (one delivery per household, leaflet and year; who handed it over, the signed receipt or a
 * photo), and awareness surveys with their results, which point 1 of the eight reads. Village cadres and township
 * officers record them in their area; every write is audited.
 */
const HOUSEHOLD = { zh: '农户', en: 'household' };

function notAfterToday(ctx: ServiceContext, path: string, day: string): void {
  if (day > chinaDate(ctx.now())) {
    throw validationFailed([{ path, message: '日期不能晚于今天 / the date cannot be in the future' }]);
  }
}

export async function recordDelivery(ctx: ServiceContext, body: PublicityDeliveryBody): Promise<PublicityDeliveryView> {
  const area = areaOf(ctx);
  const h = await area.load('publicity.write', HOUSEHOLD, body.householdId, (scope) =>
    new HouseholdRepository(ctx.store.db).get(scope, body.householdId),
  );
  notAfterToday(ctx, 'deliveredOn', body.deliveredOn);
  if (body.leaflet === 'assistance_policy' && h.monitoringStatus === 'not_monitored') {
    throw validationFailed([
      {
        path: 'leaflet',
        message: '帮扶政策明白纸发放对象为监测对象 / the assistance-policy leaflet is for monitored households',
      },
    ]);
  }
  const id = await ctx.store.transaction(async (tx) => {
    const id = await new PublicityRepository(tx.db).insertDelivery({
      countyCode: h.regionCode.slice(0, 6),
      regionCode: h.regionCode,
      householdId: h.id,
      leaflet: body.leaflet,
      deliveredOn: body.deliveredOn,
      year: Number(body.deliveredOn.slice(0, 4)),
      deliveredBy: body.deliveredBy,
      signatureRef: body.signatureRef ?? null,
      photoRef: body.photoRef ?? null,
      recordedBy: ctx.actor.id,
    });
    if (!id) {
      throw new AppError('conflict', {
        zh: '该户本年度已登记发放此明白纸',
        en: 'this leaflet is already recorded for the household this year',
      });
    }
    await appendAudit(tx, ctx, {
      action: 'publicity.deliver',
      targetType: 'publicity_delivery',
      targetId: id,
      regionCode: h.regionCode,
      after: body,
    });
    return id;
  });
  const { rows } = await new PublicityRepository(ctx.store.db).listDeliveries(area.scope, {
    id,
    limit: 1,
    offset: 0,
  });
  return deliveryView(rows[0]!);
}

function deliveryView(r: Awaited<ReturnType<PublicityRepository['listDeliveries']>>['rows'][number]) {
  return {
    ...r,
    leaflet: r.leaflet as PublicityDeliveryView['leaflet'],
    createdAt: new Date(r.createdAt).toISOString(),
  };
}

export async function listDeliveries(ctx: ServiceContext, q: PublicityListQuery): Promise<PublicityDeliveryPage> {
  const scope = areaOf(ctx).list('publicity.read', q.region);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const { rows, total } = await new PublicityRepository(ctx.store.db).listDeliveries(scope, {
    year: q.year,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { ...empty, items: rows.map(deliveryView), total };
}

export async function recordSurvey(ctx: ServiceContext, body: AwarenessSurveyBody): Promise<AwarenessSurveyView> {
  const area = areaOf(ctx);
  area.place('publicity.write', { regionCode: body.regionCode });
  const region = await new RegionRepository(ctx.store.db).get(body.regionCode);
  if (!region || body.regionCode.length < 9) {
    throw validationFailed([{ path: 'regionCode', message: '须为乡镇或村 / a township or village' }]);
  }
  notAfterToday(ctx, 'surveyedOn', body.surveyedOn);
  const id = await ctx.store.transaction(async (tx) => {
    const id = await new PublicityRepository(tx.db).insertSurvey({
      countyCode: body.regionCode.slice(0, 6),
      regionCode: body.regionCode,
      surveyedOn: body.surveyedOn,
      respondents: body.respondents,
      aware: body.aware,
      conductedBy: body.conductedBy,
      note: body.note ?? null,
      recordedBy: ctx.actor.id,
    });
    await appendAudit(tx, ctx, {
      action: 'publicity.survey',
      targetType: 'awareness_survey',
      targetId: id,
      regionCode: body.regionCode,
      after: body,
    });
    return id;
  });
  const { rows } = await new PublicityRepository(ctx.store.db).listSurveys(area.scope, { id, limit: 1, offset: 0 });
  return surveyView(rows[0]!);
}

function surveyView(r: Awaited<ReturnType<PublicityRepository['listSurveys']>>['rows'][number]) {
  return { ...r, regionName: r.regionName ?? null, createdAt: new Date(r.createdAt).toISOString() };
}

export async function listSurveys(ctx: ServiceContext, q: PublicityListQuery): Promise<AwarenessSurveyPage> {
  const scope = areaOf(ctx).list('publicity.read', q.region);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!scope) return empty;
  const { rows, total } = await new PublicityRepository(ctx.store.db).listSurveys(scope, {
    year: q.year,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { ...empty, items: rows.map(surveyView), total };
}
