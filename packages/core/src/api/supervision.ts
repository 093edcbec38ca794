/**
 * The eight inspection points (S3 §三) over HTTP, the publicity records behind point 1 (S3 §三(一)), and raising
 * short households or overdue deadlines into the suspected-problem ledger in bulk (S3 §五, issue 17 §4).
 */
import { z } from 'zod';
import { DeadlineKind, Role } from '../enums.js';
import { EIGHT_POINT_IDS, EIGHT_POINT_PROBLEM_IDS } from '../eight-points.js';
import { CalendarDate, Id, Instant, PageQuery, RegionCode, pageOf, text } from './common.js';

export const EightPointParam = z.enum(EIGHT_POINT_IDS);
export const EightPointParams = z.object({ point: EightPointParam });

export const EightPointsQuery = z.object({
  region: RegionCode.optional().describe('the area whose child regions are compared (default: the caller’s area)'),
  asOf: CalendarDate.optional().describe('the day the points are judged on (default today, China time)'),
});
export type EightPointsQuery = z.infer<typeof EightPointsQuery>;

export const EightPointFigure = z.object({
  denominator: z.number().int(),
  met: z.number().int(),
  share: z.number().nullable(),
  target: z.number(),
  short: z.boolean().describe('below the target (red)'),
});
export type EightPointFigure = z.infer<typeof EightPointFigure>;

export const AwarenessFigure = z.object({
  surveys: z.number().int(),
  respondents: z.number().int(),
  aware: z.number().int(),
  share: z.number().nullable(),
  target: z.number(),
  short: z.boolean().describe('below the target, or no survey recorded'),
});
export type AwarenessFigure = z.infer<typeof AwarenessFigure>;

export const EightPointsRow = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  figures: z.record(EightPointParam, EightPointFigure),
  awareness: AwarenessFigure,
});
export type EightPointsRow = z.infer<typeof EightPointsRow>;

export const EightPointsReport = z.object({
  asOf: z.string(),
  year: z.number().int(),
  /** the area compared */
  total: EightPointsRow,
  /** its child regions (townships of a county, villages of a township) */
  rows: z.array(EightPointsRow),
});
export type EightPointsReport = z.infer<typeof EightPointsReport>;

export const EightPointHouseholdsQuery = PageQuery.extend({ ...EightPointsQuery.shape });
export type EightPointHouseholdsQuery = z.infer<typeof EightPointHouseholdsQuery>;

export const EightPointHousehold = z.object({
  householdId: Id,
  householdNo: z.string(),
  headName: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  problems: z.array(z.enum(EIGHT_POINT_PROBLEM_IDS as [string, ...string[]])),
});
export type EightPointHousehold = z.infer<typeof EightPointHousehold>;
export const EightPointHouseholdPage = pageOf(EightPointHousehold);
export type EightPointHouseholdPage = z.infer<typeof EightPointHouseholdPage>;

/** What a bulk raise adds to the suspected-problem ledger: a time limit and a person responsible (S3 §五). */
const RaiseTerms = {
  deadline: CalendarDate.describe('the time limit of the new items'),
  ownerId: Id.describe('the person responsible'),
  householdIds: z.array(Id).min(1).max(500).optional().describe('only these households (all short ones when absent)'),
};

export const EightPointRaiseBody = z
  .object({ region: RegionCode.optional(), asOf: CalendarDate.optional(), ...RaiseTerms })
  .strict();
export type EightPointRaiseBody = z.infer<typeof EightPointRaiseBody>;

/**
 * POST /api/supervision/eight-points/tasks: the screening-task ledger (任务台账, S3 §五): for every child region short
 * of a point, one task to check and rectify its households; the suspected problems raised from that point in that
 * region are its items, and the task is closed out only after they are.
 */
export const EightPointTasksBody = z
  .object({
    region: RegionCode.optional(),
    asOf: CalendarDate.optional(),
    deadline: RaiseTerms.deadline,
    ownerId: RaiseTerms.ownerId,
  })
  .strict();
export type EightPointTasksBody = z.infer<typeof EightPointTasksBody>;

export const DeadlineRaiseBody = z
  .object({
    kind: z.enum(DeadlineKind.values).describe('the overdue deadlines of this kind'),
    region: RegionCode.optional(),
    ...RaiseTerms,
  })
  .strict();
export type DeadlineRaiseBody = z.infer<typeof DeadlineRaiseBody>;

export const BulkRaiseResult = z.object({
  created: z.number().int(),
  alreadyOpen: z.number().int().describe('households that already have an open item for the same problem'),
  itemIds: z.array(Id),
});
export type BulkRaiseResult = z.infer<typeof BulkRaiseResult>;

// ---- publicity (S3 §三(一))

export const Leaflet = z.enum(['application', 'assistance_policy']);
export type Leaflet = z.infer<typeof Leaflet>;
export const LEAFLET_LABELS = {
  application: { zh: '申报政策明白纸', en: 'application leaflet' },
  assistance_policy: { zh: '帮扶政策明白纸', en: 'assistance-policy leaflet' },
} as const;

export const PublicityDeliveryBody = z
  .object({
    householdId: Id,
    leaflet: Leaflet,
    deliveredOn: CalendarDate,
    deliveredBy: text(60).describe('who handed it over'),
    signatureRef: text(200).nullish().describe('the signed receipt (reference of the scanned sheet)'),
    photoRef: text(200).nullish().describe('or a photo of the handover'),
  })
  .strict()
  .refine((b) => !!b.signatureRef || !!b.photoRef, {
    path: ['signatureRef'],
    message: '须有签收或照片 / a signature or a photo is required',
  });
export type PublicityDeliveryBody = z.infer<typeof PublicityDeliveryBody>;

export const PublicityDeliveryView = z.object({
  id: Id,
  householdId: Id,
  householdNo: z.string(),
  headName: z.string().nullable(),
  regionCode: z.string(),
  leaflet: Leaflet,
  deliveredOn: z.string(),
  deliveredBy: z.string(),
  signatureRef: z.string().nullable(),
  photoRef: z.string().nullable(),
  createdAt: Instant,
});
export type PublicityDeliveryView = z.infer<typeof PublicityDeliveryView>;

export const PublicityListQuery = PageQuery.extend({
  region: RegionCode.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type PublicityListQuery = z.infer<typeof PublicityListQuery>;
export const PublicityDeliveryPage = pageOf(PublicityDeliveryView);
export type PublicityDeliveryPage = z.infer<typeof PublicityDeliveryPage>;

export const AwarenessSurveyBody = z
  .object({
    regionCode: RegionCode.describe('the village or township surveyed'),
    surveyedOn: CalendarDate,
    respondents: z.number().int().min(1).max(100_000),
    aware: z.number().int().min(0).max(100_000).describe('respondents who knew the policy (申报条件)'),
    conductedBy: text(60),
    note: text(500).nullish(),
  })
  .strict()
  .refine((b) => b.aware <= b.respondents, {
    path: ['aware'],
    message: '知晓人数不能多于受访人数 / aware cannot exceed respondents',
  });
export type AwarenessSurveyBody = z.infer<typeof AwarenessSurveyBody>;

export const AwarenessSurveyView = z.object({
  id: Id,
  regionCode: z.string(),
  regionName: z.string().nullable(),
  surveyedOn: z.string(),
  respondents: z.number().int(),
  aware: z.number().int(),
  conductedBy: z.string(),
  note: z.string().nullable(),
  createdAt: Instant,
});
export type AwarenessSurveyView = z.infer<typeof AwarenessSurveyView>;
export const AwarenessSurveyPage = pageOf(AwarenessSurveyView);
export type AwarenessSurveyPage = z.infer<typeof AwarenessSurveyPage>;

// ---- the rectification campaign and its phases (S3 §四)

export const RectificationCampaignBody = z
  .object({
    year: z.number().int().min(2020).max(2100),
    name: text(100).optional().describe('default: 防返贫动态监测帮扶专项整治 <year>'),
    opensOn: CalendarDate,
    phases: z
      .array(z.object({ name: text(60), task: text(300).nullish(), endsOn: CalendarDate }).strict())
      .min(1)
      .max(9)
      .optional()
      .describe('in order; default: the three phases of S3 §四 (end of May, November, December)'),
  })
  .strict();
export type RectificationCampaignBody = z.infer<typeof RectificationCampaignBody>;

export const RectificationCampaignQuery = z.object({
  year: z.coerce.number().int().min(2020).max(2100).optional().describe('default: the current year'),
  region: RegionCode.optional(),
});
export type RectificationCampaignQuery = z.infer<typeof RectificationCampaignQuery>;

export const RectificationPhaseView = z.object({
  seq: z.number().int(),
  name: z.string(),
  task: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  state: z.enum(['upcoming', 'current', 'past']),
  opened: z.number().int().describe('ledger items opened in the phase (the caller’s area)'),
  closed: z.number().int().describe('ledger items closed (销号) in the phase'),
  openAtEnd: z.number().int().describe('items still open at the end of the phase (or today, if earlier)'),
});
export type RectificationPhaseView = z.infer<typeof RectificationPhaseView>;

export const RectificationCampaignView = z.object({
  id: Id,
  countyCode: z.string(),
  year: z.number().int(),
  name: z.string(),
  opensOn: z.string(),
  phases: z.array(RectificationPhaseView),
});
export type RectificationCampaignView = z.infer<typeof RectificationCampaignView>;

export const RectificationCampaignList = z.object({ items: z.array(RectificationCampaignView) });
export type RectificationCampaignList = z.infer<typeof RectificationCampaignList>;

// ---- who may be made responsible (责任人) for the items of an area

export const ResponsibleQuery = z.object({ region: RegionCode.optional() });
export type ResponsibleQuery = z.infer<typeof ResponsibleQuery>;
export const ResponsibleList = z.object({
  items: z.array(z.object({ id: Id, displayName: z.string(), role: z.enum(Role.values), scopeCode: z.string() })),
});
export type ResponsibleList = z.infer<typeof ResponsibleList>;
