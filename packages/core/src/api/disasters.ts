/**
 * Disasters and emergencies (灾害与突发事件, issue 15 §6; S0 plan two is written for disaster-hit households): the
 * county records an event over villages of its area, optionally naming affected households from a department list
 * (household numbers, with the loss when known). Every affected household is due a visit within the policy's
 * days, is screened against the monitoring criteria with the disaster as its risk (S0 plan two §二(一): income below
 * the line with a risk, 排访评录测补销), and a household that meets them becomes a lead unless already monitored.
 */
import { z } from 'zod';
import { DisasterSubtype, MonitoringCategory, MonitoringStatus, type Label } from '../enums.js';
import { CalendarDate, Fen, Id, Instant, PageQuery, pageOf, text, VillageCode } from './common.js';

/** The risk an event stands for: a natural disaster (with its sub-type), an accident, an epidemic. */
export const DisasterRiskType = z.enum(['natural_disaster', 'accident', 'epidemic']);
export type DisasterRiskType = z.infer<typeof DisasterRiskType>;

/** What the screening concluded for one affected household. */
export const DisasterOutcome = z.enum(['at_risk', 'not_at_risk', 'excluded', 'already_monitored']);
export type DisasterOutcome = z.infer<typeof DisasterOutcome>;
export const DISASTER_OUTCOME_LABELS: Record<DisasterOutcome, Label> = {
  at_risk: { zh: '符合监测条件(已生成线索)', en: 'Meets the criteria (lead recorded)' },
  not_at_risk: { zh: '暂无返贫致贫风险', en: 'No risk found' },
  excluded: { zh: '符合排除情形', en: 'Excluded' },
  already_monitored: { zh: '已是监测对象', en: 'Already monitored' },
};

export const DisasterHouseholdSource = z.enum(['village', 'list']);
export const DISASTER_SOURCE_LABELS: Record<z.infer<typeof DisasterHouseholdSource>, Label> = {
  village: { zh: '受灾村', en: 'Affected village' },
  list: { zh: '部门名单', en: 'Department list' },
};

export const DisasterListedHousehold = z
  .object({
    householdNo: z.string().min(1).max(40),
    lossFen: Fen.optional().describe('the loss the department list gives, in fen'),
  })
  .strict();

export const DisasterCreateBody = z
  .object({
    name: text(100),
    riskType: DisasterRiskType.default('natural_disaster'),
    disasterSubtype: z.enum(DisasterSubtype.values).optional(),
    occurredOn: CalendarDate,
    villages: z.array(VillageCode).min(1).max(200),
    households: z.array(DisasterListedHousehold).max(5000).default([]),
    feedBatchId: Id.optional().describe(
      'an imported 应急 feed (应急受灾及意外事故农户名单): its matched households are affected, with their loss',
    ),
    note: text(500).optional(),
  })
  .strict()
  .refine((v) => v.riskType !== 'natural_disaster' || !!v.disasterSubtype, {
    path: ['disasterSubtype'],
    message: '自然灾害须选择灾害类型 / a natural disaster needs its sub-type',
  })
  .refine((v) => v.riskType === 'natural_disaster' || !v.disasterSubtype, {
    path: ['disasterSubtype'],
    message: '只有自然灾害有灾害类型 / only a natural disaster has a sub-type',
  });
export type DisasterCreateBody = z.input<typeof DisasterCreateBody>;

/** The figures of a disaster over an area (受影响、已走访、存在风险、已纳入监测、已帮扶). */
export const DisasterFigures = z.object({
  affected: z.number().int(),
  /** visited on or after the disaster's date */
  visited: z.number().int(),
  /** not yet visited and past the visit deadline */
  visitsOverdue: z.number().int(),
  /** meets the monitoring criteria with the disaster as the risk (including those already monitored) */
  atRisk: z.number().int(),
  /** in the identification procedure or monitored now */
  monitored: z.number().int(),
  /** an assistance plan or measure since the disaster's date */
  helped: z.number().int(),
});
export type DisasterFigures = z.infer<typeof DisasterFigures>;

export const DisasterView = z.object({
  id: Id,
  countyCode: z.string(),
  name: z.string(),
  riskType: DisasterRiskType,
  disasterSubtype: z.enum(DisasterSubtype.values).nullable(),
  occurredOn: CalendarDate,
  visitDueOn: CalendarDate,
  note: z.string().nullable(),
  villages: z.array(z.object({ regionCode: z.string(), regionName: z.string() })),
  screenedAt: Instant.nullable(),
  createdAt: Instant,
  figures: DisasterFigures,
});
export type DisasterView = z.infer<typeof DisasterView>;
export const DisasterList = z.object({ items: z.array(DisasterView) });
export type DisasterList = z.infer<typeof DisasterList>;

export const DisasterDetail = z.object({
  disaster: DisasterView,
  /** the caller's area, village by village */
  villages: z.array(DisasterFigures.extend({ regionCode: z.string(), regionName: z.string() })),
});
export type DisasterDetail = z.infer<typeof DisasterDetail>;

export const DisasterHouseholdState = z.enum(['unvisited', 'visited', 'at_risk', 'monitored', 'helped']);
export const DisasterHouseholdQuery = PageQuery.extend({
  state: DisasterHouseholdState.optional(),
  region: z
    .string()
    .regex(/^\d{6,12}$/)
    .optional(),
});
export type DisasterHouseholdQuery = z.infer<typeof DisasterHouseholdQuery>;

export const DisasterHouseholdItem = z.object({
  householdId: Id,
  householdNo: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  headName: z.string().nullable(),
  source: DisasterHouseholdSource,
  lossFen: z.number().int().nullable(),
  monitoringStatus: z.enum(MonitoringStatus.values),
  lastVisitOn: CalendarDate.nullable(),
  visited: z.boolean(),
  screenedOn: CalendarDate.nullable(),
  outcome: DisasterOutcome.nullable(),
  category: z.enum(MonitoringCategory.values).nullable(),
  leadId: Id.nullable(),
  helped: z.boolean(),
});
export type DisasterHouseholdItem = z.infer<typeof DisasterHouseholdItem>;
export const DisasterHouseholdPage = pageOf(DisasterHouseholdItem);
export type DisasterHouseholdPage = z.infer<typeof DisasterHouseholdPage>;

export const DisasterScreenResult = z.object({
  screened: z.number().int(),
  atRisk: z.number().int(),
  leadsRecorded: z.number().int(),
});
export type DisasterScreenResult = z.infer<typeof DisasterScreenResult>;
