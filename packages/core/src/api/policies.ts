/** Policy contracts: the resolved policy for a region and date, the history, and a new version. */
import { z } from 'zod';
import { Instant, CalendarDate, RegionCode, text } from './common.js';

/** GET /api/policies/resolved?region=&date= (date defaults to today). */
export const PolicyResolvedQuery = z.object({ region: RegionCode, date: CalendarDate.optional() });
export type PolicyResolvedQuery = z.infer<typeof PolicyResolvedQuery>;

const PolicySource = z.object({
  regionPrefix: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  docNo: z.string(),
  docTitle: z.string(),
  effectiveFrom: z.string(),
});

export const PolicyResolvedView = z
  .object({
    regionCode: z.string(),
    asOf: z.string(),
    versionLabel: z.string(),
    sources: z.array(PolicySource),
    body: z.record(z.string(), z.unknown()).describe('the merged policy body (core PolicyBodySchema)'),
    twoLines: z
      .object({
        aligned: z.boolean(),
        dibaoAnnualFen: z.number().int(),
        monitoringLineFen: z.number().int(),
        shortfallFen: z.number().int(),
        message: z.object({ zh: z.string(), en: z.string() }),
      })
      .describe('两线合一 (S0 plan one 一): is the annual rural 低保 standard below the monitoring line?'),
  })
  .meta({ id: 'ResolvedPolicy' });
export type PolicyResolvedView = z.infer<typeof PolicyResolvedView>;

/** GET /api/policies?region=: every record that applies to the region (its prefix and the levels above). */
export const PolicyHistoryQuery = z.object({ region: RegionCode.optional() });
export type PolicyHistoryQuery = z.infer<typeof PolicyHistoryQuery>;

export const PolicyRecordView = z
  .object({
    id: z.string(),
    regionPrefix: z.string(),
    year: z.number().int(),
    version: z.number().int(),
    effectiveFrom: z.string(),
    docNo: z.string().nullable(),
    docTitle: z.string().nullable(),
    source: z.string(),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    body: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'PolicyRecord' });
export type PolicyRecordView = z.infer<typeof PolicyRecordView>;

export const PolicyHistory = z.object({ items: z.array(PolicyRecordView) });
export type PolicyHistory = z.infer<typeof PolicyHistory>;

/**
 * POST /api/policies: a new version for a region prefix and year (the server numbers it). The body may
 * override any subset of the policy; merged over the levels above it must still validate.
 */
export const PolicyCreateBody = z
  .object({
    regionPrefix: RegionCode,
    year: z.number().int().min(2000).max(2100),
    effectiveFrom: CalendarDate,
    docNo: text(100),
    docTitle: text(200),
    body: z.record(z.string(), z.unknown()),
  })
  .strict();
export type PolicyCreateBody = z.infer<typeof PolicyCreateBody>;
