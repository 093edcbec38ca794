/**
 * The monthly and year-end report of a county or township (issue 17 §5): one shape read by the page, the
 * workbook and the PDF. Counts are households or people; amounts are fen (the page and the files show 元).
 */
import { z } from 'zod';
import { Department, EliminationMethod, LedgerKind, MeasureType, MonitoringCategory, RiskType } from '../enums.js';
import { REGION_LEVELS, type RegionLevel } from '../region.js';
import { REPORT_PERIOD_PATTERN } from '../report-period.js';
import { RegionCode } from './common.js';
import { EightPointsReport } from './supervision.js';

export const ReportParams = z.object({
  period: z
    .string()
    .regex(REPORT_PERIOD_PATTERN, '期间应为 YYYY-MM 或 YYYY / period must be YYYY-MM or YYYY')
    .describe('a month YYYY-MM (monthly report) or a year YYYY (year-end report)'),
});
export type ReportParams = z.infer<typeof ReportParams>;

export const ReportQuery = z.object({
  region: RegionCode.optional().describe('a county or township inside your area (default: your whole area)'),
});
export type ReportQuery = z.infer<typeof ReportQuery>;

const HP = z.object({ households: z.number().int(), people: z.number().int() });

export const ReportRegionRow = z.object({
  code: z.string(),
  name: z.string(),
  monitoredHouseholds: z.number().int(),
  unresolvedHouseholds: z.number().int(),
  identified: z.number().int(),
  eliminated: z.number().int(),
  visits: z.number().int(),
});
export type ReportRegionRow = z.infer<typeof ReportRegionRow>;

const DeadlineMet = z.object({
  total: z.number().int().describe('cases whose limit fell in the period or that were done in it'),
  met: z.number().int(),
  days: z.number().int().describe('the limit in days (policy)'),
});

export const Report = z.object({
  period: z.string(),
  kind: z.enum(['month', 'year']),
  title: z.string(),
  start: z.string(),
  end: z.string(),
  complete: z.boolean().describe('false while the period still runs (the figures are up to today)'),
  generatedAt: z.string(),
  region: z.object({
    code: z.string(),
    name: z.string(),
    level: z.enum(REGION_LEVELS as [RegionLevel, ...RegionLevel[]]),
  }),
  /** households on the register (not closed) on the last day, and their living members */
  population: HP,
  /** 监测对象 on the last day: unresolved or eliminated, and their share of the rural population */
  monitored: HP.extend({
    householdShare: z.number().nullable(),
    peopleShare: z.number().nullable(),
    byCategory: z.array(HP.extend({ category: z.enum(MonitoringCategory.values) })),
  }),
  unresolved: HP,
  identified: z.object({ households: z.number().int() }).describe('confirmed as monitored in the period'),
  eliminated: z.object({
    households: z.number().int(),
    byMethod: z.array(z.object({ method: z.enum(EliminationMethod.values), households: z.number().int() })),
  }),
  riskTypes: z.array(z.object({ riskType: z.enum(RiskType.values), households: z.number().int() })),
  measures: z.object({
    byType: z.array(
      z.object({ type: z.enum(MeasureType.values), started: z.number().int(), inForce: z.number().int() }),
    ),
    byDepartment: z.array(
      z.object({
        department: z.enum(Department.values).nullable(),
        started: z.number().int(),
        inForce: z.number().int(),
      }),
    ),
  }),
  visits: z.object({ visits: z.number().int(), households: z.number().int() }),
  screening: z.object({
    runs: z.number().int().describe('screening runs finished in the period over the area'),
    households: z.number().int().describe('households whose latest full screening is in the period'),
  }),
  deadlines: z.object({ identification: DeadlineMet, plan: DeadlineMet }),
  eightPoints: EightPointsReport,
  ledgers: z.array(
    z.object({
      ledger: z.enum(LedgerKind.values),
      opened: z.number().int(),
      closed: z.number().int(),
      openAtEnd: z.number().int(),
    }),
  ),
  assistance: z.object({
    inForce: z.array(z.object({ kind: z.enum(['dibao', 'tekun']), cases: z.number().int(), people: z.number().int() })),
    paid: z.object({
      payrolls: z.number().int(),
      lines: z.number().int(),
      people: z.number().int().describe('people summed over the paid months'),
      amountFen: z.number().int(),
    }),
    tempRelief: z.object({ cases: z.number().int(), amountFen: z.number().int() }),
  }),
  byRegion: z.array(ReportRegionRow),
});
export type Report = z.infer<typeof Report>;
