import { AppError, chinaDate, RiskType, type Scope } from '@dixian/core';
import type {
  CampaignCheckBody,
  CampaignCheckView,
  CampaignCreateBody,
  CampaignList,
  CampaignPendingPage,
  CampaignPendingQuery,
  CampaignProgress,
  CampaignView,
} from '@dixian/core/api';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.js';
import type { DB } from '../db/types.js';
import { CampaignRepository, type CampaignCheckRow, type CampaignRow } from '../repositories/campaign.repository.js';
import { HouseholdRepository } from '../repositories/household.repository.js';
import { RECORD } from './access.js';
import { areaOf } from './area.js';
import { staffId, type ServiceContext } from './context.js';
import { validationFailed } from './errors.js';
import { loadHousehold } from './household.service.js';
import { discoveryInstant, recordLead } from './lead.service.js';

/**
 * The yearly full screening (issue 15 §3, S3 §三(二) 每年开展一次集中排查): the county opens a campaign for a window,
 * township and village staff record each rural household's check once, a finding becomes a lead (or joins the
 * household's open lead or case), and `last_full_screening_on` moves.
 */

/** A campaign is a county's: it is "in" the area of everyone working inside that county. */
function campaignTarget(scope: Scope, row: CampaignRow) {
  return { regionCode: scope.regionPrefix.startsWith(row.countyCode) ? scope.regionPrefix : row.countyCode };
}

async function loadCampaign(
  ctx: ServiceContext,
  action: 'campaign.read' | 'campaign.check',
  id: string,
  db?: Kysely<DB>,
) {
  const area = areaOf(ctx);
  return area.load(
    action,
    RECORD.campaign,
    id,
    () => new CampaignRepository(db ?? ctx.store.db).get(id),
    (row) => campaignTarget(area.scope, row),
  );
}

/** The part of the campaign's county a caller's area covers: a township's or village's area, or the county. */
const within = (prefix: string, row: CampaignRow) => (prefix.length > row.countyCode.length ? prefix : row.countyCode);

async function toView(repo: CampaignRepository, row: CampaignRow, prefix: string): Promise<CampaignView> {
  const counts = await repo.counts(row, within(prefix, row));
  return {
    id: row.id,
    countyCode: row.countyCode,
    year: row.year,
    opensOn: row.opensOn,
    closesOn: row.closesOn,
    newAssistanceSince: row.newAssistanceSince,
    createdAt: row.createdAt.toISOString(),
    ...counts,
  };
}

/** POST /api/campaigns: a county user opens the year's campaign for their county (one a year). */
export async function openCampaign(ctx: ServiceContext, body: CampaignCreateBody): Promise<CampaignView> {
  const area = areaOf(ctx);
  area.allow('campaign.manage');
  const county = area.scope.regionPrefix.slice(0, 6);
  if (county.length !== 6) {
    throw validationFailed([{ path: 'year', message: '集中排查由县级用户开展 / a county user opens the campaign' }]);
  }
  area.place('campaign.manage', { regionCode: county });
  return ctx.store.transaction(async (tx) => {
    const repo = new CampaignRepository(tx.db);
    if (await repo.ofCounty(county, body.year)) {
      throw new AppError('conflict', {
        zh: `${body.year}年的集中排查已开展`,
        en: `the ${body.year} campaign is already open`,
      });
    }
    const row = await repo.insert({
      countyCode: county,
      year: body.year,
      opensOn: body.opensOn,
      closesOn: body.closesOn,
      newAssistanceSince: body.newAssistanceSince ?? null,
      createdBy: staffId(ctx),
      createdAt: ctx.now(),
    });
    await appendAudit(tx, ctx, {
      action: 'campaign.open',
      targetType: 'campaign',
      targetId: row.id,
      regionCode: county,
      after: {
        year: row.year,
        opensOn: row.opensOn,
        closesOn: row.closesOn,
        newAssistanceSince: row.newAssistanceSince,
      },
    });
    return toView(repo, row, area.scope.regionPrefix);
  });
}

/** GET /api/campaigns: the campaigns of the caller's county, newest first, counted over the caller's area. */
export async function listCampaigns(ctx: ServiceContext): Promise<CampaignList> {
  const scope = areaOf(ctx).list('campaign.read');
  if (!scope) return { items: [] };
  const repo = new CampaignRepository(ctx.store.db);
  const rows = await repo.list(scope.regionPrefix);
  return { items: await Promise.all(rows.map((r) => toView(repo, r, scope.regionPrefix))) };
}

/** GET /api/campaigns/:id: progress village by village over the caller's area. */
export async function campaignProgress(ctx: ServiceContext, id: string): Promise<CampaignProgress> {
  const row = await loadCampaign(ctx, 'campaign.read', id);
  const area = within(areaOf(ctx).scope.regionPrefix, row);
  const repo = new CampaignRepository(ctx.store.db);
  return { campaign: await toView(repo, row, area), villages: await repo.progressByVillage(row, area) };
}

/** GET /api/campaigns/:id/pending: the rural households of the area not yet checked. */
export async function pendingHouseholds(
  ctx: ServiceContext,
  id: string,
  q: CampaignPendingQuery,
): Promise<CampaignPendingPage> {
  const row = await loadCampaign(ctx, 'campaign.read', id);
  const scope = areaOf(ctx).list('campaign.read', q.region);
  if (!scope) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { items, total } = await new CampaignRepository(ctx.store.db).pending(row, within(scope.regionPrefix, row), q);
  return {
    items: items.map(({ total: _, ...i }) => i as CampaignPendingPage['items'][number]),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function toCheckView(c: CampaignCheckRow): CampaignCheckView {
  return {
    campaignId: c.campaignId,
    householdId: c.householdId,
    checkedOn: c.checkedOn,
    method: c.method as CampaignCheckView['method'],
    outcome: c.outcome as CampaignCheckView['outcome'],
    riskTypes: c.riskTypes as CampaignCheckView['riskTypes'],
    note: c.note,
    leadId: c.leadId,
  };
}

/**
 * POST /api/campaigns/:id/checks: one household's check, inside the window and once; a risk found records a lead
 * on the household (S3 §三(二): 排查发现的风险纳入监测识别程序).
 */
export async function recordCheck(
  ctx: ServiceContext,
  id: string,
  body: CampaignCheckBody,
): Promise<CampaignCheckView> {
  const now = ctx.now();
  const today = chinaDate(now);
  const checkedOn = body.checkedOn ?? today;
  return ctx.store.transaction(async (tx) => {
    const campaign = await loadCampaign(ctx, 'campaign.check', id, tx.db);
    const h = await loadHousehold(ctx, 'campaign.check', body.householdId, tx.db);
    const inWindow = checkedOn >= campaign.opensOn && checkedOn <= campaign.closesOn && checkedOn <= today;
    if (!inWindow) {
      throw validationFailed([
        {
          path: 'checkedOn',
          message: `须在排查期 ${campaign.opensOn} 至 ${campaign.closesOn} 内且不晚于今天 / within the window and not after today`,
        },
      ]);
    }
    if (h.countyCode !== campaign.countyCode) {
      throw validationFailed([
        { path: 'householdId', message: '该农户不属于本次排查的县 / not in the campaign county' },
      ]);
    }
    const repo = new CampaignRepository(tx.db);
    if (await repo.checkOf(campaign.id, h.id)) {
      throw new AppError('conflict', {
        zh: '该户本年度已排查',
        en: 'this household is already checked in this campaign',
      });
    }
    const riskTypes = body.riskTypes ?? [];
    let leadId: string | null = null;
    if (body.outcome === 'risk_found') {
      const found = riskTypes.map((r) => RiskType.labels[r].zh).join('；');
      const { lead } = await recordLead(tx, ctx, {
        regionCode: h.regionCode,
        householdId: h.id,
        channel: 'cadre_screening',
        subChannel: 'full_screening',
        riskTypes,
        // Chinese only, like every lead description (the risk types carry the English)
        description: `${checkedOn} 年度集中排查发现：${found}${body.note ? `（${body.note}）` : ''}`,
        discoveredAt: discoveryInstant(checkedOn, now),
        createdBy: staffId(ctx),
      });
      leadId = lead.id;
    }
    const check = await repo.insertCheck({
      campaignId: campaign.id,
      householdId: h.id,
      countyCode: h.countyCode,
      regionCode: h.regionCode,
      checkedOn,
      method: body.method,
      outcome: body.outcome,
      riskTypes,
      note: body.note ?? null,
      leadId,
      checkedBy: staffId(ctx),
      createdAt: now,
    });
    if (!h.lastFullScreeningOn || h.lastFullScreeningOn < checkedOn) {
      await new HouseholdRepository(tx.db).setColumns(h.id, { lastFullScreeningOn: checkedOn, updatedAt: now });
    }
    await appendAudit(tx, ctx, {
      action: 'campaign.check',
      targetType: 'household',
      targetId: h.id,
      regionCode: h.regionCode,
      after: { campaignId: campaign.id, checkedOn, method: body.method, outcome: body.outcome, riskTypes, leadId },
    });
    return toCheckView(check);
  });
}
