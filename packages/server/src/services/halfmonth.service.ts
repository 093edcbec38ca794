/**
 * Half-monthly warning lists (S1 §四(二)1–2: "每半个月报送一次"): every village and township sends the list of
 * households it warns of for each period of `deadlines.reportingIntervalDays`, an empty list being a 零报告, and
 * the county sees who sent one and who did not. A period takes reports once the half-month job opened it.
 */
import { AppError, chinaDate, reportPeriodOf, type ReportPeriod } from '@dixian/core';
import type { HalfMonthQuery, HalfMonthReportBody, HalfMonthRow, HalfMonthView } from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import type { Store } from '../db/store.js';
import { PolicyBook } from '../policies/policy-at.js';
import { HalfMonthRepository } from '../repositories/halfmonth.repository.js';
import { RhythmRepository } from '../repositories/rhythm.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/** The county's reporting period that a day falls in, by the county's policy on that day. */
async function periodOf(store: Store, county: string, day: string): Promise<ReportPeriod> {
  const book = await PolicyBook.load(store.db, county);
  return reportPeriodOf(day, book.at(county, day).deadlines.reportingIntervalDays);
}

/** Open the county's period holding `asOf`; false when it was open already (a rerun changes nothing). */
export async function openReportPeriod(store: Store, county: string, asOf: string, now: Date): Promise<boolean> {
  const p = await periodOf(store, county, asOf);
  return store.transaction(async (tx) => {
    const opened = await new HalfMonthRepository(tx.db).open(county, p.start, p.end, now);
    if (opened) {
      await appendAudit(
        tx,
        { actor: null, requestId: null, now: () => now },
        {
          action: 'halfmonth.open',
          targetType: 'region',
          targetId: county,
          regionCode: county,
          detail: { start: p.start, end: p.end },
        },
      );
    }
    return opened;
  });
}

/** Who in the caller's area reported for the period holding `date` (today by default), and who did not. */
export async function halfMonthStatus(ctx: ServiceContext, q: HalfMonthQuery): Promise<HalfMonthView> {
  const day = q.date ?? chinaDate(ctx.now());
  const scope = areaOf(ctx).list('halfmonth.read', q.region);
  const county = (scope?.regionPrefix ?? ctx.actor.scopeCode).slice(0, 6);
  const p = await periodOf(ctx.store, county.length === 6 ? county : '', day);
  const empty = { periodStart: p.start, periodEnd: p.end, index: p.index, count: p.count };
  if (!scope || scope.regionPrefix.length < 6) return { ...empty, open: false, rows: [], reported: 0, missing: 0 };
  const repo = new HalfMonthRepository(ctx.store.db);
  const places = await new RhythmRepository(ctx.store.db).places(scope.regionPrefix);
  const reports = new Map((await repo.list(scope, p.start)).map((r) => [r.regionCode, r]));
  const rows: HalfMonthRow[] = places.map((pl) => {
    const r = reports.get(pl.code);
    return {
      regionCode: pl.code,
      regionName: pl.name,
      level: pl.level,
      reported: !!r,
      zeroReport: r?.zeroReport ?? false,
      householdCount: r?.householdIds.length ?? 0,
      reportedOn: r ? chinaDate(r.reportedAt) : null,
      reportedByName: r?.reportedByName ?? null,
    };
  });
  const reported = rows.filter((r) => r.reported).length;
  return {
    ...empty,
    open: await repo.isOpen(county, p.start),
    rows,
    reported,
    missing: rows.length - reported,
  };
}

/** A village's or township's list for the current period (empty: 零报告); a second one replaces the first. */
export async function reportHalfMonth(ctx: ServiceContext, body: HalfMonthReportBody): Promise<HalfMonthView> {
  const area = areaOf(ctx);
  area.place('halfmonth.report', { regionCode: body.regionCode });
  if (body.regionCode.length !== 9 && body.regionCode.length !== 12) {
    throw validationFailed([
      { path: 'regionCode', message: '只有村或乡镇报送名单 / only villages and townships report a list' },
    ]);
  }
  const today = chinaDate(ctx.now());
  const county = body.regionCode.slice(0, 6);
  const p = await periodOf(ctx.store, county, today);
  const ids = [...new Set(body.householdIds)];
  await ctx.store.transaction(async (tx) => {
    const repo = new HalfMonthRepository(tx.db);
    if (!(await repo.isOpen(county, p.start))) {
      throw new AppError('conflict', { zh: '本期半月报尚未开启', en: 'this half-month period is not open yet' });
    }
    const found = new Set(await repo.householdsUnder(body.regionCode, ids));
    const unknown = ids.findIndex((id) => !found.has(id));
    if (unknown >= 0) {
      throw validationFailed([
        { path: `householdIds.${unknown}`, message: '农户不在该区划内 / household not in this region' },
      ]);
    }
    await repo.upsert({
      countyCode: county,
      regionCode: body.regionCode,
      periodStart: p.start,
      householdIds: ids,
      note: body.note ?? null,
      reportedBy: ctx.actor.id,
      reportedAt: ctx.now(),
    });
    await appendAudit(tx, ctx, {
      action: 'halfmonth.report',
      targetType: 'region',
      targetId: body.regionCode,
      regionCode: body.regionCode,
      detail: { periodStart: p.start, households: ids.length, zeroReport: ids.length === 0 },
    });
  });
  return halfMonthStatus(ctx, { date: today, region: body.regionCode });
}
