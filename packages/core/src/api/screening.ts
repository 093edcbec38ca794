/**
 * Screening over HTTP (issue 5 §3; S3 §三(二)(四)(六)(七)): start a set-based run of an area on a day, list runs
 * with their counts per finding, page through a run's findings (each with the explanation that names its rules and
 * the facts it read), compare two runs (who entered a finding, who left it, and why), and one household's latest
 * findings. Explanations carry rule ids, facts and thresholds, never names or ID numbers.
 */
import { z } from 'zod';
import { CaseStage, MonitoringCategory, ScreeningFinding, ScreeningRunStatus } from '../enums.js';
import { ExplanationView } from './assessment.js';
import { CalendarDate, Id, Instant, pageOf, RegionCode } from './common.js';

const Finding = z.enum(ScreeningFinding.values);
const boolText = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

/** POST /api/screening/runs: the area (default the caller's) and the day (default today in China). */
export const ScreeningRunBody = z
  .object({
    scopeCode: RegionCode.optional().describe('区划前缀，默认本人辖区 / region to screen, default your own area'),
    asOf: CalendarDate.optional().describe('排查日期，默认今天(北京时间)，不晚于今天 / the day screened'),
  })
  .strict();
export type ScreeningRunBody = z.infer<typeof ScreeningRunBody>;

const FindingCounts = z.object({ flagged: z.number().int(), cleared: z.number().int() });

/** A run as the reader sees it: when the run covers more than the reader's area, its counts are the area's. */
export const ScreeningRunView = z
  .object({
    id: Id,
    scopeCode: z.string().describe("the run's region prefix ('' the whole country), or the reader's narrower area"),
    scopeName: z.string().nullable(),
    asOf: z.string(),
    status: z.enum(ScreeningRunStatus.values),
    policyVersion: z.string().nullable().describe('the policy versions used, "|"-separated when they differ'),
    policies: z.array(z.object({ prefix: z.string(), versionLabel: z.string(), policyIds: z.array(z.string()) })),
    householdsScanned: z.number().int().nullable().describe("null when seen from an area narrower than the run's"),
    factsChangedAfter: z
      .number()
      .int()
      .nullable()
      .describe(
        'households whose facts changed after asOf: the run judged them with their facts as they held on asOf (fact history); null when not counted',
      ),
    counts: z
      .object({
        should_include: FindingCounts,
        should_eliminate: FindingCounts,
        should_flag_no_labor: FindingCounts,
        visit_overdue: FindingCounts,
      })
      .describe('per finding: households flagged, and households that left it since the previous run'),
    previousRunId: Id.nullable(),
    triggeredBy: z.string().nullable().describe('user id; null for the daily job or the command line'),
    startedAt: Instant,
    finishedAt: Instant.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'ScreeningRun' });
export type ScreeningRunView = z.infer<typeof ScreeningRunView>;

export const ScreeningRunListQuery = z.object({
  scopeCode: RegionCode.optional().describe('only runs of exactly this scope'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ScreeningRunListQuery = z.infer<typeof ScreeningRunListQuery>;

export const ScreeningRunList = z.object({ items: z.array(ScreeningRunView) });
export type ScreeningRunList = z.infer<typeof ScreeningRunList>;

/** A stored explanation: core's Explanation plus the rule ids (or state changes) that decide the finding. */
export const ScreeningExplanationView = ExplanationView.extend({
  reasons: z
    .array(z.string())
    .describe('rule ids, or state changes such as monitoring_status:monitoring_unresolved, visited:2024-06-01'),
});
export type ScreeningExplanationView = z.infer<typeof ScreeningExplanationView>;

export const ScreeningResultFilter = z.object({
  finding: Finding.optional(),
  cleared: boolText.describe('true: the households that left a finding since the previous run (and why)'),
});
export const ScreeningResultQuery = ScreeningResultFilter.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
});
export type ScreeningResultQuery = z.infer<typeof ScreeningResultQuery>;

export const ScreeningResultItem = z.object({
  householdId: Id,
  householdNo: z.string().nullable(),
  regionCode: z.string(),
  villageName: z.string().nullable(),
  finding: Finding,
  category: z.enum(MonitoringCategory.values).nullable(),
  cleared: z.boolean(),
  explanation: ScreeningExplanationView,
});
export type ScreeningResultItem = z.infer<typeof ScreeningResultItem>;

export const ScreeningResultPage = pageOf(ScreeningResultItem).extend({ run: ScreeningRunView });
export type ScreeningResultPage = z.infer<typeof ScreeningResultPage>;

/** Excel of a run's findings: the list's filters, plus the heads' ID numbers in clear for a role that may. */
export const ScreeningResultExportQuery = ScreeningResultFilter.extend({
  unmask: boolText.describe("the household heads' ID numbers in clear (roles that may unmask; audited)"),
  reason: z.string().trim().min(2).max(200).optional().describe('why the clear values are needed'),
}).refine((v) => !v.unmask || !!v.reason, {
  message: '导出明文须说明理由 / give a reason to export in clear',
  path: ['reason'],
});
export type ScreeningResultExportQuery = z.infer<typeof ScreeningResultExportQuery>;

export const ScreeningRunParams = z.object({ id: Id });

export const ScreeningCompareQuery = z.object({
  from: Id.describe('the earlier run (the order is fixed by start time either way)'),
  to: Id,
  finding: Finding.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export type ScreeningCompareQuery = z.infer<typeof ScreeningCompareQuery>;

export const ScreeningDiffItem = z.object({
  householdId: Id,
  householdNo: z.string().nullable(),
  regionCode: z.string(),
  finding: Finding,
  reasons: z.array(z.string()),
  message: z.object({ zh: z.string(), en: z.string() }),
  explainedBy: Id.nullable().describe('the run whose explanation this is (for left: the run that recorded it)'),
});
export type ScreeningDiffItem = z.infer<typeof ScreeningDiffItem>;

export const ScreeningComparison = z.object({
  from: ScreeningRunView,
  to: ScreeningRunView,
  counts: z.record(
    z.string(),
    z.object({ entered: z.number().int(), left: z.number().int(), stayed: z.number().int() }),
  ),
  entered: z.array(ScreeningDiffItem),
  left: z.array(ScreeningDiffItem),
  truncated: z.boolean().describe('more households than the limit entered or left'),
});
export type ScreeningComparison = z.infer<typeof ScreeningComparison>;

/**
 * GET /api/households/:id/screening: what the latest stored run that covered the household found, and why; and
 * the findings of the core rules on the household's facts today (they differ when the registry changed since).
 */
export const HouseholdScreeningView = z.object({
  householdId: Id,
  householdNo: z.string(),
  asOf: z.string(),
  policyVersion: z.string(),
  current: z.object({
    findings: z.array(Finding),
    inScope: z.boolean(),
    category: z.enum(MonitoringCategory.values).nullable(),
    guardsMet: z.boolean(),
    failedGuards: z.array(z.string()),
    openCaseStage: z.enum(CaseStage.values).nullable(),
    visit: z.object({
      required: z.boolean(),
      lastVisitOn: z.string().nullable(),
      dueOn: z.string().nullable(),
      overdue: z.boolean(),
    }),
  }),
  latestRun: z
    .object({
      run: ScreeningRunView,
      items: z.array(
        z.object({
          finding: Finding,
          category: z.enum(MonitoringCategory.values).nullable(),
          cleared: z.boolean(),
          explanation: ScreeningExplanationView,
        }),
      ),
    })
    .nullable(),
});
export type HouseholdScreeningView = z.infer<typeof HouseholdScreeningView>;
