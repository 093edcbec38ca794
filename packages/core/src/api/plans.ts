/**
 * Assistance plans and measures (帮扶计划 / 一户一策, S3 §三(五); S1 §五; DOMAIN §2.6). A plan belongs to one
 * monitoring case; creating it records the case's plan step, which closes the 10-day deadline. Measure types,
 * their kind and their usual department come from core's catalogue (measures.ts).
 */
import { z } from 'zod';
import { Department, MeasureCategory, MeasureStatus, MeasureType, RiskType } from '../enums.js';
import { CalendarDate, Fen, Id, Instant, Version, text } from './common.js';

const optText = (max: number) => z.string().trim().max(max).nullish();
const Risks = z.array(z.enum(RiskType.values)).max(RiskType.values.length);

const MeasureFields = z.object({
  type: z.enum(MeasureType.values),
  subType: optText(32).describe('the national sub-type code, when known'),
  department: z.enum(Department.values).nullish().describe("defaults to the type's usual department"),
  description: optText(500),
  startOn: CalendarDate.nullish(),
  endOn: CalendarDate.nullish().describe('e.g. the end of a public-welfare-job contract or of a loan'),
  amountFen: Fen.nullish(),
});

const inOrder = (v: { startOn?: string | null | undefined; endOn?: string | null | undefined }) =>
  !v.startOn || !v.endOn || v.startOn <= v.endOn;
const orderIssue = { message: '结束日不能早于开始日 / endOn must not be before startOn', path: ['endOn'] };

export const MeasureCreateBody = MeasureFields.strict().refine(inOrder, orderIssue);
export type MeasureCreateBody = z.infer<typeof MeasureCreateBody>;

/** PATCH a measure's facts (its status has its own request). */
export const MeasureUpdateBody = MeasureFields.partial()
  .extend({ version: Version })
  .strict()
  .refine(inOrder, orderIssue);
export type MeasureUpdateBody = z.infer<typeof MeasureUpdateBody>;

/** planned → implementing → done; planned or implementing → stopped (core MEASURE_STATUS_NEXT). */
export const MeasureStatusBody = z
  .object({
    status: z.enum(MeasureStatus.values),
    version: Version,
    on: CalendarDate.optional().describe('the day it started or ended; today if absent'),
  })
  .strict();
export type MeasureStatusBody = z.infer<typeof MeasureStatusBody>;

export const MeasureView = z
  .object({
    id: z.string(),
    planId: z.string(),
    householdId: z.string(),
    category: z.enum(MeasureCategory.values),
    type: z.enum(MeasureType.values),
    subType: z.string().nullable(),
    department: z.enum(Department.values).nullable(),
    description: z.string().nullable(),
    startOn: z.string().nullable(),
    endOn: z.string().nullable(),
    amountFen: z.number().int().nullable(),
    status: z.enum(MeasureStatus.values),
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'Measure' });
export type MeasureView = z.infer<typeof MeasureView>;

/**
 * POST /api/cases/:id/plan: the plan of a monitored case, with its first measures, recorded in the same
 * transaction as the case's record_assistance_plan step (S3 §三(五): within 10 days of identification).
 */
export const PlanCreateBody = z
  .object({
    version: Version.describe('the case version last read'),
    createdOn: CalendarDate.optional().describe('the day the plan was drawn up; today if absent'),
    riskTypes: Risks.optional().describe("the risks the plan addresses; the case's if absent"),
    contactUserId: Id.optional().describe('the cadre responsible (帮扶责任人)'),
    note: text(2000).optional(),
    measures: z.array(MeasureCreateBody).max(30).default([]),
  })
  .strict();
export type PlanCreateBody = z.infer<typeof PlanCreateBody>;

export const PlanUpdateBody = z
  .object({
    version: Version,
    riskTypes: Risks.optional(),
    contactUserId: Id.nullish(),
    note: optText(2000),
  })
  .strict();
export type PlanUpdateBody = z.infer<typeof PlanUpdateBody>;

export const PlanView = z
  .object({
    id: z.string(),
    caseId: z.string(),
    householdId: z.string(),
    regionCode: z.string(),
    createdOn: z.string(),
    riskTypes: z.array(z.enum(RiskType.values)),
    contactUserId: z.string().nullable(),
    note: z.string().nullable(),
    planDueOn: z.string().nullable().describe("the case's plan deadline"),
    withinDeadline: z.boolean().nullable(),
    measures: z.array(MeasureView),
    version: z.number().int(),
  })
  .meta({ id: 'AssistancePlan' });
export type PlanView = z.infer<typeof PlanView>;

export const MeasureParams = z.object({ id: Id, measureId: Id });
