import { AppError, RECTIFICATION_PHASES, addDays, chinaDate } from '@dixian/core';
import type {
  RectificationCampaignBody,
  RectificationCampaignList,
  RectificationCampaignQuery,
  RectificationCampaignView,
} from '@dixian/core/api';
import { appendAudit } from '../audit/audit-log.js';
import { RectificationRepository, type CampaignRow } from '../repositories/rectification.repository.js';
import { areaOf } from './area.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/**
 * The special rectification campaign (S3 §四): a county opens it for a year with its phases and their closing
 * days (by default the plan's three: self-check by the end of May, mechanisms by the end of November, summary by
 * the end of December); the ledgers page shows, phase by phase, the items opened, closed and still open in the
 * caller's area. Separate from the yearly full screening (screening_campaign), which is one task within it.
 */
export async function openRectificationCampaign(
  ctx: ServiceContext,
  body: RectificationCampaignBody,
): Promise<RectificationCampaignView> {
  const area = areaOf(ctx);
  area.allow('campaign.manage');
  const county = area.scope.regionPrefix.slice(0, 6);
  if (county.length !== 6) {
    throw validationFailed([{ path: 'year', message: '须由县级用户开展 / a county user opens the campaign' }]);
  }
  const phases = (
    body.phases ??
    RECTIFICATION_PHASES.map((p) => ({ name: p.name, task: p.task, endsOn: `${body.year}-${p.endsMonthDay}` }))
  ).map((p, i) => ({ seq: i + 1, name: p.name, task: p.task ?? null, endsOn: p.endsOn }));
  const issues = phases.flatMap((p, i) =>
    p.endsOn < (i === 0 ? body.opensOn : phases[i - 1]!.endsOn) || (i > 0 && p.endsOn === phases[i - 1]!.endsOn)
      ? [{ path: `phases.${i}.endsOn`, message: '各阶段结束日须依次推后 / each phase must end after the previous one' }]
      : [],
  );
  if (issues.length) throw validationFailed(issues);
  await ctx.store.transaction(async (tx) => {
    const id = await new RectificationRepository(tx.db).insert(
      {
        countyCode: county,
        year: body.year,
        name: body.name ?? `防返贫动态监测帮扶专项整治(${body.year}年)`,
        opensOn: body.opensOn,
        createdBy: ctx.actor.id,
      },
      phases,
    );
    if (!id) {
      throw new AppError('conflict', {
        zh: `本县${body.year}年专项整治已开展`,
        en: `the county's ${body.year} campaign is already open`,
      });
    }
    await appendAudit(tx, ctx, {
      action: 'rectification.open',
      targetType: 'rectification_campaign',
      targetId: id,
      regionCode: county,
      after: { ...body, phases },
    });
  });
  const { items } = await listRectificationCampaigns(ctx, { year: body.year });
  return items.find((c) => c.countyCode === county)!;
}

async function withProgress(ctx: ServiceContext, c: CampaignRow, regionPrefix: string, today: string) {
  const windows = c.phases.map((p, i) => ({
    from: i === 0 ? c.opensOn : addDays(c.phases[i - 1]!.endsOn, 1),
    to: p.endsOn,
  }));
  const scope = { ...areaOf(ctx).scope, regionPrefix };
  const progress = await new RectificationRepository(ctx.store.db).progress(
    scope,
    windows.map((w) => ({ from: w.from, to: w.to < today ? w.to : today })),
  );
  return {
    ...c,
    phases: c.phases.map((p, i) => {
      const w = windows[i]!;
      const state = today < w.from ? 'upcoming' : today > w.to ? 'past' : 'current';
      const upcoming = state === 'upcoming';
      return {
        seq: p.seq,
        name: p.name,
        task: p.task,
        startsOn: w.from,
        endsOn: w.to,
        state,
        opened: upcoming ? 0 : progress[i]!.opened,
        closed: upcoming ? 0 : progress[i]!.closed,
        openAtEnd: upcoming ? 0 : progress[i]!.openAtEnd,
      } as const;
    }),
  };
}

/** GET /api/rectification-campaigns: the year's campaign of the caller's county with its phases' progress. */
export async function listRectificationCampaigns(
  ctx: ServiceContext,
  q: RectificationCampaignQuery,
): Promise<RectificationCampaignList> {
  const scope = areaOf(ctx).list('ledger.read', q.region);
  if (!scope) return { items: [] };
  const today = chinaDate(ctx.now());
  const year = q.year ?? Number(today.slice(0, 4));
  const rows = await new RectificationRepository(ctx.store.db).list(scope.regionPrefix, year);
  const items = [];
  for (const c of rows) items.push(await withProgress(ctx, c, scope.regionPrefix, today));
  return { items };
}
