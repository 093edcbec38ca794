/**
 * The 失信 list (S0 plan one 三: 列入失信人员名单并予以惩治; S2 §二(三)12: 记入信用档案, 停止社会救助, 责令退回非法所得):
 * who is on it and why, what is to be recovered, and the removal with its day and reason. Every application for
 * social assistance is checked against it.
 */
import { z } from 'zod';
import { IntegrityKind } from '../enums.js';
import { CalendarDate, Fen, Id, PageQuery, pageOf, RegionCode, Version, text } from './common.js';

const BoolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const IntegrityView = z
  .object({
    id: z.string(),
    householdId: z.string().nullable(),
    householdNo: z.string().nullable(),
    headName: z.string().nullable(),
    memberId: z.string().nullable(),
    memberName: z.string().nullable(),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
    kind: z.enum(IntegrityKind.values),
    reason: z.string(),
    sanction: z.string().nullable(),
    decidedOn: z.string(),
    caseId: z.string().nullable(),
    recoveryFen: z.number().int().describe('to be returned (责令退回), fen'),
    recoveredFen: z.number().int(),
    active: z.boolean().describe('on the list now (not removed)'),
    removedOn: z.string().nullable(),
    removalReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'IntegrityRecord' });
export type IntegrityView = z.infer<typeof IntegrityView>;

export const IntegrityListQuery = PageQuery.extend({
  region: RegionCode.optional(),
  householdId: Id.optional(),
  active: BoolQuery.optional(),
  kind: z.enum(IntegrityKind.values).optional(),
});
export type IntegrityListQuery = z.infer<typeof IntegrityListQuery>;

export const IntegrityPage = pageOf(IntegrityView);
export type IntegrityPage = z.infer<typeof IntegrityPage>;

/** POST /api/integrity: put a household (or one of its members) on the list. */
export const IntegrityCreateBody = z
  .object({
    householdId: Id,
    memberId: Id.nullish().describe('the person responsible; the household when absent'),
    kind: z.enum(IntegrityKind.values),
    reason: text(1000).describe('what happened, as decided'),
    decidedOn: CalendarDate,
    recoveryFen: Fen.default(0).describe('what is to be returned (fen)'),
    stopAssistance: z.boolean().default(true).describe('end the household’s 低保 and 特困 cases the same day'),
  })
  .strict();
export type IntegrityCreateBody = z.infer<typeof IntegrityCreateBody>;

/** POST /api/integrity/:id/recovered: money returned. */
export const IntegrityRecoveredBody = z.object({ version: Version, amountFen: Fen.min(1) }).strict();
export type IntegrityRecoveredBody = z.infer<typeof IntegrityRecoveredBody>;

/** POST /api/integrity/:id/remove: off the list, from a day, for a reason (信用修复). */
export const IntegrityRemoveBody = z.object({ version: Version, removedOn: CalendarDate, reason: text(1000) }).strict();
export type IntegrityRemoveBody = z.infer<typeof IntegrityRemoveBody>;
