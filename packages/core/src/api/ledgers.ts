/**
 * The three ledgers of the 2024 special rectification (S3 §五): 排查任务台账 (screening tasks over the eight areas of
 * S3 §三), 疑似问题台账 (suspected problems with a plan, a deadline and a person responsible) and 整改工作台账
 * (rectification records), each item closed one by one (销号) only after verification.
 *
 *   open ──start──► rectifying ──record_rectification──► rectifying ──verify(passed)──► verified ──close──► closed
 *                       ▲                                                  │
 *                       └──────────────── verify(not passed) ─────────────┘
 */
import { z } from 'zod';
import { LedgerAction, LedgerItemStatus, LedgerKind, RectificationArea, ScreeningFinding } from '../enums.js';
import { CalendarDate, Id, Instant, PageQuery, RegionCode, Version, pageOf, sortQuery, text } from './common.js';

const optText = (max: number) => z.string().trim().max(max).nullish();

/** Evidence of a rectification: what it shows and where it is kept (document number, file name or link). */
export const LedgerEvidence = z
  .object({
    description: text(500),
    ref: z.string().trim().max(500).nullish(),
  })
  .strict();
export type LedgerEvidence = z.infer<typeof LedgerEvidence>;

export const LedgerEvidenceView = z.object({
  description: z.string(),
  ref: z.string().nullable(),
  addedBy: z.string().nullable(),
  addedOn: z.string().nullable(),
});

export const LedgerItemView = z
  .object({
    id: z.string(),
    ledger: z.enum(LedgerKind.values),
    area: z.enum(RectificationArea.values),
    countyCode: z.string(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    householdId: z.string().nullable(),
    householdNo: z.string().nullable(),
    headName: z.string().nullable(),
    sourceRunId: z.string().nullable(),
    sourceFinding: z.enum(ScreeningFinding.values).nullable(),
    parentItemId: z.string().nullable(),
    openChildren: z.number().int().describe('items under this one not closed yet'),
    title: z.string(),
    description: z.string().nullable(),
    plan: z.string().nullable(),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    deadline: z.string().nullable(),
    overdue: z.boolean().describe('not closed and past its deadline'),
    status: z.enum(LedgerItemStatus.values),
    evidence: z.array(LedgerEvidenceView),
    rectification: z.string().nullable(),
    rectifiedBy: z.string().nullable(),
    rectifiedOn: z.string().nullable(),
    verificationNote: z.string().nullable(),
    verifiedBy: z.string().nullable(),
    verifiedOn: z.string().nullable(),
    closeNote: z.string().nullable(),
    closedBy: z.string().nullable(),
    closedOn: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
    actions: z.array(z.enum(LedgerAction.values)).describe('the steps the caller may take now'),
  })
  .meta({ id: 'LedgerItem' });
export type LedgerItemView = z.infer<typeof LedgerItemView>;

export const LedgerCreateBody = z
  .object({
    ledger: z.enum(LedgerKind.values),
    area: z.enum(RectificationArea.values),
    regionCode: RegionCode.describe('the county, township or village the item concerns'),
    householdId: Id.nullish(),
    parentItemId: Id.nullish().describe('a suspected issue under its screening task, a rectification under its issue'),
    title: text(200),
    description: optText(2000),
    plan: optText(2000),
    ownerId: Id.nullish().describe('the person responsible (a user of the county)'),
    deadline: CalendarDate.nullish(),
  })
  .strict();
export type LedgerCreateBody = z.infer<typeof LedgerCreateBody>;

export const LedgerUpdateBody = z
  .object({
    version: Version,
    area: z.enum(RectificationArea.values).optional(),
    title: text(200).optional(),
    description: optText(2000),
    plan: optText(2000),
    ownerId: Id.nullish(),
    deadline: CalendarDate.nullish(),
  })
  .strict();
export type LedgerUpdateBody = z.infer<typeof LedgerUpdateBody>;

/** One step of an item; each names its action and carries the version last read. */
export const LedgerActionBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('start'),
      version: Version,
      plan: optText(2000).describe('the rectification plan (required unless the item has one)'),
      ownerId: Id.nullish(),
      deadline: CalendarDate.nullish(),
    })
    .strict(),
  z
    .object({
      action: z.literal('record_rectification'),
      version: Version,
      rectification: text(2000).describe('what was done'),
      evidence: z.array(LedgerEvidence).min(1).max(20),
    })
    .strict(),
  z
    .object({
      action: z.literal('verify'),
      version: Version,
      passed: z.boolean(),
      note: text(2000).describe('what the verification found'),
    })
    .strict(),
  z
    .object({
      action: z.literal('close'),
      version: Version,
      note: optText(1000),
    })
    .strict(),
]);
export type LedgerActionBody = z.infer<typeof LedgerActionBody>;

const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const LedgerFilter = z.object({
  ledger: z.enum(LedgerKind.values).optional(),
  area: z.enum(RectificationArea.values).optional(),
  status: z.enum(LedgerItemStatus.values).optional(),
  region: RegionCode.optional(),
  householdId: Id.optional(),
  parentId: Id.optional(),
  overdue: BoolQuery.optional().describe('not closed and past the deadline (on asOf)'),
  asOf: CalendarDate.optional(),
});
export type LedgerFilter = z.infer<typeof LedgerFilter>;

/** The ledger list's sortable columns (default: open items first, nearest deadline first). */
export const LEDGER_SORT = ['deadline', 'status', 'ledger', 'area', 'regionCode', 'createdAt'] as const;

export const LedgerListQuery = PageQuery.extend({ ...LedgerFilter.shape, sort: sortQuery(LEDGER_SORT) });
export type LedgerListQuery = z.infer<typeof LedgerListQuery>;

export const LedgerPage = pageOf(LedgerItemView).extend({
  counts: z
    .record(z.string(), z.number().int())
    .describe('items of the filter (without its status) by status: open, rectifying, verified, closed'),
});
export type LedgerPage = z.infer<typeof LedgerPage>;

/** POST /api/ledgers/from-screening: suspected issues for the findings of a screening run (S3 §五 二). */
export const LedgerRaiseBody = z
  .object({
    runId: Id,
    findings: z.array(z.enum(ScreeningFinding.values)).min(1).optional().describe('all findings when absent'),
    deadline: CalendarDate.nullish().describe('the rectification deadline of the new items'),
    parentItemId: Id.nullish().describe('the screening task the issues belong to'),
    householdIds: z
      .array(Id)
      .min(1)
      .max(500)
      .optional()
      .describe('only these households (chosen on the screening page); every flagged household when absent'),
  })
  .strict();
export type LedgerRaiseBody = z.infer<typeof LedgerRaiseBody>;

export const LedgerRaiseResult = z.object({
  created: z.number().int(),
  alreadyOpen: z.number().int().describe('findings whose household already has an open item for the same finding'),
  byArea: z.record(z.string(), z.number().int()),
});
export type LedgerRaiseResult = z.infer<typeof LedgerRaiseResult>;
