/**
 * Changes that need approval (变更, issue 14 §3): splitting a household (分户), merging two (合户), moving one to another village and
 * changing a monitored household's category are asked for by the village and approved or refused, with a reason,
 * by the township (the county for a move between townships). The decider sees the household before and after side
 * by side; every step is audited.
 */
import { z } from 'zod';
import {
  CaseStage,
  ChangeRequestKind,
  ChangeRequestStatus,
  MemberLeftReason,
  MonitoringCategory,
  MonitoringStatus,
  Relation,
} from '../enums.js';
import { EffectiveOn, MemberCreateBody } from './households.js';
import {
  CalendarDate,
  Id,
  Instant,
  PageQuery,
  RegionCode,
  Version,
  VillageCode,
  pageOf,
  sortQuery,
  text,
} from './common.js';

const common = {
  householdId: Id,
  note: text(500).describe('申请事由 / why the change is asked for'),
  // the day the change happened (issue 20 §2): its facts hold from then once approved, not from the approval day
  effectiveOn: EffectiveOn,
};

/** A member who leaves with the split-off part, and their relation to its new head. */
const SplitMember = z.object({ memberId: Id, relation: z.enum(Relation.values) }).strict();

/** POST /api/change-requests: what is asked for depends on the kind. */
export const ChangeRequestBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('split'),
      ...common,
      newHouseholdNo: z
        .string()
        .trim()
        .regex(/^[0-9A-Za-z-]{1,32}$/, '户编号为1–32位字母、数字或- / household number: 1–32 letters, digits or -'),
      members: z
        .array(SplitMember)
        .min(1)
        .max(30)
        .refine((ms) => ms.filter((m) => m.relation === 'head').length === 1, {
          message: '分出的新户须有且只有一名户主 / the new household needs exactly one head',
        })
        .refine((ms) => new Set(ms.map((m) => m.memberId)).size === ms.length, {
          message: '成员重复 / a member is listed twice',
        })
        .describe('the members who leave, with their relation to the new head (exactly one head)'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('merge'),
      ...common,
      otherHouseholdId: Id.describe('the household whose members join this one; it is closed'),
      members: z
        .array(SplitMember)
        .min(1)
        .max(30)
        .refine((ms) => ms.every((m) => m.relation !== 'head'), {
          message: '并入的成员不能为户主,请填写与本户户主的关系 / the household keeps its head',
        })
        .refine((ms) => new Set(ms.map((m) => m.memberId)).size === ms.length, {
          message: '成员重复 / a member is listed twice',
        })
        .describe('every current member of the other household, with their relation to this head'),
    })
    .strict(),
  z.object({ kind: z.literal('move'), ...common, targetRegionCode: VillageCode }).strict(),
  z.object({ kind: z.literal('category'), ...common, category: z.enum(MonitoringCategory.values) }).strict(),
  z
    .object({
      kind: z.literal('members'),
      ...common,
      joins: z
        .array(MemberCreateBody)
        .max(10)
        .default([])
        .refine((ms) => ms.every((m) => m.relation !== 'head'), {
          message: '新增成员不能为户主 / a member who joins is not the head',
        })
        .describe('people who join (born, married in, moved in)'),
      leaves: z
        .array(z.object({ memberId: Id, leftOn: CalendarDate, reason: z.enum(MemberLeftReason.values) }).strict())
        .max(30)
        .default([])
        .describe('members who leave (婚出, 迁出): kept on the record, no longer counted'),
    })
    .strict()
    .refine((b) => b.joins.length + b.leaves.length > 0, {
      message: '请至少填写一名新增或迁出的成员 / give a member who joins or leaves',
      path: ['joins'],
    }),
]);
export type ChangeRequestBody = z.infer<typeof ChangeRequestBody>;

/** POST /api/change-requests/:id/approve. */
export const ChangeApproveBody = z.object({ version: Version }).strict();
export type ChangeApproveBody = z.infer<typeof ChangeApproveBody>;

/** POST /api/change-requests/:id/refuse: 退回, with the reason the village reads. */
export const ChangeRefuseBody = z
  .object({ version: Version, reason: text(500).describe('退回理由 / the reason') })
  .strict();
export type ChangeRefuseBody = z.infer<typeof ChangeRefuseBody>;

/** One household as the decider compares it: before the change, or as it would be after. */
export const HouseholdSnapshot = z.object({
  householdId: z.string().nullable().describe('null for the household a split would create'),
  householdNo: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  monitoringStatus: z.enum(MonitoringStatus.values),
  monitoringCategory: z.enum(MonitoringCategory.values).nullable(),
  caseStage: z.enum(CaseStage.values).nullable().describe('the open case, if any'),
  members: z.array(z.object({ id: z.string(), name: z.string(), relation: z.enum(Relation.values) })),
  isNew: z.boolean(),
  isClosed: z.boolean().describe('closed by the change (a merged household)'),
});
export type HouseholdSnapshot = z.infer<typeof HouseholdSnapshot>;

export const ChangeRequestView = z
  .object({
    id: z.string(),
    kind: z.enum(ChangeRequestKind.values),
    status: z.enum(ChangeRequestStatus.values),
    householdId: z.string(),
    householdNo: z.string(),
    headName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    otherHouseholdId: z.string().nullable().describe('a merge: the household that joins'),
    targetRegionCode: z.string().nullable(),
    targetRegionName: z.string().nullable(),
    note: z.string().nullable(),
    effectiveOn: CalendarDate.nullable().describe('生效日期 the request gave; null: the day it is approved'),
    requestedBy: z.string().nullable().describe('the requester’s name'),
    requestedAt: Instant,
    decidedBy: z.string().nullable(),
    decidedAt: Instant.nullable(),
    reason: z.string().nullable(),
    resultHouseholdId: z.string().nullable().describe('the household a split created'),
    before: z.array(HouseholdSnapshot),
    after: z.array(HouseholdSnapshot),
    stale: z.boolean().describe('pending, and the household has changed since it was asked for'),
    mayDecide: z.boolean().describe('the signed-in user may approve or refuse it (not their own request)'),
    mayWithdraw: z.boolean().describe('still pending: whoever may ask for changes of the village may withdraw it'),
    version: z.number().int(),
  })
  .meta({ id: 'ChangeRequest' });
export type ChangeRequestView = z.infer<typeof ChangeRequestView>;

/** The list's sortable columns (default: newest first). */
export const CHANGE_REQUEST_SORT = ['requestedAt', 'decidedAt', 'kind', 'status', 'regionCode'] as const;

export const ChangeRequestListQuery = PageQuery.extend({
  status: z.enum(ChangeRequestStatus.values).optional(),
  kind: z.enum(ChangeRequestKind.values).optional(),
  region: RegionCode.optional(),
  householdId: Id.optional(),
  sort: sortQuery(CHANGE_REQUEST_SORT),
});
export type ChangeRequestListQuery = z.infer<typeof ChangeRequestListQuery>;

/** GET /api/change-requests/export.xlsx: the list's filters. */
export const ChangeRequestExportQuery = ChangeRequestListQuery.omit({ page: true, pageSize: true, sort: true });
export type ChangeRequestExportQuery = z.infer<typeof ChangeRequestExportQuery>;

export const ChangeRequestItem = ChangeRequestView.omit({
  before: true,
  after: true,
  mayDecide: true,
  mayWithdraw: true,
  stale: true,
});
export type ChangeRequestItem = z.infer<typeof ChangeRequestItem>;

export const ChangeRequestPage = pageOf(ChangeRequestItem);
export type ChangeRequestPage = z.infer<typeof ChangeRequestPage>;
