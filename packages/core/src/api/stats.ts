/**
 * The dashboard (GET /api/stats/overview): the figures of DOMAIN §7.3 for the caller's area (or a region inside
 * it) on a day. Every figure carries the list behind it: `GET /api/<list>?<query>` answers exactly the households,
 * deadlines or warnings it counts (`total` = the figure; people = the sum of the households' member counts).
 */
import { z } from 'zod';
import { DeadlineKind, EliminationMethod, MonitoringCategory, RiskType } from '../enums.js';
import { REGION_LEVELS, type RegionLevel } from '../region.js';
import { CalendarDate, RegionCode, RollupAt } from './common.js';

export const StatsQuery = z.object({
  region: RegionCode.optional().describe('a region inside your area (default: your whole area)'),
  asOf: CalendarDate.optional().describe('the report day (default today, China time)'),
  withinDays: z.coerce.number().int().min(0).max(366).default(7).describe('how far ahead deadlines count as due'),
});
export type StatsQuery = z.infer<typeof StatsQuery>;

/** The list behind a figure: GET /api/{list}?{query}. */
export const ListLink = z.object({
  list: z.enum(['households', 'deadlines', 'warnings']),
  query: z.record(z.string(), z.string()),
});
export type ListLink = z.infer<typeof ListLink>;

export const Figure = z.object({ value: z.number().int(), link: ListLink });
export type Figure = z.infer<typeof Figure>;

const RegionRef = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS as [RegionLevel, ...RegionLevel[]]),
});

export const StatsOverview = z
  .object({
    region: RegionRef,
    asOf: z.string(),
    rollupAt: RollupAt,
    monthStart: z.string().describe('first day of the as-of month: "this month" runs from here to asOf'),
    /** 监测对象: households taken into monitoring (risk unresolved or eliminated) on asOf, by category */
    monitored: z.object({
      households: Figure,
      people: Figure,
      byCategory: z.array(
        z.object({ category: z.enum(MonitoringCategory.values), households: Figure, people: Figure }),
      ),
    }),
    identifying: Figure.describe('households whose identification is in progress'),
    unresolved: z.object({ households: Figure, people: Figure }),
    eliminated: z.object({
      households: Figure,
      people: Figure,
      byMethod: z.array(z.object({ method: z.enum(EliminationMethod.values), households: Figure })),
    }),
    thisMonth: z.object({
      identified: Figure.describe('households confirmed by the county this month'),
      eliminated: Figure,
      eliminatedByMethod: z.array(z.object({ method: z.enum(EliminationMethod.values), households: Figure })),
    }),
    riskTypes: z
      .array(z.object({ riskType: z.enum(RiskType.values), households: Figure }))
      .describe('risk types of the unresolved households (a household counts once per type)'),
    byRegion: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          monitored: Figure,
          unresolved: Figure,
          eliminated: Figure,
          identifiedThisMonth: Figure,
        }),
      )
      .describe('the child regions of the selected region (townships of a county, villages of a township)'),
    trend: z
      .array(
        z.object({
          month: z.string().describe('YYYY-MM'),
          identified: Figure,
          eliminated: Figure,
          unresolved: Figure.describe('at the end of the month (on asOf for the current month)'),
        }),
      )
      .describe('the 12 months up to the as-of month, oldest first'),
    deadlines: z.array(z.object({ kind: z.enum(DeadlineKind.values), due: Figure, overdue: Figure })),
    warnings: z.object({
      received: Figure.describe('department warnings received this month'),
      verified: Figure.describe('department warnings verified this month'),
      toVerify: Figure.describe('warnings waiting for verification'),
    }),
  })
  .meta({ id: 'StatsOverview' });
export type StatsOverview = z.infer<typeof StatsOverview>;
