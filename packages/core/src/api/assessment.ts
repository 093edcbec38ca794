/**
 * GET /api/households/:id/assessment: the explained assessment of one household on a date, as the household
 * page shows it: core `assess()` (in scope, category, risks, exclusions, 两不愁三保障 and water) and
 * `evaluateEliminationGuards()` over the household's stored facts, under the policy resolved for its village
 * on that date. Explanations carry rule ids, the facts read and the thresholds, never names or ID numbers.
 */
import { z } from 'zod';
import {
  DisasterSubtype,
  HouseholdType,
  IncomeRecordKind,
  MonitoringCategory,
  MonitoringStatus,
  RiskType,
} from '../enums.js';
import { CalendarDate, Instant } from './common.js';

export const AssessmentQuery = z.object({
  date: CalendarDate.optional().describe('the as-of day; today (China time) when absent'),
});
export type AssessmentQuery = z.infer<typeof AssessmentQuery>;

export const ExplanationView = z
  .object({
    ruleId: z.string().describe('stable id naming the seed paragraph, e.g. S0.2.1.unstable_lifted'),
    source: z.string(),
    outcome: z.enum(['yes', 'no', 'disabled', 'unknown']),
    message: z.object({ zh: z.string(), en: z.string() }),
    facts: z.record(z.string(), z.unknown()),
    threshold: z.record(z.string(), z.unknown()),
    policyVersion: z.string(),
  })
  .meta({ id: 'Explanation' });
export type ExplanationView = z.infer<typeof ExplanationView>;

const PolicySourceView = z.object({
  regionPrefix: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  docNo: z.string(),
  docTitle: z.string(),
  effectiveFrom: z.string(),
});

export const HouseholdAssessmentView = z
  .object({
    householdId: z.string(),
    regionCode: z.string(),
    householdType: z.enum(HouseholdType.values),
    asOf: z.string(),
    policy: z.object({
      versionLabel: z.string(),
      sources: z.array(PolicySourceView),
      monitoringIncomeLineFen: z.number().int(),
    }),
    assessment: z.object({
      inScope: z.boolean(),
      category: z.enum(MonitoringCategory.values).nullable(),
      grounds: z.array(z.string()),
      riskTypes: z.array(z.enum(RiskType.values)),
      disasterSubtype: z.enum(DisasterSubtype.values).nullable(),
      risks: z.array(
        z.object({
          riskType: z.enum(RiskType.values),
          ruleId: z.string(),
          kind: z.enum(['condition', 'acute']),
        }),
      ),
      exclusions: z.array(z.string()),
      guarantees: z.object({
        foodClothing: z.boolean(),
        compulsoryEducation: z.boolean(),
        basicMedical: z.boolean(),
        housing: z.boolean(),
        water: z.boolean(),
        electricity: z.boolean(),
        telecom: z.boolean(),
        secured: z.boolean(),
        selfResolvable: z.boolean(),
      }),
      income: z.object({
        countedMembers: z.number().int(),
        record: z
          .object({
            year: z.number().int(),
            kind: z.enum(IncomeRecordKind.values),
            periodStart: z.string(),
            periodEnd: z.string(),
          })
          .nullable(),
        netIncomeFen: z.number().int().nullable(),
        perCapitaFen: z.number().int().nullable(),
        lineFen: z.number().int(),
        belowLine: z.boolean().nullable(),
        previousYearNetFen: z.number().int().nullable(),
        rigidExpenseFen: z.number().int().nullable(),
        rigidExpenseAbovePreviousIncome: z.boolean().nullable(),
        sharpIncomeDrop: z.boolean().nullable(),
      }),
      wholeHouseholdNoLabor: z.object({
        noLaborCapacity: z.boolean(),
        livesOnSocialSecurity: z.boolean(),
        flagged: z.boolean(),
      }),
      monitoringStatus: z.enum(MonitoringStatus.values),
      explanations: z.array(ExplanationView),
    }),
    eliminationGuards: z.object({
      met: z.boolean(),
      failedRuleIds: z.array(z.string()),
      explanations: z.array(ExplanationView),
    }),
  })
  .meta({ id: 'HouseholdAssessment' });
export type HouseholdAssessmentView = z.infer<typeof HouseholdAssessmentView>;

/** GET /api/households/:id/fact-changes: the changes of the facts rules read that took effect after `since`. */
export const FactChangesQuery = z.object({
  since: CalendarDate.optional().describe('changes that took effect after this day (default: all recorded)'),
});
export type FactChangesQuery = z.infer<typeof FactChangesQuery>;

export const FactChangeView = z.object({
  /** the day the new value took effect (the old one held until the day before) */
  effectiveOn: CalendarDate,
  recordedAt: Instant,
  /** what the change is about: the household itself, a member, a relative living apart, an income record */
  table: z.enum(['household', 'member', 'separate_relative', 'income_record']),
  rowId: z.string().uuid(),
  /** a member's or relative's name; an income record's year and kind */
  subject: z.object({ name: z.string().nullable(), year: z.number().int().nullable(), kind: z.string().nullable() }),
  change: z.enum(['added', 'changed', 'removed']),
  /** the changed field (core's name), null for an added or removed record */
  field: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /** a health detail or birth date, not shown in lists (unmask on the household page) */
  masked: z.boolean(),
});
export type FactChangeView = z.infer<typeof FactChangeView>;

export const FactChangesView = z.object({
  householdId: z.string().uuid(),
  since: CalendarDate.nullable(),
  items: z.array(FactChangeView),
  /** more changes than listed were recorded (the newest are listed) */
  truncated: z.boolean(),
});
export type FactChangesView = z.infer<typeof FactChangesView>;
