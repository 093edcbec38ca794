/**
 * The closed loop of department warnings (issue 15 §5; S1 §四(二)3): a township or village verifies a warning with a
 * result and a reason, the department reads the outcome back, and the agency follows each department's data
 * exchange ("行业部门每2个月至少与市乡村振兴局进行一次数据交换"), a 零报告 counting as one.
 */
import { z } from 'zod';
import { WarningVerificationResult } from '../enums.js';
import { CalendarDate, Id, Version, text } from './common.js';

export const WarningParams = z.object({ id: Id });
export type WarningParams = z.infer<typeof WarningParams>;

export const WarningVerifyBody = z
  .object({
    result: z.enum(WarningVerificationResult.values),
    reason: text(1000).describe('what the verification found, in words (required)'),
    version: Version,
  })
  .strict();
export type WarningVerifyBody = z.infer<typeof WarningVerifyBody>;

/** One department's data exchange with the agency: its last feed or zero report, and when the next is due. */
export const DepartmentExchangeView = z
  .object({
    department: z.string(),
    departmentLabel: z.object({ zh: z.string(), en: z.string() }),
    lastFeedOn: CalendarDate.nullable().describe('the last imported feed, China day'),
    lastZeroReportOn: CalendarDate.nullable().describe('the last 零报告 (nothing to report), China day'),
    lastExchangeOn: CalendarDate.nullable(),
    nextDueOn: CalendarDate.nullable().describe('null: never exchanged, due now'),
    overdue: z.boolean(),
  })
  .meta({ id: 'DepartmentExchange' });
export type DepartmentExchangeView = z.infer<typeof DepartmentExchangeView>;

export const DepartmentExchangeList = z
  .object({
    countyCode: z.string(),
    asOf: CalendarDate,
    intervalMonths: z.number().int().describe('the policy’s departmentExchangeMonths'),
    items: z.array(DepartmentExchangeView),
  })
  .meta({ id: 'DepartmentExchangeList' });
export type DepartmentExchangeList = z.infer<typeof DepartmentExchangeList>;

export const ZeroReportBody = z
  .object({
    department: z.string().describe('a department that sends feeds (a department officer: their own)'),
    reportedOn: CalendarDate.optional().describe('default: today, China time'),
    note: z.string().trim().max(500).optional(),
  })
  .strict();
export type ZeroReportBody = z.infer<typeof ZeroReportBody>;
