/**
 * Department feeds over HTTP (issue 5 §1–2; S1 §四(二)3): a department uploads its file as the raw request body
 * (POST /api/feeds?department=&fileName=), gets the batch with its counts and problems, downloads the validation
 * report and its template, and sees what became of every row it sent. ID numbers are always masked here (the
 * report shows an invalid number as written, so the department can find and fix it).
 */
import { z } from 'zod';
import { CaseStage, Department, LeadStatus, WarningStatus, WarningVerificationResult } from '../enums.js';
import { CalendarDate, Id, Instant } from './common.js';

const LabelView = z.object({ zh: z.string(), en: z.string() });

/** The query of an upload: the body is the file itself (application/octet-stream). */
export const FeedUploadQuery = z.object({
  department: z.enum(Department.values).describe('the department whose file this is (a department officer: their own)'),
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .describe('the file name as the department saved it (.csv or .xlsx); kept in the batch and the report'),
  countyCode: z
    .string()
    .regex(/^\d{6}$/, '县级区划代码应为6位数字 / county code must have 6 digits')
    .optional()
    .describe('the county the feed is for; default: the uploader’s county'),
});
export type FeedUploadQuery = z.infer<typeof FeedUploadQuery>;

/** The upload's body: the file's bytes as sent (a stream on the server, never parsed as JSON). */
export const FeedUploadBody = z
  .any()
  .meta({ type: 'string', format: 'binary' })
  .describe('the department file (CSV or .xlsx) as raw bytes');

/** `undone`: its warnings and the leads it opened were removed (POST /api/feeds/:id/undo); rows kept for the record. */
export const FeedBatchStatus = z.enum(['staging', 'done', 'failed', 'undone']);

/** One import (导入批次) with its counts. */
export const FeedBatchView = z
  .object({
    id: z.string(),
    department: z.enum(Department.values),
    countyCode: z.string().nullable(),
    fileName: z.string(),
    fileSha256: z.string(),
    format: z.string().describe('csv or xlsx'),
    encoding: z.string().nullable().describe('the CSV encoding detected'),
    status: FeedBatchStatus,
    error: z.string().nullable().describe('why a failed import failed'),
    uploadedBy: z.string().nullable(),
    startedAt: Instant,
    finishedAt: Instant.nullable(),
    receivedOn: CalendarDate.nullable().describe('the receipt day (China time) that starts the deadlines'),
    headerRow: z.number().int().nullable(),
    ignoredHeaders: z.array(z.string()),
    rowsTotal: z.number().int(),
    rowsValid: z.number().int(),
    rowsInvalid: z.number().int(),
    rowsSkipped: z.number().int().describe('blank, footer and repeated header rows'),
    rowsMatched: z.number().int(),
    rowsUnmatched: z.number().int().describe('not in the registry, or registered outside the county'),
    outsideScope: z.number().int(),
    errors: z.number().int().describe('problems that made a row unusable'),
    notices: z.number().int().describe('what was changed or assumed'),
    warningsCreated: z.number().int(),
    duplicates: z.number().int().describe('facts already warned about by an earlier feed'),
    leadsCreated: z.number().int(),
    attachedToCase: z.number().int(),
    attachedToLead: z.number().int(),
  })
  .meta({ id: 'FeedBatchView' });
export type FeedBatchView = z.infer<typeof FeedBatchView>;

/** One problem of a file, by row and column as Excel shows them. */
export const FeedProblem = z.object({
  rowNo: z.number().int().nullable().describe('the row as Excel numbers it; null for the file as a whole'),
  column: z.string().nullable().describe('letter and header as written, e.g. "C 公民身份号码"'),
  severity: z.enum(['error', 'notice']),
  problem: z.string().describe('中文 / English'),
});
export type FeedProblem = z.infer<typeof FeedProblem>;

/** A batch with its first problems (the report has all of them). */
export const FeedBatchDetail = z
  .object({
    batch: FeedBatchView,
    problems: z.array(FeedProblem).describe('the first problems in row order; download the report for all'),
    problemsTotal: z.number().int(),
    /** warnings of the batch's rows by status */
    statusCounts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'FeedBatchDetail' });
export type FeedBatchDetail = z.infer<typeof FeedBatchDetail>;

export const FeedUploadResult = z
  .object({
    batch: FeedBatchView,
    alreadyImported: z.boolean().describe('this very file was imported before: nothing was changed'),
  })
  .meta({ id: 'FeedUploadResult' });
export type FeedUploadResult = z.infer<typeof FeedUploadResult>;

/** What undoing a batch removed (POST /api/feeds/:id/undo). */
export const FeedUndoResult = z
  .object({
    batch: FeedBatchView,
    warningsRemoved: z.number().int().describe('the batch’s warnings, all removed'),
    leadsRemoved: z.number().int().describe('the leads the batch opened, all removed (none had been worked)'),
  })
  .meta({ id: 'FeedUndoResult' });
export type FeedUndoResult = z.infer<typeof FeedUndoResult>;

export const FeedBatchListQuery = z.object({
  department: z.enum(Department.values).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type FeedBatchListQuery = z.infer<typeof FeedBatchListQuery>;

export const FeedBatchList = z.object({ items: z.array(FeedBatchView) }).meta({ id: 'FeedBatchList' });
export type FeedBatchList = z.infer<typeof FeedBatchList>;

/** What became of one row a department sent (S1 §四(二)3: the result goes back to the department). */
export const FeedRowOutcomeView = z
  .object({
    rowNo: z.number().int(),
    personName: z.string().nullable(),
    idNumber: z.string().nullable().describe('masked (an invalid number as written)'),
    outcome: z.enum(['invalid', 'unmatched', 'outside_scope', 'matched']),
    signalType: z.string().nullable(),
    noSignal: z.object({ zh: z.string(), en: z.string() }).nullable().describe('why the row raised no warning'),
    warningId: z.string().nullable(),
    /** true when the warning was raised by an earlier feed (the same fact was already warned) */
    warnedEarlier: z.boolean(),
    warningStatus: z.enum(WarningStatus.values).nullable(),
    verificationResult: z.enum(WarningVerificationResult.values).nullable(),
    verificationReason: z.string().nullable(),
    verifiedOn: CalendarDate.nullable().describe('China day'),
    fedBackOn: CalendarDate.nullable().describe('the day the result went back to the department, China day'),
    verifyDueOn: CalendarDate.nullable(),
    leadId: z.string().nullable(),
    leadStatus: z.enum(LeadStatus.values).nullable(),
    identificationDueOn: CalendarDate.nullable(),
    caseId: z.string().nullable(),
    caseStage: z.enum(CaseStage.values).nullable(),
    regionCode: z.string().nullable().describe('the village of the matched household'),
    amountYuan: z
      .string()
      .nullable()
      .describe('the row’s amount (out-of-pocket cost, loss, aid …) in yuan, e.g. "26000.50"; null when none'),
    labels: z
      .object({
        warningStatus: LabelView.nullable(),
        verificationResult: LabelView.nullable(),
        leadStatus: LabelView.nullable(),
        caseStage: LabelView.nullable(),
      })
      .describe('the statuses and the stage as words, 中文 and English (the codes above are for programs)'),
  })
  .meta({ id: 'FeedRowOutcome' });
export type FeedRowOutcomeView = z.infer<typeof FeedRowOutcomeView>;

export const FeedRowsQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type FeedRowsQuery = z.infer<typeof FeedRowsQuery>;

export const FeedRowsPage = z
  .object({
    items: z.array(FeedRowOutcomeView),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'FeedRowsPage' });
export type FeedRowsPage = z.infer<typeof FeedRowsPage>;

export const FeedTemplateParams = z.object({ department: z.enum(Department.values) });
export type FeedTemplateParams = z.infer<typeof FeedTemplateParams>;

export const FeedIdParams = z.object({ id: Id });
