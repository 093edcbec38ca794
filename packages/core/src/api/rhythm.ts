/**
 * The county's monthly rhythm over HTTP: the seven steps of each month (S0 plan two 五) with their progress, and
 * the half-monthly warning lists of villages and townships (S1 §四(二)1–2).
 */
import { z } from 'zod';
import { RhythmTaskStatus, SevenStep } from '../enums.js';
import { CalendarDate, Id, Instant, RegionCode } from './common.js';

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM / month must be YYYY-MM');
const RegionLevel = z.enum(['township', 'village']);

export const RhythmQuery = z
  .object({
    /** the month; default the current one in China */
    month: Month.optional(),
    region: RegionCode.optional(),
  })
  .strict();
export type RhythmQuery = z.infer<typeof RhythmQuery>;

export const RhythmTaskView = z.object({
  id: z.string(),
  month: z.string(),
  step: z.enum(SevenStep.values),
  level: RegionLevel,
  regionCode: z.string(),
  regionName: z.string().nullable(),
  dueDate: z.string(),
  status: z.enum(RhythmTaskStatus.values),
  /** done after its due day */
  doneLate: z.boolean(),
  doneAt: Instant.nullable(),
  /** the China day it was marked done */
  doneOn: z.string().nullable(),
  doneBy: z.string().nullable(),
  doneByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type RhythmTaskView = z.infer<typeof RhythmTaskView>;

/** One region's progress: the township's villages for a township, the county's townships for the county. */
export const RhythmProgressRow = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  total: z.number().int(),
  done: z.number().int(),
  late: z.number().int(),
});
export type RhythmProgressRow = z.infer<typeof RhythmProgressRow>;

export const RhythmMonthView = z.object({
  month: z.string(),
  today: z.string(),
  tasks: z.array(RhythmTaskView),
  progress: z.array(RhythmProgressRow),
});
export type RhythmMonthView = z.infer<typeof RhythmMonthView>;

export const RhythmCompleteBody = z.object({ note: z.string().trim().max(500).nullish() }).strict();
export type RhythmCompleteBody = z.infer<typeof RhythmCompleteBody>;

export const HalfMonthQuery = z
  .object({
    /** a day of the period; default today in China */
    date: CalendarDate.optional(),
    region: RegionCode.optional(),
  })
  .strict();
export type HalfMonthQuery = z.infer<typeof HalfMonthQuery>;

export const HalfMonthReportBody = z
  .object({
    /** the village or township whose list this is */
    regionCode: RegionCode,
    /** the households on the warning list; empty is a 零报告 */
    householdIds: z.array(Id).max(2000),
    note: z.string().trim().max(500).nullish(),
  })
  .strict();
export type HalfMonthReportBody = z.infer<typeof HalfMonthReportBody>;

export const HalfMonthRow = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: RegionLevel,
  reported: z.boolean(),
  zeroReport: z.boolean(),
  householdCount: z.number().int(),
  reportedOn: z.string().nullable(),
  reportedByName: z.string().nullable(),
});
export type HalfMonthRow = z.infer<typeof HalfMonthRow>;

export const HalfMonthView = z.object({
  periodStart: z.string(),
  periodEnd: z.string(),
  /** the period's place in its month (0: 上半月) and how many periods the month has */
  index: z.number().int(),
  count: z.number().int(),
  /** whether the half-month job has opened the period for reports */
  open: z.boolean(),
  rows: z.array(HalfMonthRow),
  reported: z.number().int(),
  missing: z.number().int(),
});
export type HalfMonthView = z.infer<typeof HalfMonthView>;
