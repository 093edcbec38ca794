/**
 * Register import and export (issue 14 §4): an .xlsx of 户信息, 家庭成员 and 收入 is uploaded, previewed (header
 * mapping, what would be created and updated, problems by row and column), committed as one transaction and undone
 * as a batch while nothing else has touched its households.
 */
import { z } from 'zod';
import { REGISTRY_SHEETS } from '../registry/template.js';
import { Instant } from './common.js';

export const RegistrySheetName = z.enum(REGISTRY_SHEETS);

export const RegistryImportQuery = z.object({
  fileName: z.string().trim().min(1).max(255).describe('the file name as saved (.xlsx); kept with the batch'),
});
export type RegistryImportQuery = z.infer<typeof RegistryImportQuery>;

/** The upload's body: the .xlsx's bytes (application/octet-stream). */
export const RegistryImportBody = z
  .any()
  .meta({ type: 'string', format: 'binary' })
  .describe('the register workbook (.xlsx) as raw bytes');

/** `preview`: staged, nothing written; `committed`: written; `undone`: reverted as a batch. */
export const RegistryImportStatus = z.enum(['preview', 'committed', 'undone', 'discarded']);
export type RegistryImportStatus = z.infer<typeof RegistryImportStatus>;

export const RegistryHeaderMapping = z.object({
  header: z.string(),
  field: z.string().nullable().describe('the template field it fills; null when unknown or ignored'),
  source: z.enum(['template', 'alias', 'manual']).nullable(),
});

export const RegistrySheetPreview = z.object({
  sheet: RegistrySheetName,
  /** the worksheet's name in the file */
  name: z.string(),
  headerRow: z.number().int(),
  rows: z.number().int(),
  columns: z.array(RegistryHeaderMapping),
});

const Counts = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
});
export const RegistryCounts = z.object({ households: Counts, members: Counts, incomes: Counts });
export type RegistryCounts = z.infer<typeof RegistryCounts>;

export const RegistryProblemView = z.object({
  sheet: RegistrySheetName,
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  message: z.string(),
});

export const RegistryImportView = z
  .object({
    id: z.string(),
    fileName: z.string(),
    status: RegistryImportStatus,
    createdAt: Instant,
    createdBy: z.string().nullable().describe('the uploader’s name'),
    committedAt: Instant.nullable(),
    undoneAt: Instant.nullable(),
    sheets: z.array(RegistrySheetPreview),
    counts: RegistryCounts,
    /** households left out because a row of theirs has a problem */
    householdsWithProblems: z.number().int(),
    problemCount: z.number().int(),
    problems: z.array(RegistryProblemView).describe('the first 500 problems, by sheet and row'),
  })
  .meta({ id: 'RegistryImport' });
export type RegistryImportView = z.infer<typeof RegistryImportView>;

/** Map headers by hand (null: ignore the column); remembered for the county's next files. */
export const RegistryMappingBody = z
  .object({
    mappings: z
      .array(
        z
          .object({
            sheet: RegistrySheetName,
            header: z.string().min(1).max(100),
            field: z.string().min(1).max(64).nullable(),
          })
          .strict(),
      )
      .min(1)
      .max(200),
  })
  .strict();
export type RegistryMappingBody = z.infer<typeof RegistryMappingBody>;

/** Commit: refused while problems remain unless `skipProblems`, which leaves out every household with one. */
export const RegistryCommitBody = z
  .object({ skipProblems: z.boolean().default(false).describe('leave out the households whose rows have problems') })
  .strict();
export type RegistryCommitBody = z.infer<typeof RegistryCommitBody>;

export const RegistryImportItem = z.object({
  id: z.string(),
  fileName: z.string(),
  status: RegistryImportStatus,
  createdAt: Instant,
  createdBy: z.string().nullable(),
  committedAt: Instant.nullable(),
  undoneAt: Instant.nullable(),
  counts: RegistryCounts.nullable(),
});
export type RegistryImportItem = z.infer<typeof RegistryImportItem>;

export const RegistryImportList = z.object({ items: z.array(RegistryImportItem) });
export type RegistryImportList = z.infer<typeof RegistryImportList>;
