/**
 * The list of department warnings (GET /api/warnings) in the caller's area; a department officer sees only their
 * department's. The dashboard's warning figures link here. ID numbers are masked. (Verifying, including and
 * dismissing a warning are separate steps.)
 */
import { z } from 'zod';
import { Department, WarningStatus, WarningVerificationResult } from '../enums.js';
import { CalendarDate, Id, Instant, PageQuery, RegionCode, pageOf, sortQuery } from './common.js';

/** `to_verify`: received, turned into a lead or attached, and not verified yet. */
export const WarningStatusFilter = z.enum([...WarningStatus.values, 'to_verify']);

export const WarningFilter = z.object({
  status: WarningStatusFilter.optional(),
  department: z.enum(Department.values).optional(),
  region: RegionCode.optional(),
  householdId: Id.optional(),
  receivedFrom: CalendarDate.optional().describe('received (pushed) on or after this day, China time'),
  receivedTo: CalendarDate.optional(),
  verifiedFrom: CalendarDate.optional().describe('verified on or after this day, China time'),
  verifiedTo: CalendarDate.optional(),
});
export type WarningFilter = z.infer<typeof WarningFilter>;

/** The warning list's sortable columns (default: newest first). */
export const WARNING_SORT = ['createdAt', 'department', 'status', 'eventDate', 'verifyDueOn', 'regionCode'] as const;

export const WarningListQuery = PageQuery.extend({ ...WarningFilter.shape, sort: sortQuery(WARNING_SORT) });
export type WarningListQuery = z.infer<typeof WarningListQuery>;

export const WarningListItem = z
  .object({
    id: z.string(),
    department: z.enum(Department.values),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('the village'),
    householdId: z.string(),
    householdNo: z.string().nullable(),
    personName: z.string().nullable(),
    idNumber: z.string().nullable().describe('masked'),
    signalType: z.string(),
    metricValue: z.number().nullable(),
    threshold: z.number().nullable(),
    eventDate: z.string().nullable(),
    status: z.enum(WarningStatus.values),
    verificationResult: z.enum(WarningVerificationResult.values).nullable(),
    verificationReason: z.string().nullable(),
    verifyDueOn: z.string().nullable(),
    verifiedAt: Instant.nullable(),
    verifiedByName: z.string().nullable(),
    fedBackOn: CalendarDate.nullable().describe('the day the result went back to the department, China time'),
    version: z.number().int(),
    leadId: z.string().nullable(),
    caseId: z.string().nullable(),
    createdAt: Instant,
    basis: z
      .object({ zh: z.string(), en: z.string() })
      .nullable()
      .describe('the rule that raised it, in words (medical: the amount or the share of last year’s income)'),
  })
  .meta({ id: 'WarningListItem' });
export type WarningListItem = z.infer<typeof WarningListItem>;

export const WarningPage = pageOf(WarningListItem);
export type WarningPage = z.infer<typeof WarningPage>;
