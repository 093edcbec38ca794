/**
 * Visits (走访, DOMAIN §2.7; S3 §三(二): lifted and monitored households at least monthly): recording a visit,
 * a household's visits, and the households due or overdue for one in a month.
 */
import { z } from 'zod';
import { HouseholdType, MonitoringStatus, RiskType, VisitMethod, type Label } from '../enums.js';
import { CalendarDate, Fen, Instant, PageQuery, RegionCode, RollupAt, pageOf, sortQuery, text } from './common.js';
import { LeadView } from './leads.js';
import { VisitEvidence, VisitLocation } from './offline.js';

/** How the household's income changed since the last visit (收入变化). */
export const INCOME_CHANGE: Record<'increased' | 'stable' | 'decreased', Label> = {
  increased: { zh: '增加', en: 'Increased' },
  stable: { zh: '基本稳定', en: 'Stable' },
  decreased: { zh: '减少', en: 'Decreased' },
};
const IncomeChange = z.enum(['increased', 'stable', 'decreased']);

/**
 * The household's income over the twelve months up to the visit, by component as the national form asks
 * (收支情况): a visit that records it writes the year's visit-estimate income record (DOMAIN §2.4), the record the
 * assessment reads from that day.
 */
export const VisitIncome = z
  .object({
    wageFen: Fen.default(0),
    businessGrossFen: Fen.default(0),
    businessCostFen: Fen.default(0),
    propertyFen: Fen.default(0),
    transferFen: Fen.default(0),
    medicalOutOfPocketFen: Fen.default(0),
    schoolingExpenseFen: Fen.default(0),
    disasterLossFen: Fen.default(0),
    insuranceClaimFen: Fen.default(0),
  })
  .strict();
export type VisitIncome = z.infer<typeof VisitIncome>;

/**
 * POST /api/households/:id/visits. A visit that reports a new risk or a failed guarantee (两不愁三保障 and water)
 * becomes a cadre-screening lead (S1 §四(二)2), attached to the lead or case already open.
 */
export const VisitCreateBody = z
  .object({
    visitedOn: CalendarDate,
    method: z.enum(VisitMethod.values).default('home'),
    incomeChange: IncomeChange.optional(),
    estimatedAnnualIncomeFen: Fen.optional(),
    income: VisitIncome.optional().describe('by component; net income becomes the estimate when none is given'),
    foodClothingOk: z.boolean().default(true),
    educationOk: z.boolean().default(true),
    medicalOk: z.boolean().default(true),
    housingOk: z.boolean().default(true),
    waterOk: z.boolean().default(true),
    newRisks: z.array(z.enum(RiskType.values)).max(RiskType.values.length).default([]),
    note: text(2000).optional(),
    location: VisitLocation.optional().describe('where the device was, when the user allowed it'),
  })
  .strict();
export type VisitCreateBody = z.infer<typeof VisitCreateBody>;

export const VisitView = z
  .object({
    id: z.string(),
    householdId: z.string(),
    regionCode: z.string(),
    visitedOn: z.string(),
    method: z.enum(VisitMethod.values),
    visitorId: z.string().nullable(),
    incomeChange: IncomeChange.nullable(),
    estimatedAnnualIncomeFen: z.number().int().nullable(),
    foodClothingOk: z.boolean(),
    educationOk: z.boolean(),
    medicalOk: z.boolean(),
    housingOk: z.boolean(),
    waterOk: z.boolean(),
    newRisks: z.array(z.enum(RiskType.values)),
    note: z.string().nullable(),
    createdAt: Instant,
  })
  .extend(VisitEvidence.shape)
  .meta({ id: 'Visit' });
export type VisitView = z.infer<typeof VisitView>;

export const VisitCreated = z.object({
  visit: VisitView,
  /** the lead the visit raised (new, or attached to what was open), or null when it found nothing */
  lead: LeadView.nullable(),
});
export type VisitCreated = z.infer<typeof VisitCreated>;

export const VisitListQuery = PageQuery;
export const VisitPage = pageOf(VisitView);
export type VisitPage = z.infer<typeof VisitPage>;

/** The visits-due list's sortable columns (default: overdue first, then by due day). */
export const VISIT_DUE_SORT = ['dueOn', 'lastVisitOn', 'householdNo', 'regionCode'] as const;

/** GET /api/visits/due?month=YYYY-MM (this month if absent). */
export const VisitDueQuery = PageQuery.extend({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM / month must be YYYY-MM')
    .optional(),
  region: RegionCode.optional(),
  overdueOnly: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  sort: sortQuery(VISIT_DUE_SORT),
});
export type VisitDueQuery = z.infer<typeof VisitDueQuery>;

export const VisitDueItem = z
  .object({
    householdId: z.string(),
    householdNo: z.string(),
    headName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    householdType: z.enum(HouseholdType.values),
    monitoringStatus: z.enum(MonitoringStatus.values),
    lifted: z.boolean(),
    monitored: z.boolean(),
    socialAssistance: z.boolean().describe('a 低保/特困 household: visited at least quarterly (S2 §二(二)8)'),
    pairedPartyMember: z.string().nullable().describe('the party member paired with it (S2 §二(二)8)'),
    lastVisitOn: z.string().nullable(),
    dueOn: z.string().nullable().describe('null: never visited since it became due, so already overdue'),
    overdue: z.boolean(),
  })
  .meta({ id: 'VisitDue' });
export type VisitDueItem = z.infer<typeof VisitDueItem>;

export const VisitDuePage = pageOf(VisitDueItem).extend({
  month: z.string(),
  asOf: CalendarDate,
  overdueCount: z.number().int(),
  rollupAt: RollupAt,
});
export type VisitDuePage = z.infer<typeof VisitDuePage>;
