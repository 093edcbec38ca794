/**
 * Supervision (issue 17 §2–3): the data-quality rules of S3 §三(八) counted by rule and child region, the
 * households behind each count, raising chosen findings into the suspected-problem ledger (S3 §五 二), and the
 * 优亲厚友 check of S3 二.
 */
import { z } from 'zod';
import { CalendarDate, Id, PageQuery, RegionCode, pageOf } from './common.js';

export const DataQualityQuery = z.object({
  region: RegionCode.optional().describe('an area inside yours; your whole area when absent'),
  asOf: CalendarDate.optional().describe('the day judged; today (China) when absent'),
});
export type DataQualityQuery = z.infer<typeof DataQualityQuery>;

const Text = z.object({ zh: z.string(), en: z.string() });

export const DataQualityRuleView = z.object({
  ruleId: z.string(),
  source: z.string().describe('the seed paragraph'),
  label: Text,
  explain: Text.describe('what the rule checks and why'),
  households: z.number().int(),
  byRegion: z.record(z.string(), z.number().int()).describe('households per child region code'),
});
export type DataQualityRuleView = z.infer<typeof DataQualityRuleView>;

export const DataQualitySummary = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  asOf: CalendarDate,
  children: z.array(z.object({ code: z.string(), name: z.string() })),
  households: z.number().int().describe('households with at least one finding'),
  rules: z.array(DataQualityRuleView),
});
export type DataQualitySummary = z.infer<typeof DataQualitySummary>;

export const DataQualityHouseholdsQuery = PageQuery.extend({
  ...DataQualityQuery.shape,
  rule: z.string().min(1).max(80),
});
export type DataQualityHouseholdsQuery = z.infer<typeof DataQualityHouseholdsQuery>;

export const DataQualityHouseholdView = z.object({
  householdId: Id,
  householdNo: z.string(),
  regionCode: z.string(),
  headName: z.string().nullable().describe('masked'),
  ruleIds: z.array(z.string()),
  message: Text.describe("the rule's explanation for this household"),
});
export type DataQualityHouseholdView = z.infer<typeof DataQualityHouseholdView>;

export const DataQualityHouseholdPage = pageOf(DataQualityHouseholdView);
export type DataQualityHouseholdPage = z.infer<typeof DataQualityHouseholdPage>;

/** POST /api/ledgers/from-data-quality: suspected issues for chosen data-quality findings (S3 §五 二). */
export const DataQualityRaiseBody = z
  .object({
    region: RegionCode.optional(),
    asOf: CalendarDate.optional(),
    ruleIds: z.array(z.string().min(1).max(80)).min(1).max(20),
    householdIds: z.array(Id).min(1).max(500).optional().describe('only these households; all found when absent'),
    deadline: CalendarDate.nullish(),
  })
  .strict();
export type DataQualityRaiseBody = z.infer<typeof DataQualityRaiseBody>;

/** POST /api/supervision/favouritism/check: the 优亲厚友 check of an area, on demand (S3 二). */
export const FavouritismCheckBody = z.object({ region: RegionCode.optional(), asOf: CalendarDate.optional() }).strict();
export type FavouritismCheckBody = z.infer<typeof FavouritismCheckBody>;

export const FavouritismCheckResult = z.object({
  flagged: z.number().int().describe('cases, measures and assistance flagged'),
  created: z.number().int().describe('new suspected-problem items'),
  alreadyOpen: z.number().int(),
});
export type FavouritismCheckResult = z.infer<typeof FavouritismCheckResult>;
