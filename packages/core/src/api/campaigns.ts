/**
 * The yearly full screening (年度集中排查, S3 §三(二): 每年开展一次集中排查, every rural household checked once): a
 * campaign the county opens for a window, each household's check recorded with its outcome, progress by village,
 * the households not yet checked, and the findings becoming leads. Households that came onto 低保 or 分散特困
 * since a date are listed apart, screened against the monitoring criteria the same way (S3: 坚决杜绝以落实低保
 * 为由不识别监测对象).
 */
import { z } from 'zod';
import { CampaignCheckMethod, CampaignCheckOutcome, MonitoringStatus, RiskType } from '../enums.js';
import { CalendarDate, Id, Instant, PageQuery, pageOf, RegionCode, text } from './common.js';

export const CampaignCreateBody = z
  .object({
    year: z.number().int().min(2020).max(2100),
    opensOn: CalendarDate,
    closesOn: CalendarDate,
    newAssistanceSince: CalendarDate.optional().describe(
      'households on 低保 or 分散特困 since this day are listed apart',
    ),
  })
  .strict()
  .refine((v) => v.closesOn >= v.opensOn, {
    path: ['closesOn'],
    message: '结束日期不能早于开始日期 / the window cannot close before it opens',
  });
export type CampaignCreateBody = z.infer<typeof CampaignCreateBody>;

export const CampaignView = z.object({
  id: Id,
  countyCode: z.string(),
  year: z.number().int(),
  opensOn: CalendarDate,
  closesOn: CalendarDate,
  newAssistanceSince: CalendarDate.nullable(),
  createdAt: Instant,
  /** rural households of the county, checked so far, and how many checks found a risk */
  households: z.number().int(),
  checked: z.number().int(),
  risksFound: z.number().int(),
});
export type CampaignView = z.infer<typeof CampaignView>;
export const CampaignList = z.object({ items: z.array(CampaignView) });
export type CampaignList = z.infer<typeof CampaignList>;

export const CampaignRegionProgress = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  households: z.number().int(),
  checked: z.number().int(),
  risksFound: z.number().int(),
  /** households on 低保 or 分散特困 since the campaign's date, and how many of them are checked */
  newAssistance: z.number().int(),
  newAssistanceChecked: z.number().int(),
});
export const CampaignProgress = z.object({
  campaign: CampaignView,
  /** the caller's area, village by village */
  villages: z.array(CampaignRegionProgress),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export const CampaignPendingQuery = PageQuery.extend({
  region: RegionCode.optional(),
  newAssistance: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only households on 低保 or 分散特困 since the campaign date'),
});
export type CampaignPendingQuery = z.infer<typeof CampaignPendingQuery>;

export const CampaignPendingItem = z.object({
  householdId: Id,
  householdNo: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  headName: z.string().nullable(),
  monitoringStatus: z.enum(MonitoringStatus.values),
  newAssistance: z.boolean(),
  lastFullScreeningOn: CalendarDate.nullable(),
});
export const CampaignPendingPage = pageOf(CampaignPendingItem);
export type CampaignPendingPage = z.infer<typeof CampaignPendingPage>;

export const CampaignCheckBody = z
  .object({
    householdId: Id,
    checkedOn: CalendarDate.optional().describe('today if absent'),
    method: z.enum(CampaignCheckMethod.values),
    outcome: z.enum(CampaignCheckOutcome.values),
    riskTypes: z.array(z.enum(RiskType.values)).max(RiskType.values.length).default([]),
    note: text(500).optional(),
  })
  .strict()
  .refine((v) => v.outcome !== 'risk_found' || v.riskTypes.length > 0, {
    path: ['riskTypes'],
    message: '发现风险时须选择风险类型 / a risk found needs its risk types',
  });
export type CampaignCheckBody = z.input<typeof CampaignCheckBody>;

export const CampaignCheckView = z.object({
  campaignId: Id,
  householdId: Id,
  checkedOn: CalendarDate,
  method: z.enum(CampaignCheckMethod.values),
  outcome: z.enum(CampaignCheckOutcome.values),
  riskTypes: z.array(z.enum(RiskType.values)),
  note: z.string().nullable(),
  /** the lead the finding opened (or joined to the household's open lead or case) */
  leadId: Id.nullable(),
});
export type CampaignCheckView = z.infer<typeof CampaignCheckView>;

export const CampaignParams = z.object({ id: Id });
