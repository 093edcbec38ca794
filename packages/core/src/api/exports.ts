/**
 * Excel exports of the lists (GET …/export.xlsx): each takes the filters of its list without the page. Personal data
 * is masked as in the list; a role that may see it in clear can ask for it with `unmask=true` and a `reason`, which
 * the audit log keeps with the export (every export is audited).
 */
import { z } from 'zod';
import { AssistanceFilter } from './assistance.js';
import { CaseListQuery } from './cases.js';
import { DeadlineFilter } from './deadlines.js';
import { HouseholdFilterQuery } from './households.js';
import { LedgerFilter } from './ledgers.js';
import { LeadListQuery } from './leads.js';
import { NoticeQuery } from './notices.js';
import { VisitDueQuery } from './visits.js';
import { WarningFilter } from './warning-list.js';

const unmaskOptions = {
  unmask: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('ID numbers and phones in clear (roles that may unmask; audited with the reason)'),
  reason: z.string().trim().min(2).max(200).optional().describe('why the clear values are needed'),
};
const reasonGiven = (v: { unmask?: boolean | undefined; reason?: string | undefined }) => !v.unmask || !!v.reason;
const reasonIssue = { message: '导出明文须说明理由 / give a reason to export in clear', path: ['reason'] };

export const HouseholdExportQuery = HouseholdFilterQuery.extend(unmaskOptions).refine(reasonGiven, reasonIssue);
export type HouseholdExportQuery = z.infer<typeof HouseholdExportQuery>;

export const WarningExportQuery = WarningFilter.extend(unmaskOptions).refine(reasonGiven, reasonIssue);
export type WarningExportQuery = z.infer<typeof WarningExportQuery>;

export const DeadlineExportQuery = DeadlineFilter;
export const LedgerExportQuery = LedgerFilter;
export const NoticeExportQuery = NoticeQuery;
export const AssistanceExportQuery = AssistanceFilter;

export const LeadExportQuery = LeadListQuery.omit({ page: true, pageSize: true, sort: true });
export type LeadExportQuery = z.infer<typeof LeadExportQuery>;
export const CaseExportQuery = CaseListQuery.omit({ page: true, pageSize: true, sort: true });
export type CaseExportQuery = z.infer<typeof CaseExportQuery>;
export const VisitDueExportQuery = VisitDueQuery.omit({ page: true, pageSize: true, sort: true });
export type VisitDueExportQuery = z.infer<typeof VisitDueExportQuery>;

/** The 200 answer of an export: the .xlsx file itself. */
export const XlsxFile = z
  .string()
  .describe('an .xlsx workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)');

/** Where a background export stands: queued, being written, ready to fetch, or failed (with the reason). */
export const EXPORT_FILE_STATUSES = ['queued', 'running', 'ready', 'failed'] as const;
export const ExportFileStatus = z.enum(EXPORT_FILE_STATUSES);
export type ExportFileStatus = z.infer<typeof ExportFileStatus>;

/**
 * A background export (下载中心): asked for with `Prefer: respond-async` on any …/export.xlsx, answered 202 with this,
 * and fetched from GET /api/export-files/{id}/file when ready. Only the requester sees it; it expires after a day.
 * An export with personal data in clear is never kept: it is answered at once, as without the header.
 */
export const ExportFileView = z.object({
  id: z.string(),
  list: z.string().describe('the list exported: households, cases, deadlines, …'),
  title: z.string().describe('the list’s name in Chinese, as in the file'),
  fileName: z.string(),
  status: ExportFileStatus,
  sizeBytes: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string(),
});
export type ExportFileView = z.infer<typeof ExportFileView>;

export const ExportFileList = z.object({ items: z.array(ExportFileView) });
export type ExportFileList = z.infer<typeof ExportFileList>;
