/**
 * Policy drafts and scenarios (issue 20 §1): a draft policy version kept out of force, run over the register as a
 * scenario stored apart from the screening runs (it opens no case and changes no record), and compared with the
 * policy in force: who would enter and leave monitoring and 低保, near misses, cost and workload, each household's
 * reason. Reasons carry rule ids, facts and thresholds, never names or ID numbers.
 */
import { z } from 'zod';
import { MonitoringCategory, RiskType, ScenarioChange } from '../enums.js';
import { CalendarDate, Id, Instant, pageOf, RegionCode, text } from './common.js';

const Change = z.enum(ScenarioChange.values);
const Localized = z.object({ zh: z.string(), en: z.string() });

/** POST /api/policy-drafts, PUT /api/policy-drafts/:id: a name, the area it is drafted for, the parameters it changes. */
export const PolicyDraftBody = z
  .object({
    name: text(100).describe('草案名称 / name of the draft'),
    regionPrefix: RegionCode.describe('草案适用区划 / the area the draft is for'),
    body: z
      .record(z.string(), z.unknown())
      .describe('the parameters the draft changes, as a policy record body (merged over the policy in force)'),
  })
  .strict();
export type PolicyDraftBody = z.infer<typeof PolicyDraftBody>;

export const PolicyDraftView = z
  .object({
    id: Id,
    name: z.string(),
    regionPrefix: z.string(),
    regionName: z.string().nullable(),
    body: z.record(z.string(), z.unknown()),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    publishedPolicyId: Id.nullable().describe('the policy version the draft was put in force as, if it was'),
  })
  .meta({ id: 'PolicyDraft' });
export type PolicyDraftView = z.infer<typeof PolicyDraftView>;

export const PolicyDraftList = z.object({ items: z.array(PolicyDraftView) });
export type PolicyDraftList = z.infer<typeof PolicyDraftList>;

/** POST /api/policy-drafts/:id/publish: put the draft in force as a new policy version (county administrators). */
export const PolicyDraftPublishBody = z
  .object({
    year: z.number().int().min(2000).max(2100),
    effectiveFrom: CalendarDate,
    docNo: text(100),
    docTitle: text(200),
  })
  .strict();
export type PolicyDraftPublishBody = z.infer<typeof PolicyDraftPublishBody>;

/** POST /api/scenarios: run a draft over an area on a day. */
export const ScenarioRunBody = z
  .object({
    draftId: Id,
    scopeCode: RegionCode.optional().describe('测算区划，默认草案区划 / area to run over, default the draft’s'),
    asOf: CalendarDate.optional().describe('测算日期，默认今天 / the day, default today in China'),
    nearMissShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe('临界户: income per head above the draft line by at most this share (default 10%)'),
  })
  .strict();
export type ScenarioRunBody = z.input<typeof ScenarioRunBody>;

const Tally = z.object({ households: z.number().int(), people: z.number().int() });

export const ScenarioSummary = z.object({
  /** per change: households and people */
  changes: z.record(Change, Tally),
  /** per township: households per change */
  byTownship: z.array(
    z.object({ code: z.string(), name: z.string().nullable(), changes: z.record(Change, z.number().int()) }),
  ),
  /** the category of the households that would newly be monitored */
  byCategory: z.array(z.object({ category: z.enum(MonitoringCategory.values), households: z.number().int() })),
  /** the risk types of the households that would newly be monitored */
  byRiskType: z.array(z.object({ riskType: z.enum(RiskType.values), households: z.number().int() })),
  lines: z.object({
    baseLineFen: z.number().int(),
    draftLineFen: z.number().int(),
    baseDibaoMonthlyFen: z.number().int(),
    draftDibaoMonthlyFen: z.number().int(),
  }),
  cost: z.object({
    /** monthly 低保 top-ups of every household that qualifies, under each policy (an estimate from the register) */
    dibaoMonthlyBaseFen: z.number().int(),
    dibaoMonthlyDraftFen: z.number().int(),
    /** 临时救助: one case at the per-case cap for each household newly monitored for sudden hardship, once */
    tempReliefOnceFen: z.number().int(),
  }),
  workload: z.object({
    /** identifications to open (households that would newly be monitored) */
    casesToOpen: z.number().int(),
    /** home visits a month the newly monitored add, less those of households whose risk would be eliminated */
    visitsPerMonth: z.number(),
  }),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

export const ScenarioView = z
  .object({
    id: Id,
    draftId: Id,
    draftName: z.string(),
    scopeCode: z.string(),
    scopeName: z.string().nullable(),
    asOf: z.string(),
    nearMissShare: z.number(),
    status: z.enum(['running', 'done', 'failed']),
    householdsTotal: z.number().int().nullable(),
    householdsDone: z.number().int(),
    basePolicy: z.string().nullable().describe('version label of the policy in force'),
    draftPolicy: z.string().nullable().describe('version label of the draft merged over it'),
    summary: ScenarioSummary.nullable(),
    error: z.string().nullable(),
    startedAt: Instant,
    finishedAt: Instant.nullable(),
  })
  .meta({ id: 'Scenario' });
export type ScenarioView = z.infer<typeof ScenarioView>;

export const ScenarioListQuery = z.object({ draftId: Id.optional() });
export type ScenarioListQuery = z.infer<typeof ScenarioListQuery>;
export const ScenarioList = z.object({ items: z.array(ScenarioView) });
export type ScenarioList = z.infer<typeof ScenarioList>;

/** GET /api/scenarios/:id/households */
export const ScenarioHouseholdQuery = z.object({
  change: Change.optional(),
  township: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ScenarioHouseholdQuery = z.infer<typeof ScenarioHouseholdQuery>;

export const ScenarioReason = z.object({
  ruleId: z.string(),
  source: z.string(),
  message: Localized,
  base: z.string().describe('the rule’s outcome under the policy in force'),
  draft: z.string().describe('under the draft'),
});

export const ScenarioHouseholdItem = z.object({
  householdId: Id,
  householdNo: z.string().nullable(),
  regionCode: z.string(),
  villageName: z.string().nullable(),
  change: Change,
  people: z.number().int(),
  category: z.enum(MonitoringCategory.values).nullable(),
  riskTypes: z.array(z.enum(RiskType.values)),
  incomePerCapitaFen: z.number().int().nullable(),
  baseTopUpFen: z.number().int(),
  draftTopUpFen: z.number().int(),
  reasons: z.array(ScenarioReason),
});
export type ScenarioHouseholdItem = z.infer<typeof ScenarioHouseholdItem>;

export const ScenarioHouseholdPage = pageOf(ScenarioHouseholdItem);
export type ScenarioHouseholdPage = z.infer<typeof ScenarioHouseholdPage>;
