/**
 * Deadline lists (GET /api/deadlines): every open deadline in the caller's area that is due soon or overdue, across
 * cases (verification, identification, assistance plan, notices waiting for the township), leads not yet opened as
 * cases, department warnings to verify, and households due a visit. DOMAIN §3.4; S3 §三(二)(四)(五); S2 §二(二)8.
 */
import { z } from 'zod';
import {
  CaseStage,
  DeadlineKind,
  Department,
  LeadChannel,
  LeadStatus,
  MonitoringStatus,
  WarningStatus,
  type Label,
} from '../enums.js';
import { CalendarDate, PageQuery, RegionCode, RollupAt, pageOf, sortQuery } from './common.js';

export const DeadlineStatusFilter = z.enum(['due', 'overdue']);
export type DeadlineStatusFilter = z.infer<typeof DeadlineStatusFilter>;

/** The filters of the deadline list and of its export (which takes them without the page). */
export const DeadlineFilter = z.object({
  kind: z.enum(DeadlineKind.values).optional(),
  status: DeadlineStatusFilter.optional().describe(
    'due: within `withinDays` from `asOf`; overdue: past; both when absent',
  ),
  region: RegionCode.optional(),
  asOf: CalendarDate.optional().describe('the day deadlines are judged on (default today, China time)'),
  withinDays: z.coerce.number().int().min(0).max(366).default(7).describe('how far ahead "due" looks'),
});
export type DeadlineFilter = z.infer<typeof DeadlineFilter>;

/** The deadline list's sortable columns (default: by due day, never-visited households first). */
export const DEADLINE_SORT = ['dueOn', 'kind', 'householdNo', 'regionCode'] as const;

export const DeadlineQuery = PageQuery.extend({ ...DeadlineFilter.shape, sort: sortQuery(DEADLINE_SORT) });
export type DeadlineQuery = z.infer<typeof DeadlineQuery>;

export const DeadlineSource = z.enum(['case', 'lead', 'warning', 'household']);
export type DeadlineSource = z.infer<typeof DeadlineSource>;

/** Why a household must be visited (S3 §三(二) monthly; S2 §二(二)8 quarterly for social-assistance households). */
export const VisitRequirement = z.enum(['lifted', 'monitored', 'social_assistance']);

export const DeadlineItem = z
  .object({
    kind: z.enum(DeadlineKind.values),
    source: DeadlineSource,
    /** the case, lead, warning or household the deadline belongs to */
    refId: z.string(),
    householdId: z.string().nullable(),
    householdNo: z.string().nullable(),
    headName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('the village'),
    dueOn: z.string().nullable().describe('null: a visit is required and none was ever recorded'),
    daysLeft: z.number().int().nullable().describe('0 on the due day, negative when overdue'),
    overdue: z.boolean(),
    state: z.string().describe('case stage, lead or warning status, or the household monitoring status'),
    detail: z
      .string()
      .nullable()
      .describe(
        'lead channel, warning department, the visit requirements (lifted, monitored, social_assistance), or the disaster name',
      ),
  })
  .meta({ id: 'DeadlineItem' });
export type DeadlineItem = z.infer<typeof DeadlineItem>;

export const DeadlinePage = pageOf(DeadlineItem).extend({
  asOf: z.string(),
  withinDays: z.number().int(),
  rollupAt: RollupAt,
});
export type DeadlinePage = z.infer<typeof DeadlinePage>;

/** Why a household is due a visit, in words (S3 §三(二) monthly; S2 §二(二)8 quarterly). */
export const VISIT_REQUIREMENT_LABELS: Record<z.infer<typeof VisitRequirement>, Label> = {
  lifted: { zh: '脱贫户每月走访', en: 'lifted household, monthly' },
  monitored: { zh: '监测对象每月走访', en: 'monitored household, monthly' },
  social_assistance: { zh: '低保/特困户每季度走访', en: 'dibao/tekun household, quarterly' },
};

const labelOf = (labels: Readonly<Record<string, Label>>, v: string): Label => labels[v] ?? { zh: v, en: v };

/** A deadline's state (a case stage, lead or warning status, or the household's monitoring status) in words. */
export function deadlineStateLabel(d: Pick<DeadlineItem, 'source' | 'state'>): Label {
  if (d.source === 'case') return labelOf(CaseStage.labels, d.state);
  if (d.source === 'lead') return labelOf(LeadStatus.labels, d.state);
  if (d.source === 'warning') return labelOf(WarningStatus.labels, d.state);
  return labelOf(MonitoringStatus.labels, d.state);
}

/** A deadline's detail (a lead's channel, a warning's department, a visit's requirements) in words. */
export function deadlineDetailLabel(d: Pick<DeadlineItem, 'source' | 'detail'> & { kind?: string }): Label | null {
  if (!d.detail) return null;
  // a disaster visit's detail is the disaster's name (issue 15 §6)
  if (d.kind === 'disaster_visit') return { zh: `受灾：${d.detail}`, en: `Disaster: ${d.detail}` };
  if (d.source === 'lead') return labelOf(LeadChannel.labels, d.detail);
  if (d.source === 'warning') return labelOf(Department.labels, d.detail);
  if (d.source === 'household') {
    const parts = d.detail.split(',').map((r) => labelOf(VISIT_REQUIREMENT_LABELS, r));
    return { zh: parts.map((p) => p.zh).join('、'), en: parts.map((p) => p.en).join('; ') };
  }
  return { zh: d.detail, en: d.detail };
}
